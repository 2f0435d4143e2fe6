package monitoring

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/escron/escron/test/internal/versions"
)

// fakeAPIServer is the part of a Kubernetes API server that kube-state-metrics reads with
// --resources=cronjobs,jobs: the version, and lists and watches of batch/v1 CronJobs and
// Jobs in JSON. Stored objects change through put, which notifies the open watches.
type fakeAPIServer struct {
	version  map[string]string // /version: major, minor, gitVersion
	mu       sync.Mutex
	rv       int
	objects  map[string]map[string]any // resource -> namespace/name -> object
	watchers map[string][]chan []byte  // resource -> open watches
}

// newFakeAPIServer serves an API server of the given Kubernetes version (vMAJOR.MINOR.PATCH).
func newFakeAPIServer(gitVersion string) *fakeAPIServer {
	major, minor, _ := strings.Cut(strings.TrimPrefix(gitVersion, "v"), ".")
	minor, _, _ = strings.Cut(minor, ".")
	return &fakeAPIServer{
		version:  map[string]string{"major": major, "minor": minor, "gitVersion": gitVersion},
		objects:  map[string]map[string]any{"cronjobs": {}, "jobs": {}},
		watchers: map[string][]chan []byte{},
	}
}

// put stores a CronJob or Job (ADDED the first time, MODIFIED after) and tells the watches.
func (f *fakeAPIServer) put(resource string, obj metav1.Object) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rv++
	obj.SetResourceVersion(strconv.Itoa(f.rv))
	key := obj.GetNamespace() + "/" + obj.GetName()
	event := "MODIFIED"
	if _, ok := f.objects[resource][key]; !ok {
		event = "ADDED"
	}
	f.objects[resource][key] = obj
	line, _ := json.Marshal(map[string]any{"type": event, "object": obj})
	for _, w := range f.watchers[resource] {
		w <- line
	}
}

