package monitoring

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrometheusRuleValidatesAgainstCRD: the chart's rendered release (its PrometheusRule,
// with a CronJob beside it) passes the generated CRD's schema and the Kubernetes schemas,
// and malformed PrometheusRules are refused.
func TestPrometheusRuleValidatesAgainstCRD(t *testing.T) {
	NeedTools(t, "kubectl-validate", "crds")
	manifest, _ := renderChart(t)
	release := filepath.Join(t.TempDir(), "release.yaml")
	require.NoError(t, os.WriteFile(release, []byte(manifest), 0o644))
	out := ValidateAgainstCRDs(t, release)
	assert.Contains(t, out, "OK")

	for name, tc := range map[string]struct{ rule, want string }{
		"no expr":        {"{alert: A}", "spec.groups[0].rules[0].expr: Required value"},
		"bad duration":   {"{alert: A, expr: vector(1), for: 5 minutes}", "spec.groups[0].rules[0].for"},
		"unknown field":  {"{alert: A, expr: vector(1), severity: page}", "spec.groups[0].rules[0].severity: Invalid value: value provided for unknown field"},
		"label not text": {"{alert: A, expr: vector(1), labels: {page: {now: true}}}", "spec.groups[0].rules[0].labels.page"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.yaml")
			require.NoError(t, os.WriteFile(bad, []byte(`apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: bad, namespace: escron}
spec:
  groups:
    - name: g
      rules: [`+tc.rule+`]
`), 0o644))
			out, err := ValidateAgainstCRDsE(bad)
			require.Error(t, err, out)
			assert.Contains(t, out, tc.want)
		})
	}
}
