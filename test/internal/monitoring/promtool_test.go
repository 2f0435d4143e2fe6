package monitoring

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPromtoolReportsFailures keeps the helpers honest: a wrong expectation, a broken
// expression and a duplicate rule are errors that carry promtool's explanation. The
// chart's rules are checked and unit-tested in the render tier (test/render).
func TestPromtoolReportsFailures(t *testing.T) {
	NeedTools(t, "promtool")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	rules := write("rules.yaml", "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n")
	tests := write("tests.yaml", `rule_files: [rules.yaml]
tests:
- interval: 1m
  input_series:
  - {series: 'up{job="a"}', values: '1x5'}
  alert_rule_test:
  - eval_time: 3m
    alertname: Down
    exp_alerts: [{exp_labels: {job: a}}]
`)
	out, err := UnitTestRulesE(tests)
	require.Error(t, err)
	assert.Contains(t, out, "FAILED")
	assert.Contains(t, err.Error(), "alertname: Down")
	assert.Contains(t, CheckRules(t, rules), "SUCCESS: 1 rules found")

	broken := write("broken.yaml", "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up ==\n")
	out, err = CheckRulesE(broken)
	require.Error(t, err)
	assert.Contains(t, out, "parse error")

	duplicate := write("duplicate.yaml", "groups:\n- name: g\n  rules:\n  - {alert: Down, expr: up == 0}\n  - {alert: Down, expr: up == 0}\n")
	_, err = CheckRulesE(duplicate)
	require.Error(t, err, "--lint-fatal makes duplicate rules an error")
}
