package e2e_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/escron/escron/test/internal/project"
)

// TestPauseAll: cronjob.suspend at the root pauses every job of the release (a job's
// own suspend wins); while paused, no Job starts across a minute boundary; a
// hand-made kubectl patch is undone by the next upgrade; resumed, each CronJob starts
// at most one Job in the first 20 s (startingDeadlineSeconds keeps it from a burst).
func TestPauseAll(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	values := func(suspend bool) *helmOpts {
		return helmOptions(t, kopts, scriptValues("#!/bin/sh\necho paused job ran\n"), `cronjob: {schedule: "* * * * *"}
jobs: {a: {}, b: {}, own: {cronjob: {suspend: true}}}
`, fmt.Sprintf("cronjob: {suspend: %t}\n", suspend))
	}
	require.NoError(t, helmInstallE(t, values(true), project.ChartDir(), "pause"))
	installed := time.Now()
	for _, name := range []string{"pause-escron-a", "pause-escron-b", "pause-escron-own"} {
		assert.True(t, *getCronJob(t, kopts, name).Spec.Suspend, "%s is suspended", name)
	}
	client := clientset(t, kopts)
	jobsSince := func(since time.Time) map[string]int {
		jobs, err := client.cs.BatchV1().Jobs(kopts.Namespace).List(context.Background(), metav1.ListOptions{})
		require.NoError(t, err)
		counts := map[string]int{}
		for _, j := range jobs.Items {
			if !j.CreationTimestamp.Time.Before(since.Truncate(time.Second)) && len(j.OwnerReferences) > 0 {
				counts[j.OwnerReferences[0].Name]++
			}
		}
		return counts
	}

	// The CronJobs exist before the next boundary ("* * * * *"), so unsuspended, each
	// would start a Job within seconds of it.
	boundary := installed.Truncate(time.Minute).Add(time.Minute + 10*time.Second)
	t.Logf("paused: waiting past a minute boundary (until %s)", boundary.Format(time.TimeOnly))
	time.Sleep(time.Until(boundary))
	assert.Empty(t, jobsSince(installed), "no Job while paused")

	t.Log("kubectl patch resumes job a by hand; the next helm upgrade undoes it")
	kubectl(t, kopts, "patch", "cronjob", "pause-escron-a", "--type=merge", "-p", `{"spec":{"suspend":false}}`)
	require.False(t, *getCronJob(t, kopts, "pause-escron-a").Spec.Suspend)
	require.NoError(t, helmUpgradeE(t, values(true), project.ChartDir(), "pause"))
	assert.True(t, *getCronJob(t, kopts, "pause-escron-a").Spec.Suspend, "the upgrade restores suspend: true")

	t.Log("helm upgrade resumes every job but own")
	require.NoError(t, helmUpgradeE(t, values(false), project.ChartDir(), "pause"))
	resumed := time.Now()
	assert.False(t, *getCronJob(t, kopts, "pause-escron-a").Spec.Suspend)
	assert.True(t, *getCronJob(t, kopts, "pause-escron-own").Spec.Suspend, "a job's own suspend wins")
	time.Sleep(20 * time.Second)
	counts := jobsSince(resumed)
	t.Logf("Jobs in the 20 s after the resume: %v", counts)
	for cronJob, n := range counts {
		assert.LessOrEqual(t, n, 1, "%s started a burst of missed runs", cronJob)
	}
	assert.Zero(t, counts["pause-escron-own"])
}
