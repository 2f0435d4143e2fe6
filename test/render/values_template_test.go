package render_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/kubeapi"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

// The values' shape (lib/_values.tpl): unknown keys, required fields and the bounds of
// numbers, refused in one line a user understands.

// TestRefusalWording pins the whole message of one refusal per rule class: what a user
// reads, word for word.
func TestRefusalWording(t *testing.T) {
	cases := []struct{ name, values, want string }{
		{"a typo at the root, in another case", "cronJob: {}\n",
			`cronJob: no such key at the root of the values; did you mean cronjob?`},
		{"a typo in a job's entry, one letter swapped", "jobs: {a: {job: {bakcoffLimit: 1}}}\n",
			`jobs.a.job.bakcoffLimit: no such key in jobs.a.job; did you mean jobs.a.job.backoffLimit?`},
		{"a typo deep in a Kubernetes type, in a list", "extraVolumes: [{name: v, configMap: {name: c, items: [{key: k, path: p, mdoe: 420}]}}]\n",
			`extraVolumes[0].configMap.items[0].mdoe: no such key in extraVolumes[0].configMap.items[0]; did you mean extraVolumes[0].configMap.items[0].mode?`},
		{"a typo in capitals", "CRONJOB: {}\n",
			`CRONJOB: no such key at the root of the values; did you mean cronjob?`},
		{"a camel-case key in capitals", "mainContainer: {securityContext: {READONLYROOTFILESYSTEM: true}}\n",
			`mainContainer.securityContext.READONLYROOTFILESYSTEM: no such key in mainContainer.securityContext; did you mean mainContainer.securityContext.readOnlyRootFilesystem?`},
		{"two letters swapped in a two-letter key", "so: {name: linux}\n",
			`so: no such key at the root of the values; did you mean os?`},
		{"three letters are too few to be taken as a truncated name", "serviceAccount: {cre: true}\n",
			`serviceAccount.cre: no such key in serviceAccount, which takes annotations, automount, create, labels, name`},
		{"a truncated name", "terminationGracePeriod: 30\n",
			`terminationGracePeriod: no such key at the root of the values; did you mean terminationGracePeriodSeconds?`},
		{"no near key: the keys there are listed", "serviceAccount: {token: true}\n",
			`serviceAccount.token: no such key in serviceAccount, which takes annotations, automount, create, labels, name`},
		{"no near key among many: where to find them", "mainContainer: {sidecar: true}\n",
			`mainContainer.sidecar: no such key in mainContainer (values.yaml and the chart's README list the keys)`},
		{"an empty key suggests nothing", "\"\": 1\n",
			`[""]: no such key at the root of the values (values.yaml and the chart's README list the keys)`},
		{"a key with '.' is quoted in the path", "configmaps: {s: {mountpath: /s, data: {run.sh: {contnet: x}}}}\n",
			`configmaps.s.data["run.sh"].contnet: no such key in configmaps.s.data["run.sh"]; did you mean configmaps.s.data["run.sh"].content?`},
		{"a required field missing", "extraVolumeMounts: [{name: tmp}]\n",
			`extraVolumeMounts[0].mountPath is missing: Kubernetes requires it`},
		{"a field required once its feature gate is on (EnvFiles)", "mainContainer: {env: {X: {fileKeyRef: {volumeName: tmp, path: env.txt}}}}\n",
			`mainContainer.env.X.fileKeyRef.key is missing: Kubernetes requires it`},
		{"a field required once its feature gate is on (ContainerRestartRules)", "mainContainer: {restartPolicy: Never, restartPolicyRules: [{exitCodes: {operator: In, values: [42]}}]}\n",
			`mainContainer.restartPolicyRules[0].action is missing: Kubernetes requires it`},
		{"a field the OpenAPI requires and the API server checks", "extraVolumes: [{name: sio, scaleIO: {gateway: 'https://gateway', system: sio}}]\n",
			`extraVolumes[0].scaleIO.secretRef is missing: Kubernetes requires it`},
		{"a required field null", "tolerations: [{key: k, operator: Exists}]\ntopologySpreadConstraints: [{maxSkew: 1, topologyKey: null, whenUnsatisfiable: DoNotSchedule}]\n",
			`topologySpreadConstraints[0].topologyKey is null: Kubernetes requires it`},
		{"above an int32 field's range, in plain digits", "job: {backoffLimit: 1e19}\n",
			`job.backoffLimit is 10000000000000000000: it takes a whole number from 0 to 2147483647`},
		{"below escron's bound", "cronjob: {failedJobsHistoryLimit: -1}\n",
			`cronjob.failedJobsHistoryLimit is -1: it takes a whole number from 0 to 2147483647`},
		{"a number in a list", "podSecurityContext: {supplementalGroups: [1e19]}\n",
			`podSecurityContext.supplementalGroups[0] is 10000000000000000000: it takes a whole number from -9223372036854775808 to 9223372036854775807`},
		{"a one-of with two keys", "mainContainer: {env: {X: {secretKeyRef: {name: s, key: k}, fieldRef: {fieldPath: metadata.name}}}}\n",
			`mainContainer.env.X has 2 keys (fieldRef, secretKeyRef): it takes one key, one of configMapKeyRef, fieldRef, fileKeyRef, resourceFieldRef, secretKeyRef`},
		{"a one-of with no key, in a job's entry", "jobs: {a: {mainContainer: {env: {X: {}}}}}\n",
			`jobs.a.mainContainer.env.X is empty: it takes one key, one of configMapKeyRef, fieldRef, fileKeyRef, resourceFieldRef, secretKeyRef`},
		{"a label key with '/' is quoted in a template rule's path", "podLabels: {example.com/team: -x}\n",
			`podLabels["example.com/team"] is "-x": a label value is a string of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty)`},
		{"an extended resource is quoted in a template rule's path", "mainContainer: {resources: {requests: {example.com/gpu: 2}, limits: {example.com/gpu: 1}}}\n",
			`mainContainer.resources.requests["example.com/gpu"] is 2, above its limit 1: a request may not exceed its limit`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := render.SDK(render.Options{Values: tc.values})
			require.Error(t, err, "values should be refused:\n%s", tc.values)
			assert.Equal(t, tc.want, errorMessage(err))
		})
	}
}

