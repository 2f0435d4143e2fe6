package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/escron/escron/test/internal/render"
)

// TestFeatures renders one feature at a time over the defaults and checks the objects.
func TestFeatures(t *testing.T) {
	cases := []struct {
		name   string
		values string
		check  func(t *testing.T, objs *render.Objects)
	}{
		{
			name:   "defaults are admitted under Pod Security restricted",
			values: ``,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				spec := podSpec(cj)
				require.NotNil(t, spec.SecurityContext)
				assert.Equal(t, ptr(true), spec.SecurityContext.RunAsNonRoot)
				assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, spec.SecurityContext.SeccompProfile.Type)
				assert.Equal(t, ptr(false), spec.AutomountServiceAccountToken, "no service-account token by default")
				assert.Equal(t, "default", spec.ServiceAccountName)
				c := mainContainer(t, cj)
				assert.Equal(t, ptr(false), c.SecurityContext.AllowPrivilegeEscalation)
				assert.Equal(t, []corev1.Capability{"ALL"}, c.SecurityContext.Capabilities.Drop)
				assert.Equal(t, ptr(true), c.SecurityContext.ReadOnlyRootFilesystem)
				require.NotNil(t, mountAt(c, "/tmp"))
				tmp := volumeNamed(spec, "tmp")
				require.NotNil(t, tmp)
				assert.NotNil(t, tmp.EmptyDir)
				assert.Equal(t, corev1.RestartPolicyNever, spec.RestartPolicy)
				assert.Equal(t, batchv1.ForbidConcurrent, cj.Spec.ConcurrencyPolicy)
			},
		},
		{
			name:   "no /tmp volume when the root filesystem is writable",
			values: "mainContainer:\n  securityContext:\n    readOnlyRootFilesystem: false\n",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, mountAt(mainContainer(t, cj), "/tmp"))
				assert.Nil(t, volumeNamed(podSpec(cj), "tmp"))
			},
		},
		{
			name: "the user's own /tmp volume replaces escron's",
			values: `extraVolumes: [{name: scratch, emptyDir: {medium: Memory}}]
extraVolumeMounts: [{name: scratch, mountPath: /tmp}]`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, volumeNamed(podSpec(cj), "tmp"))
				assert.Equal(t, "scratch", mountAt(mainContainer(t, cj), "/tmp").Name)
			},
		},
		{
			name: "every cronjob and job field, zeros included",
			values: `cronjob:
  schedule: "@hourly"
  timeZone: Etc/UTC
  concurrencyPolicy: Replace
  suspend: true
  successfulJobsHistoryLimit: 0
  failedJobsHistoryLimit: 0
  startingDeadlineSeconds: 0
job:
  activeDeadlineSeconds: 1000000
  backoffLimit: 0
  completions: 0
  parallelism: 0
  ttlSecondsAfterFinished: 0
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "@hourly", cj.Spec.Schedule)
				assert.Equal(t, ptr("Etc/UTC"), cj.Spec.TimeZone)
				assert.Equal(t, batchv1.ReplaceConcurrent, cj.Spec.ConcurrencyPolicy)
				assert.Equal(t, ptr(true), cj.Spec.Suspend)
				assert.Equal(t, ptr(int32(0)), cj.Spec.SuccessfulJobsHistoryLimit)
				assert.Equal(t, ptr(int32(0)), cj.Spec.FailedJobsHistoryLimit)
				assert.Equal(t, ptr(int64(0)), cj.Spec.StartingDeadlineSeconds)
				job := cj.Spec.JobTemplate.Spec
				assert.Equal(t, ptr(int64(1000000)), job.ActiveDeadlineSeconds, "large numbers render as integers, not 1e+06")
				assert.Equal(t, ptr(int32(0)), job.BackoffLimit)
				assert.Equal(t, ptr(int32(0)), job.Completions)
				assert.Equal(t, ptr(int32(0)), job.Parallelism)
				assert.Equal(t, ptr(int32(0)), job.TTLSecondsAfterFinished)
			},
		},
		{
			name:   "unset optional fields are left out",
			values: "cronjob:\n  startingDeadlineSeconds: null\n  successfulJobsHistoryLimit: null\n",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, cj.Spec.StartingDeadlineSeconds)
				assert.Nil(t, cj.Spec.SuccessfulJobsHistoryLimit)
				assert.Nil(t, cj.Spec.TimeZone)
				assert.Nil(t, cj.Spec.JobTemplate.Spec.BackoffLimit)
				assert.Nil(t, cj.Spec.JobTemplate.Spec.PodFailurePolicy)
			},
		},
		{
			name: "podFailurePolicy renders as the Job API's",
			values: `job:
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
			},
		},
		{
			name: "env: every scalar is a string, maps are sources, null leaves a variable out",
			values: `mainContainer:
  env:
    INT: 7
    BIG: 1000000
    FLOAT: 1.5
    BOOL: true
    STR: "007"
    EMPTY: ""
    DROPPED: null
    FROM_SECRET: {secretKeyRef: {name: creds, key: password, optional: true}}
    FROM_CONFIGMAP: {configMapKeyRef: {name: settings, key: url}}
    NODE: {fieldRef: {fieldPath: spec.nodeName}}
    MEMORY: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				env := envOf(c)
				assert.Equal(t, "7", env["INT"].Value)
				assert.Equal(t, "1000000", env["BIG"].Value)
				assert.Equal(t, "1.5", env["FLOAT"].Value)
				assert.Equal(t, "true", env["BOOL"].Value)
				assert.Equal(t, "007", env["STR"].Value)
				assert.Contains(t, env, "EMPTY")
				assert.NotContains(t, env, "DROPPED")
				assert.Equal(t, ptr(true), env["FROM_SECRET"].ValueFrom.SecretKeyRef.Optional)
				assert.Equal(t, "url", env["FROM_CONFIGMAP"].ValueFrom.ConfigMapKeyRef.Key)
				assert.Equal(t, "spec.nodeName", env["NODE"].ValueFrom.FieldRef.FieldPath)
				assert.Equal(t, "limits.memory", env["MEMORY"].ValueFrom.ResourceFieldRef.Resource)
				var names []string
				for _, e := range c.Env {
					names = append(names, e.Name)
				}
				assert.IsNonDecreasing(t, names, "env is sorted, so renders are stable")
			},
		},
		{
			name:   "command and args stay lists, numbers become strings",
			values: "mainContainer:\n  command: [sh, -c, 'echo \"$0 $1\" > /dev/null', first]\n  args: [--retries, 3]\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, []string{"sh", "-c", `echo "$0 $1" > /dev/null`, "first"}, c.Command)
				assert.Equal(t, []string{"--retries", "3"}, c.Args)
			},
		},
		{
			name:   "image reference: tag and digest",
			values: "mainContainer:\n  image: registry.example.com:5000/team/tool\n  tag: v1.2.3\n  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  pullPolicy: Always\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, "registry.example.com:5000/team/tool:v1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", c.Image)
				assert.Equal(t, corev1.PullAlways, c.ImagePullPolicy)
			},
		},
		{
			name:   "image without tag",
			values: "mainContainer:\n  image: alpine\n  tag: \"\"\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "alpine", mainContainer(t, onlyCronJob(t, objs)).Image)
			},
		},
		{
			name: "configmap items: mounted by subPath, with or without a trailing slash, content verbatim",
			values: `configmaps:
  conf:
    mountpath: /etc/app
    data:
      settings: {subPath: settings.yaml, mode: 0400, content: "greeting: '{{ .Release.Name }}'\n"}
  bin:
    mountpath: /usr/local/bin/
    data:
      run: {subPath: run.sh, content: "#!/bin/sh\n  indented  \n\ttab\n\n\nno trailing newline"}
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				c := mainContainer(t, cj)
				settings := mountAt(c, "/etc/app/settings.yaml")
				require.NotNil(t, settings)
				assert.Equal(t, "settings", settings.SubPath)
				require.NotNil(t, mountAt(c, "/usr/local/bin/run.sh"))
				assert.Equal(t, ptr(int32(0o400)), volumeNamed(podSpec(cj), "cm-conf").ConfigMap.Items[0].Mode)
				assert.Equal(t, "demo-escron-conf", volumeNamed(podSpec(cj), "cm-conf").ConfigMap.Name)
				conf := objs.ConfigMap("demo-escron-conf")
				require.NotNil(t, conf)
				assert.Equal(t, "greeting: '{{ .Release.Name }}'\n", conf.Data["settings"], "content is never templated")
				assert.Equal(t, "#!/bin/sh\n  indented  \n\ttab\n\n\nno trailing newline", objs.ConfigMap("demo-escron-bin").Data["run"])
			},
		},
		{
			name: "pod settings",
			values: `podSecurityContext: {fsGroup: 2000}
serviceAccount: {name: existing-sa, automount: true}
imagePullSecrets: [pull-a, {name: pull-b}]
nodeSelector: {kubernetes.io/os: linux}
tolerations: [{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}]
affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]}}}
priorityClassName: low
podAnnotations: {example.com/note: "yes"}
podLabels: {team: data}
extraVolumes: [{name: cache, emptyDir: {}}]
extraVolumeMounts: [{name: cache, mountPath: /cache}]
initContainers: [{name: wait, image: busybox:1.37.0, command: [sh, -c, "true"]}]
restartPolicy: OnFailure
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				spec := podSpec(cj)
				assert.Equal(t, ptr(int64(2000)), spec.SecurityContext.FSGroup)
				assert.Equal(t, ptr(int64(65532)), spec.SecurityContext.RunAsUser, "defaults kept next to the user's keys")
				assert.Equal(t, "existing-sa", spec.ServiceAccountName)
				assert.Equal(t, ptr(true), spec.AutomountServiceAccountToken)
				assert.Empty(t, objs.ServiceAccounts, "an existing account is not created")
				assert.Equal(t, []corev1.LocalObjectReference{{Name: "pull-a"}, {Name: "pull-b"}}, spec.ImagePullSecrets)
				assert.Equal(t, "linux", spec.NodeSelector["kubernetes.io/os"])
				assert.Equal(t, "batch", spec.Tolerations[0].Value)
				assert.Equal(t, "zone", spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Key)
				assert.Equal(t, "low", spec.PriorityClassName)
				tmpl := cj.Spec.JobTemplate.Spec.Template
				assert.Equal(t, "yes", tmpl.Annotations["example.com/note"])
				assert.Equal(t, "data", tmpl.Labels["team"])
				assert.Equal(t, "demo", tmpl.Labels["app.kubernetes.io/instance"])
				assert.NotNil(t, volumeNamed(spec, "cache"))
				assert.NotNil(t, mountAt(mainContainer(t, cj), "/cache"))
				require.Len(t, spec.InitContainers, 1)
				assert.Equal(t, ptr(false), spec.InitContainers[0].SecurityContext.AllowPrivilegeEscalation, "init containers get the hardened context")
				assert.Equal(t, corev1.RestartPolicyOnFailure, spec.RestartPolicy)
			},
		},
		{
			name: "jobs: overrides merge over the root, false and null win, lists replace",
			values: `mainContainer:
  env: {A: root, B: root}
  command: [sh, -c, root]
cronjob: {suspend: true}
jobs:
  first:
    cronjob: {suspend: false}
    mainContainer:
      env: {B: null, C: first}
  second:
    mainContainer:
      command: [sh, -c, second]
      securityContext: {readOnlyRootFilesystem: false}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.CronJobs, 2)
				first, second := objs.CronJob("demo-escron-first"), objs.CronJob("demo-escron-second")
				require.NotNil(t, first)
				require.NotNil(t, second)
				assert.Equal(t, ptr(false), first.Spec.Suspend, "false overrides the root's true")
				assert.Equal(t, ptr(true), second.Spec.Suspend)
				fe := envOf(mainContainer(t, first))
				assert.Equal(t, map[string]string{"A": "root", "C": "first"}, map[string]string{"A": fe["A"].Value, "C": fe["C"].Value})
				assert.NotContains(t, fe, "B", "null removes a root default")
				assert.Equal(t, []string{"sh", "-c", "root"}, mainContainer(t, first).Command)
				assert.Equal(t, []string{"sh", "-c", "second"}, mainContainer(t, second).Command)
				sc := mainContainer(t, second).SecurityContext
				assert.Equal(t, ptr(false), sc.ReadOnlyRootFilesystem)
				assert.Equal(t, ptr(false), sc.AllowPrivilegeEscalation, "maps merge key by key")
				assert.Nil(t, mountAt(mainContainer(t, second), "/tmp"))
			},
		},
		{
			name:   "labels: recommended, component is the job's key",
			values: "jobs: {nightly: {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				for _, labels := range []map[string]string{cj.Labels, cj.Spec.JobTemplate.Labels, cj.Spec.JobTemplate.Spec.Template.Labels} {
					assert.Equal(t, "escron", labels["app.kubernetes.io/name"])
					assert.Equal(t, "demo", labels["app.kubernetes.io/instance"])
					assert.Equal(t, "nightly", labels["app.kubernetes.io/component"])
					assert.Equal(t, "Helm", labels["app.kubernetes.io/managed-by"])
					assert.Regexp(t, `^escron-\d+\.\d+\.\d+`, labels["helm.sh/chart"])
					assert.NotEmpty(t, labels["app.kubernetes.io/version"])
				}
			},
		},
		{
			name:   "no test hook unless asked for",
			values: ``,
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, objs.Pods)
			},
		},
		{
			name: "test hook: each job's own pod template, run once",
			values: `tests: {enabled: true}
restartPolicy: OnFailure
job: {activeDeadlineSeconds: 600}
mainContainer: {command: [sh, -c, 'echo ok']}
jobs: {a: {}, b: {podAnnotations: {note: b}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Pods, 2)
				for _, pod := range objs.Pods {
					assert.Equal(t, "test", pod.Annotations["helm.sh/hook"])
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
			},
		},
		{
			name:   "a service account created and used",
			values: "serviceAccount: {create: true, name: backup-runner}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 1)
				assert.Equal(t, "backup-runner", objs.ServiceAccounts[0].Name)
				assert.Equal(t, "backup-runner", podSpec(onlyCronJob(t, objs)).ServiceAccountName)
			},
		},
		{
			name:   "one service account for several jobs",
			values: "serviceAccount: {create: true}\njobs: {a: {}, b: {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 1)
				for _, cj := range objs.CronJobs {
					assert.Equal(t, objs.ServiceAccounts[0].Name, podSpec(cj).ServiceAccountName)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, renderValues(t, tc.values))
		})
	}
}

// TestNames checks the API's name limits for long release and job names: a CronJob
// name of at most 52 characters, label values of at most 63, and no two releases
// whose long names share a prefix colliding after shortening.
func TestNames(t *testing.T) {
	long := strings.Repeat("a", 40)
	cases := []struct {
		release, job string
	}{
		{"short", ""},
		{long + "-one", ""},
		{long + "-two", ""},
		{"x", strings.Repeat("j", 40)},
		{strings.Repeat("r", 53), strings.Repeat("k", 40)},
		{strings.Repeat("r", 53), strings.Repeat("k", 39) + "z"},
	}
	seen := map[string]string{}
	for _, tc := range cases {
		values := "configmaps: {scripts: {mountpath: /opt, data: {s: {subPath: s.sh, content: x}}}}\n"
		if tc.job != "" {
			values += "jobs: {" + tc.job + ": {}}\n"
		}
		objs := renderObjects(t, render.Options{ReleaseName: tc.release, Values: values})
		cj := onlyCronJob(t, objs)
		assert.LessOrEqual(t, len(cj.Name), 52, "CronJob name %q", cj.Name)
		assert.Empty(t, validation.IsDNS1123Subdomain(cj.Name))
		for _, labels := range []map[string]string{cj.Labels, cj.Spec.JobTemplate.Spec.Template.Labels} {
			for k, v := range labels {
				assert.Empty(t, validation.IsValidLabelValue(v), "label %s=%q", k, v)
			}
		}
		require.Len(t, objs.ConfigMaps, 1)
		assert.Empty(t, validation.IsDNS1123Subdomain(objs.ConfigMaps[0].Name))
		assert.LessOrEqual(t, len(objs.ConfigMaps[0].Name), 63)
		key := tc.release + "/" + tc.job
		if other, dup := seen[cj.Name]; dup {
			t.Errorf("%s and %s both render CronJob %s", key, other, cj.Name)
		}
		seen[cj.Name] = key
	}
}
