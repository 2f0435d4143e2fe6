package monitoring

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
)

// CRDFile is the PrometheusRule CRD that scripts/monitoring-tools.sh generates, in
// bin/crds (a directory of CRDs only, for kubectl-validate --local-crds).
const CRDFile = "monitoring.coreos.com_prometheusrules.yaml"

// kubectlValidateBuiltin is a Kubernetes version whose schemas kubectl-validate v0.0.4
// has built in: naming it keeps the tool offline. The CRDs (and the Kubernetes schemas of
// bin/kube-openapi, when present) are consulted first.
const kubectlValidateBuiltin = "1.30"

// ValidateAgainstCRDsE validates manifest files offline with bin/kubectl-validate against
// the CRDs in bin/crds (the PrometheusRule's OpenAPI schema, its CEL rules included) and,
// for Kubernetes' own kinds, the schemas in bin/kube-openapi when scripts/tools.sh has
// linked them. An empty kubeconfig keeps it from consulting whatever cluster is current.
func ValidateAgainstCRDsE(files ...string) (string, error) {
	tool, err := project.Tool("kubectl-validate")
	if err != nil {
		return "", err
	}
	crds, err := project.Tool("crds")
	if err != nil {
		return "", err
	}
	args := []string{"--version", kubectlValidateBuiltin, "--local-crds", crds}
	if schemas, err := project.Tool("kube-openapi"); err == nil {
		args = append(args, "--local-schemas", schemas)
	}
	kubeconfig, err := os.CreateTemp("", "no-cluster-*")
	if err != nil {
		return "", err
	}
	_ = kubeconfig.Close()
	defer os.Remove(kubeconfig.Name())
	cmd := exec.Command(tool, append(args, files...)...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("kubectl-validate %s: %w\n%s", strings.Join(files, " "), err, out)
	}
	return string(out), nil
}

// ValidateAgainstCRDs is ValidateAgainstCRDsE that fails the test on error.
func ValidateAgainstCRDs(t testing.TB, files ...string) string {
	t.Helper()
	out, err := ValidateAgainstCRDsE(files...)
	require.NoError(t, err)
	return out
}
