package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// TestNotes: what helm prints after install names every job, its schedule, and the
// commands to run it now and read its logs.
func TestNotes(t *testing.T) {
	res, err := render.SDK(render.Options{
		ReleaseName: "nightly",
		Namespace:   "ops",
		Values:      "jobs:\n  backup: {cronjob: {schedule: '33 3 * * *', timeZone: Europe/Paris}}\n  report: {cronjob: {schedule: '@weekly', suspend: true}}\n",
	})
	require.NoError(t, err)
	for _, want := range []string{
		"escron 0.1.0 installed as release nightly in namespace ops: 2 scheduled jobs.",
		"CronJob nightly-escron-backup",
		"schedule:  33 3 * * * (Europe/Paris)",
		"schedule:  @weekly, suspended",
		"kubectl -n ops create job --from=cronjob/nightly-escron-backup nightly-escron-backup-manual",
		"kubectl -n ops logs -f job/nightly-escron-backup-manual",
		"kubectl -n ops logs -l app.kubernetes.io/instance=nightly,app.kubernetes.io/component=report --tail=100",
	} {
		assert.Contains(t, res.Notes, want)
	}
	assert.NotContains(t, res.Notes, "helm test", "no test hook, no helm test advice")

	res, err = render.SDK(render.Options{ReleaseName: "nightly", Namespace: "ops", Values: "tests: {enabled: true}\n"})
	require.NoError(t, err)
	assert.Contains(t, res.Notes, "helm test nightly -n ops")
}