// TestTypesStayWithTheSchema: a value of the wrong type is still refused by the values
// schema, in Helm's words, before any template runs.
func TestTypesStayWithTheSchema(t *testing.T) {
	_, err := render.SDK(render.Options{Values: "job: {backoffLimit: \"3\"}\n"})
	require.Error(t, err)
	assert.Equal(t, "- at '/job/backoffLimit': got string, want null or integer", errorMessage(err))
}

// TestUnknownKeysAtEveryEscronLevel: an unknown key in any object of escron's own
// keys (the root, a job's entry and everything under them that is not a Kubernetes
// type) is refused with its path.
func TestUnknownKeysAtEveryEscronLevel(t *testing.T) {
	var sites []schemaSite
	for _, site := range schemaSites(t, true) {
		if site.node["properties"] != nil {
			sites = append(sites, site)
		}
	}
	require.Greater(t, len(sites), 20)
	for _, s := range sites {
		t.Run(strings.TrimPrefix(s.path+".zzz", "."), func(t *testing.T) {
			doc, err := yaml.Marshal(s.place(map[string]any{"zzz": 1}))
			require.NoError(t, err)
			_, err = render.SDK(render.Options{Values: string(doc)})
			require.Error(t, err, "values should be refused:\n%s", doc)
			assert.True(t, strings.HasPrefix(errorMessage(err), strings.TrimPrefix(s.path+".zzz: no such key ", ".")), "%s\nvalues:\n%s", errorMessage(err), doc)
		})
	}
}

