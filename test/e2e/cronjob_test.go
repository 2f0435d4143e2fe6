package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestScheduledJobCompletes: with a schedule of every minute, the CronJob controller
// creates a Job owned by the CronJob, the Job completes, and the CronJob records it.
func TestScheduledJobCompletes(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "tick", scriptValues("#!/bin/sh\necho scheduled run of escron\n"),
		"cronjob:\n  schedule: \"* * * * *\"\n")
	client := clientset(t, kopts)

	var scheduled string
	require.NoError(t, waitUntilE(t, "the CronJob controller to create a Job (next minute boundary)", 2*time.Second, 150*time.Second, func(ctx context.Context) (bool, error) {
		jobs, err := client.cs.BatchV1().Jobs(kopts.Namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		for _, j := range jobs.Items {
			for _, ref := range j.OwnerReferences {
				if ref.Kind == "CronJob" && ref.Name == "tick-escron" && ref.Controller != nil && *ref.Controller {
					scheduled = j.Name
				}
			}
		}
		return scheduled != "", nil
	}))
	require.NotEmpty(t, scheduled, "the CronJob controller created no Job owned by tick-escron")
	t.Logf("the CronJob controller created Job %s", scheduled)

	waitForJob(t, kopts, scheduled, batchv1.JobComplete, 2*time.Minute)
	assert.Contains(t, jobLogs(t, kopts, scheduled), "scheduled run of escron")

	require.NoError(t, waitUntilE(t, "the CronJob's status to record the success", time.Second, 60*time.Second, func(context.Context) (bool, error) {
		cj, err := getCronJobE(t, kopts, "tick-escron")
		return err == nil && cj.Status.LastSuccessfulTime != nil, nil
	}), "lastSuccessfulTime is not set")
}

// runNowProbe prints what the run-now test checks: which script ran, the env values,
// the uid and gid, and whether / and /tmp are writable.
const runNowProbe = `#!/bin/sh
set -eu
echo "script=$0"
echo "env ES_SERVER=${ES_SERVER} ES_BACKUP_RETENTION=${ES_BACKUP_RETENTION}"
echo "ids uid=$(id -u) gid=$(id -g)"
if touch /probe 2>/dev/null; then echo "root=writable"; else echo "root=read-only"; fi
touch /tmp/probe && echo "tmp=writable"
`

// TestRunNowJob: a Job created from the CronJob (as `kubectl create job --from` does)
// completes, and its log proves the mounted script ran with the env values, as the
// configured uid/gid, on a read-only root with a writable /tmp.
func TestRunNowJob(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "backup", scriptValues(runNowProbe), `mainContainer:
  env:
    ES_SERVER: training-dev-elasticsearch
    ES_BACKUP_RETENTION: 7
  securityContext:
    runAsUser: 100
    runAsGroup: 101
    readOnlyRootFilesystem: true
`)
	createJobFromCronJob(t, kopts, "backup-escron", "now-1")
	waitForJob(t, kopts, "now-1", batchv1.JobComplete, 2*time.Minute)
	log := jobLogs(t, kopts, "now-1")
	t.Logf("job log:\n%s", log)
	for _, want := range []string{
		"script=/opt/escron/run.sh",
		"env ES_SERVER=training-dev-elasticsearch ES_BACKUP_RETENTION=7",
		"ids uid=100 gid=101",
		"root=read-only",
		"tmp=writable",
	} {
		assert.Contains(t, log, want)
	}
}
