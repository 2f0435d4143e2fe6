package kubeapi_test

import (
	"testing"
)

// TestPodContainers: container names, images, policies, ports.
func TestPodContainers(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "container name: DNS-1123 label", edit: func(o map[string]any) { set(o, mainCtr+".name", "Main") },
			want: []string{cronName + mainCtr + `.name: Invalid value: "Main": a lowercase RFC 1123 label`}},
		{check: "container name: required", edit: func(o map[string]any) { set(o, mainCtr+".name", "") },
			want: []string{mainCtr + `.name: Required value`}},
		{check: "container names: unique among containers", edit: func(o map[string]any) {
			set(o, podSpec+".containers[1]", y(t, "{name: main, image: busybox}"))
		}, want: []string{podSpec + `.containers[1].name: Duplicate value: "main"`}},
		{check: "container names: unique across init containers and containers", edit: func(o map[string]any) {
			set(o, initCtr+".name", "main")
		}, want: []string{initCtr + `.name: Duplicate value: "main"`}},
		{check: "containers: at least one", edit: func(o map[string]any) { set(o, podSpec+".containers", y(t, "[]")) },
			want: []string{podSpec + `.containers: Required value`}},
		{check: "image: required", edit: func(o map[string]any) { set(o, mainCtr+".image", "") },
			want: []string{mainCtr + `.image: Required value`}},
		{check: "image: spaces are a Pod's concern only", edit: func(o map[string]any) { set(o, mainCtr+".image", " busybox ") }},
		{check: "imagePullPolicy: values", edit: func(o map[string]any) { set(o, mainCtr+".imagePullPolicy", "Sometimes") },
			want: []string{mainCtr + `.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`}},
		{check: "terminationMessagePolicy: values", edit: func(o map[string]any) { set(o, mainCtr+".terminationMessagePolicy", "Logs") },
			want: []string{mainCtr + `.terminationMessagePolicy: Unsupported value: "Logs"`}},
		{check: "ports: number range", edit: func(o map[string]any) { set(o, mainCtr+".ports[0].containerPort", 70000) },
			want: []string{mainCtr + `.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`}},
		{check: "ports: protocol values", edit: func(o map[string]any) { set(o, mainCtr+".ports[0].protocol", "HTTP") },
			want: []string{mainCtr + `.ports[0].protocol: Unsupported value: "HTTP": supported values: "TCP", "UDP", "SCTP"`}},
		{check: "ports: name syntax", edit: func(o map[string]any) { set(o, mainCtr+".ports[0].name", "metrics_port") },
			want: []string{mainCtr + `.ports[0].name: Invalid value: "metrics_port"`}},
		{check: "ports: names unique", edit: func(o map[string]any) {
			set(o, mainCtr+".ports[1]", y(t, "{name: metrics, containerPort: 9200}"))
		}, want: []string{mainCtr + `.ports[1].name: Duplicate value: "metrics"`}},
		{check: "native sidecar: restartPolicy Always with probes", edit: func(o map[string]any) {
			set(o, initCtr+".restartPolicy", "Always")
			set(o, initCtr+".livenessProbe", y(t, "{exec: {command: ['true']}}"))
		}},
		{check: "init container: probes only for sidecars", edit: func(o map[string]any) {
			set(o, initCtr+".readinessProbe", y(t, "{exec: {command: ['true']}}"))
		}, want: []string{initCtr + `.readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`}},
		{check: "init container: lifecycle only for sidecars", edit: func(o map[string]any) {
			set(o, initCtr+".lifecycle", y(t, "{preStop: {sleep: {seconds: 1}}}"))
		}, want: []string{initCtr + `.lifecycle: Forbidden`}},
		{check: "init container: another restartPolicy is dropped (feature off)", edit: func(o map[string]any) {
			set(o, initCtr+".restartPolicy", "OnFailure")
		}},
		{check: "container: restartPolicy is dropped (feature off)", edit: func(o map[string]any) { set(o, mainCtr+".restartPolicy", "Always") }},
		{check: "ephemeral containers: not in a template", edit: func(o map[string]any) {
			set(o, podSpec+".ephemeralContainers", y(t, "[{name: debug, image: busybox}]"))
		}, want: []string{podSpec + `.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template`}},
	})
}

