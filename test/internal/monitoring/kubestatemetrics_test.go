package monitoring

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/escron/escron/test/internal/apiserver"
)

// startAPIServer starts a real API server for one test (etcd and kube-apiserver of the
// run's Kubernetes minor, as the render tier's oracle runs them, with no controllers) and
// returns a client of it and a kubeconfig that reaches it.
func startAPIServer(t *testing.T) (kubernetes.Interface, string) {
	t.Helper()
	NeedTools(t, "kube-apiserver", "etcd", "crds")
	dir := t.TempDir()
	s, err := apiserver.Start(dir)
	require.NoError(t, err, "starting the API server (scripts/tools.sh render builds it)")
	t.Cleanup(s.Stop)
	cs, err := kubernetes.NewForConfig(s.Config)
	require.NoError(t, err)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	require.NoError(t, s.WriteKubeconfig(kubeconfig))
	return cs, kubeconfig
}

// createRun creates a Job of the CronJob from its jobTemplate, owned by it as the CronJob
// controller and kubectl create job --from make it. Nothing runs it: the server has no
// controllers, and finish writes its end.
func createRun(t *testing.T, cs kubernetes.Interface, cj *batchv1.CronJob, name string) *batchv1.Job {
	t.Helper()
	j := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: cj.Namespace,
			Labels: cj.Spec.JobTemplate.Labels, Annotations: cj.Spec.JobTemplate.Annotations,
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "batch/v1", Kind: "CronJob", Name: cj.Name, UID: cj.UID, Controller: ptrTo(true),
			}},
		},
		Spec: *cj.Spec.JobTemplate.Spec.DeepCopy(),
	}
	got, err := cs.BatchV1().Jobs(cj.Namespace).Create(context.Background(), j, metav1.CreateOptions{FieldValidation: "Strict"})
	require.NoError(t, err, "creating Job %s", name)
	return got
}

// finish writes the status the Job controller writes when a run ends: Failed after its
// FailureTarget, or Complete after SuccessCriteriaMet with a completion time. The API
// server checks those rules, so a status it would never hold cannot be fed to
// kube-state-metrics.
func finish(t *testing.T, cs kubernetes.Interface, j *batchv1.Job, condition batchv1.JobConditionType, reason string) *batchv1.Job {
	t.Helper()
	j = j.DeepCopy()
	now := metav1.Now()
	j.Status.StartTime = &metav1.Time{Time: j.CreationTimestamp.Time}
	cond := func(c batchv1.JobConditionType) batchv1.JobCondition {
		return batchv1.JobCondition{Type: c, Status: corev1.ConditionTrue, Reason: reason, LastProbeTime: now, LastTransitionTime: now}
	}
	switch condition {
	case batchv1.JobFailed:
		j.Status.Failed = 2
		j.Status.Conditions = []batchv1.JobCondition{cond(batchv1.JobFailureTarget), cond(batchv1.JobFailed)}
	case batchv1.JobComplete:
		j.Status.Succeeded = 1
		j.Status.CompletionTime = &now
		j.Status.Conditions = []batchv1.JobCondition{cond(batchv1.JobSuccessCriteriaMet), cond(batchv1.JobComplete)}
	default:
		t.Fatalf("finish: %s is not an end of a Job", condition)
	}
	got, err := cs.BatchV1().Jobs(j.Namespace).UpdateStatus(context.Background(), j, metav1.UpdateOptions{})
	require.NoError(t, err, "writing the %s status of Job %s", condition, j.Name)
	return got
}

// recordSuccess writes the CronJob's lastSuccessfulTime, as the CronJob controller does.
func recordSuccess(t *testing.T, cs kubernetes.Interface, cj *batchv1.CronJob, at time.Time) *batchv1.CronJob {
	t.Helper()
	cj, err := cs.BatchV1().CronJobs(cj.Namespace).Get(context.Background(), cj.Name, metav1.GetOptions{})
	require.NoError(t, err)
	cj.Status.LastSuccessfulTime = &metav1.Time{Time: at}
	cj, err = cs.BatchV1().CronJobs(cj.Namespace).UpdateStatus(context.Background(), cj, metav1.UpdateOptions{})
	require.NoError(t, err, "writing the CronJob's lastSuccessfulTime")
	return cj
}

