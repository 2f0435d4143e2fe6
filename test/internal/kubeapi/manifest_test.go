package kubeapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/kubeapi"
	"github.com/escron/escron/test/internal/project"
)

func TestLoad(t *testing.T) {
	v := validator(t)
	kinds := map[string]bool{}
	for _, g := range v.Kinds() {
		kinds[g.String()] = true
	}
	for _, want := range []string{"batch/v1 CronJob", "batch/v1 Job", "v1 Pod", "v1 ConfigMap", "v1 Secret",
		"v1 ServiceAccount", "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 ClusterRoleBinding"} {
		assert.True(t, kinds[want], "kind %s", want)
	}
	assert.False(t, kinds["v1 PodList"], "lists are not created")
}

func TestLoadErrors(t *testing.T) {
	_, err := kubeapi.Load(t.TempDir())
	assert.ErrorContains(t, err, "no OpenAPI v3 document for the core group")
}

// TestRealCronJob: the fixture, a CronJob as the chart renders it, is valid and admitted.
func TestRealCronJob(t *testing.T) {
	o := fixture(t, "cronjob.yaml")
	assert.Empty(t, messages(validator(t).Validate(o)))
	assert.Empty(t, messages(kubeapi.CheckPodSecurity(o)))
}

// TestGoldenRenders: every render the chart's render tier keeps as a golden file is
// valid (no false positive on real output).
func TestGoldenRenders(t *testing.T) {
	files, _ := filepath.Glob(project.Path("test", "render", "testdata", "golden", "*.yaml"))
	if len(files) == 0 {
		t.Skip("no golden renders in test/render/testdata/golden")
	}
	v, err := kubeapi.Load(documents(t))
	require.NoError(t, err)
	registerProjectCRDs(t, v)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			assert.Empty(t, messages(v.ValidateManifest(string(data))))
		})
	}
}

const manifest = `---
# Source: escron/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: demo-escron
automountServiceAccountToken: false
---
# Source: escron/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-escron-scripts
data:
  run.sh: |
    #!/bin/sh
    echo hello
---
# Source: escron/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: demo-escron
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
---
# Source: escron/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: demo-escron
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: demo-escron
subjects:
  - kind: ServiceAccount
    name: demo-escron
---
# Source: escron/templates/empty.yaml
# nothing rendered here
---
# Source: escron/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: demo-escron-nodes
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [list]
  - nonResourceURLs: [/healthz]
    verbs: [get]
---
# Source: escron/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: demo-escron-nodes
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: demo-escron-nodes
subjects:
  - kind: ServiceAccount
    name: demo-escron
    namespace: default
  - kind: Group
    name: auditors
---
# Source: escron/templates/run-on-install-job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: demo-escron-install
  annotations:
    helm.sh/hook: post-install,post-upgrade
spec:
  backoffLimit: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: escron
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.37
          command: [sh, -c, "echo done"]
---
# Source: escron/templates/tests/test-connection.yaml
apiVersion: v1
kind: Pod
metadata:
  name: demo-escron-test
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
    - name: test
      image: busybox:1.37
      command: [sh, -c, "true"]
`

func TestValidateManifest(t *testing.T) {
	v := validator(t)
	docs, errs := kubeapi.DecodeManifest(manifest)
	require.Empty(t, errs)
	require.Len(t, docs, 8, "the empty document is skipped")
	assert.Equal(t, "escron/templates/serviceaccount.yaml", docs[0].Source)
	assert.Equal(t, 0, docs[0].Index)
	assert.Equal(t, 5, docs[4].Index, "the empty document counts")
	assert.Empty(t, messages(v.ValidateManifest(manifest)))

	// An error names the object, the field, and the document's source.
	broken := strings.Replace(manifest, "name: demo-escron-test", "name: demo-escron-test\n  nmae: typo", 1)
	errs = v.ValidateManifest(broken)
	require.Len(t, errs, 1, "%v", errs)
	var ke *kubeapi.Error
	require.ErrorAs(t, errs[0], &ke)
	assert.Equal(t, "escron/templates/tests/test-connection.yaml", ke.Source)
	assert.Contains(t, ke.Error(), `Pod/demo-escron-test: metadata.nmae: unknown field`)
}

func TestDecodeManifest(t *testing.T) {
	cases := []struct {
		check, doc string
		want       string
	}{
		{"duplicate keys are refused (strict decoding)", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", `key "kind" already set`},
		{"a document must be an object", "- a\n- b\n", "not an object"},
		{"malformed YAML", "apiVersion: v1\nkind: [\n", "document 0"},
		{"malformed YAML: the document's source is named", "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: [\n", "document 1 (c/templates/b.yaml)"},
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			_, errs := kubeapi.DecodeManifest(tc.doc)
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tc.want)
		})
	}
	t.Run("v1 List items are objects of their own", func(t *testing.T) {
		docs, errs := kubeapi.DecodeManifest("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n")
		require.Empty(t, errs)
		require.Len(t, docs, 2)
		assert.Empty(t, messages(validator(t).Validate(docs[1].Object)))
	})
}

