package render_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/releaseutil"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

// renderedPath is where the fields of each Kubernetes type land in the rendered
// CronJob, as a JSON path of map keys ("0" indexes a list).
var renderedPath = map[string][]string{
	"io.k8s.api.batch.v1.CronJobSpec": {"spec"},
	"io.k8s.api.batch.v1.JobSpec":     {"spec", "jobTemplate", "spec"},
	"io.k8s.api.core.v1.PodSpec":      {"spec", "jobTemplate", "spec", "template", "spec"},
	"io.k8s.api.core.v1.Container":    {"spec", "jobTemplate", "spec", "template", "spec", "containers", "0"},
}

// specialSamples are values for the fields the templates render by hand: they must
// pass the chart's own checks (a schedule, an enum), and what renders is given when it
// differs from the value.
var specialSamples = map[string]struct {
	value    any
	rendered any // nil: the value itself
}{
	"cronjob.schedule":          {value: "@weekly"},
	"cronjob.timeZone":          {value: "Europe/Paris"},
	"cronjob.concurrencyPolicy": {value: "Replace"},
	"cronjob.suspend":           {value: true},
	"restartPolicy":             {value: "OnFailure"},
	"initContainers":            {value: []any{map[string]any{"name": "init", "image": "busybox", "securityContext": map[string]any{}}}},
	"imagePullSecrets":          {value: []any{"pull"}, rendered: []any{map[string]any{"name": "pull"}}},
	"mainContainer.command":     {value: []any{"sh", 7}, rendered: []any{"sh", "7"}},
	"mainContainer.args":        {value: []any{"-c", "true"}},
	"mainContainer.resources":   {value: map[string]any{"limits": map[string]any{"cpu": "1"}}},
	"mainContainer.securityContext": {value: map[string]any{"runAsUser": 1000},
		rendered: map[string]any{"runAsUser": 1000, "allowPrivilegeEscalation": false, "capabilities": map[string]any{"drop": []any{"ALL"}}, "readOnlyRootFilesystem": true, "runAsNonRoot": true}},
}

// ownedSamples set the fields the chart owns through another key: the key, a value,
// and what renders at the field.
var ownedSamples = map[string]struct {
	key      string
	value    any
	rendered func(t *testing.T, field any)
}{
	"jobTemplate": {"job.backoffLimit", 2, func(t *testing.T, v any) {
		assert.EqualValues(t, 2, dig(v, "spec", "backoffLimit"))
	}},
	"containers": {"mainContainer.workingDir", "/w", func(t *testing.T, v any) {
		assert.Equal(t, "/w", dig(v, "0", "workingDir"))
	}},
	"volumes": {"extraVolumes", []any{map[string]any{"name": "x", "emptyDir": map[string]any{}}}, func(t *testing.T, v any) {
		assert.Contains(t, v, map[string]any{"name": "x", "emptyDir": map[string]any{}})
	}},
	"securityContext":              {"podSecurityContext.fsGroup", 2000, func(t *testing.T, v any) { assert.EqualValues(t, 2000, dig(v, "fsGroup")) }},
	"serviceAccountName":           {"serviceAccount.name", "runner", func(t *testing.T, v any) { assert.Equal(t, "runner", v) }},
	"serviceAccount":               {"serviceAccount.name", "runner", func(t *testing.T, v any) { assert.Nil(t, v, "the deprecated alias is never written") }},
	"automountServiceAccountToken": {"serviceAccount.automount", true, func(t *testing.T, v any) { assert.Equal(t, true, v) }},
	"image":                        {"mainContainer.tag", "1.36.1", func(t *testing.T, v any) { assert.Equal(t, "docker.io/library/busybox:1.36.1", v) }},
	"imagePullPolicy":              {"mainContainer.pullPolicy", "Always", func(t *testing.T, v any) { assert.Equal(t, "Always", v) }},
	"env":                          {"mainContainer.env", map[string]any{"A": 1}, func(t *testing.T, v any) { assert.Equal(t, []any{map[string]any{"name": "A", "value": "1"}}, v) }},
	"volumeMounts": {"extraVolumeMounts", []any{map[string]any{"name": "tmp", "mountPath": "/scratch"}}, func(t *testing.T, v any) {
		assert.Contains(t, v, map[string]any{"name": "tmp", "mountPath": "/scratch"})
	}},
}

