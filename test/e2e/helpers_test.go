package e2e_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/shell"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
)

// The helpers follow terratest's naming: X fails the test, XE returns the error for
// the tests that expect one (or that add their own diagnostics).

// newNamespace creates a namespace for one test, enforcing the Pod Security Standards
// "restricted" profile, and deletes it when the test ends.
func newNamespace(t *testing.T) *kubectlOptions {
	t.Helper()
	base := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "-")
	}
	name := fmt.Sprintf("%s-%04x", base, rand.IntN(1<<16))
	opts := &kubectlOptions{ConfigPath: suite.cluster.KubeconfigPath, Namespace: name}
	cs, err := kubernetesClientE(opts)
	require.NoError(t, err)
	t.Logf("creating namespace %s (pod-security.kubernetes.io/enforce=restricted)", name)
	_, err = cs.CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: name,
		Labels: map[string]string{
			"pod-security.kubernetes.io/enforce":         "restricted",
			"pod-security.kubernetes.io/enforce-version": "latest",
		},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		if suite.keep && t.Failed() {
			t.Logf("keeping namespace %s for inspection", name)
			return
		}
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return opts
}

// jobImageValues points the chart at the test job image, which the nodes already hold
// (loaded from an archive) or can pull.
func jobImageValues() string {
	repo, tag := splitImage(suite.images.Job)
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

// valuesFiles writes the values documents to files (fixtures.ValuesFiles) in a
// temporary directory removed when the test ends. Not t.TempDir(): its path holds the
// test's name, and helm splits --values on commas.
func valuesFiles(t *testing.T, docs ...string) []string {
	t.Helper()
	dir, err := os.MkdirTemp("", "escron-values-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	files, err := fixtures.ValuesFiles(dir, docs...)
	require.NoError(t, err)
	return files
}

// helmOptions are the helm options for a namespace and values documents (the job
// image's values always first).
func helmOptions(t *testing.T, kopts *kubectlOptions, docs ...string) *helmOpts {
	t.Helper()
	return &helmOpts{
		KubectlOptions: kopts,
		ValuesFiles:    valuesFiles(t, append([]string{jobImageValues()}, docs...)...),
	}
}

// install installs the escron chart as release with the values documents.
func install(t *testing.T, kopts *kubectlOptions, release string, docs ...string) {
	t.Helper()
	t.Logf("helm install %s in %s", release, kopts.Namespace)
	require.NoError(t, helmInstallE(t, helmOptions(t, kopts, docs...), project.ChartDir(), release))
}

// runHelmE runs a Helm 3 command (bin/helm) with the options and returns its output.
func runHelmE(t *testing.T, opts *helmOpts, args ...string) (string, error) {
	t.Helper()
	t.Logf("helm %s", strings.Join(args, " "))
	return runHelmCommandE(t, opts, args[0], args[1:]...)
}

// runHelm4E runs the same command with Helm 4 (bin/helm4, through terratest's shell):
// with the options' environment (a consumer's helm homes), cluster and namespace.
func runHelm4E(t *testing.T, opts *helmOpts, args ...string) (string, error) {
	t.Helper()
	helm4, err := project.Tool("helm4")
	if err != nil {
		return "", err
	}
	if k := opts.KubectlOptions; k != nil {
		args = append(args, "--kubeconfig", k.ConfigPath, "--namespace", k.Namespace)
	}
	t.Logf("helm4 %s", strings.Join(args, " "))
	return shell.RunCommandAndGetOutputE(t, shell.Command{Command: helm4, Args: args, Env: opts.EnvVars, Logger: logger.Discard})
}

// clientsetE is a Kubernetes client for the test cluster's namespace of kopts.
func clientsetE(t *testing.T, kopts *kubectlOptions) (*kubernetesClient, error) {
	t.Helper()
	cs, err := kubernetesClientE(kopts)
	if err != nil {
		return nil, err
	}
	return &kubernetesClient{cs: cs, ns: kopts.Namespace}, nil
}

// clientset is clientsetE that fails the test on an error.
func clientset(t *testing.T, kopts *kubectlOptions) *kubernetesClient {
	t.Helper()
	client, err := clientsetE(t, kopts)
	require.NoError(t, err)
	return client
}

// waitUntilE is the one way the tests wait: it polls condition every interval until it
// reports done or an error, or timeout passes (client-go's wait.PollUntilContextTimeout),
// and narrates the wait.
func waitUntilE(t *testing.T, what string, interval, timeout time.Duration, condition wait.ConditionWithContextFunc) error {
	t.Helper()
	t.Logf("waiting up to %s for %s", timeout, what)
	start := time.Now()
	err := wait.PollUntilContextTimeout(context.Background(), interval, timeout, true, condition)
	switch {
	case wait.Interrupted(err):
		return fmt.Errorf("%s: not after %s", what, timeout)
	case err != nil:
		return fmt.Errorf("%s: %w", what, err)
	}
	t.Logf("%s: done after %s", what, time.Since(start).Round(time.Second))
	return nil
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

// waitForJobE waits until the Job reaches want (Complete or Failed) and returns it; it
// stops early, with an error, when the Job reaches the other end.
func waitForJobE(t *testing.T, kopts *kubectlOptions, name string, want batchv1.JobConditionType, timeout time.Duration) (*batchv1.Job, error) {
	t.Helper()
	other := batchv1.JobFailed
	if want == batchv1.JobFailed {
		other = batchv1.JobComplete
	}
	client, err := clientsetE(t, kopts)
	if err != nil {
		return nil, err
	}
	var job *batchv1.Job
	err = waitUntilE(t, fmt.Sprintf("Job %s to be %s", name, want), time.Second, timeout, func(ctx context.Context) (bool, error) {
		j, err := client.cs.BatchV1().Jobs(kopts.Namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, nil // not created yet, or the API server is busy: ask again
		}
		job = j
		if c := jobCondition(j, other); c != nil {
			return false, fmt.Errorf("Job %s is %s (%s: %s)", name, other, c.Reason, c.Message)
		}
		return jobCondition(j, want) != nil, nil
	})
	return job, err
}

// waitForJob is waitForJobE that, on an error, prints the Job's pods, their logs and
// the namespace's events, and fails the test.
func waitForJob(t *testing.T, kopts *kubectlOptions, name string, want batchv1.JobConditionType, timeout time.Duration) *batchv1.Job {
	t.Helper()
	job, err := waitForJobE(t, kopts, name, want, timeout)
	if err != nil {
		clientset(t, kopts).dumpDiagnostics(t, name)
	}
	require.NoError(t, err)
	return job
}

// createJobFromCronJob runs a CronJob now, as terratest's CreateJobFromCronJob did: a
// Job of the CronJob's job template (its labels, annotations and spec).
func createJobFromCronJob(t *testing.T, kopts *kubectlOptions, cronJob, job string) {
	t.Helper()
	t.Logf("creating Job %s from CronJob %s", job, cronJob)
	cj := getCronJob(t, kopts, cronJob)
	client := clientset(t, kopts)
	_, err := client.cs.BatchV1().Jobs(kopts.Namespace).Create(context.Background(), &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{
			Name:        job,
			Namespace:   kopts.Namespace,
			Labels:      cj.Spec.JobTemplate.Labels,
			Annotations: cj.Spec.JobTemplate.Annotations,
		},
		Spec: cj.Spec.JobTemplate.Spec,
	}, metav1.CreateOptions{})
	require.NoError(t, err)
}

// jobLogs is the log of the Job's pods, oldest first.
func jobLogs(t *testing.T, kopts *kubectlOptions, jobName string) string {
	t.Helper()
	client := clientset(t, kopts)
	var b strings.Builder
	for _, pod := range client.jobPods(t, jobName) {
		b.WriteString(client.podLog(pod.Name))
	}
	return b.String()
}

// kubectl runs kubectl against the test namespace.
func kubectl(t *testing.T, kopts *kubectlOptions, args ...string) string {
	t.Helper()
	t.Logf("kubectl %s", strings.Join(args, " "))
	out, err := runKubectlE(t, kopts, args...)
	require.NoError(t, err, out)
	return out
}
