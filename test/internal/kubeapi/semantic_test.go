package kubeapi_test

import (
	"strings"
	"testing"
)

// TestMetadata: names, namespaces, labels and annotations, as the API server validates
// them on creation.
func TestMetadata(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "name: DNS-1123 subdomain", edit: func(o map[string]any) { set(o, "metadata.name", "Nightly_Backup") },
			want: []string{`CronJob/Nightly_Backup: metadata.name: Invalid value: "Nightly_Backup": a lowercase RFC 1123 subdomain`}},
		{check: "name: a CronJob's name has at most 52 characters", edit: func(o map[string]any) { set(o, "metadata.name", strings.Repeat("a", 53)) },
			want: []string{`metadata.name: Invalid value: "` + strings.Repeat("a", 53) + `": must be no more than 52 characters`}},
		{check: "name: 52 characters are fine", edit: func(o map[string]any) { set(o, "metadata.name", strings.Repeat("a", 52)) }},
		{check: "name: required", edit: func(o map[string]any) { set(o, "metadata.name", del) },
			want: []string{`CronJob/(no name): metadata.name: Required value: name or generateName is required`}},
		{check: "namespace: DNS-1123 label", edit: func(o map[string]any) { set(o, "metadata.namespace", "Backups") },
			want: []string{`metadata.namespace: Invalid value: "Backups": a lowercase RFC 1123 label`}},
		{check: "namespace: absent (the request's)", edit: func(o map[string]any) { set(o, "metadata.namespace", del) }},
		{check: "labels: key is a qualified name", edit: func(o map[string]any) { set(o, "metadata.labels[has space]", "x") },
			want: []string{`metadata.labels: Invalid value: "has space": name part must consist of alphanumeric characters`}},
		{check: "labels: key prefix is a DNS subdomain", edit: func(o map[string]any) { set(o, "metadata.labels[Example.COM/x]", "x") },
			want: []string{`metadata.labels: Invalid value: "Example.COM/x": prefix part a lowercase RFC 1123 subdomain`}},
		{check: "labels: value syntax", edit: func(o map[string]any) { set(o, "metadata.labels[app.kubernetes.io/version]", "1.0 beta") },
			want: []string{`metadata.labels: Invalid value: "1.0 beta": a valid label must be an empty string or consist of alphanumeric characters`}},
		{check: "labels: value at most 63 characters", edit: func(o map[string]any) { set(o, "metadata.labels[x]", strings.Repeat("v", 64)) },
			want: []string{`must be no more than 63 bytes`}},
		{check: "labels: empty value", edit: func(o map[string]any) { set(o, "metadata.labels[x]", "") }},
		{check: "annotations: key is a qualified name", edit: func(o map[string]any) { set(o, "metadata.annotations[bad key]", "x") },
			want: []string{`metadata.annotations: Invalid value: "bad key"`}},
		{check: "annotations: value is free text", edit: func(o map[string]any) { set(o, "metadata.annotations[x]", "any text: {}\n") }},
		{check: "annotations: 256 KiB in total", edit: func(o map[string]any) {
			set(o, "metadata.annotations[a]", strings.Repeat("x", 130*1024))
			set(o, "metadata.annotations[b]", strings.Repeat("x", 130*1024))
		}, want: []string{`metadata.annotations: Too long: may not be more than 262144 bytes`}},
		{check: "annotations: just under 256 KiB", edit: func(o map[string]any) {
			set(o, "metadata.annotations", map[string]any{"a": strings.Repeat("x", 256*1024-1)})
		}},
		{check: "pod template labels", edit: func(o map[string]any) { set(o, podMeta+".labels[app]", "no/slash") },
			want: []string{podMeta + `.labels: Invalid value: "no/slash"`}},
		{check: "pod template annotations", edit: func(o map[string]any) { set(o, podMeta+".annotations[-bad]", "x") },
			want: []string{podMeta + `.annotations: Invalid value: "-bad"`}},
		{check: "owner references", edit: func(o map[string]any) {
			set(o, "metadata.ownerReferences", y(t, "[{apiVersion: v1, kind: ConfigMap, name: owner, uid: ''}]"))
		}, want: []string{`metadata.ownerReferences[0].uid: Required value`}},
	})
}