// schemaSite is one node of escron's own part of values.schema.json (not a Kubernetes
// type's): its JSON pointer, its values path (map keys as s, list items as [0]), the
// values that put a leaf there, and the node.
type schemaSite struct {
	pointer, path string
	place         func(leaf any) any
	node          map[string]any
}

// schemaSites walks the values schema as make schema generates it from the Kubernetes
// OpenAPI documents (not the chart's files, the shape the templates check and the
// schema Helm validates with, so that a test built on it judges them), with the keys
// of jobs' entries or without them (the same schema nodes as the root's).
func schemaSites(t *testing.T, withJobs bool) []schemaSite {
	t.Helper()
	openapi, err := project.Tool("kube-openapi")
	require.NoError(t, err)
	generated, err := schemagen.Generate(project.ChartDir(), openapi, versions.AllKubernetes(t))
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(generated.Schema, &schema))
	resolve := func(ref string) map[string]any {
		var at any = schema
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			at = at.(map[string]any)[part]
		}
		return at.(map[string]any)
	}
	var out []schemaSite
	var walk func(node map[string]any, pointer, path string, place func(any) any, depth int)
	walk = func(node map[string]any, pointer, path string, place func(any) any, depth int) {
		if ref, ok := node["$ref"].(string); ok {
			if !strings.HasPrefix(ref, "#/definitions/escron.") || depth > 10 {
				return // a Kubernetes type
			}
			node = resolve(ref)
		}
		out = append(out, schemaSite{pointer, path, place, node})
		props, _ := node["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if pointer == "" && k == "jobs" && !withJobs {
				continue
			}
			k := k
			walk(props[k].(map[string]any), pointer+"/"+k, strings.TrimPrefix(path+"."+k, "."), func(leaf any) any { return place(map[string]any{k: leaf}) }, depth+1)
		}
		if ap, ok := node["additionalProperties"].(map[string]any); ok {
			walk(ap, pointer+"/s", path+".s", func(leaf any) any { return place(map[string]any{"s": leaf}) }, depth+1)
		}
		if items, ok := node["items"].(map[string]any); ok {
			walk(items, pointer+"/0", path+"[0]", func(leaf any) any { return place([]any{leaf}) }, depth+1)
		}
	}
	walk(schema, "", "", func(leaf any) any { return leaf }, 0)
	return out
}

// TestBoundEdges: each bound of escron's keys (its own, and the int32 ranges of the
// Kubernetes fields it takes at its level) renders at its edge and is refused one past
// it, at the root and in a job's entry.
func TestBoundEdges(t *testing.T) {
	for _, b := range escronBounds(t) {
		for _, edge := range b.edges() {
			t.Run(fmt.Sprintf("%s=%s", b.path, edge.value), func(t *testing.T) {
				values := b.values(edge.value)
				_, err := render.SDK(render.Options{Values: values})
				if edge.inside {
					require.NoError(t, err, "values:\n%s", values)
					return
				}
				require.Error(t, err, "values should be refused:\n%s", values)
				assert.Equal(t, fmt.Sprintf("%s is %s: it takes a whole number from %s to %s", b.shown, edge.value, b.lo, b.hi), errorMessage(err))
				// The same in a job's entry.
				entry := map[string]any{}
				require.NoError(t, yaml.Unmarshal([]byte(values), &entry))
				doc, err := yaml.Marshal(map[string]any{"jobs": map[string]any{"x": entry}})
				require.NoError(t, err)
				_, err = render.SDK(render.Options{Values: string(doc)})
				require.Error(t, err, "values should be refused:\n%s", doc)
				assert.Equal(t, fmt.Sprintf("jobs.x.%s is %s: it takes a whole number from %s to %s", b.shown, edge.value, b.lo, b.hi), errorMessage(err))
			})
		}
	}
}

