package monitoring

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrometheusFiresStaticAlert starts Prometheus alone with a static rule and sees its
// alert fire, another stay inactive, and the API answer queries.
func TestPrometheusFiresStaticAlert(t *testing.T) {
	t.Parallel()
	NeedTools(t, "prometheus")
	rules := filepath.Join(t.TempDir(), "smoke.yaml")
	require.NoError(t, os.WriteFile(rules, []byte(`groups:
- name: smoke
  rules:
  - alert: Always
    expr: vector(1)
    labels: {smoke: "yes"}
    annotations: {summary: "always {{ $value }}"}
  - alert: Never
    expr: vector(1) == 0
`), 0o644))
	start := time.Now()
	p := StartPrometheus(t, nil, []string{rules})
	t.Logf("prometheus ready at %s after %s", p.URL, time.Since(start).Round(time.Millisecond))
	assert.True(t, strings.HasPrefix(p.URL, "http://127.0.0.1:"), p.URL)

	d := p.WaitForAlert(t, "Always", map[string]string{"smoke": "yes"}, Firing, 4*Interval)
	assert.Less(t, d, 3*Interval)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	alerts, err := p.Alerts(ctx)
	require.NoError(t, err)
	always := matchAlerts(alerts, "Always", nil)
	require.Len(t, always, 1)
	assert.Equal(t, "always 1", always[0].Annotations["summary"])
	p.WaitForAlert(t, "Never", nil, Inactive, Interval)

	groups, err := p.Rules(ctx)
	require.NoError(t, err)
	require.Len(t, groups, 1)
	require.Len(t, groups[0].Rules, 2)
	for _, r := range groups[0].Rules {
		assert.Equal(t, "ok", r.Health, "%s: %s", r.Name, r.LastError)
	}
	samples, err := p.Query(ctx, `vector(42)`)
	require.NoError(t, err)
	require.Len(t, samples, 1)
	assert.Equal(t, 42.0, samples[0].Value)

	_, err = p.WaitForAlertE("Never", nil, Firing, 2*time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "smoke/Never inactive health=ok")
	_, err = p.WaitForAlertE("Always", nil, "fired", time.Second)
	assert.ErrorContains(t, err, `alert state "fired"`)
}
