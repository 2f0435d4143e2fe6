package e2e_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
)

// TestChartTestingInstall runs `ct install` against the test cluster: every ci scenario
// is installed into a namespace of its own and `helm test` runs the scenarios that
// enable the test hook (their jobs' scripts must exit 0). The scenarios' images are
// replaced by the test job image, which the nodes hold. ct's clean-up (an uninstall and
// a namespace deletion it waits for, one scenario after the other) is skipped: the
// cluster goes at the end of the tier, and TestLifecycle proves the uninstall.
func TestChartTestingInstall(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	ct, err := project.Tool("ct")
	require.NoError(t, err)
	scenarios, err := fixtures.Scenarios()
	require.NoError(t, err)
	repo, tag := splitImage(suite.images.Job)
	cmd := exec.Command(ct, "install", "--config", "ct.yaml", "--all", "--skip-clean-up",
		"--helm-extra-set-args", "--set=mainContainer.image="+repo+" --set-string=mainContainer.tag="+tag+" --set=mainContainer.digest=",
	)
	cmd.Dir = project.Path()
	cmd.Env = append(os.Environ(), "KUBECONFIG="+suite.cluster.KubeconfigPath)
	start := time.Now()
	t.Logf("ct install --config ct.yaml --all (%d scenarios)", len(scenarios))
	out, err := cmd.CombinedOutput()
	t.Logf("ct install took %s", time.Since(start).Round(time.Second))
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "All charts installed successfully")
	for _, scenario := range scenarios {
		assert.Contains(t, string(out), "ci/"+scenario.Name+"-values.yaml", "ct install covered %s", scenario.Name)
	}
	assert.GreaterOrEqual(t, strings.Count(string(out), "Phase:          Succeeded"), 3, "helm test ran minimal (1) and multi-job (2) hooks")
}