// TestCronJob: the CronJob's own rules.
func TestCronJob(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "schedule: a descriptor", edit: func(o map[string]any) { set(o, "spec.schedule", "@daily") }},
		{check: "schedule: @every", edit: func(o map[string]any) { set(o, "spec.schedule", "@every 2h") }},
		{check: "schedule: ranges, steps and names", edit: func(o map[string]any) { set(o, "spec.schedule", "*/15 8-18 * JAN-JUN MON-FRI") }},
		{check: "schedule: out of range", edit: func(o map[string]any) { set(o, "spec.schedule", "61 * * * *") },
			want: []string{`spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61`}},
		{check: "schedule: six fields", edit: func(o map[string]any) { set(o, "spec.schedule", "0 0 3 * * *") },
			want: []string{`spec.schedule: Invalid value: "0 0 3 * * *": expected exactly 5 fields, found 6`}},
		{check: "schedule: garbage", edit: func(o map[string]any) { set(o, "spec.schedule", "nightly") },
			want: []string{`spec.schedule: Invalid value: "nightly"`}},
		{check: "schedule: CRON_TZ prefix refused", edit: func(o map[string]any) { set(o, "spec.schedule", "CRON_TZ=Europe/Paris 0 3 * * *") },
			want: []string{`spec.schedule: Invalid value: "CRON_TZ=Europe/Paris 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`}},
		{check: "schedule: TZ prefix refused", edit: func(o map[string]any) { set(o, "spec.schedule", "TZ=UTC 0 3 * * *") },
			want: []string{`cannot use TZ or CRON_TZ in schedule`}},
		{check: "schedule: a parser panic is a refusal, not a crash", edit: func(o map[string]any) { set(o, "spec.schedule", "TZ=UTC") },
			want: []string{`spec.schedule: Invalid value: "TZ=UTC"`}},
		{check: "schedule: required", edit: func(o map[string]any) { set(o, "spec.schedule", "") },
			want: []string{`spec.schedule: Required value`}},
		{check: "timeZone: UTC", edit: func(o map[string]any) { set(o, "spec.timeZone", "UTC") }},
		{check: "timeZone: Etc/GMT+5", edit: func(o map[string]any) { set(o, "spec.timeZone", "Etc/GMT+5") }},
		{check: "timeZone: empty", edit: func(o map[string]any) { set(o, "spec.timeZone", "") },
			want: []string{`spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string`}},
		{check: "timeZone: Local", edit: func(o map[string]any) { set(o, "spec.timeZone", "Local") },
			want: []string{`spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone`}},
		{check: "timeZone: Local in any case", edit: func(o map[string]any) { set(o, "spec.timeZone", "lOCAL") },
			want: []string{`spec.timeZone: Invalid value: "lOCAL": timeZone must be an explicit time zone`}},
		{check: "timeZone: unknown zone", edit: func(o map[string]any) { set(o, "spec.timeZone", "Mars/Olympus_Mons") },
			want: []string{`spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons`}},
		{check: "timeZone: not a zone name", edit: func(o map[string]any) { set(o, "spec.timeZone", "Europe/../Paris") },
			want: []string{`spec.timeZone: Invalid value: "Europe/../Paris": unknown time zone`}},
		{check: "concurrencyPolicy: values", edit: func(o map[string]any) { set(o, "spec.concurrencyPolicy", "Never") },
			want: []string{`spec.concurrencyPolicy: Unsupported value: "Never": supported values: "Allow", "Forbid", "Replace"`}},
		{check: "concurrencyPolicy: absent (defaulted)", edit: func(o map[string]any) { set(o, "spec.concurrencyPolicy", del) }},
		{check: "startingDeadlineSeconds: not negative", edit: func(o map[string]any) { set(o, "spec.startingDeadlineSeconds", -1) },
			want: []string{`spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0`}},
		{check: "history limits: not negative", edit: func(o map[string]any) { set(o, "spec.failedJobsHistoryLimit", -1) },
			want: []string{`spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0`}},
		{check: "history limits: zero", edit: func(o map[string]any) { set(o, "spec.successfulJobsHistoryLimit", 0) }},
		{check: "jobTemplate: selector is generated", edit: func(o map[string]any) {
			set(o, jobSpec+".selector", y(t, "{matchLabels: {app.kubernetes.io/name: escron}}"))
		}, want: []string{jobSpec + ".selector: Invalid value: `selector` will be auto-generated"}},
		{check: "jobTemplate: manualSelector refused", edit: func(o map[string]any) { set(o, jobSpec+".manualSelector", true) },
			want: []string{jobSpec + `.manualSelector: Unsupported value: true: supported values: "nil", "false"`}},
		{check: "jobTemplate: restartPolicy Never or OnFailure", edit: func(o map[string]any) { set(o, podSpec+".restartPolicy", "OnFailure") }},
		{check: "jobTemplate: restartPolicy Always refused", edit: func(o map[string]any) { set(o, podSpec+".restartPolicy", "Always") },
			want: []string{podSpec + `.restartPolicy: Required value: valid values: "OnFailure", "Never"`}},
		{check: "jobTemplate: restartPolicy absent (defaulted to Always) refused", edit: func(o map[string]any) { set(o, podSpec+".restartPolicy", del) },
			want: []string{podSpec + `.restartPolicy: Required value: valid values: "OnFailure", "Never"`}},
		{check: "jobTemplate: restartPolicy unknown", edit: func(o map[string]any) { set(o, podSpec+".restartPolicy", "Sometimes") },
			want: []string{podSpec + `.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"`}},
		{check: "jobTemplate: podFailurePolicy with restartPolicy Never", edit: func(o map[string]any) {
			set(o, jobSpec+".podFailurePolicy", y(t, "{rules: [{action: FailJob, onExitCodes: {containerName: main, operator: In, values: [42]}}]}"))
		}},
		{check: "jobTemplate: podFailurePolicy needs restartPolicy Never", edit: func(o map[string]any) {
			set(o, podSpec+".restartPolicy", "OnFailure")
			set(o, jobSpec+".podFailurePolicy", y(t, "{rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]}"))
		}, want: []string{podSpec + `.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified`}},
		{check: "jobTemplate: podFailurePolicy rule actions", edit: func(o map[string]any) {
			set(o, jobSpec+".podFailurePolicy", y(t, "{rules: [{action: Retry, onPodConditions: [{type: DisruptionTarget}]}]}"))
		}, want: []string{jobSpec + `.podFailurePolicy.rules[0].action: Unsupported value: "Retry"`}},
		{check: "jobTemplate: podFailurePolicy exit codes", edit: func(o map[string]any) {
			set(o, jobSpec+".podFailurePolicy", y(t, "{rules: [{action: FailJob, onExitCodes: {containerName: other, operator: In, values: [3, 0, 1]}}]}"))
		}, want: []string{
			jobSpec + `.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names`,
			jobSpec + `.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator`,
			jobSpec + `.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: must be ordered`,
		}},
		{check: "jobTemplate: podFailurePolicy rule needs one requirement", edit: func(o map[string]any) {
			set(o, jobSpec+".podFailurePolicy", y(t, "{rules: [{action: FailJob}]}"))
		}, want: []string{jobSpec + `.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`}},
		{check: "jobTemplate: counts not negative", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", -1) },
			want: []string{jobSpec + `.backoffLimit: Invalid value: -1: must be greater than or equal to 0`}},
		{check: "jobTemplate: activeDeadlineSeconds not negative", edit: func(o map[string]any) { set(o, jobSpec+".activeDeadlineSeconds", -5) },
			want: []string{jobSpec + `.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0`}},
		{check: "jobTemplate: completionMode values", edit: func(o map[string]any) { set(o, jobSpec+".completionMode", "Ordered") },
			want: []string{jobSpec + `.completionMode: Unsupported value: "Ordered"`}},
		{check: "jobTemplate: Indexed needs completions", edit: func(o map[string]any) { set(o, jobSpec+".completionMode", "Indexed") },
			want: []string{jobSpec + `.completions: Required value: when completion mode is Indexed`}},
		{check: "jobTemplate: backoffLimitPerIndex needs Indexed", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimitPerIndex", 1) },
			want: []string{jobSpec + `.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode`}},
		{check: "jobTemplate: Indexed with backoffLimitPerIndex", edit: func(o map[string]any) {
			set(o, jobSpec+".completionMode", "Indexed")
			set(o, jobSpec+".completions", 3)
			set(o, jobSpec+".backoffLimitPerIndex", 1)
			set(o, jobSpec+".maxFailedIndexes", 2)
		}},
		{check: "jobTemplate: podReplacementPolicy values", edit: func(o map[string]any) { set(o, jobSpec+".podReplacementPolicy", "Always") },
			want: []string{jobSpec + `.podReplacementPolicy: Unsupported value: "Always"`}},
		{check: "jobTemplate: managedBy is a domain-prefixed path", edit: func(o map[string]any) { set(o, jobSpec+".managedBy", "kueue") },
			want: []string{jobSpec + `.managedBy: Invalid value: "kueue"`}},
		{check: "jobTemplate: metadata labels are not validated on creation", edit: func(o map[string]any) {
			set(o, "spec.jobTemplate.metadata.labels[bad key]", "x")
		}},
	})
}

