package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/escron/escron/test/internal/monitoring"
	"github.com/escron/escron/test/internal/project"
)

// TestAlertsFireAndClear: with kube-state-metrics and Prometheus (built from their Go
// modules, run on the host against the cluster) and the chart's PrometheusRule as the
// cluster holds it (main_test.go installs its CRD with the cluster), EscronJobFailed
// fires for a job whose run failed, never for one whose run passed, and clears once helm
// upgrade fixes the script and a run-now succeeds (keepFiringFor 5s: the clearing is
// seen within the test, and real Prometheus takes the field).
func TestAlertsFireAndClear(t *testing.T) {
	requireCluster(t)
	monitoring.NeedTools(t, "kube-state-metrics", "prometheus")
	t.Parallel()
	kopts := newNamespace(t)
	values := func(failingScript string) *helmOpts {
		return helmOptions(t, kopts, `cronjob: {schedule: "@yearly"}
job: {backoffLimit: 0}
alerts: {enabled: true, maxAge: 26h, keepFiringFor: 5s}
mainContainer: {command: [sh, /opt/escron/run.sh]}
jobs:
  passing:
    configmaps: {scripts: {mountpath: /opt/escron, data: {run: {subPath: run.sh, content: "echo ok"}}}}
  failing:
    configmaps: {scripts: {mountpath: /opt/escron, data: {run: {subPath: run.sh, content: "`+failingScript+`"}}}}
`)
	}
	require.NoError(t, helmInstallE(t, values("echo broken; exit 1"), project.ChartDir(), "alerts"))

	t.Log("the rules: the PrometheusRule the cluster holds, as a Prometheus rule file")
	manifest := kubectl(t, kopts, "get", "prometheusrule", "alerts-escron", "-o", "yaml")
	rules := monitoring.WriteRuleFile(t, manifest)
	ksm := monitoring.StartKubeStateMetrics(t, kopts.ConfigPath, "--namespaces="+kopts.Namespace)
	prom := monitoring.StartPrometheus(t, []string{ksm.Addr}, []string{rules})
	failing := map[string]string{"cronjob": "alerts-escron-failing"}
	passing := map[string]string{"cronjob": "alerts-escron-passing"}

	t.Log("a run of each job")
	created := time.Now()
	kubectl(t, kopts, "create", "job", "--from=cronjob/alerts-escron-failing", "failing-1")
	kubectl(t, kopts, "create", "job", "--from=cronjob/alerts-escron-passing", "passing-1")
	waitForJob(t, kopts, "failing-1", batchv1.JobFailed, 2*time.Minute)
	waitForJob(t, kopts, "passing-1", batchv1.JobComplete, 2*time.Minute)
	prom.WaitForAlert(t, "EscronJobFailed", failing, monitoring.Firing, 3*time.Minute)
	t.Logf("failing run created -> EscronJobFailed firing: %s", time.Since(created).Round(time.Second))
	assert.Empty(t, activeAlerts(t, prom, "EscronJobFailed", passing), "a passing job never fires")

	t.Log("helm upgrade fixes the script; a run-now succeeds")
	require.NoError(t, helmUpgradeE(t, values("echo fixed"), project.ChartDir(), "alerts"))
	kubectl(t, kopts, "create", "job", "--from=cronjob/alerts-escron-failing", "failing-2")
	waitForJob(t, kopts, "failing-2", batchv1.JobComplete, 2*time.Minute)
	fixed := time.Now()
	prom.WaitForAlert(t, "EscronJobFailed", failing, monitoring.Inactive, 3*time.Minute)
	t.Logf("fixed run complete -> EscronJobFailed cleared: %s", time.Since(fixed).Round(time.Second))
	assert.Empty(t, activeAlerts(t, prom, "EscronJobFailed", passing))
	assert.Empty(t, activeAlerts(t, prom, "EscronJobStale", nil), "both succeeded within maxAge")
}

// activeAlerts are the pending or firing alerts of that name whose labels include labels.
func activeAlerts(t *testing.T, prom *monitoring.Prometheus, name string, labels map[string]string) []monitoring.Alert {
	t.Helper()
	alerts, err := prom.ActiveAlerts(context.Background(), name, labels)
	require.NoError(t, err)
	return alerts
}
