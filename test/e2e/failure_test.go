package e2e_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
)

// TestFailurePaths: each way a run can fail ends the Job Failed, with the reason and
// the number of pods Kubernetes promises.
func TestFailurePaths(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	cases := []struct {
		name       string
		script     string
		values     string
		wantReason string
		wantFailed int32 // failed pods: the Job gives up after that many
	}{
		{
			name:       "script exits 1: backoffLimit+1 pods and no more",
			script:     "#!/bin/sh\necho failing on purpose\nexit 1\n",
			values:     "job:\n  backoffLimit: 1\n",
			wantReason: "BackoffLimitExceeded",
			wantFailed: 2,
		},
		{
			name:       "activeDeadlineSeconds stops a script that sleeps",
			script:     "#!/bin/sh\necho sleeping\nexec sleep 600\n",
			values:     "job:\n  activeDeadlineSeconds: 5\n  backoffLimit: 0\n",
			wantReason: "DeadlineExceeded",
			wantFailed: 1,
		},
		{
			name:       "a podFailurePolicy exit-code rule fails the Job at once",
			script:     "#!/bin/sh\necho permanent failure\nexit 42\n",
			values:     "job:\n  backoffLimit: 5\n  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {containerName: main, operator: In, values: [42]}\n",
			wantReason: "PodFailurePolicy",
			wantFailed: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kopts := newNamespace(t)
			install(t, kopts, "fails", scriptValues(tc.script), tc.values)
			createJobFromCronJob(t, kopts, "fails-escron", "run")
			job := waitForJob(t, kopts, "run", batchv1.JobFailed, 3*time.Minute)
			require.NotNil(t, jobCondition(job, batchv1.JobFailed))
			assert.Equal(t, tc.wantReason, jobCondition(job, batchv1.JobFailed).Reason)
			t.Logf("Job run failed: %s, %d failed pods", tc.wantReason, job.Status.Failed)

			assert.Equal(t, tc.wantFailed, job.Status.Failed, "failed pods")

			t.Log("checking that no pod is started after the Job failed")
			time.Sleep(5 * time.Second)
			job = getJob(t, kopts, "run")
			assert.Equal(t, tc.wantFailed, job.Status.Failed, "failed pods, 5 s later")
			assert.Zero(t, job.Status.Active, "active pods")
			assert.LessOrEqual(t, len(clientset(t, kopts).jobPods(t, "run")), int(tc.wantFailed))
		})
	}
}