// TestJob: a Job of its own (the chart's run-on-install hook).
func TestJob(t *testing.T) {
	base := func() map[string]any {
		return object(t, `apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-escron-install
spec:
  backoffLimit: 0
  template:
    metadata:
      labels: {app.kubernetes.io/name: escron}
    spec:
      restartPolicy: Never
      containers:
        - {name: main, image: "busybox:1.37", command: [sh, -c, "true"]}
`)
	}
	tpl := "spec.template"
	runValidation(t, base, []validationCase{
		{check: "valid Job"},
		{check: "name: DNS subdomain", edit: func(o map[string]any) { set(o, "metadata.name", "Install") },
			want: []string{`Job/Install: metadata.name: Invalid value: "Install"`}},
		{check: "restartPolicy Always refused", edit: func(o map[string]any) { set(o, tpl+".spec.restartPolicy", "Always") },
			want: []string{`Job/nightly-escron-install: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`}},
		{check: "a selector matching the labels", edit: func(o map[string]any) {
			set(o, "spec.selector", y(t, "{matchLabels: {app.kubernetes.io/name: escron}}"))
		}},
		{check: "a selector not matching the labels", edit: func(o map[string]any) {
			set(o, "spec.selector", y(t, "{matchLabels: {app.kubernetes.io/name: other}}"))
		}, want: []string{"spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`"}},
		{check: "manualSelector needs a selector", edit: func(o map[string]any) { set(o, "spec.manualSelector", true) },
			want: []string{`spec.selector: Required value`}},
		{check: "manualSelector with a matching selector", edit: func(o map[string]any) {
			set(o, "spec.manualSelector", true)
			set(o, "spec.selector", y(t, "{matchLabels: {app.kubernetes.io/name: escron}}"))
		}},
		{check: "selector syntax", edit: func(o map[string]any) {
			set(o, "spec.selector", y(t, "{matchExpressions: [{key: app.kubernetes.io/name, operator: Like, values: [escron]}]}"))
		}, want: []string{`spec.selector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator`}},
		{check: "generated labels: job-name must be the Job's", edit: func(o map[string]any) {
			set(o, tpl+".metadata.labels[job-name]", "other")
		}, want: []string{`spec.template.metadata.labels[job-name]: Invalid value: "other": must be 'nightly-escron-install'`}},
		{check: "generated labels: job-name set to the Job's", edit: func(o map[string]any) {
			set(o, tpl+".metadata.labels[batch.kubernetes.io/job-name]", "nightly-escron-install")
		}},
		{check: "generated labels: controller-uid is the API server's", edit: func(o map[string]any) {
			set(o, tpl+".metadata.labels[controller-uid]", "1234")
		}, want: []string{`spec.template.metadata.labels[controller-uid]: Invalid value: "1234": must be the uid the API server gives the Job`}},
		{check: "Indexed: pod host names are DNS labels", edit: func(o map[string]any) {
			set(o, "metadata.name", strings.Repeat("j", 62))
			set(o, "spec.completionMode", "Indexed")
			set(o, "spec.completions", 10)
		}, want: []string{`metadata.name: Invalid value: "` + strings.Repeat("j", 62) + `": will not able to create pod with invalid DNS label`}},
	})
}