func (f *fakeAPIServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/version" {
		_ = json.NewEncoder(w).Encode(f.version)
		return
	}
	resource, ok := strings.CutPrefix(r.URL.Path, "/apis/batch/v1/")
	if !ok || f.objects[resource] == nil {
		http.Error(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}`, http.StatusNotFound)
		return
	}
	if r.URL.Query().Get("watch") == "true" || r.URL.Query().Get("watch") == "1" {
		f.watch(w, r, resource)
		return
	}
	f.mu.Lock()
	items := make([]any, 0, len(f.objects[resource]))
	for _, o := range f.objects[resource] {
		items = append(items, o)
	}
	kind := map[string]string{"cronjobs": "CronJobList", "jobs": "JobList"}[resource]
	body, _ := json.Marshal(map[string]any{
		"kind": kind, "apiVersion": "batch/v1",
		"metadata": map[string]string{"resourceVersion": strconv.Itoa(f.rv)},
		"items":    items,
	})
	f.mu.Unlock()
	_, _ = w.Write(body)
}

func (f *fakeAPIServer) watch(w http.ResponseWriter, r *http.Request, resource string) {
	ch := make(chan []byte, 100)
	f.mu.Lock()
	f.watchers[resource] = append(f.watchers[resource], ch)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		ws := f.watchers[resource]
		for i, c := range ws {
			if c == ch {
				f.watchers[resource] = append(ws[:i], ws[i+1:]...)
				break
			}
		}
	}()
	w.WriteHeader(http.StatusOK)
	flusher := w.(http.Flusher)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case line := <-ch:
			_, _ = w.Write(append(line, '\n'))
			flusher.Flush()
		}
	}
}

// withStatus is a copy of the chart's rendered CronJob as the API server would hold it:
// created at created, with a UID, and a last success when lastSuccess is set.
func withStatus(rendered *batchv1.CronJob, created time.Time, lastSuccess *time.Time) *batchv1.CronJob {
	cj := rendered.DeepCopy()
	cj.UID = types.UID(cj.Name + "-uid")
	cj.CreationTimestamp = metav1.NewTime(created)
	if cj.Spec.Suspend == nil {
		cj.Spec.Suspend = ptrTo(false)
	}
	if lastSuccess != nil {
		cj.Status.LastSuccessfulTime = &metav1.Time{Time: *lastSuccess}
	}
	return cj
}

// jobOf is a finished (or, with no condition, running) Job of the CronJob, owned by it as
// the CronJob controller and kubectl create job --from make it.
func jobOf(cj *batchv1.CronJob, name string, created time.Time, condition batchv1.JobConditionType, reason string) *batchv1.Job {
	j := &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: cj.Namespace, UID: types.UID(name + "-uid"),
			Labels:            cj.Spec.JobTemplate.Labels,
			CreationTimestamp: metav1.NewTime(created),
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "batch/v1", Kind: "CronJob", Name: cj.Name, UID: cj.UID, Controller: ptrTo(true),
			}},
		},
		Status: batchv1.JobStatus{StartTime: &metav1.Time{Time: created}},
	}
	switch condition {
	case batchv1.JobFailed:
		j.Status.Failed = 2
	case batchv1.JobComplete:
		j.Status.Succeeded = 1
		j.Status.CompletionTime = &metav1.Time{Time: created.Add(5 * time.Second)}
	}
	if condition != "" {
		j.Status.Conditions = []batchv1.JobCondition{{Type: condition, Status: corev1.ConditionTrue, Reason: reason}}
	}
	return j
}

// TestKubeStateMetricsToAlerts runs the whole chain on the host without a cluster: a fake
// API server holding the chart's rendered CronJob, the pinned kube-state-metrics reading
// it, Prometheus scraping that with the chart's rendered rules. It checks the series and
// labels the rules rely on, the failed and stale alerts firing for a CronJob whose only
// Job failed, and both clearing once a run-now succeeds.
func TestKubeStateMetricsToAlerts(t *testing.T) {
	t.Parallel()
	NeedTools(t, "kube-state-metrics", "prometheus")
	manifest, objs := renderChart(t)
	rendered := objs.CronJobs[0]
	require.Equal(t, "escron/backup", rendered.Namespace+"/"+rendered.Name)
	api := newFakeAPIServer(versions.Kubernetes(t))
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(kubeconfig, fmt.Appendf(nil, `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: %q}}]
users: [{name: fake, user: {}}]
contexts: [{name: fake, context: {cluster: fake, user: fake}}]
current-context: fake
`, srv.URL), 0o600))

	now := time.Now().Truncate(time.Second)
	cj := withStatus(rendered, now.Add(-2*time.Hour), nil)
	api.put("cronjobs", cj)
	api.put("jobs", jobOf(cj, "backup-1", now.Add(-10*time.Minute), batchv1.JobFailed, "BackoffLimitExceeded"))

	ksm := StartKubeStateMetrics(t, kubeconfig)
	p := StartPrometheus(t, []string{ksm.Addr}, []string{WriteRuleFile(t, manifest)})
	start := time.Now()
	p.WaitForAlert(t, "EscronJobFailed", chartAlertLabels, Firing, 6*Interval)
	p.WaitForAlert(t, "EscronJobStale", chartAlertLabels, Firing, 6*Interval)

	// The series and labels the rules read, as the pinned kube-state-metrics exposes them.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for expr, want := range map[string]float64{
		`kube_job_owner{job_name="backup-1",owner_kind="CronJob",owner_name="backup",owner_is_controller="true"}`: 1,
		`kube_job_failed{job_name="backup-1",condition="true"}`:                                                   1,
		`kube_job_failed{job_name="backup-1",condition="false"}`:                                                  0,
		`kube_job_status_failed{job_name="backup-1",reason="BackoffLimitExceeded"}`:                               1,
		`kube_job_created{job_name="backup-1"}`:                                                                   float64(now.Add(-10 * time.Minute).Unix()),
		`kube_cronjob_created{cronjob="backup"}`:                                                                  float64(now.Add(-2 * time.Hour).Unix()),
		`kube_cronjob_spec_suspend{cronjob="backup"}`:                                                             0,
	} {
		samples, err := p.Query(ctx, expr)
		require.NoError(t, err)
		if assert.Len(t, samples, 1, expr) {
			assert.Equal(t, want, samples[0].Value, expr)
		}
	}
	for _, absent := range []string{
		`kube_cronjob_status_last_successful_time{cronjob="backup"}`, // never succeeded: no series
		`kube_job_complete{job_name="backup-1"}`,                     // no Complete condition: no series
	} {
		samples, err := p.Query(ctx, absent)
		require.NoError(t, err)
		assert.Empty(t, samples, absent)
	}

	// A run-now that succeeds, and the CronJob controller recording it.
	runNow := time.Now().Truncate(time.Second)
	api.put("jobs", jobOf(cj, "backup-2", runNow, batchv1.JobComplete, "CompletionsReached"))
	api.put("cronjobs", withStatus(rendered, now.Add(-2*time.Hour), ptrTo(runNow.Add(5*time.Second))))
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