// TestPodEnv: environment variables.
func TestPodEnv(t *testing.T) {
	env := func(i int) string { return mainCtr + ".env[" + string(rune('0'+i)) + "]" }
	runValidation(t, cronJob(t), []validationCase{
		{check: "env name: 1.34 takes any printable ASCII", edit: func(o map[string]any) {
			set(o, env(0)+".name", "1st.value-with spaces:and$signs")
		}},
		{check: "env name: not '='", edit: func(o map[string]any) { set(o, env(0)+".name", "A=B") },
			want: []string{env(0) + `.name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`}},
		{check: "env name: ASCII only", edit: func(o map[string]any) { set(o, env(0)+".name", "CAFÉ") },
			want: []string{env(0) + `.name: Invalid value: "CAFÉ"`}},
		{check: "env name: no control characters", edit: func(o map[string]any) { set(o, env(0)+".name", "A\tB") },
			want: []string{env(0) + `.name: Invalid value: "A\tB"`}},
		{check: "env name: not empty", edit: func(o map[string]any) { set(o, env(0)+".name", "") },
			want: []string{env(0) + `.name: Required value`}},
		{check: "env: value or valueFrom", edit: func(o map[string]any) { set(o, env(2)+".value", "x") },
			want: []string{env(2) + ".valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"}},
		{check: "env: valueFrom names a source", edit: func(o map[string]any) { set(o, env(2)+".valueFrom", y(t, "{}")) },
			want: []string{env(2) + ".valueFrom: Invalid value: \"\": must specify one of"}},
		{check: "env: fieldRef paths", edit: func(o map[string]any) { set(o, env(2)+".valueFrom.fieldRef.fieldPath", "spec.containers") },
			want: []string{env(2) + `.valueFrom.fieldRef.fieldPath: Unsupported value: "spec.containers"`}},
		{check: "env: fieldRef to a label", edit: func(o map[string]any) {
			set(o, env(2)+".valueFrom.fieldRef.fieldPath", "metadata.labels['app.kubernetes.io/name']")
		}},
		{check: "env: secretKeyRef key", edit: func(o map[string]any) { set(o, env(3)+".valueFrom.secretKeyRef.key", "pass word") },
			want: []string{env(3) + `.valueFrom.secretKeyRef.key: Invalid value: "pass word"`}},
		{check: "env: secretKeyRef name", edit: func(o map[string]any) { set(o, env(3)+".valueFrom.secretKeyRef.name", "") },
			want: []string{env(3) + `.valueFrom.secretKeyRef.name: Invalid value: ""`}},
		{check: "env: resourceFieldRef resources", edit: func(o map[string]any) {
			set(o, env(2)+".valueFrom", y(t, "{resourceFieldRef: {resource: limits.gpu}}"))
		}, want: []string{env(2) + `.valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu"`}},
		{check: "envFrom: one source each", edit: func(o map[string]any) {
			set(o, mainCtr+".envFrom[0].secretRef", y(t, "{name: creds}"))
		}, want: []string{mainCtr + `.envFrom: Invalid value: "": may not have more than one field specified at a time`}},
		{check: "envFrom: the name is checked as a prefix (a trailing '-' is fine)", edit: func(o map[string]any) {
			set(o, mainCtr+".envFrom[0].configMapRef.name", "nightly-")
		}},
		{check: "envFrom: the name is a DNS subdomain", edit: func(o map[string]any) {
			set(o, mainCtr+".envFrom[0].configMapRef.name", "Nightly")
		}, want: []string{mainCtr + `.envFrom[0].configMapRef.name: Invalid value: "Nightly"`}},
		{check: "envFrom: prefix is an env name", edit: func(o map[string]any) { set(o, mainCtr+".envFrom[0].prefix", "CFG=") },
			want: []string{mainCtr + `.envFrom[0].prefix: Invalid value: "CFG="`}},
	})
}

