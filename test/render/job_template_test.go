package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/render"
)

func TestJob(t *testing.T) {
	runCases(t, []renderCase{
		{name: "every job field, zeros included", values: `job:
  activeDeadlineSeconds: 1000000
  backoffLimit: 0
  completions: 0
  parallelism: 0
  ttlSecondsAfterFinished: 0
`,
			check: func(t *testing.T, objs *render.Objects) {
				job := onlyCronJob(t, objs).Spec.JobTemplate.Spec
				assert.Equal(t, ptr(int64(1000000)), job.ActiveDeadlineSeconds, "large numbers render as integers, not 1e+06")
				assert.Equal(t, ptr(int32(0)), job.BackoffLimit)
				assert.Equal(t, ptr(int32(0)), job.Completions)
				assert.Equal(t, ptr(int32(0)), job.Parallelism)
				assert.Equal(t, ptr(int32(0)), job.TTLSecondsAfterFinished)
			}},
		{name: "the Job API's newer fields", values: `restartPolicy: Never
job:
  completionMode: Indexed
  completions: 4
  parallelism: 2
  backoffLimitPerIndex: 1
  maxFailedIndexes: 2
  podReplacementPolicy: Failed
  successPolicy: {rules: [{succeededIndexes: "0-1", succeededCount: 1}]}
  managedBy: example.com/queue
  suspend: true
`,
			check: func(t *testing.T, objs *render.Objects) {
				job := onlyCronJob(t, objs).Spec.JobTemplate.Spec
				assert.Equal(t, ptr(batchv1.IndexedCompletion), job.CompletionMode)
				assert.Equal(t, ptr(int32(1)), job.BackoffLimitPerIndex)
				assert.Equal(t, ptr(int32(2)), job.MaxFailedIndexes)
				assert.Equal(t, ptr(batchv1.Failed), job.PodReplacementPolicy)
				require.NotNil(t, job.SuccessPolicy)
				assert.Equal(t, ptr("0-1"), job.SuccessPolicy.Rules[0].SucceededIndexes)
				assert.Equal(t, ptr("example.com/queue"), job.ManagedBy)
				assert.Equal(t, ptr(true), job.Suspend)
			}},
		{name: "unset optional fields are left out",
			check: func(t *testing.T, objs *render.Objects) {
				job := onlyCronJob(t, objs).Spec.JobTemplate.Spec
				assert.Nil(t, job.BackoffLimit)
				assert.Nil(t, job.PodFailurePolicy)
				assert.Nil(t, job.ActiveDeadlineSeconds)
			}},
		{name: "podFailurePolicy renders as the Job API's", values: `job:
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {containerName: main, operator: In, values: [42]}
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]
`,
			check: func(t *testing.T, objs *render.Objects) {
				pfp := onlyCronJob(t, objs).Spec.JobTemplate.Spec.PodFailurePolicy
				require.NotNil(t, pfp)
				require.Len(t, pfp.Rules, 2)
				assert.Equal(t, batchv1.PodFailurePolicyActionFailJob, pfp.Rules[0].Action)
				assert.Equal(t, []int32{42}, pfp.Rules[0].OnExitCodes.Values)
				assert.Equal(t, corev1.DisruptionTarget, pfp.Rules[1].OnPodConditions[0].Type)
			}},
		{name: "podFailurePolicy with restartPolicy null, which is Never", values: "restartPolicy: null\njob: {podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [1]}}]}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, corev1.RestartPolicyNever, podSpec(onlyCronJob(t, objs)).RestartPolicy)
				assert.NotNil(t, onlyCronJob(t, objs).Spec.JobTemplate.Spec.PodFailurePolicy)
			}},
		{name: "podFailurePolicy with OnFailure", values: "restartPolicy: OnFailure\njob: {podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [1]}}]}}",
			wantErr: []string{"job.podFailurePolicy", `restartPolicy "OnFailure"`, "only with restartPolicy Never"}},
		{name: "string as a number", values: `job: {backoffLimit: "3"}`,
			wantErr: []string{"/job/backoffLimit", "got string, want"}},
		{name: "fractional deadline", values: `job: {activeDeadlineSeconds: 1.5}`,
			wantErr: []string{"/job/activeDeadlineSeconds", "got number, want"}},
		{name: "a number too large for any integer", values: `job: {backoffLimit: 1e19}`,
			wantErr: []string{"job.backoffLimit is 10000000000000000000: it takes a whole number from 0 to 2147483647"}},
		{name: "an int32 field past 2^31", values: `job: {backoffLimit: 3000000000}`,
			wantErr: []string{"job.backoffLimit is 3000000000: it takes a whole number from 0 to 2147483647"}},
		{name: "an int64 field past 2^63", values: `job: {activeDeadlineSeconds: 1e19}`,
			wantErr: []string{"job.activeDeadlineSeconds is 10000000000000000000: it takes a whole number from 0 to 9223372036854775807"}},
		{name: "a deadline of zero renders (Kubernetes takes it); NOTES say every run stops at once",
			values: "job: {activeDeadlineSeconds: 0}\ntests: {enabled: true}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, ptr(int64(0)), onlyCronJob(t, objs).Spec.JobTemplate.Spec.ActiveDeadlineSeconds)
				require.Len(t, objs.Pods, 1)
				assert.Nil(t, objs.Pods[0].Spec.ActiveDeadlineSeconds, "a pod's deadline is 1 or more: the test pod gets none")
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "job.activeDeadlineSeconds is 0: Kubernetes stops every run of this job at once (DeadlineExceeded), so none can succeed.")
			}},
		{name: "a negative deadline", values: `job: {activeDeadlineSeconds: -1}`,
			wantErr: []string{"job.activeDeadlineSeconds is -1: it takes a whole number from 0 to 9223372036854775807"}},
		{name: "typo inside a job", values: "jobs: {nightly: {job: {backofLimit: 1}}}",
			wantErr: []string{"jobs.nightly.job.backofLimit: no such key in jobs.nightly.job; did you mean jobs.nightly.job.backoffLimit?"}},
	})
}
