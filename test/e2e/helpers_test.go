package e2e_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gruntwork-io/terratest/modules/helm"
	"github.com/gruntwork-io/terratest/modules/k8s"
	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
)

// newNamespace creates a namespace for one test, enforcing the Pod Security Standards
// "restricted" profile, and deletes it when the test ends.
func newNamespace(t *testing.T) *k8s.KubectlOptions {
	t.Helper()
	base := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "-")
	}
	name := fmt.Sprintf("%s-%04x", base, rand.IntN(1<<16))
	opts := k8s.NewKubectlOptions("", suite.cluster.KubeconfigPath, name)
	opts.Logger = logger.Discard // the tests narrate their own steps
	t.Logf("creating namespace %s (pod-security.kubernetes.io/enforce=restricted)", name)
	require.NoError(t, k8s.CreateNamespaceWithMetadataE(t, opts, metav1.ObjectMeta{
		Name: name,
		Labels: map[string]string{
			"pod-security.kubernetes.io/enforce":         "restricted",
			"pod-security.kubernetes.io/enforce-version": "latest",
		},
	}))
	t.Cleanup(func() {
		if os.Getenv("ESCRON_KEEP_CLUSTER") == "1" && t.Failed() {
			t.Logf("keeping namespace %s for inspection", name)
			return
		}
		_ = k8s.DeleteNamespaceE(t, opts, name)
	})
	return opts
}

// jobImageValues points the chart at the test job image, which the nodes already hold
// (loaded from an archive) or can pull.
func jobImageValues() string {
	repo, tag := splitImage(suite.jobImage)
	return fmt.Sprintf("mainContainer:\n  image: %s\n  tag: %q\n  pullPolicy: IfNotPresent\n", repo, tag)
}

// splitImage splits an image reference into repository and tag ("" without one).
func splitImage(ref string) (repo, tag string) {
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		return ref[:i], ref[i+1:]
	}
	return ref, ""
}

// scriptValues mounts script at /opt/escron/run.sh and runs it with sh.
func scriptValues(script string) string {
	doc := map[string]any{
		"configmaps": map[string]any{"scripts": map[string]any{
			"mountpath": "/opt/escron",
			"data":      map[string]any{"run": map[string]any{"subPath": "run.sh", "content": script}},
		}},
		"mainContainer": map[string]any{"command": []string{"sh", "/opt/escron/run.sh"}},
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return string(out)
}

// valuesFiles writes each values document to a file of a temporary directory. Not
// t.TempDir(): its path holds the test's name, and helm splits --values on commas.
func valuesFiles(t *testing.T, docs ...string) []string {
	t.Helper()
	dir, err := os.MkdirTemp("", "escron-values-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	files := make([]string, len(docs))
	for i, doc := range docs {
		files[i] = filepath.Join(dir, fmt.Sprintf("values-%d.yaml", i))
		require.NoError(t, os.WriteFile(files[i], []byte(doc), 0o644))
	}
	return files
}

// helmOptions are terratest's helm options for a namespace and values documents
// (the job image's values always first).
func helmOptions(t *testing.T, kopts *k8s.KubectlOptions, docs ...string) *helm.Options {
	t.Helper()
	return &helm.Options{
		KubectlOptions: kopts,
		ValuesFiles:    valuesFiles(t, append([]string{jobImageValues()}, docs...)...),
		Logger:         logger.Discard,
	}
}

// install installs the escron chart as release with the values documents.
func install(t *testing.T, kopts *k8s.KubectlOptions, release string, docs ...string) {
	t.Helper()
	t.Logf("helm install %s in %s", release, kopts.Namespace)
	require.NoError(t, helm.InstallE(t, helmOptions(t, kopts, docs...), project.ChartDir(), release))
}

// clientset is a Kubernetes client for the test cluster.
func clientset(t *testing.T, kopts *k8s.KubectlOptions) *kubernetesClient {
	t.Helper()
	cs, err := k8s.GetKubernetesClientFromOptionsE(t, kopts)
	require.NoError(t, err)
	return &kubernetesClient{cs: cs, ns: kopts.Namespace}
}

// jobCondition is the Job's condition of that type that is true, or nil.
func jobCondition(job *batchv1.Job, kind batchv1.JobConditionType) *batchv1.JobCondition {
	for i := range job.Status.Conditions {
		if c := job.Status.Conditions[i]; c.Type == kind && c.Status == corev1.ConditionTrue {
			return &job.Status.Conditions[i]
		}
	}
	return nil
}

// waitForJob waits until the Job reaches want (Complete or Failed) and returns it. It
// stops early when the Job reaches the other end, and then prints the Job's pods, their
// logs and the namespace's events.
func waitForJob(t *testing.T, kopts *k8s.KubectlOptions, name string, want batchv1.JobConditionType, timeout time.Duration) *batchv1.Job {
	t.Helper()
	other := batchv1.JobFailed
	if want == batchv1.JobFailed {
		other = batchv1.JobComplete
	}
	client := clientset(t, kopts)
	start := time.Now()
	t.Logf("waiting up to %s for Job %s to be %s", timeout, name, want)
	var job *batchv1.Job
	for time.Since(start) < timeout {
		j, err := client.cs.BatchV1().Jobs(kopts.Namespace).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil {
			job = j
			if jobCondition(job, want) != nil {
				t.Logf("Job %s is %s after %s", name, want, time.Since(start).Round(time.Second))
				return job
			}
			if c := jobCondition(job, other); c != nil {
				client.dumpDiagnostics(t, name)
				t.Fatalf("Job %s is %s (%s: %s), not %s", name, other, c.Reason, c.Message, want)
			}
		}
		time.Sleep(time.Second)
	}
	client.dumpDiagnostics(t, name)
	t.Fatalf("Job %s is not %s after %s", name, want, timeout)
	return job
}

// jobLogs is the log of the Job's pods, oldest first.
func jobLogs(t *testing.T, kopts *k8s.KubectlOptions, jobName string) string {
	t.Helper()
	client := clientset(t, kopts)
	var b strings.Builder
	for _, pod := range client.jobPods(t, jobName) {
		b.WriteString(client.podLog(pod.Name))
	}
	return b.String()
}

// kubectl runs kubectl against the test namespace.
func kubectl(t *testing.T, kopts *k8s.KubectlOptions, args ...string) string {
	t.Helper()
	out, err := k8s.RunKubectlAndGetOutputE(t, kopts, args...)
	require.NoError(t, err, out)
	return out
}