// TestPodVolumes: volumes, their items, and the mounts that use them.
func TestPodVolumes(t *testing.T) {
	vol := podSpec + ".volumes[0]"
	mount := mainCtr + ".volumeMounts[0]"
	runValidation(t, cronJob(t), []validationCase{
		{check: "volume name: DNS-1123 label", edit: func(o map[string]any) {
			set(o, vol+".name", "Scripts")
			set(o, mount+".name", "Scripts")
		}, want: []string{vol + `.name: Invalid value: "Scripts": a lowercase RFC 1123 label`}},
		{check: "volume name: unique", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, "{name: scripts, emptyDir: {}}"))
		}, want: []string{podSpec + `.volumes[2].name: Duplicate value: "scripts"`}},
		{check: "volume: no source is an emptyDir", edit: func(o map[string]any) { set(o, podSpec+".volumes[1]", y(t, "{name: tmp}")) }},
		{check: "volume: one source only", edit: func(o map[string]any) { set(o, vol+".emptyDir", y(t, "{}")) },
			want: []string{vol + `.configMap: Forbidden: may not specify more than 1 volume type`}},
		{check: "volume: an image volume is dropped with its mounts (feature off)", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, "{name: tools, image: {reference: 'busybox:1.37'}}"))
			set(o, mainCtr+".volumeMounts[2]", y(t, "{name: tools, mountPath: /tools}"))
		}},
		{check: "volume mount: names an existing volume", edit: func(o map[string]any) { set(o, mount+".name", "script") },
			want: []string{mount + `.name: Not found: "script"`}},
		{check: "volume mount: mountPath unique within a container", edit: func(o map[string]any) {
			set(o, mainCtr+".volumeMounts[1].mountPath", "/opt/scripts/backup.sh")
		}, want: []string{mainCtr + `.volumeMounts[1].mountPath: Invalid value: "/opt/scripts/backup.sh": must be unique`}},
		{check: "volume mount: the same path in two containers", edit: func(o map[string]any) {
			set(o, initCtr+".volumeMounts", y(t, "[{name: tmp, mountPath: /tmp}]"))
		}},
		{check: "volume mount: mountPath required", edit: func(o map[string]any) { set(o, mount+".mountPath", "") },
			want: []string{mount + `.mountPath: Required value`}},
		{check: "subPath: relative", edit: func(o map[string]any) { set(o, mount+".subPath", "/backup.sh") },
			want: []string{mount + `.subPath: Invalid value: "/backup.sh": must be a relative path`}},
		{check: "subPath: no '..'", edit: func(o map[string]any) { set(o, mount+".subPath", "scripts/../backup.sh") },
			want: []string{mount + `.subPath: Invalid value: "scripts/../backup.sh": must not contain '..'`}},
		{check: "subPath: a name starting with '..' is fine", edit: func(o map[string]any) { set(o, mount+".subPath", "..backup.sh") }},
		{check: "subPathExpr: not with subPath", edit: func(o map[string]any) { set(o, mount+".subPathExpr", "$(POD_NAME)") },
			want: []string{mount + `.subPathExpr: Invalid value: "$(POD_NAME)": subPathExpr and subPath are mutually exclusive`}},
		{check: "mountPropagation: Bidirectional needs privileged", edit: func(o map[string]any) { set(o, mount+".mountPropagation", "Bidirectional") },
			want: []string{mount + `.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`}},
		{check: "configMap volume: name required", edit: func(o map[string]any) { set(o, vol+".configMap.name", "") },
			want: []string{vol + `.configMap.name: Required value`}},
		{check: "configMap volume: defaultMode 0..0777", edit: func(o map[string]any) { set(o, vol+".configMap.defaultMode", 0o1000) },
			want: []string{vol + `.configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive`}},
		{check: "configMap volume: mode 0777 is fine", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].mode", 0o777) }},
		{check: "configMap item: mode not negative", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].mode", -1) },
			want: []string{vol + `.configMap.items[0].mode: Invalid value: -1: must be a number between 0 and 0777`}},
		{check: "configMap item: key required", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].key", "") },
			want: []string{vol + `.configMap.items[0].key: Required value`}},
		{check: "configMap item: key syntax is not checked (the pod fails to start, the API accepts it)", edit: func(o map[string]any) {
			set(o, vol+".configMap.items[0].key", "backup script.sh")
		}},
		{check: "configMap item: path relative", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].path", "/backup.sh") },
			want: []string{vol + `.configMap.items[0].path: Invalid value: "/backup.sh": must be a relative path`}},
		{check: "configMap item: path without '..'", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].path", "a/../../b") },
			want: []string{vol + `.configMap.items[0].path: Invalid value: "a/../../b": must not contain '..'`}},
		{check: "configMap item: path not starting with '..'", edit: func(o map[string]any) { set(o, vol+".configMap.items[0].path", "..data") },
			want: []string{vol + `.configMap.items[0].path: Invalid value: "..data": must not start with '..'`}},
		{check: "configMap items: the same path twice is accepted", edit: func(o map[string]any) {
			set(o, vol+".configMap.items[1]", y(t, "{key: other.sh, path: backup.sh}"))
		}},
		{check: "projected items: paths unique across sources", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, `{name: all, projected: {sources: [
				{configMap: {name: a, items: [{key: app.conf, path: conf}]}},
				{secret: {name: b, items: [{key: secret.conf, path: conf}]}}]}}`))
		}, want: []string{podSpec + `.volumes[2].projected.sources[1].secret.items[0].path: Invalid value: "conf": conflicting duplicate paths`}},
		{check: "projected: service account token expiry", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, `{name: token, projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 60}}]}}`))
		}, want: []string{podSpec + `.volumes[2].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes`}},
		{check: "secret volume: secretName required", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, "{name: creds, secret: {}}"))
		}, want: []string{podSpec + `.volumes[2].secret.secretName: Required value`}},
		{check: "emptyDir: sizeLimit not negative", edit: func(o map[string]any) { set(o, podSpec+".volumes[1].emptyDir.sizeLimit", "-1Gi") },
			want: []string{podSpec + `.volumes[1].emptyDir.sizeLimit: Forbidden`}},
	})
}

