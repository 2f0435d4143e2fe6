// Package versions reads scripts/versions.env, the one file that pins every version
// escron builds, installs or runs, so that Go code never writes a version itself. The
// scripts source the same file; ParseEnvFile accepts only what bash and Go read alike.
package versions

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/escron/escron/test/internal/project"
)

// The pins Go reads, by their names in scripts/versions.env.
const (
	// KubernetesKey is the Kubernetes version of the offline node image, and the one the
	// render tier renders and validates for.
	KubernetesKey = "KUBERNETES_VERSION"
	// KindUpstreamNodeImageKey is kind's kindest/node image of the same minor, by digest:
	// the node image of ESCRON_NODE_IMAGE=upstream.
	KindUpstreamNodeImageKey = "KIND_UPSTREAM_NODE_IMAGE"
	// BusyboxImageKey is the job image of ESCRON_NODE_IMAGE=upstream (or an image
	// reference), which the nodes pull.
	BusyboxImageKey = "BUSYBOX_IMAGE"
)

var (
	keyRE     = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	valueRE   = regexp.MustCompile(`^[A-Za-z0-9._:/@+=,-]*$`)
	versionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(\.\d+)?([-+].*)?$`)
)

// ParseEnvFile reads a file of KEY=VALUE lines, with blank lines and # comments, as
// scripts/versions.env and the offline images file are. A value is one plain word (no
// quotes, blanks or $), so that sourcing the file in bash gives the same values.
func ParseEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	values := map[string]string{}
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		switch {
		case !ok || !keyRE.MatchString(key):
			return nil, fmt.Errorf("%s:%d: %q is not KEY=VALUE", path, n, line)
		case !valueRE.MatchString(value):
			return nil, fmt.Errorf("%s:%d: the value of %s, %q, is not one plain word (no quotes, blanks or $)", path, n, key, value)
		}
		if _, dup := values[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s is set twice", path, n, key)
		}
		values[key] = value
	}
	return values, scanner.Err()
}

// File is scripts/versions.env.
func File() string { return project.Path("scripts", "versions.env") }

var (
	loadOnce sync.Once
	pins     map[string]string
	loadErr  error
)

// GetE is the pin named key, read from scripts/versions.env (once per process).
func GetE(key string) (string, error) {
	loadOnce.Do(func() { pins, loadErr = ParseEnvFile(File()) })
	if loadErr != nil {
		return "", loadErr
	}
	v, ok := pins[key]
	if !ok || v == "" {
		return "", fmt.Errorf("%s does not set %s", File(), key)
	}
	return v, nil
}

// Get is GetE that fails the test on an error.
func Get(t testing.TB, key string) string {
	t.Helper()
	v, err := GetE(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// KubernetesE is the pinned Kubernetes version, e.g. for `helm template --kube-version`.
func KubernetesE() (string, error) { return GetE(KubernetesKey) }

// Kubernetes is KubernetesE that fails the test on an error.
func Kubernetes(t testing.TB) string { t.Helper(); return Get(t, KubernetesKey) }

// KindUpstreamNodeImageE is kind's node image for the pinned Kubernetes minor, by digest.
func KindUpstreamNodeImageE() (string, error) { return GetE(KindUpstreamNodeImageKey) }

// KindUpstreamNodeImage is KindUpstreamNodeImageE that fails the test on an error.
func KindUpstreamNodeImage(t testing.TB) string { t.Helper(); return Get(t, KindUpstreamNodeImageKey) }

// BusyboxImageE is the pinned busybox image.
func BusyboxImageE() (string, error) { return GetE(BusyboxImageKey) }

// BusyboxImage is BusyboxImageE that fails the test on an error.
func BusyboxImage(t testing.TB) string { t.Helper(); return Get(t, BusyboxImageKey) }

// MinorE is the "vMAJOR.MINOR" of a version: vMAJOR.MINOR.PATCH, MAJOR.MINOR, or either
// with a pre-release or build suffix.
func MinorE(version string) (string, error) {
	m := versionRE.FindStringSubmatch(version)
	if m == nil {
		return "", fmt.Errorf("%q is not a version", version)
	}
	return "v" + m[1] + "." + m[2], nil
}
