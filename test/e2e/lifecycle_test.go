package e2e_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/escron/escron/test/internal/project"
)

// runFromCronJob runs the CronJob now, as NOTES.txt tells users to (kubectl create job
// --from, which makes the Job the CronJob's), waits for it and returns its log.
func runFromCronJob(t *testing.T, kopts *kubectlOptions, cronJob, job string) string {
	t.Helper()
	return runFromCronJobs(t, kopts, map[string]string{cronJob: job})[cronJob]
}

// runFromCronJobs creates a Job from each CronJob (CronJob -> Job name) at once, then
// waits until each completes; it gives each CronJob's Job log.
func runFromCronJobs(t *testing.T, kopts *kubectlOptions, jobs map[string]string) map[string]string {
	t.Helper()
	for cronJob, job := range jobs {
		kubectl(t, kopts, "create", "job", "--from=cronjob/"+cronJob, job)
	}
	logs := map[string]string{}
	for cronJob, job := range jobs {
		waitForJob(t, kopts, job, batchv1.JobComplete, 2*time.Minute)
		logs[cronJob] = jobLogs(t, kopts, job)
	}
	return logs
}

// TestLifecycle: helm upgrade with a changed script makes the next Job run the new
// one, helm rollback restores it, and helm uninstall leaves no CronJob, ConfigMap or
// Job of the release.
func TestLifecycle(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	const release = "life"
	version := func(n int) string { return scriptValues(fmt.Sprintf("#!/bin/sh\necho script version %d\n", n)) }

	install(t, kopts, release, version(1))
	assert.Contains(t, runFromCronJob(t, kopts, "life-escron", "run-1"), "script version 1")

	t.Log("helm upgrade with version 2 of the script")
	require.NoError(t, helmUpgradeE(t, helmOptions(t, kopts, version(2)), project.ChartDir(), release))
	assert.Contains(t, runFromCronJob(t, kopts, "life-escron", "run-2"), "script version 2")

	t.Log("helm rollback to revision 1")
	require.NoError(t, helmRollbackE(t, helmOptions(t, kopts), release, "1"))
	assert.Contains(t, runFromCronJob(t, kopts, "life-escron", "run-3"), "script version 1")

	t.Log("helm uninstall, then nothing of the release may remain")
	require.NoError(t, helmDeleteE(t, helmOptions(t, kopts), release))
	client := clientset(t, kopts)
	selector := metav1.ListOptions{LabelSelector: "app.kubernetes.io/instance=" + release}
	require.NoError(t, waitUntilE(t, "no CronJob, ConfigMap or Job of the release", 3*time.Second, 90*time.Second, func(ctx context.Context) (bool, error) {
		cjs, err1 := client.cs.BatchV1().CronJobs(kopts.Namespace).List(ctx, selector)
		cms, err2 := client.cs.CoreV1().ConfigMaps(kopts.Namespace).List(ctx, selector)
		jobs, err3 := client.cs.BatchV1().Jobs(kopts.Namespace).List(ctx, selector)
		if err1 != nil || err2 != nil || err3 != nil {
			return false, nil
		}
		t.Logf("left: %d CronJobs, %d ConfigMaps, %d Jobs", len(cjs.Items), len(cms.Items), len(jobs.Items))
		return len(cjs.Items)+len(cms.Items)+len(jobs.Items) == 0, nil
	}), "objects of the release remain after helm uninstall")
}