// TestKubeStateMetricsToAlerts runs the whole chain on the host without nodes: the real
// API server holding the chart's rendered CronJob and Jobs of it whose ends are written
// as the controllers write them, the pinned kube-state-metrics watching it, Prometheus
// scraping that with the chart's rendered rules. It checks the series and labels the
// rules rely on, the failed and stale alerts firing for a CronJob whose last success is
// two hours old (alerts.maxAge 1h) and whose newest Job failed, and both clearing once a
// run-now succeeds.
func TestKubeStateMetricsToAlerts(t *testing.T) {
	t.Parallel()
	NeedTools(t, "kube-state-metrics", "prometheus")
	manifest, objs := renderChart(t)
	rendered := objs.CronJobs[0]
	require.Equal(t, apiserver.Namespace+"/backup", rendered.Namespace+"/"+rendered.Name)
	cs, kubeconfig := startAPIServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	cj, err := cs.BatchV1().CronJobs(rendered.Namespace).Create(ctx, rendered.DeepCopy(), metav1.CreateOptions{FieldValidation: "Strict"})
	require.NoError(t, err, "creating the rendered CronJob")
	lastSuccess := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	cj = recordSuccess(t, cs, cj, lastSuccess)
	failed := finish(t, cs, createRun(t, cs, cj, "backup-1"), batchv1.JobFailed, "BackoffLimitExceeded")

	ksm := StartKubeStateMetrics(t, kubeconfig)
	p := StartPrometheus(t, []string{ksm.Addr}, []string{WriteRuleFile(t, manifest)})
	start := time.Now()
	p.WaitForAlert(t, "EscronJobFailed", chartAlertLabels, Firing, 6*Interval)
	p.WaitForAlert(t, "EscronJobStale", chartAlertLabels, Firing, 6*Interval)

	// The series and labels the rules read, as the pinned kube-state-metrics exposes them.
	for expr, want := range map[string]float64{
		`kube_job_owner{job_name="backup-1",owner_kind="CronJob",owner_name="backup",owner_is_controller="true"}`: 1,
		`kube_job_failed{job_name="backup-1",condition="true"}`:                                                   1,
		`kube_job_failed{job_name="backup-1",condition="false"}`:                                                  0,
		`kube_job_status_failed{job_name="backup-1",reason="BackoffLimitExceeded"}`:                               1,
		`kube_job_created{job_name="backup-1"}`:                                                                   float64(failed.CreationTimestamp.Unix()),
		`kube_cronjob_created{cronjob="backup"}`:                                                                  float64(cj.CreationTimestamp.Unix()),
		`kube_cronjob_status_last_successful_time{cronjob="backup"}`:                                              float64(lastSuccess.Unix()),
		`kube_cronjob_spec_suspend{cronjob="backup"}`:                                                             0,
	} {
		samples, err := p.Query(ctx, expr)
		require.NoError(t, err)
		if assert.Len(t, samples, 1, expr) {
			assert.Equal(t, want, samples[0].Value, expr)
		}
	}
	samples, err := p.Query(ctx, `kube_job_complete{job_name="backup-1"}`)
	require.NoError(t, err)
	assert.Empty(t, samples, "a Job with no Complete condition has no kube_job_complete series")

	// A run-now that succeeds, and the CronJob controller recording it.
	done := finish(t, cs, createRun(t, cs, cj, "backup-2"), batchv1.JobComplete, "CompletionsReached")
	recordSuccess(t, cs, cj, done.Status.CompletionTime.Time)
	d := p.WaitForAlert(t, "EscronJobFailed", chartAlertLabels, Inactive, 6*Interval)
	p.WaitForAlert(t, "EscronJobStale", chartAlertLabels, Inactive, 6*Interval)
	t.Logf("alerts fired within %s of the start, cleared %s after the success", time.Since(start).Round(time.Second), d.Round(100*time.Millisecond))
}

// TestKubeStateMetricsUnreachableCluster: a kube-state-metrics that cannot reach its API
// server exits, and the error carries its log.
func TestKubeStateMetricsUnreachableCluster(t *testing.T) {
	NeedTools(t, "kube-state-metrics")
	ports, err := freePorts(1)
	require.NoError(t, err)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(kubeconfig, fmt.Appendf(nil, `apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "http://127.0.0.1:%d"}}]
users: [{name: none, user: {}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
`, ports[0]), 0o600))
	_, err = StartKubeStateMetricsE(t, kubeconfig)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exited before it was ready")
	assert.Contains(t, err.Error(), "error while trying to communicate with apiserver")

	_, err = StartKubeStateMetricsE(t, "")
	assert.ErrorContains(t, err, "needs a kubeconfig")
}

func ptrTo[T any](v T) *T { return &v }
