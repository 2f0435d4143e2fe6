package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
)

// TestNotes: what helm prints after install names every job, its schedule, and the
// commands to run it now and read its logs, all naming objects that exist.
func TestNotes(t *testing.T) {
	res, err := render.SDK(render.Options{
		ReleaseName: "nightly",
		Namespace:   "ops",
		Values:      "jobs:\n  backup: {cronjob: {schedule: '33 3 * * *', timeZone: Europe/Paris}}\n  report: {cronjob: {schedule: '@weekly', suspend: true}}\n",
	})
	require.NoError(t, err)
	for _, want := range []string{
		"escron " + chartVersion(t) + " installed as release nightly in namespace ops: 2 scheduled jobs.",
		"CronJob nightly-escron-backup",
		"schedule:  33 3 * * * (Europe/Paris)",
		"schedule:  @weekly, suspended",
		"kubectl -n ops create job --from=cronjob/nightly-escron-backup nightly-escron-backup-manual",
		"kubectl -n ops logs -f job/nightly-escron-backup-manual",
		"kubectl -n ops get jobs -l app.kubernetes.io/instance=nightly,app.kubernetes.io/component=backup",
		"kubectl -n ops logs -l app.kubernetes.io/instance=nightly,app.kubernetes.io/component=report --tail=100",
	} {
		assert.Contains(t, res.Notes, want)
	}
	assert.NotContains(t, res.Notes, "helm test", "no test hook, no helm test advice")
	assert.NotContains(t, res.Notes, "Alerts", "no alerts unless asked for")

	objs, err := render.Decode(res.Manifest)
	require.NoError(t, err)
	for _, cj := range objs.CronJobs {
		assert.Contains(t, res.Notes, "create job --from=cronjob/"+cj.Name+" "+cj.Name+"-manual", "NOTES name the CronJob that exists")
		assert.Contains(t, res.Notes, "logs -f job/"+cj.Name+"-manual", "the log line follows the Job the run-now line creates")
		assert.Contains(t, res.Notes, "app.kubernetes.io/instance="+cj.Labels["app.kubernetes.io/instance"]+",app.kubernetes.io/component="+cj.Spec.JobTemplate.Labels["app.kubernetes.io/component"], "the selector matches the Jobs' labels")
	}

	res, err = render.SDK(render.Options{ReleaseName: "nightly", Namespace: "ops", Values: "tests: {enabled: true}\n"})
	require.NoError(t, err)
	assert.Contains(t, res.Notes, "helm test nightly -n ops")

	res, err = render.SDK(render.Options{ReleaseName: "nightly", Values: "alerts: {enabled: true, maxAge: 26h}\njobs: {a: {}, b: {alerts: {failed: false}}, c: {alerts: {enabled: false}}}\n"})
	require.NoError(t, err)
	assert.Contains(t, res.Notes, "Alerts (PrometheusRule nightly-escron): EscronJobFailed (its newest run failed), EscronJobStale (no success for 26h)")
	assert.Contains(t, res.Notes, "Alerts (PrometheusRule nightly-escron): EscronJobStale (no success for 26h)")
	assert.Equal(t, 2, strings.Count(res.Notes, "Alerts ("), "c has none")
}

// chartVersion is the version in charts/escron/Chart.yaml.
func chartVersion(t *testing.T) string {
	t.Helper()
	v, err := project.ChartVersion()
	require.NoError(t, err)
	return v
}