// TestPodResources: requests, limits and resource names.
func TestPodResources(t *testing.T) {
	res := mainCtr + ".resources"
	runValidation(t, cronJob(t), []validationCase{
		{check: "requests at most limits", edit: func(o map[string]any) { set(o, res+".requests.cpu", "1") },
			want: []string{res + `.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`}},
		{check: "requests without limits", edit: func(o map[string]any) { set(o, res+".limits", del) }},
		{check: "quantities not negative", edit: func(o map[string]any) { set(o, res+".requests.memory", "-1Mi") },
			want: []string{res + `.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0`}},
		{check: "resource names: standard for containers", edit: func(o map[string]any) { set(o, res+".limits.gpu", "1") },
			want: []string{res + `.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`}},
		{check: "extended resources: limits only", edit: func(o map[string]any) { set(o, res+".limits[example.com/gpu]", "1") }},
		{check: "extended resources: requests need limits", edit: func(o map[string]any) { set(o, res+".requests[example.com/gpu]", "1") },
			want: []string{res + `.limits: Required value: Limit must be set for non overcommitable resources`}},
		{check: "extended resources: requests equal limits", edit: func(o map[string]any) {
			set(o, res+".requests[example.com/gpu]", "1")
			set(o, res+".limits[example.com/gpu]", "2")
		}, want: []string{res + `.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2`}},
		{check: "extended resources: whole numbers", edit: func(o map[string]any) { set(o, res+".limits[example.com/gpu]", "500m") },
			want: []string{res + `.limits[example.com/gpu]: Invalid value: "500m": must be an integer`}},
		{check: "hugepages need cpu or memory", edit: func(o map[string]any) {
			set(o, res, y(t, "{limits: {hugepages-2Mi: 4Mi}}"))
		}, want: []string{res + `: Forbidden: HugePages require cpu or memory`}},
		{check: "claims name pod resource claims", edit: func(o map[string]any) { set(o, res+".claims", y(t, "[{name: gpu}]")) },
			want: []string{res + `.claims[0]: Not found: "gpu"`}},
	})
}