// TestEveryFieldIsSettable enumerates, from the Kubernetes OpenAPI documents, every
// field of CronJobSpec, JobSpec, PodSpec, Container (main and init) and the ObjectMeta
// of the three objects, and proves that each one set through the values (at the root
// and in a jobs entry) lands at its path in the rendered CronJob, or is owned by the
// chart with the key that sets it or the reason it cannot be set. A field a new
// Kubernetes version adds fails here until the chart has it.
func TestEveryFieldIsSettable(t *testing.T) {
	dir, err := project.Tool("kube-openapi")
	require.NoError(t, err)
	// The newest minor's documents: the schema is generated from them.
	all := versions.AllKubernetes(t)
	spec, err := schemagen.LoadSpec(filepath.Join(dir, all[len(all)-1]))
	require.NoError(t, err)
	covered := 0
	for _, m := range schemagen.Mappings {
		fields, err := spec.Fields(m.Type)
		require.NoError(t, err)
		require.NotEmpty(t, fields, m.Type)
		passthrough, err := spec.Passthrough(m)
		require.NoError(t, err)
		for _, field := range fields {
			path := strings.TrimPrefix(m.Values+"."+field, ".")
			t.Run(m.Type[strings.LastIndex(m.Type, ".")+1:]+"."+field, func(t *testing.T) {
				if owner, owned := m.Owned[field]; owned {
					require.NotEmpty(t, owner.Reason, "an owned field says why")
					if owner.Key == "" {
						t.Logf("owned, not settable: %s", owner.Reason)
						return
					}
					s, ok := ownedSamples[field]
					require.True(t, ok, "owned field %s (set through %s) needs a sample in ownedSamples", field, owner.Key)
					for _, where := range []string{"root", "job"} {
						obj := renderCronJobWith(t, s.key, s.value, where)
						s.rendered(t, dig(obj, append(renderedPath[m.Type], field)...))
					}
					return
				}
				value, rendered := sampleFor(t, spec, m.Type, field, path)
				for _, where := range []string{"root", "job"} {
					obj := renderCronJobWith(t, path, value, where)
					assert.Equal(t, jsonRoundTrip(t, rendered), dig(obj, append(renderedPath[m.Type], field)...), "%s set at %s", path, where)
				}
				if m.Type == "io.k8s.api.core.v1.Container" && contains(passthrough, field) {
					init := map[string]any{"name": "init", "image": "busybox", field: value}
					obj := renderCronJobWith(t, "initContainers", []any{init}, "root")
					assert.Equal(t, jsonRoundTrip(t, rendered), dig(obj, "spec", "jobTemplate", "spec", "template", "spec", "initContainers", "0", field), "%s in an init container", field)
				}
			})
			covered++
		}
	}
	meta, err := spec.Fields("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
	require.NoError(t, err)
	for _, mm := range schemagen.MetaMappings {
		for _, field := range meta {
			t.Run(mm.Object+" metadata."+field, func(t *testing.T) {
				key := map[string]string{"labels": mm.Labels, "annotations": mm.Annotations}[field]
				if key == "" {
					reason, owned := schemagen.MetaOwned[field]
					require.True(t, owned, "ObjectMeta.%s is neither settable nor owned: a new field?", field)
					require.NotEmpty(t, reason)
					return
				}
				at := map[string][]string{"CronJob": {"metadata"}, "Job template": {"spec", "jobTemplate", "metadata"}, "pod template": {"spec", "jobTemplate", "spec", "template", "metadata"}}[mm.Object]
				for _, where := range []string{"root", "job"} {
					obj := renderCronJobWith(t, key, map[string]any{"example.com/set": "yes"}, where)
					assert.Equal(t, "yes", dig(obj, append(at, field, "example.com/set")...), "%s at %s", key, where)
				}
			})
			covered++
		}
	}
	t.Logf("%d fields enumerated from the OpenAPI documents", covered)
}

// sampleFor is a value for a field that the chart's checks accept, and what it renders as.
func sampleFor(t *testing.T, spec *schemagen.Spec, typ, field, path string) (value, rendered any) {
	if s, ok := specialSamples[path]; ok {
		if s.rendered != nil {
			return s.value, s.rendered
		}
		return s.value, s.value
	}
	prop, err := spec.Property(typ, field)
	require.NoError(t, err)
	v := sample(spec, prop, 0)
	require.NotNil(t, v, "no sample for %s", path)
	return v, v
}

// sample is a small non-empty value of an OpenAPI schema: required fields, or the first
// field of an object that requires none.
func sample(spec *schemagen.Spec, s map[string]any, depth int) any {
	if ref := schemagen.RefName(s); ref != "" {
		switch ref {
		case "io.k8s.apimachinery.pkg.api.resource.Quantity":
			return "1"
		case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
			return 1
		}
		target, err := spec.Schema(ref)
		if err != nil || depth > 12 {
			return nil
		}
		return sample(spec, target, depth+1)
	}
	switch s["type"] {
	case "string":
		return "sample"
	case "integer":
		return 1
	case "number":
		return 1.5
	case "boolean":
		return true
	case "array":
		items, _ := s["items"].(map[string]any)
		return []any{sample(spec, items, depth+1)}
	case "object":
		props, _ := s["properties"].(map[string]any)
		if props == nil {
			if ap, ok := s["additionalProperties"].(map[string]any); ok {
				return map[string]any{"key": sample(spec, ap, depth+1)}
			}
			return map[string]any{"key": "value"}
		}
		out := map[string]any{}
		req, _ := s["required"].([]any)
		for _, r := range req {
			out[r.(string)] = sample(spec, props[r.(string)].(map[string]any), depth+1)
		}
		if len(out) == 0 {
			names := make([]string, 0, len(props))
			for n := range props {
				names = append(names, n)
			}
			sort.Strings(names)
			out[names[0]] = sample(spec, props[names[0]].(map[string]any), depth+1)
		}
		return out
	}
	return nil
}

// renderCronJobWith renders the chart with one values path set, at the root or in a
// jobs entry, and returns the CronJob as generic JSON.
func renderCronJobWith(t *testing.T, path string, value any, where string) map[string]any {
	t.Helper()
	doc := map[string]any{}
	target := doc
	if where == "job" {
		target = map[string]any{}
		doc["jobs"] = map[string]any{"x": target}
	}
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next := map[string]any{}
		target[p] = next
		target = next
	}
	target[parts[len(parts)-1]] = value
	values, err := yaml.Marshal(doc)
	require.NoError(t, err)
	// For the newest minor: the fields are enumerated from its documents, and one newer
	// than the run's minor is refused for that minor (TestFieldsNewerThanTheCluster).
	all := versions.AllKubernetes(t)
	res, err := render.SDK(render.Options{Values: string(values), KubeVersion: all[len(all)-1]})
	require.NoError(t, err, "values:\n%s", values)
	for _, manifest := range releaseutil.SplitManifests(res.Manifest) {
		js, err := yaml.YAMLToJSON([]byte(manifest))
		require.NoError(t, err)
		var obj map[string]any
		require.NoError(t, json.Unmarshal(js, &obj))
		if obj["kind"] == "CronJob" {
			return obj
		}
	}
	t.Fatalf("no CronJob rendered from:\n%s", values)
	return nil
}

// dig follows a path of map keys and list indexes.
func dig(v any, path ...string) any {
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

func jsonRoundTrip(t *testing.T, v any) any {
	js, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(js, &out))
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
