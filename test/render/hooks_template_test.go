package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/render"
)

// TestHooks: the helm test Pod and the run-on-install Job, both from the job's own pod
// template.
func TestHooks(t *testing.T) {
	runCases(t, []renderCase{
		{name: "no hook unless asked for",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, objs.Pods)
				assert.Empty(t, objs.Jobs)
			}},
		{name: "test hook: each job's own pod template, run once", values: `tests: {enabled: true}
restartPolicy: OnFailure
job: {activeDeadlineSeconds: 600}
mainContainer: {command: [sh, -c, 'echo ok']}
jobs: {a: {}, b: {podAnnotations: {note: b, helm.sh/hook: pre-install}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Pods, 2)
				for _, pod := range objs.Pods {
					assert.Equal(t, "test", pod.Annotations["helm.sh/hook"], "the hook's annotations win over podAnnotations")
					assert.Equal(t, "before-hook-creation,hook-succeeded", pod.Annotations["helm.sh/hook-delete-policy"])
					assert.Equal(t, corev1.RestartPolicyNever, pod.Spec.RestartPolicy, "a failing script fails the test instead of restarting")
					assert.Equal(t, ptr(int64(600)), pod.Spec.ActiveDeadlineSeconds)
					cj := objs.CronJob(strings.TrimSuffix(pod.Name, "-test"))
					require.NotNil(t, cj, "pod %s", pod.Name)
					assert.Equal(t, mainContainer(t, cj), &pod.Spec.Containers[0], "same container as the CronJob")
					assert.Equal(t, podSpec(cj).Volumes, pod.Spec.Volumes)
					assert.Equal(t, podSpec(cj).SecurityContext, pod.Spec.SecurityContext)
				}
				assert.Equal(t, "b", objs.Pods[1].Annotations["note"], "pod annotations kept next to the hook's")
			}},
		{name: "the test Pod keeps the pod's own activeDeadlineSeconds", values: "tests: {enabled: true}\nactiveDeadlineSeconds: 30\njob: {activeDeadlineSeconds: 60}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Pods, 1)
				assert.Equal(t, ptr(int64(30)), objs.Pods[0].Spec.ActiveDeadlineSeconds)
				assert.Equal(t, ptr(int64(30)), podSpec(onlyCronJob(t, objs)).ActiveDeadlineSeconds)
			}},
		{name: "a pod activeDeadlineSeconds of 0", values: "activeDeadlineSeconds: 0\n",
			wantErr: []string{"activeDeadlineSeconds is 0: it takes a whole number from 1 to 2147483647"}},
		{name: "runOnInstall: a post-install and post-upgrade hook Job from the same Job spec and pod template", values: `runOnInstall: true
job: {backoffLimit: 2, labels: {tier: batch}}
configmaps: {s: {mountpath: /opt, data: {run: {subPath: run.sh, content: echo}}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Jobs, 1)
				job, cj := objs.Jobs[0], onlyCronJob(t, objs)
				assert.Equal(t, "demo-escron-install", job.Name)
				assert.LessOrEqual(t, len(job.Name), 63)
				assert.Equal(t, "post-install,post-upgrade", job.Annotations["helm.sh/hook"])
				assert.Equal(t, "before-hook-creation", job.Annotations["helm.sh/hook-delete-policy"], "the last run and its log stay until the next")
				assert.Equal(t, "batch", job.Labels["tier"])
				assert.Equal(t, "main", job.Labels["app.kubernetes.io/component"])
				assert.Equal(t, cj.Spec.JobTemplate.Spec, job.Spec, "the CronJob's own Job spec")
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "It ran once after this install (runOnInstall); its log:")
				assert.Contains(t, notes, "kubectl -n default logs job/demo-escron-install")
			}},
		{name: "runOnInstall per job, or for all", values: "runOnInstall: true\njobs: {a: {}, b: {runOnInstall: false}, " + strings.Repeat("k", 63) + ": {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Jobs, 2)
				for _, job := range objs.Jobs {
					assert.LessOrEqual(t, len(job.Name), 63, job.Name)
					assert.NotEqual(t, "demo-escron-b-install", job.Name)
				}
			}},
	})
}
