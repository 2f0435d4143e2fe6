package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/render"
)

// renderJudged renders values (YAML), lets edit change the manifest's objects as a
// defect of the chart would (nil: as rendered), and returns the values as the oracle
// reads them and the API server's verdict on each object.
func renderJudged(t *testing.T, values string, edit func(obj map[string]any)) (map[string]any, []judgement) {
	t.Helper()
	res, err := render.SDK(render.Options{Values: values})
	require.NoError(t, err)
	manifest := res.Manifest
	if edit != nil {
		var docs []string
		for _, doc := range strings.Split(manifest, "\n---\n") {
			var obj map[string]any
			require.NoError(t, yaml.Unmarshal([]byte(doc), &obj))
			if obj == nil {
				continue
			}
			edit(obj)
			out, err := yaml.Marshal(obj)
			require.NoError(t, err)
			docs = append(docs, string(out))
		}
		manifest = strings.Join(docs, "\n---\n")
	}
	var v map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(values), &v))
	return v, judge(t, manifest)
}

// podSpecOf is the pod spec of a rendered CronJob, Job or Pod (nil for other kinds).
func podSpecOf(obj map[string]any) map[string]any {
	path := map[string][]string{
		"CronJob": {"spec", "jobTemplate", "spec", "template", "spec"},
		"Job":     {"spec", "template", "spec"},
		"Pod":     {"spec"},
	}[obj["kind"].(string)]
	if path == nil {
		return nil
	}
	spec, _ := dig(obj, path...).(map[string]any)
	return spec
}

// TestRefusalsSplitChartFromUser: the oracle's verdict on a refusal by the real API
// server. The user's own invalid field (hostname Host_1) is refused in the CronJob, the
// runOnInstall Job and the tests' Pod, each a pass-through named at its values path; a
// refusal the chart causes (a container name of its making the server refuses) is a
// finding, since the user's fields alone are accepted, and so is one beside the user's
// own (a toleration the chart changed); and a pass-through the server
// names at a path the values do not have (the chart moved the user's field) is a
// finding.
func TestRefusalsSplitChartFromUser(t *testing.T) {
	const userError = "hostname: Host_1\nrunOnInstall: true\ntests: {enabled: true}\n"

	t.Run("the user's field, in every object built from the pod", func(t *testing.T) {
		values, judged := renderJudged(t, userError, nil)
		alone := minimalVerdict(values)
		refused := 0
		for _, j := range judged {
			if j.err == nil {
				continue
			}
			refused++
			findings, passes := refusalFindings(values, j, alone)
			assert.True(t, passes, "%s", j)
			assert.Empty(t, findings, "%s", j)
		}
		assert.Equal(t, 3, refused, "the CronJob, the install Job and the test Pod: %v", judged)
	})

	// A defect of the chart, made by editing the rendered pod spec: the one finding it
	// gives, and whether the refusal still passes through (the user's own hostname).
	for _, c := range []struct {
		name, values string
		edit         func(spec map[string]any)
		passes       bool
		finding      []string
	}{
		{"a name of the chart's making", "{}\n",
			func(spec map[string]any) { spec["containers"].([]any)[0].(map[string]any)["name"] = "Main_1" },
			false, []string{"a refusal of the chart's making", "Main_1"}},
		{"the chart's refusal beside the user's own", "hostname: Host_1\ntolerations: [{key: dedicated, operator: Equal, value: batch}]\n",
			func(spec map[string]any) { spec["tolerations"].([]any)[0].(map[string]any)["operator"] = "Exists" },
			true, []string{"a refusal of the chart's making", "tolerations[0].operator"}},
		{"the user's field moved by the chart", "hostname: Host_1\n",
			func(spec map[string]any) { spec["subdomain"] = spec["hostname"]; delete(spec, "hostname") },
			true, []string{"at spec.jobTemplate.spec.template.spec.subdomain, which is no path of the values"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			values, judged := renderJudged(t, c.values, func(obj map[string]any) {
				if spec := podSpecOf(obj); spec != nil {
					c.edit(spec)
				}
			})
			j := cronJobVerdict(t, judged)
			require.Error(t, j.err)
			findings, passes := refusalFindings(values, j, minimalVerdict(values))
			assert.Equal(t, c.passes, passes, "the values' own fields alone refused in a minimal CronJob")
			if assert.Len(t, findings, 1) {
				for _, want := range c.finding {
					assert.Contains(t, findings[0], want)
				}
			}
		})
	}
}

// cronJobVerdict is the verdict on the one CronJob of judged.
func cronJobVerdict(t *testing.T, judged []judgement) judgement {
	t.Helper()
	for _, j := range judged {
		if strings.HasPrefix(j.object, "CronJob/") {
			return j
		}
	}
	t.Fatalf("no CronJob among %v", judged)
	return judgement{}
}

// TestValuesPathOfAServerField: the API server's field paths in a CronJob, read as
// values paths, and found (or not) in values.
func TestValuesPathOfAServerField(t *testing.T) {
	for field, want := range map[string]string{
		"spec.jobTemplate.spec.template.spec.topologySpreadConstraints[0].maxSkew": "topologySpreadConstraints.maxSkew",
		"spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort": "mainContainer.ports.containerPort",
		"spec.jobTemplate.spec.template.spec.securityContext.sysctls[0].name":      "podSecurityContext.sysctls.name",
		"spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes.values[0]":    "job.podFailurePolicy.rules.onExitCodes.values",
		"spec.startingDeadlineSeconds":                                             "cronjob.startingDeadlineSeconds",
		"spec.jobTemplate.spec.template.spec":                                      "",
		"spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[1].name":   "extraVolumeMounts.name",
		"spec.jobTemplate.spec.template.spec.volumes[2].emptyDir":                  "extraVolumes.emptyDir",
		"spec.jobTemplate.spec.template.spec.serviceAccountName":                   "serviceAccount.name",
	} {
		got, ok := valuesPath(field)
		assert.True(t, ok, field)
		assert.Equal(t, want, got, field)
	}
	_, ok := valuesPath("metadata.name")
	assert.False(t, ok, "metadata is the chart's")
	_, ok = valuesPath("specific")
	assert.False(t, ok, "a prefix matches whole segments only")

	values := map[string]any{
		"job":       map[string]any{"podFailurePolicy": map[string]any{"rules": []any{map[string]any{"action": "Ignore"}, map[string]any{"onExitCodes": map[string]any{"values": []any{0}}}}}},
		"dnsConfig": nil,
	}
	assert.True(t, inValues(values, "job.podFailurePolicy.rules.onExitCodes.values"), "found in the second rule")
	assert.False(t, inValues(values, "job.podFailurePolicy.rules.onPodConditions"))
	assert.False(t, inValues(values, "dnsConfig"), "a null value is no value")
	assert.False(t, inValues(values, "hostname"))
}
