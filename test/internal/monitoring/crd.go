package monitoring

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/kubeapi"
	"github.com/escron/escron/test/internal/project"
)

// CRDFile is the PrometheusRule CRD that scripts/monitoring-tools.sh generates, in
// bin/crds (a directory of CRDs only, for kubectl-validate --local-crds).
const CRDFile = "monitoring.coreos.com_prometheusrules.yaml"

// ValidateAgainstCRDsE validates manifest files offline with kubectl-validate
// (kubeapi.KubectlValidateE) against the CRDs in bin/crds (the PrometheusRule's OpenAPI
// schema, its CEL rules included) and, for Kubernetes' own kinds, the schemas in
// bin/kube-openapi when scripts/tools.sh has linked them. Without bin/crds it fails.
func ValidateAgainstCRDsE(files ...string) (string, error) {
	if _, err := project.Tool("crds"); err != nil {
		return "", err
	}
	return kubeapi.KubectlValidateE(files...)
}

// ValidateAgainstCRDs is ValidateAgainstCRDsE that fails the test on error.
func ValidateAgainstCRDs(t testing.TB, files ...string) string {
	t.Helper()
	out, err := ValidateAgainstCRDsE(files...)
	require.NoError(t, err)
	return out
}