// TestBoundsRefusedByTheAPIServerToo: nothing Kubernetes accepts is refused. For each
// bound escron sets, the value one past it, placed by hand into an object the chart
// rendered (and the API server accepts), is refused by the real API server too; a
// narrowing the server does not share must be listed in narrowings, with its reason
// written in values.yaml.
func TestBoundsRefusedByTheAPIServerToo(t *testing.T) {
	s, err := sharedAPIServer()
	require.NoError(t, err)
	valuesYAML, err := os.ReadFile(filepath.Join(project.ChartDir(), "values.yaml"))
	require.NoError(t, err)
	for _, b := range escronBounds(t) {
		if b.typeRange {
			continue
		}
		for _, edge := range b.edges() {
			if edge.inside {
				continue
			}
			t.Run(fmt.Sprintf("%s=%s", b.path, edge.value), func(t *testing.T) {
				res, err := render.SDK(render.Options{Values: b.values(b.lo)})
				require.NoError(t, err)
				obj := objectOf(t, res.Manifest, b.kind)
				v, err := s.DryRun(context.Background(), obj)
				require.NoError(t, err, "the base object, with %s at %s, is accepted", b.path, b.lo)
				require.Empty(t, unannounced(v.Warnings, res.Notes))
				n, err := strconv.ParseInt(edge.value, 10, 64)
				require.NoError(t, err)
				setField(t, obj.Object, b.field, n)
				_, err = s.DryRun(context.Background(), obj)
				if reason, narrowed := narrowings[b.path+"="+edge.value]; narrowed {
					require.NoError(t, err, "listed as a narrowing, but the API server refuses it too: drop it from narrowings")
					assert.Contains(t, string(valuesYAML), reason, "values.yaml gives the reason of the narrowing")
					return
				}
				require.Error(t, err, "the chart refuses %s: %s, which the API server accepts at %s", b.path, edge.value, b.field)
				t.Logf("the API server refuses it too: %v", err)
			})
		}
	}
}

// narrowings are the values escron refuses although the API server takes them: the
// bound's values path and value, and the reason values.yaml gives.
var narrowings = map[string]string{
	"terminationGracePeriodSeconds=-1": "a negative terminationGracePeriodSeconds is refused",
}

// bound is one number bound of escron's keys: one escron chose, or the int32 or int64
// range of a Kubernetes field at escron's level (priority).
type bound struct {
	path      string                // values path, with * for a map key of the fixture
	shown     string                // the path the message names
	lo, hi    string                // as the shape holds them
	typeRange bool                  // the whole range of an int32 or int64, not one escron chose
	kind      string                // the object the value lands in
	field     string                // where, in that object (setField's path)
	values    func(v string) string // the values with the bound's key at v
}

type edge struct {
	value  string
	inside bool
}

// edges are the values at and one past each bound, when a float64 (how values reach
// the templates) holds them exactly.
func (b bound) edges() []edge {
	var out []edge
	for _, e := range []struct {
		text string
		step int64
	}{{b.lo, -1}, {b.hi, 1}} {
		n, err := strconv.ParseInt(e.text, 10, 64)
		if err != nil || n > 1<<53 || n < -(1<<53) {
			continue
		}
		out = append(out, edge{e.text, true}, edge{strconv.FormatInt(n+e.step, 10), false})
	}
	return out
}