// TestConfigMapAndSecret: keys, both maps, total size, Secret types.
func TestConfigMapAndSecret(t *testing.T) {
	cm := func() map[string]any {
		return object(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts}\ndata: {run.sh: echo, .env: A=1}\nbinaryData: {logo.png: aGVsbG8=}\n")
	}
	runValidation(t, cm, []validationCase{
		{check: "ConfigMap: valid keys (dot, dash, underscore)"},
		{check: "ConfigMap: data key characters", edit: func(o map[string]any) { set(o, "data[run script.sh]", "x") },
			want: []string{`ConfigMap/scripts: data[run script.sh]: Invalid value: "run script.sh": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`}},
		{check: "ConfigMap: binaryData key characters", edit: func(o map[string]any) { set(o, "binaryData[a/b]", "aGk=") },
			want: []string{`binaryData[a/b]: Invalid value: "a/b": a valid config key`}},
		{check: "ConfigMap: key '..' refused", edit: func(o map[string]any) { set(o, "data[..]", "x") },
			want: []string{`data[..]: Invalid value: "..": must not be '..'`}},
		{check: "ConfigMap: key in data and binaryData", edit: func(o map[string]any) { set(o, "binaryData[run.sh]", "aGk=") },
			want: []string{`data[run.sh]: Invalid value: "run.sh": duplicate of key present in binaryData`}},
		{check: "ConfigMap: 1 MiB in total", edit: func(o map[string]any) {
			set(o, "data[a]", strings.Repeat("x", 600*1024))
			set(o, "data[b]", strings.Repeat("x", 600*1024))
		}, want: []string{`ConfigMap/scripts: data: Too long: may not be more than 1048576 bytes`}},
		{check: "ConfigMap: name is a DNS subdomain", edit: func(o map[string]any) { set(o, "metadata.name", "my.scripts") }},
	})
	secret := func() map[string]any {
		return object(t, "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ntype: Opaque\ndata: {password: c2VjcmV0}\nstringData: {user: admin}\n")
	}
	runValidation(t, secret, []validationCase{
		{check: "Secret: valid"},
		{check: "Secret: stringData keys are data keys", edit: func(o map[string]any) { set(o, "stringData[bad key]", "x") },
			want: []string{`Secret/creds: data[bad key]: Invalid value: "bad key": a valid config key`}},
		{check: "Secret: kubernetes.io/tls needs tls.crt and tls.key", edit: func(o map[string]any) {
			set(o, "type", "kubernetes.io/tls")
			set(o, "data[tls.crt]", "Y2VydA==")
		}, want: []string{`data[tls.key]: Required value`}},
		{check: "Secret: kubernetes.io/dockerconfigjson is JSON", edit: func(o map[string]any) {
			set(o, "type", "kubernetes.io/dockerconfigjson")
			set(o, "data[.dockerconfigjson]", "bm90IGpzb24=")
		}, want: []string{`data[.dockerconfigjson]: Invalid value: "<secret contents redacted>"`}},
		{check: "Secret: data is base64", edit: func(o map[string]any) { set(o, "data[password]", "secret!") },
			want: []string{`data[password]: Invalid value: "secret!": must be base64-encoded`}},
	})
}

