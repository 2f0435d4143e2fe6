package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/render"
)

// metadataOf is the metadata of every object of a release, by "Kind/name", and of the
// Job and pod templates ("CronJob/name jobTemplate", "CronJob/name pod").
func metadataOf(objs *render.Objects) map[string]metav1.ObjectMeta {
	m := map[string]metav1.ObjectMeta{}
	for _, o := range objs.CronJobs {
		m["CronJob/"+o.Name] = o.ObjectMeta
		m["CronJob/"+o.Name+" jobTemplate"] = o.Spec.JobTemplate.ObjectMeta
		m["CronJob/"+o.Name+" pod"] = o.Spec.JobTemplate.Spec.Template.ObjectMeta
	}
	for _, o := range objs.Jobs {
		m["Job/"+o.Name] = o.ObjectMeta
		m["Job/"+o.Name+" pod"] = o.Spec.Template.ObjectMeta
	}
	for _, o := range objs.ConfigMaps {
		m["ConfigMap/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.ServiceAccounts {
		m["ServiceAccount/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.Pods {
		m["Pod/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.Roles {
		m["Role/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.RoleBindings {
		m["RoleBinding/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.ClusterRoles {
		m["ClusterRole/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.ClusterRoleBindings {
		m["ClusterRoleBinding/"+o.Name] = o.ObjectMeta
	}
	for _, o := range objs.PrometheusRules {
		m["PrometheusRule/"+o.Name] = o.ObjectMeta
	}
	return m
}

// everyObject are values that render one object of each kind the chart renders.
const everyObject = `
configmaps: {s: {mountpath: /opt, data: {run: {subPath: run.sh, content: "echo"}}}}
serviceAccount: {create: true}
rbac: {rules: [{apiGroups: [""], resources: [pods], verbs: [list]}], clusterRules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]}
runOnInstall: true
alerts: {enabled: true, maxAge: 26h}
tests: {enabled: true}
jobs: {nightly: {}}
`

func TestLabels(t *testing.T) {
	runCases(t, []renderCase{
		{name: "recommended labels on every object; component is the job's key", values: everyObject,
			check: func(t *testing.T, objs *render.Objects) {
				meta := metadataOf(objs)
				assert.Len(t, meta, 13, "every kind the chart renders: %v", meta)
				for name, m := range meta {
					labels := m.Labels
					assert.Equal(t, "escron", labels["app.kubernetes.io/name"], name)
					assert.Equal(t, "demo", labels["app.kubernetes.io/instance"], name)
					assert.Equal(t, "Helm", labels["app.kubernetes.io/managed-by"], name)
					assert.Regexp(t, `^escron-\d+\.\d+\.\d+`, labels["helm.sh/chart"], name)
					assert.NotEmpty(t, labels["app.kubernetes.io/version"], name)
					switch name {
					case "PrometheusRule/demo-escron", "ConfigMap/demo-escron-s":
						assert.NotContains(t, labels, "app.kubernetes.io/component", "%s belongs to the release, not to one job", name)
					default:
						assert.Equal(t, "nightly", labels["app.kubernetes.io/component"], name)
					}
				}
			}},
		{name: "commonLabels on every object and template, commonAnnotations on every object", values: everyObject + "commonLabels: {team: data, app.kubernetes.io/part-of: platform}\ncommonAnnotations: {owner: ops@example.com}\n",
			check: func(t *testing.T, objs *render.Objects) {
				for name, m := range metadataOf(objs) {
					assert.Equal(t, "data", m.Labels["team"], name)
					assert.Equal(t, "platform", m.Labels["app.kubernetes.io/part-of"], "%s: a user label wins over a recommended one", name)
					if strings.HasSuffix(name, " jobTemplate") || strings.HasSuffix(name, " pod") {
						assert.NotContains(t, m.Annotations, "owner", "%s: templates have their own annotations", name)
					} else {
						assert.Equal(t, "ops@example.com", m.Annotations["owner"], name)
					}
				}
			}},
		{name: "labels and annotations of the CronJob, the Job template and the pod", values: `
cronjob: {labels: {tier: cron}, annotations: {note: cron}}
job: {labels: {tier: job}, annotations: {note: job}}
podLabels: {tier: pod}
podAnnotations: {note: pod}
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				for where, m := range map[string]metav1.ObjectMeta{"cron": cj.ObjectMeta, "job": cj.Spec.JobTemplate.ObjectMeta, "pod": cj.Spec.JobTemplate.Spec.Template.ObjectMeta} {
					assert.Equal(t, where, m.Labels["tier"])
					assert.Equal(t, where, m.Annotations["note"])
					assert.Equal(t, "main", m.Labels["app.kubernetes.io/component"], "the selector labels stay beside them")
				}
			}},
		{name: "a pod label may not replace a selector label", values: "podLabels: {app.kubernetes.io/component: other}\n",
			wantErr: []string{"podLabels[\"app.kubernetes.io/component\"]", "the chart sets this label"}},
		{name: "a common label may not replace a selector label", values: "commonLabels: {app.kubernetes.io/instance: other}\n",
			wantErr: []string{"commonLabels[\"app.kubernetes.io/instance\"]"}},
		{name: "a label value must be a string", values: "podLabels: {version: 1.10}\n",
			wantErr: []string{"/podLabels/version", "got number, want"}},
		{name: "label value too long", values: "podLabels: {team: " + strings.Repeat("x", 64) + "}\n",
			wantErr: []string{"podLabels.team is", "at most 63"}},
		{name: "label value with a space", values: "cronjob: {labels: {team: 'data team'}}\n",
			wantErr: []string{"cronjob.labels.team is \"data team\"", "letters, digits"}},
		{name: "label key with two slashes", values: "job: {labels: {a/b/c: x}}\n",
			wantErr: []string{"job.labels", `"a/b/c" is not a valid label key`}},
		{name: "annotation key with a space", values: "podAnnotations: {'my note': x}\n",
			wantErr: []string{"podAnnotations", `"my note" is not a valid annotation key`}},
		{name: "annotations over 256 KiB", values: "podAnnotations: {big: '" + strings.Repeat("x", 262142) + "'}\n",
			wantErr: []string{"podAnnotations hold 262145 bytes", "at most 262144"}},
		{name: "annotations of exactly 256 KiB", values: "podAnnotations: {big: '" + strings.Repeat("x", 262141) + "'}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Len(t, onlyCronJob(t, objs).Spec.JobTemplate.Spec.Template.Annotations["big"], 262141)
			}},
		{name: "a label key prefix of 253 characters", values: "podLabels: {" + dnsPrefix(253) + "/team: x}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "x", onlyCronJob(t, objs).Spec.JobTemplate.Spec.Template.Labels[dnsPrefix(253)+"/team"])
			}},
		{name: "a label key prefix of 254 characters", values: "podLabels: {" + dnsPrefix(254) + "/team: x}\n",
			wantErr: []string{"is not a valid label key"}},
		{name: "a label in a job's entry is checked too", values: "jobs: {a: {podLabels: {'bad key': x}}}\n",
			wantErr: []string{"jobs.a.podLabels"}},
	})
}

// TestLabelsAreUnique: a key the user sets beside the chart's is written once.
func TestLabelsAreUnique(t *testing.T) {
	res, err := render.SDK(render.Options{Values: "podLabels: {app.kubernetes.io/part-of: platform}\ncommonLabels: {app.kubernetes.io/part-of: suite}\n"})
	require.NoError(t, err)
	assert.Equal(t, 3, strings.Count(res.Manifest, "app.kubernetes.io/part-of:"), "once in each of the CronJob, the Job template and the pod")
	objs, err := render.Decode(res.Manifest)
	require.NoError(t, err, "strict decoding refuses a key written twice")
	assert.Equal(t, "platform", onlyCronJob(t, objs).Spec.JobTemplate.Spec.Template.Labels["app.kubernetes.io/part-of"])
	assert.Equal(t, "suite", onlyCronJob(t, objs).Labels["app.kubernetes.io/part-of"])
}

// dnsPrefix is a DNS subdomain of n characters: labels of 63 joined by dots.
func dnsPrefix(n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strings.Repeat("d", min(63, n-b.Len())))
	}
	return b.String()
}

// TestLabelKeysAgreeWithKubernetes: a label key is accepted if and only if Kubernetes'
// own check (validation.IsQualifiedName) accepts it, at each edge of its grammar: the
// DNS prefix's labels and dots, the name's first, inner and last characters, lengths.
func TestLabelKeysAgreeWithKubernetes(t *testing.T) {
	keys := []string{"a", "A", "9", "a.b", "a_b", "a-b", "-a", "a-", "_a", "a_", ".a", "a.", "aB9",
		"a/b", "1a.example.com/x", "a.1b/x", "a.b-c.d/x", "9.9/x", "a-/x", "-a/x", "a..b/x", "A.b/x", "a_b/x", "a.b-/x", "a.-b/x",
		"a/b/c", "/x", "a/", "x/-a", "x/a-", "x/.a", "x/a.b_c-d", "xn--bcher-kva.example/x",
		strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("p", 253) + "/x", strings.Repeat("p", 254) + "/x",
		"p/" + strings.Repeat("n", 63), "p/" + strings.Repeat("n", 64)}
	for _, key := range keys {
		want := len(validation.IsQualifiedName(key)) == 0
		values, err := yaml.Marshal(map[string]any{"podLabels": map[string]any{key: "v"}})
		require.NoError(t, err)
		_, err = render.SDK(render.Options{Values: string(values)})
		assert.Equal(t, want, err == nil, "label key %q: Kubernetes says %v; the chart: %v", key, validation.IsQualifiedName(key), err)
	}
}
