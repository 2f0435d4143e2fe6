// Package repo_test checks the repository's own files that are neither chart nor
// harness: the CI pipeline users can adopt and the Makefile it runs.
package repo_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
)

// TestCIPipeline keeps the CI pipeline users can adopt (ci/github-workflow.yaml) from
// rotting: actionlint accepts it, and its jobs still run the project's make targets.
func TestCIPipeline(t *testing.T) {
	path := project.Path("ci", "github-workflow.yaml")
	actionlint, err := project.Tool("actionlint")
	require.NoError(t, err)
	shellcheck, err := project.SystemTool("shellcheck")
	require.NoError(t, err)
	out, err := exec.Command(actionlint, "-shellcheck", shellcheck, path).CombinedOutput()
	require.NoError(t, err, string(out))

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var workflow struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `json:"run"`
			} `json:"steps"`
		} `json:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(data, &workflow))
	var runs []string
	for _, job := range workflow.Jobs {
		for _, step := range job.Steps {
			runs = append(runs, step.Run)
		}
	}
	all := strings.Join(runs, "\n")
	for _, target := range []string{"make lint", "make test-render", "make test-e2e"} {
		assert.Contains(t, all, target)
	}
	makefile, err := os.ReadFile(project.Path("Makefile"))
	require.NoError(t, err)
	for _, target := range []string{"lint:", "test-render:", "test-e2e:"} {
		assert.Contains(t, string(makefile), "\n"+target, "the Makefile has no %s target", target)
	}
}