// boundPlaces: each bound escron chooses, written here as the specification the
// generated shape must hold, where its value lands and what must go with it.
var boundPlaces = map[string]struct {
	lo, hi string
	kind   string
	field  string
	extra  string
}{
	"cronjob.successfulJobsHistoryLimit": {"0", "2147483647", "CronJob", "spec.successfulJobsHistoryLimit", ""},
	"cronjob.failedJobsHistoryLimit":     {"0", "2147483647", "CronJob", "spec.failedJobsHistoryLimit", ""},
	"cronjob.startingDeadlineSeconds":    {"0", "9223372036854775807", "CronJob", "spec.startingDeadlineSeconds", ""},
	"job.activeDeadlineSeconds":          {"0", "9223372036854775807", "CronJob", "spec.jobTemplate.spec.activeDeadlineSeconds", ""},
	"job.backoffLimit":                   {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.backoffLimit", ""},
	"job.backoffLimitPerIndex":           {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.backoffLimitPerIndex", "job: {completionMode: Indexed, completions: 1}\n"},
	"job.completions":                    {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.completions", ""},
	"job.maxFailedIndexes":               {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.maxFailedIndexes", "job: {completionMode: Indexed, completions: 1, backoffLimitPerIndex: 1}\n"},
	"job.parallelism":                    {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.parallelism", ""},
	"job.ttlSecondsAfterFinished":        {"0", "2147483647", "CronJob", "spec.jobTemplate.spec.ttlSecondsAfterFinished", ""},
	"activeDeadlineSeconds":              {"1", "2147483647", "CronJob", "spec.jobTemplate.spec.template.spec.activeDeadlineSeconds", ""},
	"terminationGracePeriodSeconds":      {"0", "9223372036854775807", "CronJob", "spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds", ""},
	"configmaps.*.data.*.mode":           {"0", "511", "CronJob", "spec.jobTemplate.spec.template.spec.volumes.?configMap.items.0.mode", "configmaps: {s: {mountpath: /s, data: {run: {subPath: run, content: x}}}}\n"},
	"configmaps.*.binaryData.*.mode":     {"0", "511", "CronJob", "spec.jobTemplate.spec.template.spec.volumes.?configMap.items.0.mode", "configmaps: {s: {mountpath: /s, binaryData: {run: {subPath: run, content: eA==}}}}\n"},
}

// escronBounds reads the bounds of escron's own keys from the values' shape and places
// each with boundPlaces; a bound with no place fails the test (judge it, then list it).
func escronBounds(t *testing.T) []bound {
	t.Helper()
	shape := valuesShape(t)
	var out []bound
	found := map[string]bool{}
	var walk func(node any, path string)
	walk = func(node any, path string) {
		n, ok := node.(map[string]any)
		if !ok {
			return
		}
		if r, ok := n["r"].(string); ok {
			if !strings.HasPrefix(r, "escron.") {
				return // a Kubernetes type: its ranges are its int32 and int64 formats
			}
			n = shape.Defs[r].(map[string]any)
		}
		if b, ok := n["b"].([]any); ok {
			lo, hi := b[0].(string), b[1].(string)
			shown := strings.ReplaceAll(strings.Replace(path, "*", "s", 1), "*", "run")
			if fullRange(lo, hi) {
				// The field's own type's range, which the API server's decoder has too.
				out = append(out, bound{path: path, shown: shown, lo: lo, hi: hi, typeRange: true,
					values: func(v string) string { return withValue(t, "", shown, v) }})
			} else {
				place, ok := boundPlaces[path]
				if !assert.True(t, ok, "escron bounds %s (%s to %s): judge it against the API server (boundPlaces)", path, lo, hi) {
					return
				}
				found[path] = true
				assert.Equal(t, [2]string{place.lo, place.hi}, [2]string{lo, hi}, "the shape's bounds of %s", path)
				lo, hi := place.lo, place.hi
				out = append(out, bound{path: path, shown: shown, lo: lo, hi: hi, kind: place.kind, field: place.field,
					values: func(v string) string { return withValue(t, place.extra, shown, v) }})
			}
		}
		keys, _ := n["k"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			if path == "" && k == "jobs" {
				continue // the same keys as the root's
			}
			walk(keys[k], strings.TrimPrefix(path+"."+k, "."))
		}
		if a, ok := n["a"]; ok {
			walk(a, path+".*")
		}
		if i, ok := n["i"]; ok {
			walk(i, path+"[]")
		}
	}
	walk(shape.Root, "")
	for path := range boundPlaces {
		assert.True(t, found[path], "the shape holds no bound for %s", path)
	}
	require.NotEmpty(t, out)
	return out
}

type shapeDoc struct {
	Root any            `json:"root"`
	Defs map[string]any `json:"defs"`
}

// valuesShape is the JSON of escron.valuesShape in _generated.tpl.
func valuesShape(t *testing.T) shapeDoc {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(project.ChartDir(), "templates", "lib", "_generated.tpl"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?s)define "escron.valuesShape" -}}\n(.*?)\n\{\{- end`).FindSubmatch(raw)
	require.NotNil(t, m, "_generated.tpl defines escron.valuesShape")
	var doc shapeDoc
	require.NoError(t, json.Unmarshal(m[1], &doc))
	return doc
}

// fullRange: lo and hi are the whole range of an int32 or an int64.
func fullRange(lo, hi string) bool {
	return (lo == strconv.Itoa(math.MinInt32) && hi == strconv.Itoa(math.MaxInt32)) ||
		(lo == strconv.FormatInt(math.MinInt64, 10) && hi == strconv.FormatInt(math.MaxInt64, 10))
}

// withValue is the values YAML extra with the number v at the dotted path.
func withValue(t *testing.T, extra, path, v string) string {
	t.Helper()
	values := map[string]any{}
	require.NoError(t, yaml.Unmarshal([]byte(extra), &values))
	n, err := strconv.ParseInt(v, 10, 64)
	require.NoError(t, err)
	m := values
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = n
	out, err := yaml.Marshal(values)
	require.NoError(t, err)
	return string(out)
}

// setField sets the number n at a dotted field path of obj: a number indexes a list,
// ?key picks a list's first item that has key.
func setField(t *testing.T, obj map[string]any, path string, n int64) {
	t.Helper()
	var at any = obj
	parts := strings.Split(path, ".")
	for i, p := range parts {
		last := i == len(parts)-1
		switch cur := at.(type) {
		case map[string]any:
			if last {
				cur[p] = n
				return
			}
			at = cur[p]
		case []any:
			idx := -1
			if key, ok := strings.CutPrefix(p, "?"); ok {
				for j, item := range cur {
					if m, ok := item.(map[string]any); ok && m[key] != nil {
						idx = j
						break
					}
				}
				p = key
			} else if j, err := strconv.Atoi(p); err == nil && j < len(cur) {
				idx = j
			}
			require.GreaterOrEqual(t, idx, 0, "%s: no item %s", path, p)
			at = cur[idx]
			if strings.HasPrefix(parts[i], "?") {
				at = at.(map[string]any)[p]
			}
		default:
			t.Fatalf("%s: nothing at %s", path, p)
		}
	}
}

// objectOf is the one object of kind in manifest.
func objectOf(t *testing.T, manifest, kind string) *unstructured.Unstructured {
	t.Helper()
	docs, errs := kubeapi.DecodeManifest(manifest)
	require.Empty(t, errs)
	for _, d := range docs {
		if d.Object["kind"] == kind {
			return &unstructured.Unstructured{Object: d.Object}
		}
	}
	t.Fatalf("no %s in the manifest", kind)
	return nil
}

// TestRenamedKeys: a key a release renamed (escron.renamedKeys) is refused with the new
// key's name, at the root and in a job's entry, instead of the nearest-key guess. The
// chart's table is empty (no key has been renamed); the test renders a copy that has
// one entry, and checks that every entry of the real table names an old key the values
// no longer take.
func TestRenamedKeys(t *testing.T) {
	src := project.ChartDir()
	dir := filepath.Join(t.TempDir(), "escron")
	require.NoError(t, filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == filepath.Join("templates", "lib", "_values.tpl") {
			before := string(data)
			data = []byte(strings.Replace(before, "{{- define \"escron.renamedKeys\" -}}\n{}\n",
				"{{- define \"escron.renamedKeys\" -}}\n{\"mainContainer.imagePullPolicy\": {\"to\": \"mainContainer.pullPolicy\", \"in\": \"9.9.9\"}, \"extraVolumes[].cm\": {\"to\": \"extraVolumes[].configMap\", \"in\": \"9.9.9\"}}\n", 1))
			require.NotEqual(t, before, string(data), "_values.tpl defines escron.renamedKeys as {}")
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	}))
	for values, want := range map[string]string{
		"mainContainer: {imagePullPolicy: Always}\n":                          "mainContainer.imagePullPolicy: escron 9.9.9 renamed this key to mainContainer.pullPolicy; write that instead",
		"jobs: {a: {mainContainer: {imagePullPolicy: Always}}}\n":             "jobs.a.mainContainer.imagePullPolicy: escron 9.9.9 renamed this key to mainContainer.pullPolicy; write that instead",
		"extraVolumes: [{name: v, emptyDir: {}}, {name: w, cm: {name: x}}]\n": "extraVolumes[1].cm: escron 9.9.9 renamed this key to extraVolumes[].configMap; write that instead",
	} {
		_, err := render.SDK(render.Options{ChartDir: dir, Values: values})
		require.Error(t, err, values)
		assert.Equal(t, want, errorMessage(err))
	}

	t.Log("the chart's own table: each old key is one the values no longer take")
	_, err := render.SDK(render.Options{})
	require.NoError(t, err)
	raw, err := os.ReadFile(filepath.Join(src, "templates", "lib", "_values.tpl"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?s)define "escron.renamedKeys" -}}\n(.*?)\n\{\{- end`).FindSubmatch(raw)
	require.NotNil(t, m)
	var table map[string]struct{ To, In string }
	require.NoError(t, json.Unmarshal(m[1], &table))
	for old, entry := range table {
		doc, err := yaml.Marshal(nestedValue(old, 1))
		require.NoError(t, err)
		_, err = render.SDK(render.Options{Values: string(doc)})
		require.Error(t, err, "%s, renamed to %s, is still a key of the values", old, entry.To)
		assert.Contains(t, errorMessage(err), "renamed this key to "+entry.To)
	}
}

// nestedValue is v at a dotted path whose [] segments are lists of one item.
func nestedValue(path string, v any) any {
	parts := strings.Split(path, ".")
	out := v
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if name, ok := strings.CutSuffix(p, "[]"); ok {
			out = map[string]any{name: []any{out}}
		} else {
			out = map[string]any{p: out}
		}
	}
	return out
}

// TestWrongTypesAtEveryEscronLevel: values.schema.json refuses, at its path, a value of
// each type a key of escron's own does not take (a Kubernetes type's fields are the
// OpenAPI's): an object, a list, a boolean, a string, a fraction, a whole number.
func TestWrongTypesAtEveryEscronLevel(t *testing.T) {
	samples := []struct {
		kind  string
		value any
	}{{"object", map[string]any{"x": "y"}}, {"array", []any{"x"}}, {"boolean", true}, {"string", "x"}, {"number", 1.5}, {"integer", 1}}
	sites, checked := 0, 0
	for _, s := range schemaSites(t, false) {
		types := map[string]bool{}
		switch ty := s.node["type"].(type) {
		case string:
			types[ty] = true
		case []any:
			for _, x := range ty {
				types[x.(string)] = true
			}
		}
		if len(types) == 0 || s.pointer == "" {
			continue
		}
		sites++
		for _, sample := range samples {
			if types[sample.kind] || (sample.kind == "integer" && types["number"]) {
				continue
			}
			doc, err := yaml.Marshal(s.place(sample.value))
			require.NoError(t, err)
			_, err = render.SDK(render.Options{Values: string(doc)})
			if assert.Error(t, err, "%s takes %s: values.schema.json should refuse it\n%s", s.pointer, sample.kind, doc) {
				assert.True(t, strings.HasPrefix(errorMessage(err), "- at '"+s.pointer+"': got "), "%s, a %s: %s", s.pointer, sample.kind, errorMessage(err))
			}
			checked++
		}
	}
	require.Greater(t, sites, 50)
	t.Logf("%d keys, %d values of a type they do not take, each refused at its path", sites, checked)
}
