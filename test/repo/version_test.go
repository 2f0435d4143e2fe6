package repo_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/releases"
)

// TestChartVersionIncrement does what ct's check-version-increment would with a remote
// branch, against the last release instead: when the chart differs from the last
// released chart, its version is greater; when it is the same, the version is the same.
func TestChartVersionIncrement(t *testing.T) {
	all, err := releases.All(project.Path())
	require.NoError(t, err)
	require.NotEmpty(t, all)
	last := all[len(all)-1]
	raw, err := os.ReadFile(project.Path("charts", "escron", "Chart.yaml"))
	require.NoError(t, err)
	var chart struct {
		Version string `json:"version"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &chart))
	err = exec.Command("git", "-C", project.Path(), "diff", "--quiet", last.Commit, "--", "charts/escron").Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		assert.Equal(t, last.Version, chart.Version, "charts/escron is escron %s's chart: its version says so", last.Version)
	case assertExit(t, err, &exit) && exit.ExitCode() == 1:
		assert.True(t, releases.Less(last.Version, chart.Version),
			"charts/escron changed since escron %s (%s): Chart.yaml's version %s must be greater, with annotations.artifacthub.io/changes saying what changed", last.Version, last.Commit, chart.Version)
	}
}

func assertExit(t *testing.T, err error, exit **exec.ExitError) bool {
	t.Helper()
	ok := assert.ErrorAs(t, err, exit, "git diff %v", err)
	return ok
}
