package monitoring

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// chartValues turn on the chart's alerts for its single job: release backup in namespace
// escron renders CronJob escron/backup (escron job main) and PrometheusRule escron/backup;
// keepFiringFor 10s, so that a cleared alert goes inactive within the test.
const chartValues = "fullnameOverride: backup\nalerts: {enabled: true, maxAge: 1h, keepFiringFor: 10s}\n"

// chartAlertLabels select the chart's alerts for that CronJob.
var chartAlertLabels = map[string]string{"namespace": "escron", "cronjob": "backup", "escron_job": "main"}

// renderChart renders the escron chart (Helm SDK, in process) with chartValues and
// returns the release's manifest and its decoded objects.
func renderChart(t testing.TB) (string, *render.Objects) {
	t.Helper()
	res, err := render.SDK(render.Options{ReleaseName: "backup", Namespace: "escron", Values: chartValues})
	require.NoError(t, err)
	objs, err := render.Decode(res.Manifest)
	require.NoError(t, err)
	require.Len(t, objs.CronJobs, 1)
	require.Len(t, objs.PrometheusRules, 1)
	return res.Manifest, objs
}

// recordingTB records what a helper does to its test instead of ending it.
type recordingTB struct {
	testing.TB // nil: calling a method not defined here panics
	failed     string
	skipped    string
}

func (r *recordingTB) Helper()                           {}
func (r *recordingTB) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }
func (r *recordingTB) Skip(args ...any)                  { r.skipped = fmt.Sprint(args...) }

// TestPromtoolMissingFailsInCI: a missing monitoring tool fails the test with CI=true and
// skips it elsewhere, both saying how to build it.
func TestPromtoolMissingFailsInCI(t *testing.T) {
	lookup := func(name string) (string, error) {
		if name == "promtool" {
			return "", assert.AnError
		}
		return "/bin/" + name, nil
	}
	for _, ci := range []bool{true, false} {
		r := &recordingTB{}
		needTools(r, ci, lookup, "prometheus", "promtool")
		if ci {
			assert.Empty(t, r.skipped)
			assert.Contains(t, r.failed, "CI=true and promtool not in ")
			assert.Contains(t, r.failed, "run make tools")
		} else {
			assert.Empty(t, r.failed)
			assert.Contains(t, r.skipped, "promtool not in ")
			assert.Contains(t, r.skipped, "run make tools")
		}
	}
	r := &recordingTB{}
	needTools(r, true, lookup, "prometheus")
	assert.Empty(t, r.failed+r.skipped, "nothing missing")
}
