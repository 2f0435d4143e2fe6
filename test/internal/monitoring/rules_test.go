package monitoring

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/render"
)

// TestRulesFromChartPrometheusRule: the rule file made from the chart's rendered release
// (a CronJob, then the PrometheusRule) holds the PrometheusRule's groups as they are,
// multi-line expressions, labels and annotations included.
func TestRulesFromChartPrometheusRule(t *testing.T) {
	manifest, objs := renderChart(t)
	got, err := RulesFromPrometheusRule(manifest)
	require.NoError(t, err)
	var file struct {
		Groups []render.RuleGroup `json:"groups"`
	}
	require.NoError(t, yaml.UnmarshalStrict(got, &file))
	assert.Equal(t, objs.PrometheusRules[0].Spec.Groups, file.Groups)
	require.Len(t, file.Groups, 1)
	assert.Equal(t, "escron.backup", file.Groups[0].Name)
	assert.Len(t, file.Groups[0].Rules, 3, "failed, stale and metrics absent")

	path := WriteRuleFile(t, manifest)
	written, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(written))
}

func TestRulesFromPrometheusRule(t *testing.T) {
	for _, tc := range []struct {
		name, manifest, want, err string
	}{
		{
			name: "numeric expr becomes a string, Thanos field dropped",
			manifest: `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: a}
spec:
  groups:
    - name: g
      partial_response_strategy: warn
      interval: 30s
      rules:
        - {record: one, expr: 1}
        - {alert: A, expr: 'up == 0', for: 5m, labels: {severity: page}}
`,
			want: `groups:
- interval: 30s
  name: g
  rules:
  - expr: "1"
    record: one
  - alert: A
    expr: up == 0
    for: 5m
    labels:
      severity: page
`,
		},
		{
			name: "groups of several PrometheusRules, other kinds skipped",
			manifest: `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
# Source: escron/templates/prometheusrule.yaml
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: a}
spec: {groups: [{name: a, rules: [{alert: A, expr: vector(1)}]}]}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: b}
spec: {groups: [{name: b, rules: [{alert: B, expr: vector(1)}]}]}
`,
			want: `groups:
- name: a
  rules:
  - alert: A
    expr: vector(1)
- name: b
  rules:
  - alert: B
    expr: vector(1)
`,
		},
		{
			name:     "empty spec",
			manifest: "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: a}\nspec: {}\n",
			want:     "groups: []\n",
		},
		{
			name:     "no PrometheusRule",
			manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
			err:      "no monitoring.coreos.com/v1 PrometheusRule in the manifest",
		},
		{
			name:     "other API version",
			manifest: "apiVersion: monitoring.coreos.com/v2\nkind: PrometheusRule\nmetadata: {name: a}\n",
			err:      `PrometheusRule a: apiVersion "monitoring.coreos.com/v2", want "monitoring.coreos.com/v1"`,
		},
		{
			name:     "duplicate key",
			manifest: "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nkind: PrometheusRule\n",
			err:      `"kind" already set`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RulesFromPrometheusRule(tc.manifest)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}
