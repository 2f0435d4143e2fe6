package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/escron/escron/test/internal/render"
)

func TestMainContainer(t *testing.T) {
	runCases(t, []renderCase{
		{name: "image reference: tag and digest", values: "mainContainer:\n  image: registry.example.com:5000/team/tool\n  tag: v1.2.3\n  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  pullPolicy: Always\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, "registry.example.com:5000/team/tool:v1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", c.Image)
				assert.Equal(t, corev1.PullAlways, c.ImagePullPolicy)
			}},
		{name: "image without tag", values: "mainContainer:\n  image: alpine\n  tag: \"\"\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "alpine", mainContainer(t, onlyCronJob(t, objs)).Image)
			}},
		{name: "command and args stay lists, numbers become strings", values: "mainContainer:\n  command: [sh, -c, 'echo \"$0 $1\" > /dev/null', first]\n  args: [--retries, 3, 1000000, 1.5, true]\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, []string{"sh", "-c", `echo "$0 $1" > /dev/null`, "first"}, c.Command)
				assert.Equal(t, []string{"--retries", "3", "1000000", "1.5", "true"}, c.Args, "1000000, not 1e+06")
			}},
		{name: "shell words in a command are passed as given", values: "mainContainer: {command: [expr, '3', '>', '2'], args: ['2>&1', '&&', '|']}\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, []string{"expr", "3", ">", "2"}, c.Command)
				assert.Equal(t, []string{"2>&1", "&&", "|"}, c.Args)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, `mainContainer.command[2] is ">": no shell reads a container's command`)
				assert.Contains(t, notes, `mainContainer.args[0] is "2>&1"`)
			}},
		{name: "the Container API's other fields", values: `mainContainer:
  workingDir: /work
  lifecycle: {preStop: {exec: {command: [sh, -c, "sleep 1"]}}}
  livenessProbe: {exec: {command: ["true"]}, periodSeconds: 30}
  startupProbe: {tcpSocket: {port: 9200}}
  readinessProbe: {httpGet: {path: /health, port: http}}
  ports: [{name: http, containerPort: 8080}]
  stdin: true
  tty: true
  terminationMessagePolicy: FallbackToLogsOnError
  terminationMessagePath: /tmp/termination
  resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]
  envFrom: [{configMapRef: {name: settings}, prefix: APP_}]
`,
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Equal(t, "/work", c.WorkingDir)
				assert.Equal(t, []string{"sh", "-c", "sleep 1"}, c.Lifecycle.PreStop.Exec.Command)
				assert.Equal(t, int32(30), c.LivenessProbe.PeriodSeconds)
				assert.Equal(t, int32(9200), c.StartupProbe.TCPSocket.Port.IntVal)
				assert.Equal(t, "http", c.ReadinessProbe.HTTPGet.Port.StrVal)
				assert.Equal(t, int32(8080), c.Ports[0].ContainerPort)
				assert.True(t, c.Stdin)
				assert.True(t, c.TTY)
				assert.Equal(t, corev1.TerminationMessageFallbackToLogsOnError, c.TerminationMessagePolicy)
				assert.Equal(t, "/tmp/termination", c.TerminationMessagePath)
				assert.Equal(t, corev1.ResourceCPU, c.ResizePolicy[0].ResourceName)
				assert.Equal(t, "APP_", c.EnvFrom[0].Prefix)
			}},
		{name: "resources as given: no default merged into them", values: "mainContainer: {resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: 500m, memory: 512Mi}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				r := mainContainer(t, onlyCronJob(t, objs)).Resources
				assert.Equal(t, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")}, r.Requests)
				assert.Equal(t, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")}, r.Limits, "no ephemeral-storage limit that nobody wrote")
			}},
		{name: "default resources when none are set",
			check: func(t *testing.T, objs *render.Objects) {
				r := mainContainer(t, onlyCronJob(t, objs)).Resources
				assert.Equal(t, "50m", r.Requests.Cpu().String())
				assert.Equal(t, "64Mi", r.Requests.Memory().String())
				assert.Equal(t, "64Mi", r.Requests.StorageEphemeral().String())
				assert.Equal(t, "500m", r.Limits.Cpu().String())
				assert.Equal(t, "256Mi", r.Limits.Memory().String())
				assert.Equal(t, "1Gi", r.Limits.StorageEphemeral().String())
			}},
		{name: "the main container's security context merges over the hardened defaults", values: "mainContainer: {securityContext: {runAsUser: 100, runAsGroup: 101}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				sc := mainContainer(t, onlyCronJob(t, objs)).SecurityContext
				assert.Equal(t, ptr(int64(100)), sc.RunAsUser)
				assert.Equal(t, ptr(false), sc.AllowPrivilegeEscalation)
				assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)
				assert.Equal(t, ptr(true), sc.RunAsNonRoot)
			}},
		{name: "running as root is allowed when runAsNonRoot is turned off", values: "mainContainer: {securityContext: {runAsUser: 0, runAsNonRoot: false}}\npodSecurityContext: {runAsNonRoot: false}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, ptr(int64(0)), mainContainer(t, onlyCronJob(t, objs)).SecurityContext.RunAsUser)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, `do not meet the Pod Security Standards "restricted" profile`)
				assert.Contains(t, notes, "mainContainer.securityContext.runAsUser is 0")
			}},
		{name: "securityContext null opts out, and NOTES say so", values: "mainContainer: {securityContext: null}\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.Nil(t, c.SecurityContext)
				assert.Nil(t, mountAt(c, "/tmp"), "no read-only root, no /tmp volume")
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "mainContainer.securityContext.allowPrivilegeEscalation is not false")
				assert.Contains(t, notes, "mainContainer.securityContext.capabilities.drop does not hold ALL")
			}},
		{name: "dropping a single capability opts out, and NOTES say so", values: "mainContainer: {securityContext: {capabilities: {drop: [NET_RAW]}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, []corev1.Capability{"NET_RAW"}, mainContainer(t, onlyCronJob(t, objs)).SecurityContext.Capabilities.Drop)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "capabilities.drop does not hold ALL")
			}},
		{name: "the defaults meet restricted, and NOTES say nothing of it",
			notes: func(t *testing.T, notes string) {
				assert.NotContains(t, notes, "Pod Security")
			}},
		{name: "init containers: the hardened context when unset, an explicit one kept", values: `initContainers:
  - {name: default, image: busybox}
  - {name: empty, image: busybox, securityContext: {}}
  - {name: own, image: busybox, securityContext: {runAsUser: 1000}}
  - {name: sidecar, image: busybox, restartPolicy: Always, command: [sleep, infinity]}
`,
			check: func(t *testing.T, objs *render.Objects) {
				init := podSpec(onlyCronJob(t, objs)).InitContainers
				require.Len(t, init, 4)
				assert.Equal(t, ptr(false), init[0].SecurityContext.AllowPrivilegeEscalation)
				assert.Equal(t, &corev1.SecurityContext{}, init[1].SecurityContext, "an explicit {} stays {}")
				assert.Equal(t, &corev1.SecurityContext{RunAsUser: ptr(int64(1000))}, init[2].SecurityContext)
				assert.Equal(t, ptr(corev1.ContainerRestartPolicyAlways), init[3].RestartPolicy, "a native sidecar")
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "initContainers[1].securityContext.allowPrivilegeEscalation is not false")
			}},
		{name: "an AppArmor annotation that unconfines is named in NOTES", values: "podAnnotations: {container.apparmor.security.beta.kubernetes.io/main: unconfined}\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, `podAnnotations.container.apparmor.security.beta.kubernetes.io/main is "unconfined"`)
			}},
		{name: "an AppArmor annotation of runtime/default is fine", values: "podAnnotations: {container.apparmor.security.beta.kubernetes.io/main: runtime/default}\n",
			notes: func(t *testing.T, notes string) {
				assert.NotContains(t, notes, "Pod Security")
			}},
		{name: "a container's runAsNonRoot false wins over the pod's true, and NOTES say so", values: "mainContainer: {securityContext: {runAsNonRoot: false, runAsUser: 1000}}\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "mainContainer.securityContext: runAsNonRoot is not true")
			}},
		{name: "procMount Unmasked is named in NOTES", values: "mainContainer: {securityContext: {procMount: Unmasked}}\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "mainContainer.securityContext.procMount is Unmasked")
			}},
		{name: "a host port is named in NOTES", values: "mainContainer: {ports: [{containerPort: 8080, hostPort: 8080}]}\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "mainContainer ports[0].hostPort is set")
			}},
		{name: "a probe's or lifecycle hook's host is named in NOTES (Pod Security baseline refuses it)",
			values: "mainContainer: {livenessProbe: {httpGet: {host: example.com, port: 80}}, startupProbe: {tcpSocket: {host: \"\", port: 80}}}\n" +
				"initContainers: [{name: log, image: busybox, restartPolicy: Always, lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 1}}}}]\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "mainContainer.livenessProbe.httpGet.host is set")
				assert.Contains(t, notes, "initContainers[0].lifecycle.preStop.tcpSocket.host is set")
				assert.NotContains(t, notes, "startupProbe", "an empty host is allowed")
			}},
		{name: "image null", values: "mainContainer: {image: null}\n",
			wantErr: []string{"mainContainer.image is empty"}},
		{name: "stray quote in image", values: `mainContainer: {image: 'curlimages/curl"'}`,
			wantErr: []string{`mainContainer.image is "curlimages/curl\""`, "a repository without tag or digest"}},
		{name: "tag inside image", values: `mainContainer: {image: "busybox:1.37"}`,
			wantErr: []string{`mainContainer.image is "busybox:1.37"`, "the tag goes in mainContainer.tag"}},
		{name: "upper-case image", values: `mainContainer: {image: "Busybox"}`,
			wantErr: []string{`mainContainer.image is "Busybox"`, "in lower case"}},
		{name: "empty image", values: `mainContainer: {image: ""}`,
			wantErr: []string{"mainContainer.image is empty"}},
		{name: "number as tag", values: `mainContainer: {tag: 1.10}`,
			wantErr: []string{"/mainContainer/tag", "got number, want"}},
		{name: "malformed tag", values: `mainContainer: {tag: "-rc1"}`,
			wantErr: []string{`mainContainer.tag is "-rc1"`, "not starting with '.' or '-'"}},
		{name: "malformed digest", values: `mainContainer: {digest: "sha256:abc"}`,
			wantErr: []string{`mainContainer.digest is "sha256:abc"`, "64 lower-case hex digits"}},
		{name: "pull policy typo", values: `mainContainer: {pullPolicy: always}`,
			wantErr: []string{`mainContainer.pullPolicy is "always"`, "Always, IfNotPresent, Never"}},
		{name: "an init container's bad image", values: "initContainers: [{name: wait, image: 'Busybox:latest'}]\n",
			wantErr: []string{`initContainers[0].image is "Busybox:latest"`, "an image reference such as"}},
		{name: "an init container named main", values: "initContainers: [{name: main, image: busybox}]\n",
			wantErr: []string{`initContainers[0].name is "main", the name of mainContainer`}},
		{name: "an init container name of 64 characters", values: "initContainers: [{name: " + strings.Repeat("i", 64) + ", image: busybox}]\n",
			wantErr: []string{"initContainers[0].name is", "at most 63 characters"}},
		{name: "an init container name of 63 characters", values: "initContainers: [{name: " + strings.Repeat("i", 63) + ", image: busybox}]\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, strings.Repeat("i", 63), podSpec(onlyCronJob(t, objs)).InitContainers[0].Name)
			}},
		{name: "two extra containers of one name", values: "extraContainers: [{name: a, image: busybox}, {name: a, image: busybox}]\n",
			wantErr: []string{`extraContainers[1].name is "a", the name of extraContainers[0]`}},
		{name: "typo in a security context", values: `mainContainer: {securityContext: {readOnlyRootFileSystem: true}}`,
			wantErr: []string{"mainContainer.securityContext.readOnlyRootFileSystem: no such key in mainContainer.securityContext; did you mean mainContainer.securityContext.readOnlyRootFilesystem?"}},
		{name: "typo inside a job's main container", values: "jobs: {nightly: {mainContainer: {imag: alpine}}}",
			wantErr: []string{"jobs.nightly.mainContainer.imag: no such key in jobs.nightly.mainContainer; did you mean jobs.nightly.mainContainer.image?"}},
		{name: "typo in resources", values: "mainContainer: {resources: {limitz: {cpu: 1}}}\n",
			wantErr: []string{"mainContainer.resources.limitz: no such key in mainContainer.resources; did you mean mainContainer.resources.limits?"}},
		{name: "typo in an init container", values: "initContainers: [{name: a, imag: busybox}]\n",
			wantErr: []string{"initContainers[0].imag: no such key in initContainers[0]; did you mean initContainers[0].image?"}},
		{name: "a negative CPU", values: "mainContainer: {resources: {limits: {cpu: -1}}}\n",
			wantErr: []string{"mainContainer.resources.limits.cpu is -1", "a non-negative quantity"}},
		{name: "a malformed quantity", values: "mainContainer: {resources: {requests: {memory: 1GB}}}\n",
			wantErr: []string{`mainContainer.resources.requests.memory is "1GB"`, "256Mi"}},
		{name: "a request equal to its limit, written another way", values: "mainContainer: {resources: {requests: {memory: 1024Mi, cpu: 1}, limits: {memory: 1Gi, cpu: 1000m}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				c := mainContainer(t, onlyCronJob(t, objs))
				assert.True(t, c.Resources.Requests.Memory().Equal(*c.Resources.Limits.Memory()))
			}},
		{name: "a request above its limit", values: "mainContainer: {resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}\n",
			wantErr: []string{`mainContainer.resources.requests.memory is "2Gi", above its limit "1Gi"`}},
		{name: "numeric quantities, as YAML reads 1 and 2.5, render as written", values: "mainContainer: {resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 2.5, memory: 2147483648}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				r := mainContainer(t, onlyCronJob(t, objs)).Resources
				assert.Equal(t, "1", r.Requests.Cpu().String())
				assert.Equal(t, "2500m", r.Limits.Cpu().String())
				assert.Equal(t, int64(2147483648), r.Limits.Memory().Value())
			}},
		{name: "a numeric request above its numeric limit", values: "mainContainer: {resources: {requests: {cpu: 3}, limits: {cpu: 2}}}\n",
			wantErr: []string{"mainContainer.resources.requests.cpu is 3, above its limit 2"}},
		{name: "a resource name Kubernetes does not know for containers (cpus)", values: "mainContainer: {resources: {limits: {cpus: 1}}}\n",
			wantErr: []string{`mainContainer.resources.limits.cpus: no container resource is named "cpus"; Kubernetes knows cpu, memory, ephemeral-storage, hugepages-<size>, and extended resources with a domain (example.com/gpu)`}},
		{name: "a job's misnamed request", values: "jobs: {db: {mainContainer: {resources: {requests: {mem: 1Gi}}}}}\n",
			wantErr: []string{`jobs.db.mainContainer.resources.requests.mem: no container resource is named "mem"`}},
		{name: "extended resources and huge pages render", values: "mainContainer: {resources: {limits: {example.com/gpu: 1, hugepages-2Mi: 4Mi, ephemeral-storage: 1Gi, memory: 64Mi}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Len(t, mainContainer(t, onlyCronJob(t, objs)).Resources.Limits, 4)
			}},
		{name: "runAsUser 0 beside the hardened runAsNonRoot", values: "mainContainer: {securityContext: {runAsUser: 0}}\n",
			wantErr: []string{"mainContainer.securityContext has runAsUser 0 (root) and runAsNonRoot true", "set mainContainer.securityContext.runAsNonRoot: false"}},
		{name: "two init containers that would never start: the first in values order is named", values: "initContainers: [{name: a, image: busybox, securityContext: {runAsUser: 0, runAsNonRoot: true}}, {name: b, image: busybox, securityContext: {runAsUser: 0, runAsNonRoot: true}}]\n",
			wantErr: []string{"initContainers[0].securityContext has runAsUser 0 (root) and runAsNonRoot true (its own)"}},
		{name: "a pod runAsUser 0 reaches the container", values: "podSecurityContext: {runAsUser: 0}\nmainContainer: {securityContext: {runAsNonRoot: true}}\n",
			wantErr: []string{"mainContainer.securityContext has runAsUser 0 (root)"}},
		{name: "a container's own runAsNonRoot true beside a pod's runAsUser 0", values: "podSecurityContext: {runAsUser: 0, runAsNonRoot: false}\nmainContainer: {securityContext: {runAsNonRoot: true}}\n",
			wantErr: []string{"mainContainer.securityContext has runAsUser 0 (root) and runAsNonRoot true (its own)"}},
		{name: "a container's own runAsUser beside a pod's runAsUser 0", values: "podSecurityContext: {runAsUser: 0, runAsNonRoot: false}\nmainContainer: {securityContext: {runAsUser: 1000}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, ptr(int64(1000)), mainContainer(t, onlyCronJob(t, objs)).SecurityContext.RunAsUser)
			}},
		{name: "a localhostProfile beside type RuntimeDefault", values: "podSecurityContext: {seccompProfile: {localhostProfile: profiles/audit.json}}\n",
			wantErr: []string{"podSecurityContext.seccompProfile.localhostProfile is set with type \"RuntimeDefault\"", "needs type: Localhost"}},
		{name: "type Localhost without a profile", values: "mainContainer: {securityContext: {seccompProfile: {type: Localhost}}}\n",
			wantErr: []string{"mainContainer.securityContext.seccompProfile has type Localhost and no localhostProfile"}},
	})
}