// TestPodSecurityContext: user and group ids, seccomp, AppArmor, privilege escalation.
func TestPodSecurityContext(t *testing.T) {
	sc := mainCtr + ".securityContext"
	psc := podSpec + ".securityContext"
	runValidation(t, cronJob(t), []validationCase{
		{check: "runAsUser: not negative", edit: func(o map[string]any) { set(o, sc+".runAsUser", -1) },
			want: []string{sc + `.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`}},
		{check: "runAsUser: at most 2^31-1", edit: func(o map[string]any) { set(o, psc+".runAsUser", 2147483648) },
			want: []string{psc + `.runAsUser: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`}},
		{check: "fsGroup: a group id", edit: func(o map[string]any) { set(o, psc+".fsGroup", -5) },
			want: []string{psc + `.fsGroup: Invalid value: -5`}},
		{check: "supplementalGroups: group ids", edit: func(o map[string]any) { set(o, psc+".supplementalGroups", y(t, "[1000, -1]")) },
			want: []string{psc + `.supplementalGroups[1]: Invalid value: -1`}},
		{check: "allowPrivilegeEscalation false and privileged", edit: func(o map[string]any) { set(o, sc+".privileged", true) },
			want: []string{sc + ": Invalid value: cannot set `allowPrivilegeEscalation` to false and `privileged` to true"}},
		{check: "allowPrivilegeEscalation false and CAP_SYS_ADMIN", edit: func(o map[string]any) { set(o, sc+".capabilities.add", y(t, "[CAP_SYS_ADMIN]")) },
			want: []string{sc + ": Invalid value: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"}},
		{check: "seccomp: type values", edit: func(o map[string]any) { set(o, psc+".seccompProfile.type", "Default") },
			want: []string{psc + `.seccompProfile.type: Unsupported value: "Default"`}},
		{check: "seccomp: Localhost needs a profile", edit: func(o map[string]any) { set(o, psc+".seccompProfile.type", "Localhost") },
			want: []string{psc + `.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost`}},
		{check: "seccomp: a profile only for Localhost", edit: func(o map[string]any) { set(o, psc+".seccompProfile.localhostProfile", "p.json") },
			want: []string{psc + `.seccompProfile.localhostProfile: Invalid value: "p.json": can only be set when seccomp type is Localhost`}},
		{check: "appArmor: type required", edit: func(o map[string]any) { set(o, sc+".appArmorProfile", y(t, "{}")) },
			want: []string{sc + `.appArmorProfile.type: Required value`}},
		{check: "procMount Unmasked needs hostUsers false", edit: func(o map[string]any) { set(o, sc+".procMount", "Unmasked") },
			want: []string{sc + ".procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`"}},
		{check: "hostUsers false forbids host namespaces", edit: func(o map[string]any) {
			set(o, podSpec+".hostUsers", false)
			set(o, podSpec+".hostNetwork", true)
		}, want: []string{podSpec + ".hostNetwork: Forbidden: when `hostUsers` is false"}},
	})
}

// TestPodProbes: probes and lifecycle handlers.
func TestPodProbes(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "probe: a handler", edit: func(o map[string]any) { set(o, mainCtr+".livenessProbe", y(t, "{periodSeconds: 5}")) },
			want: []string{mainCtr + `.livenessProbe: Required value: must specify a handler type`}},
		{check: "probe: one handler", edit: func(o map[string]any) {
			set(o, mainCtr+".livenessProbe", y(t, "{exec: {command: ['true']}, tcpSocket: {port: 9100}}"))
		}, want: []string{mainCtr + `.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`}},
		{check: "probe: liveness successThreshold 1", edit: func(o map[string]any) {
			set(o, mainCtr+".livenessProbe", y(t, "{exec: {command: ['true']}, successThreshold: 2}"))
		}, want: []string{mainCtr + `.livenessProbe.successThreshold: Invalid value: 2: must be 1`}},
		{check: "probe: readiness successThreshold may be more", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{exec: {command: ['true']}, successThreshold: 2}"))
		}},
		{check: "probe: durations not negative", edit: func(o map[string]any) {
			set(o, mainCtr+".startupProbe", y(t, "{grpc: {port: 9090}, periodSeconds: -1}"))
		}, want: []string{mainCtr + `.startupProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`}},
		{check: "probe: port number", edit: func(o map[string]any) {
			set(o, mainCtr+".livenessProbe", y(t, "{httpGet: {port: 0}}"))
		}, want: []string{mainCtr + `.livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`}},
		{check: "probe: exec needs a command", edit: func(o map[string]any) {
			set(o, mainCtr+".livenessProbe", y(t, "{exec: {}}"))
		}, want: []string{mainCtr + `.livenessProbe.exec.command: Required value`}},
		{check: "lifecycle: sleep within the grace period", edit: func(o map[string]any) {
			set(o, mainCtr+".lifecycle", y(t, "{preStop: {sleep: {seconds: 60}}}"))
		}, want: []string{mainCtr + `.lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)`}},
		{check: "lifecycle: sleep 0 (1.34)", edit: func(o map[string]any) {
			set(o, mainCtr+".lifecycle", y(t, "{preStop: {sleep: {seconds: 0}}}"))
		}},
	})
}