func TestUnknownKind(t *testing.T) {
	v := validator(t)
	rule := object(t, prometheusRule)
	errs := v.Validate(rule)
	require.Len(t, errs, 1)
	assert.Equal(t, "PrometheusRule/escron-alerts: kind: no schema for monitoring.coreos.com/v1 PrometheusRule (register the CRD that defines it)", errs[0].Error())
	assert.Empty(t, messages(v.Validate(object(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"))))
	errs = v.Validate(object(t, "kind: ConfigMap\nmetadata: {name: a}\n"))
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "ConfigMap/a: apiVersion: Required value")
}

const prometheusRule = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: escron-alerts
  labels:
    app.kubernetes.io/name: escron
spec:
  groups:
    - name: escron
      rules:
        - alert: EscronJobFailed
          expr: kube_job_status_failed{job_name=~"demo-escron-.*"} > 0
          for: 5m
          labels:
            severity: warning
          annotations:
            summary: a backup failed
`

// TestRegisterCRD: a kind the documents lack is validated against its CRD's schema once
// registered.
func TestRegisterCRD(t *testing.T) {
	v, err := kubeapi.Load(documents(t))
	require.NoError(t, err, "a validator of our own: registering must not change Default()")
	crd, err := os.ReadFile(filepath.Join("testdata", "prometheusrule-crd.yaml"))
	require.NoError(t, err)
	require.NoError(t, v.RegisterCRD(crd))

	base := func() map[string]any { return object(t, prometheusRule) }
	cases := []validationCase{
		{check: "valid custom resource", edit: nil},
		{check: "int-or-string accepts an integer", edit: func(o map[string]any) { set(o, "spec.groups[0].rules[0].expr", 1) }},
		{check: "unknown field", edit: func(o map[string]any) { set(o, "spec.groups[0].rules[0].severity", "x") },
			want: []string{"PrometheusRule/escron-alerts: spec.groups[0].rules[0].severity: unknown field"}},
		{check: "required field", edit: func(o map[string]any) { set(o, "spec.groups[0].name", del) },
			want: []string{"spec.groups[0].name: Required value"}},
		{check: "pattern", edit: func(o map[string]any) { set(o, "spec.groups[0].rules[0].for", "5 minutes") },
			want: []string{`spec.groups[0].rules[0].for: Invalid value: "5 minutes": must match the pattern`}},
		{check: "type", edit: func(o map[string]any) { set(o, "spec.groups[0].rules[0].labels.severity", 3) },
			want: []string{"spec.groups[0].rules[0].labels[severity]: Invalid value: 3: must be of type string"}},
		{check: "enum", edit: func(o map[string]any) { set(o, "spec.groups[0].partialResponseStrategy", "maybe") },
			want: []string{`spec.groups[0].partialResponseStrategy: Unsupported value: "maybe": supported values: "abort", "warn"`}},
		{check: "minLength", edit: func(o map[string]any) { set(o, "spec.groups[0].name", "") },
			want: []string{`spec.groups[0].name: Invalid value: "": must be at least 1 characters long`}},
		{check: "list-map keys are unique", edit: func(o map[string]any) {
			set(o, "spec.groups[1]", y(t, "{name: escron, rules: []}"))
		}, want: []string{`spec.groups[1]: Duplicate value: {"name":"escron"}`}},
		{check: "custom resource unknown metadata field", edit: func(o map[string]any) { set(o, "metadata.label", "x") },
			want: []string{"metadata.label: unknown field"}},
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			o := base()
			if tc.edit != nil {
				tc.edit(o)
			}
			msgs := messages(v.Validate(o))
			if len(tc.want) == 0 {
				assert.Empty(t, msgs)
				return
			}
			for _, want := range tc.want {
				assert.True(t, containsOne(msgs, want), "no error holds %q:\n%s", want, strings.Join(msgs, "\n"))
			}
		})
	}
	assert.ErrorContains(t, v.RegisterCRD([]byte("spec: {group: x, names: {kind: Widget}}")), "no served version")
}

// registerProjectCRDs registers the CRDs scripts/joint-tools.sh puts in bin/crds
// (the PrometheusRule's), when it has run.
func registerProjectCRDs(t *testing.T, v *kubeapi.Validator) int {
	t.Helper()
	files, _ := filepath.Glob(project.Path("bin", "crds", "*.yaml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, v.RegisterCRD(data), f)
	}
	return len(files)
}

// TestProjectCRD: the PrometheusRule CRD the project installs compiles, and a rule like
// the chart's validates against it.
func TestProjectCRD(t *testing.T) {
	v, err := kubeapi.Load(documents(t))
	require.NoError(t, err)
	if registerProjectCRDs(t, v) == 0 {
		t.Skip("no CRDs in bin/crds (scripts/joint-tools.sh installs them)")
	}
	rule := object(t, prometheusRule)
	assert.Empty(t, messages(v.Validate(rule)))
	set(rule, "spec.groups[0].rules[0].labels.severity", 3)
	set(rule, "spec.groups[0].rules[0].severity", "warning")
	msgs := messages(v.Validate(rule))
	assert.True(t, containsOne(msgs, "spec.groups[0].rules[0].labels[severity]: Invalid value: 3: must be of type string"), "%v", msgs)
	assert.True(t, containsOne(msgs, "spec.groups[0].rules[0].severity: unknown field"), "%v", msgs)
}
