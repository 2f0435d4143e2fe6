package repo_test

import (
	"errors"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	version, err := project.ChartVersion()
	require.NoError(t, err)
	err = exec.Command("git", "-C", project.Path(), "diff", "--quiet", last.Commit, "--", "charts/escron").Run()
	if err == nil {
		assert.Equal(t, last.Version, version, "charts/escron is escron %s's chart: its version says so", last.Version)
		return
	}
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit) && exit.ExitCode() == 1, "git diff %s -- charts/escron: %v", last.Commit, err)
	assert.True(t, releases.Less(last.Version, version),
		"charts/escron changed since escron %s (%s): Chart.yaml's version %s must be greater, with annotations.artifacthub.io/changes saying what changed", last.Version, last.Commit, version)
}