// TestPodSpecFields: the pod-level fields.
func TestPodSpecFields(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "dnsPolicy: values", edit: func(o map[string]any) { set(o, podSpec+".dnsPolicy", "Cluster") },
			want: []string{podSpec + `.dnsPolicy: Unsupported value: "Cluster"`}},
		{check: "dnsPolicy None needs nameservers", edit: func(o map[string]any) { set(o, podSpec+".dnsPolicy", "None") },
			want: []string{podSpec + ".dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"}},
		{check: "dnsPolicy None with nameservers", edit: func(o map[string]any) {
			set(o, podSpec+".dnsPolicy", "None")
			set(o, podSpec+".dnsConfig", y(t, "{nameservers: [10.0.0.10], searches: [svc.cluster.local, my_domain.]}"))
		}},
		{check: "activeDeadlineSeconds: at least 1 for a pod", edit: func(o map[string]any) { set(o, podSpec+".activeDeadlineSeconds", 0) },
			want: []string{podSpec + `.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive`}},
		{check: "serviceAccountName: DNS subdomain", edit: func(o map[string]any) { set(o, podSpec+".serviceAccountName", "Backup_SA") },
			want: []string{podSpec + `.serviceAccountName: Invalid value: "Backup_SA"`}},
		{check: "nodeSelector: labels", edit: func(o map[string]any) { set(o, podSpec+".nodeSelector", y(t, "{disk: 'fast ssd'}")) },
			want: []string{podSpec + `.nodeSelector: Invalid value: "fast ssd"`}},
		{check: "hostname: DNS label", edit: func(o map[string]any) { set(o, podSpec+".hostname", "backup.host") },
			want: []string{podSpec + `.hostname: Invalid value: "backup.host"`}},
		{check: "tolerations: Exists has no value", edit: func(o map[string]any) {
			set(o, podSpec+".tolerations", y(t, "[{key: dedicated, operator: Exists, value: batch}]"))
		}, want: []string{podSpec + `.tolerations[0].operator: Invalid value: "batch": value must be empty when ` + "`operator` is 'Exists'"}},
		{check: "tolerations: an empty key needs Exists", edit: func(o map[string]any) {
			set(o, podSpec+".tolerations", y(t, "[{operator: Equal, value: batch}]"))
		}, want: []string{podSpec + `.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when ` + "`key` is empty"}},
		{check: "tolerations: effect values", edit: func(o map[string]any) {
			set(o, podSpec+".tolerations", y(t, "[{key: dedicated, value: batch, effect: Never}]"))
		}, want: []string{podSpec + `.tolerations[0].effect: Unsupported value: "Never"`}},
		{check: "tolerations: match everything", edit: func(o map[string]any) { set(o, podSpec+".tolerations", y(t, "[{operator: Exists}]")) }},
		{check: "topologySpreadConstraints: maxSkew positive", edit: func(o map[string]any) {
			set(o, podSpec+".topologySpreadConstraints", y(t, "[{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]"))
		}, want: []string{podSpec + `.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero`}},
		{check: "topologySpreadConstraints: whenUnsatisfiable values", edit: func(o map[string]any) {
			set(o, podSpec+".topologySpreadConstraints", y(t, "[{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Wait}]"))
		}, want: []string{podSpec + `.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Wait"`}},
		{check: "priorityClassName: DNS subdomain", edit: func(o map[string]any) { set(o, podSpec+".priorityClassName", "High") },
			want: []string{podSpec + `.priorityClassName: Invalid value: "High"`}},
	})
}

// TestPod: a Pod of its own (the chart's test hook), and what only Pods get.
func TestPod(t *testing.T) {
	base := func() map[string]any {
		return object(t, `apiVersion: v1
kind: Pod
metadata: {name: escron-test}
spec:
  restartPolicy: Never
  containers:
    - {name: test, image: "busybox:1.37", command: [sh, -c, "true"]}
`)
	}
	runValidation(t, base, []validationCase{
		{check: "valid Pod"},
		{check: "restartPolicy Always for a Pod", edit: func(o map[string]any) { set(o, "spec.restartPolicy", "Always") }},
		{check: "restartPolicy absent for a Pod (defaulted)", edit: func(o map[string]any) { set(o, "spec.restartPolicy", del) }},
		{check: "restartPolicy values", edit: func(o map[string]any) { set(o, "spec.restartPolicy", "Rarely") },
			want: []string{`Pod/escron-test: spec.restartPolicy: Unsupported value: "Rarely": supported values: "Always", "OnFailure", "Never"`}},
		{check: "image without spaces around", edit: func(o map[string]any) { set(o, "spec.containers[0].image", "busybox ") },
			want: []string{`spec.containers[0].image: Invalid value: "busybox ": must not have leading or trailing whitespace`}},
		{check: "ephemeral containers not on creation", edit: func(o map[string]any) {
			set(o, "spec.ephemeralContainers", y(t, "[{name: debug, image: busybox}]"))
		}, want: []string{`spec.ephemeralContainers: Forbidden: cannot be set on create`}},
	})
}
