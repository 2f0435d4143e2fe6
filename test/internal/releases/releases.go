// Package releases knows escron's released versions: those released before make release
// existed, each the chart at a commit of the git history, and every escron-x.y.z tag
// that make release made.
package releases

import (
	"fmt"
	"os/exec"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// Release is one released version and the commit its chart is at (a hash or a tag).
type Release struct{ Version, Commit string }

// History are the versions released before make release, from the git history.
var History = []Release{
	{"0.1.0", "30224795309d13f74b082ab8ca192c622fefb204"},
	{"0.2.0", "9f6a99a33a6722f524bc5b8937d42a1ae254b571"},
}

// All are the released versions of the repository at root, oldest first: History and
// each escron-x.y.z tag that is not one of them.
func All(root string) ([]Release, error) {
	out := append([]Release{}, History...)
	known := map[string]bool{}
	for _, r := range out {
		known[r.Version] = true
	}
	tags, err := exec.Command("git", "-C", root, "tag", "--list", "escron-*").Output()
	if err != nil {
		return nil, fmt.Errorf("git tag --list escron-*: %w", err)
	}
	for _, tag := range strings.Fields(string(tags)) {
		v := strings.TrimPrefix(tag, "escron-")
		if _, err := semver.StrictNewVersion(v); err == nil && !known[v] {
			out = append(out, Release{v, tag})
			known[v] = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return Less(out[i].Version, out[j].Version) })
	return out, nil
}

// Less says whether version a comes before version b.
func Less(a, b string) bool {
	va, errA := semver.NewVersion(a)
	vb, errB := semver.NewVersion(b)
	if errA != nil || errB != nil {
		return a < b
	}
	return va.LessThan(vb)
}
