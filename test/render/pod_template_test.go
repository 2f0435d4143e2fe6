package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/render"
)

func TestPod(t *testing.T) {
	runCases(t, []renderCase{
		{name: "os windows: the chart's Linux-only hardening left out, the rest kept, NOTES say so",
			values: "jobs: {win: {os: {name: windows}, mainContainer: {securityContext: {windowsOptions: {runAsUserName: ContainerUser}}}}, lin: {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				win := podSpec(objs.CronJob("demo-escron-win"))
				assert.Equal(t, &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)}, win.SecurityContext)
				assert.Equal(t, &corev1.SecurityContext{RunAsNonRoot: ptr(true), WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("ContainerUser")}}, win.Containers[0].SecurityContext)
				assert.Empty(t, win.Volumes, "no /tmp emptyDir without readOnlyRootFilesystem")
				lin := podSpec(objs.CronJob("demo-escron-lin"))
				assert.Equal(t, ptr(int64(65532)), lin.SecurityContext.RunAsUser, "a Linux job keeps the hardening")
				assert.Equal(t, ptr(true), lin.Containers[0].SecurityContext.ReadOnlyRootFilesystem)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "jobs.win.os.name is windows: the chart leaves out its Linux-only hardening")
				assert.NotContains(t, notes, "Pod Security Standards", "Pod Security exempts Windows pods from the Linux-only checks")
			}},
		{name: "os windows keeps a Linux-only field the user set otherwise, for the API server to judge",
			values: "os: {name: windows}\npodSecurityContext: {runAsUser: 1000}\nmainContainer: {securityContext: {readOnlyRootFilesystem: false}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				spec := podSpec(onlyCronJob(t, objs))
				assert.Equal(t, ptr(int64(1000)), spec.SecurityContext.RunAsUser)
				assert.Equal(t, ptr(false), spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem)
			}},
		{name: "pod-level resources: no default container resources beside them; the user's own stay",
			values: "resources: {limits: {cpu: 1, memory: 128Mi}}\njobs: {plain: {}, own: {mainContainer: {resources: {limits: {cpu: 500m}}}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				plain := podSpec(objs.CronJob("demo-escron-plain"))
				assert.Equal(t, "1", plain.Resources.Limits.Cpu().String())
				assert.Empty(t, plain.Containers[0].Resources, "the pod's budget governs")
				own := podSpec(objs.CronJob("demo-escron-own"))
				assert.Equal(t, "500m", own.Containers[0].Resources.Limits.Cpu().String())
			}},
		{name: "defaults are admitted under Pod Security restricted",
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
			}},
		{name: "pod settings", values: `podSecurityContext: {fsGroup: 2000}
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
			}},
		{name: "every other PodSpec field passes through as given", values: `
terminationGracePeriodSeconds: 30
activeDeadlineSeconds: 600
topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}]
dnsPolicy: None
dnsConfig: {nameservers: [10.0.0.10], searches: [svc.cluster.local], options: [{name: ndots, value: "2"}]}
hostAliases: [{ip: 10.0.0.5, hostnames: [es.internal]}]
runtimeClassName: gvisor
enableServiceLinks: false
shareProcessNamespace: true
hostUsers: false
os: {name: linux}
schedulingGates: [{name: example.com/quota}]
resources: {limits: {cpu: "1"}}
priority: 0
`,
			check: func(t *testing.T, objs *render.Objects) {
				spec := podSpec(onlyCronJob(t, objs))
				assert.Equal(t, ptr(int64(30)), spec.TerminationGracePeriodSeconds)
				assert.Equal(t, ptr(int64(600)), spec.ActiveDeadlineSeconds)
				require.Len(t, spec.TopologySpreadConstraints, 1)
				assert.Equal(t, corev1.ScheduleAnyway, spec.TopologySpreadConstraints[0].WhenUnsatisfiable)
				assert.Equal(t, corev1.DNSNone, spec.DNSPolicy)
				assert.Equal(t, ptr("2"), spec.DNSConfig.Options[0].Value)
				assert.Equal(t, []string{"es.internal"}, spec.HostAliases[0].Hostnames)
				assert.Equal(t, ptr("gvisor"), spec.RuntimeClassName)
				assert.Equal(t, ptr(false), spec.EnableServiceLinks, "false is written")
				assert.Equal(t, ptr(true), spec.ShareProcessNamespace)
				assert.Equal(t, ptr(false), spec.HostUsers)
				assert.Equal(t, corev1.OSName("linux"), spec.OS.Name)
				assert.Equal(t, "example.com/quota", spec.SchedulingGates[0].Name)
				assert.Equal(t, "1", spec.Resources.Limits.Cpu().String())
				assert.Equal(t, ptr(int32(0)), spec.Priority, "zero is written")
			}},
		{name: "restartPolicy null is Never", values: "restartPolicy: null\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, corev1.RestartPolicyNever, podSpec(onlyCronJob(t, objs)).RestartPolicy)
			}},
		{name: "extra containers beside the main one", values: "extraContainers: [{name: shipper, image: 'docker.io/library/busybox:1.37.0', args: [sleep, '5']}]\n",
			check: func(t *testing.T, objs *render.Objects) {
				spec := podSpec(onlyCronJob(t, objs))
				require.Len(t, spec.Containers, 2)
				assert.Equal(t, "main", spec.Containers[0].Name, "the main container first")
				assert.Equal(t, "shipper", spec.Containers[1].Name)
				assert.Equal(t, ptr(false), spec.Containers[1].SecurityContext.AllowPrivilegeEscalation, "the hardened context when it sets none")
			}},
		{name: "restartPolicy Always", values: `restartPolicy: Always`,
			wantErr: []string{`restartPolicy is "Always"`, "Never (the default) or OnFailure"}},
		{name: "unknown key in a toleration", values: "tolerations: [{kye: dedicated}]\n",
			wantErr: []string{"tolerations[0].kye: no such key in tolerations[0]; did you mean tolerations[0].key?"}},
		{name: "required node affinity with null terms (the API server requires one)", values: "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: null}}}\n",
			wantErr: []string{"affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms is null: Kubernetes requires it"}},
		{name: "a job's required node affinity with no terms", values: "jobs: {db: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}}}\n",
			wantErr: []string{"jobs.db.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution has no nodeSelectorTerms"}},
		{name: "unknown key deep in affinity", values: "affinity: {nodeAffinity: {requiredDuringScheduling: {}}}\n",
			wantErr: []string{"affinity.nodeAffinity.requiredDuringScheduling: no such key in affinity.nodeAffinity; did you mean affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution?"}},
		{name: "unknown pod field", values: "terminationGracePeriod: 30\n",
			wantErr: []string{"terminationGracePeriod: no such key at the root of the values; did you mean terminationGracePeriodSeconds?"}},
		{name: "an imagePullSecrets entry without a name", values: "imagePullSecrets: [{}]\n",
			wantErr: []string{"imagePullSecrets[0] has no name"}},
		{name: "a wrong type deep in the pod", values: "topologySpreadConstraints: [{maxSkew: one, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]\n",
			wantErr: []string{"/topologySpreadConstraints/0/maxSkew", "got string, want"}},
	})
}