// TestRBAC: names as path segments, rules, role references and subjects (with the
// apiGroups the API server defaults).
func TestRBAC(t *testing.T) {
	role := func() map[string]any {
		return object(t, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: escron}\nrules:\n- {apiGroups: [''], resources: [configmaps], verbs: [get]}\n")
	}
	runValidation(t, role, []validationCase{
		{check: "Role: name is a path segment (not a DNS name)", edit: func(o map[string]any) { set(o, "metadata.name", "system:Escron") }},
		{check: "Role: name without '/'", edit: func(o map[string]any) { set(o, "metadata.name", "a/b") },
			want: []string{`Role/a/b: metadata.name: Invalid value: "a/b": may not contain '/'`}},
		{check: "Role: name not '..'", edit: func(o map[string]any) { set(o, "metadata.name", "..") },
			want: []string{`metadata.name: Invalid value: "..": may not be '..'`}},
		{check: "Role: rule verbs required", edit: func(o map[string]any) { set(o, "rules[0].verbs", y(t, "[]")) },
			want: []string{`rules[0].verbs: Required value: verbs must contain at least one value`}},
		{check: "Role: rule apiGroups required", edit: func(o map[string]any) { set(o, "rules[0].apiGroups", del) },
			want: []string{`rules[0].apiGroups: Required value: resource rules must supply at least one api group`}},
		{check: "Role: rule resources required", edit: func(o map[string]any) { set(o, "rules[0].resources", del) },
			want: []string{`rules[0].resources: Required value`}},
		{check: "Role: no non-resource URLs", edit: func(o map[string]any) {
			set(o, "rules[1]", y(t, "{nonResourceURLs: [/metrics], verbs: [get]}"))
		}, want: []string{`rules[1].nonResourceURLs: Invalid value: namespaced rules cannot apply to non-resource URLs`}},
	})
	binding := func() map[string]any {
		return object(t, "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: escron}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: escron}\nsubjects:\n- {kind: ServiceAccount, name: escron}\n")
	}
	runValidation(t, binding, []validationCase{
		{check: "RoleBinding: roleRef.apiGroup defaulted", edit: func(o map[string]any) { set(o, "roleRef.apiGroup", del) }},
		{check: "RoleBinding: roleRef.apiGroup", edit: func(o map[string]any) { set(o, "roleRef.apiGroup", "rbac") },
			want: []string{`RoleBinding/escron: roleRef.apiGroup: Unsupported value: "rbac": supported values: "rbac.authorization.k8s.io"`}},
		{check: "RoleBinding: roleRef.kind", edit: func(o map[string]any) { set(o, "roleRef.kind", "ServiceAccount") },
			want: []string{`roleRef.kind: Unsupported value: "ServiceAccount": supported values: "Role", "ClusterRole"`}},
		{check: "RoleBinding: roleRef.name required", edit: func(o map[string]any) { set(o, "roleRef.name", "") },
			want: []string{`roleRef.name: Required value`}},
		{check: "RoleBinding: ServiceAccount subject name", edit: func(o map[string]any) { set(o, "subjects[0].name", "Escron") },
			want: []string{`subjects[0].name: Invalid value: "Escron"`}},
		{check: "RoleBinding: ServiceAccount subject has no apiGroup", edit: func(o map[string]any) {
			set(o, "subjects[0].apiGroup", "rbac.authorization.k8s.io")
		}, want: []string{`subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io"`}},
		{check: "RoleBinding: User subject, apiGroup defaulted", edit: func(o map[string]any) { set(o, "subjects[1]", y(t, "{kind: User, name: jane@example.com}")) }},
		{check: "RoleBinding: subject kind", edit: func(o map[string]any) { set(o, "subjects[0].kind", "Robot") },
			want: []string{`subjects[0].kind: Unsupported value: "Robot"`}},
	})
	clusterBinding := func() map[string]any {
		return object(t, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: escron, namespace: ignored}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: escron}\nsubjects:\n- {kind: ServiceAccount, name: escron, namespace: default}\n")
	}
	runValidation(t, clusterBinding, []validationCase{
		{check: "ClusterRoleBinding: valid (a namespace is dropped for cluster-scoped kinds)"},
		{check: "ClusterRoleBinding: roleRef.kind ClusterRole only", edit: func(o map[string]any) { set(o, "roleRef.kind", "Role") },
			want: []string{`ClusterRoleBinding/escron: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"`}},
		{check: "ClusterRoleBinding: ServiceAccount subject needs a namespace", edit: func(o map[string]any) { set(o, "subjects[0].namespace", del) },
			want: []string{`subjects[0].namespace: Required value`}},
	})
	serviceAccount := func() map[string]any {
		return object(t, "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: escron}\nautomountServiceAccountToken: false\n")
	}
	runValidation(t, serviceAccount, []validationCase{
		{check: "ServiceAccount: valid"},
		{check: "ServiceAccount: name is a DNS subdomain", edit: func(o map[string]any) { set(o, "metadata.name", "escron:sa") },
			want: []string{`ServiceAccount/escron:sa: metadata.name: Invalid value: "escron:sa"`}},
	})
}
