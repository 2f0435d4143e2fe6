package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/render"
)

// TestJobsMerge: each jobs entry starts from the root values and overrides them.
func TestJobsMerge(t *testing.T) {
	runCases(t, []renderCase{
		{name: "objects merge field by field, false and null win, lists replace", values: `mainContainer:
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
				assert.Equal(t, ptr(false), sc.AllowPrivilegeEscalation, "objects merge field by field")
				assert.Nil(t, mountAt(mainContainer(t, second), "/tmp"))
			}},
		{name: "a null entry leaves the job out, as a later -f does to remove it", values: "jobs: {keep: {}, old: null}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.CronJobs, 1)
				assert.Equal(t, "demo-escron-keep", objs.CronJobs[0].Name)
			}},
		{name: "every job removed: no CronJob, and no root job either", values: "jobs: {old: null, off: {enabled: false}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, objs.CronJobs)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "0 scheduled jobs")
			}},
		{name: "an env entry replaces the root's whole", values: `mainContainer:
  env:
    TOKEN: {secretKeyRef: {name: root-secret, key: token}}
jobs:
  a:
    mainContainer:
      env:
        TOKEN: {configMapKeyRef: {name: job-settings, key: token}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				env := envOf(mainContainer(t, onlyCronJob(t, objs)))["TOKEN"]
				require.NotNil(t, env.ValueFrom)
				assert.Nil(t, env.ValueFrom.SecretKeyRef, "not a valueFrom holding two sources")
				assert.Equal(t, "job-settings", env.ValueFrom.ConfigMapKeyRef.Name)
			}},
		{name: "a seccomp profile replaces the root's whole", values: `podSecurityContext:
  seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
jobs:
  a:
    podSecurityContext:
      seccompProfile: {type: RuntimeDefault}
`,
			check: func(t *testing.T, objs *render.Objects) {
				profile := podSpec(onlyCronJob(t, objs)).SecurityContext.SeccompProfile
				assert.Equal(t, &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}, profile)
			}},
		{name: "probes and resources replace the root's whole", values: `mainContainer:
  livenessProbe: {exec: {command: ["true"]}, periodSeconds: 30}
  resources: {requests: {cpu: 100m}, limits: {cpu: "1"}}
jobs:
  a:
    mainContainer:
      livenessProbe: {httpGet: {path: /, port: 80}}
      resources: {requests: {memory: 64Mi}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Nil(t, c.LivenessProbe.Exec, "one handler")
				assert.NotNil(t, c.LivenessProbe.HTTPGet)
				assert.Zero(t, c.LivenessProbe.PeriodSeconds)
				assert.Equal(t, corev1.ResourceList{corev1.ResourceMemory: c.Resources.Requests[corev1.ResourceMemory]}, c.Resources.Requests)
				assert.Empty(t, c.Resources.Limits)
			}},
		{name: "a job adds a file to a root configmaps entry, which it then owns", values: `configmaps:
  scripts: {mountpath: /opt, data: {run: {subPath: run.sh, content: "echo root"}}}
jobs:
  a:
    configmaps:
      scripts: {data: {extra: {subPath: extra.sh, content: "echo extra"}}}
  b: {}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ConfigMaps, 2, "a's own and the shared one")
				a := objs.CronJob("demo-escron-a")
				require.NotNil(t, a)
				assert.NotNil(t, mountAt(mainContainer(t, a), "/opt/run.sh"))
				assert.NotNil(t, mountAt(mainContainer(t, a), "/opt/extra.sh"), "the entry merged key by key: no mountpath needed again")
				assert.Equal(t, "demo-escron-a-scripts", volumeNamed(podSpec(a), "cm-scripts").ConfigMap.Name)
				assert.Equal(t, "demo-escron-scripts", volumeNamed(podSpec(objs.CronJob("demo-escron-b")), "cm-scripts").ConfigMap.Name)
			}},
		{name: "root configmaps shared by every job are rendered once", values: `configmaps:
  lib: {mountpath: /opt/lib, data: {lib: {subPath: lib.sh, content: "x() { :; }"}}}
jobs: {a: {}, b: {}, c: {}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ConfigMaps, 1)
				for _, cj := range objs.CronJobs {
					assert.Equal(t, objs.ConfigMaps[0].Name, volumeNamed(podSpec(cj), "cm-lib").ConfigMap.Name)
				}
			}},
		{name: "null is accepted anywhere in an entry", values: `jobs:
  a:
    mainContainer: {securityContext: {capabilities: null}, command: null, tag: null}
    podSecurityContext: {seccompProfile: null}
    cronjob: {timeZone: null, labels: null}
    configmaps: null
    affinity: null
`,
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Nil(t, c.SecurityContext.Capabilities)
				assert.Equal(t, "docker.io/library/busybox", c.Image)
			}},
		{name: "job key with capitals", values: "jobs: {Nightly: {}}",
			wantErr: []string{"jobs.Nightly: a job's key is a DNS label", "lower-case letters"}},
		{name: "job key of 64 characters", values: "jobs: {" + "a123456789b123456789c123456789d123456789e123456789f123456789abcd: {}}",
			wantErr: []string{"a job's key is a DNS label", "at most 63 characters"}},
		{name: "unknown key in a job", values: "jobs: {a: {cronJob: {}}}",
			wantErr: []string{"jobs.a.cronJob: no such key in jobs.a; did you mean jobs.a.cronjob?"}},
	})
}