func TestEnv(t *testing.T) {
	runCases(t, []renderCase{
		{name: "every scalar is a string, maps are sources, null leaves a variable out", values: `mainContainer:
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
    MY VAR.x: relaxed
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
				assert.Equal(t, "relaxed", env["MY VAR.x"].Value, "Kubernetes 1.34 takes any printable ASCII but '=' in a name")
				assert.IsNonDecreasing(t, envNames(c), "without references, env is sorted, so renders are stable")
			}},
		{name: "a variable comes after the ones it refers to", values: `mainContainer:
  env:
    URL: "http://$(ZHOST):$(PORT)/$(UNKNOWN)"
    ZHOST: es
    PORT: "9200"
    ALIAS: $(URL)
    LITERAL: $$(ZHOST)
`,
			check: func(t *testing.T, objs *render.Objects) {
				names := envNames(mainContainer(t, onlyCronJob(t, objs)))
				assert.Equal(t, []string{"LITERAL", "PORT", "ZHOST", "URL", "ALIAS"}, names, "sorted, but ZHOST and PORT before URL, URL before ALIAS; $$(ZHOST) is no reference")
			}},
		{name: "references that form a cycle", values: "mainContainer: {env: {A: $(B), B: $(C), C: $(A), D: x}}\n",
			wantErr: []string{"mainContainer.env: A, B, C refer to each other through $(NAME)"}},
		{name: "a variable that refers to itself is kept, unordered", values: "mainContainer: {env: {PATH: \"$(PATH):/opt/bin\"}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "$(PATH):/opt/bin", envOf(mainContainer(t, onlyCronJob(t, objs)))["PATH"].Value)
			}},
		{name: "env name with '='", values: `mainContainer: {env: {"A=B": x}}`,
			wantErr: []string{`mainContainer.env: "A=B" is not a valid variable name`, "other than '='"}},
		{name: "env value as a list", values: `mainContainer: {env: {LIST: [a, b]}}`,
			wantErr: []string{"/mainContainer/env/LIST"}},
		{name: "env source unknown", values: `mainContainer: {env: {X: {secretRef: {name: s}}}}`,
			wantErr: []string{"mainContainer.env.X.secretRef: no such key in mainContainer.env.X, which takes configMapKeyRef, fieldRef, fileKeyRef, resourceFieldRef, secretKeyRef"}},
		{name: "env source without key", values: `mainContainer: {env: {X: {secretKeyRef: {name: s}}}}`,
			wantErr: []string{"mainContainer.env.X.secretKeyRef.key is missing: Kubernetes requires it"}},
		{name: "two env sources in one entry", values: `mainContainer: {env: {X: {secretKeyRef: {name: s, key: k}, fieldRef: {fieldPath: metadata.name}}}}`,
			wantErr: []string{"mainContainer.env.X has 2 keys (fieldRef, secretKeyRef): it takes one key, one of configMapKeyRef, fieldRef, fileKeyRef, resourceFieldRef, secretKeyRef"}},
	})
}
