package render_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/kubeapi"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/valuesgen"
	"github.com/escron/escron/test/internal/versions"
)

// The Kubernetes minors the chart renders for: the values schema comes from the newest
// minor's OpenAPI, and a field an older supported minor lacks is refused when the
// target cluster (.Capabilities.KubeVersion) is older than the minor that brought it.

// newerField is one key of the shape that a minor newer than the oldest supported
// brought: its values path, the values that put a leaf there, and that minor.
type newerField struct {
	path  string
	place func(leaf any) any
	since string
}

// newerFields walks the values' shape as make schema generates it (not the committed
// file: a stale or edited shape fails TestSchemaIsWhatMakeSchemaGenerates, and this
// test judges what the generator dates), each shared definition once, jobs' entries
// once (jobs.x: the keys of a job's entry, which are the root's).
func newerFields(t *testing.T) []newerField {
	t.Helper()
	openapi, err := project.Tool("kube-openapi")
	require.NoError(t, err)
	generated, err := schemagen.Generate(project.ChartDir(), openapi, versions.AllKubernetes(t))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?s)define "escron.valuesShape" -}}\n(.*?)\n\{\{- end`).FindSubmatch(generated.Templates)
	require.NotNil(t, m, "make schema defines escron.valuesShape")
	var shape shapeDoc
	require.NoError(t, json.Unmarshal(m[1], &shape))

	var out []newerField
	seen := map[string]bool{}
	var walk func(node any, path string, place func(any) any)
	walk = func(node any, path string, place func(any) any) {
		n, ok := node.(map[string]any)
		if !ok {
			return
		}
		if r, ok := n["r"].(string); ok {
			if seen[r] {
				return
			}
			seen[r] = true
			n = shape.Defs[r].(map[string]any)
		}
		since, _ := n["s"].(map[string]any)
		keys, _ := n["k"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			at := strings.TrimPrefix(path+"."+k, ".")
			put := func(leaf any) any { return place(map[string]any{k: leaf}) }
			if s, ok := since[k].(string); ok {
				out = append(out, newerField{at, put, s})
			}
			if path == "jobs.x" {
				continue // the root's keys, walked at the root
			}
			walk(keys[k], at, put)
		}
		if a, ok := n["a"]; ok {
			key := "s"
			if path == "jobs" {
				key = "x"
			}
			walk(a, path+"."+key, func(leaf any) any { return place(map[string]any{key: leaf}) })
		}
		if i, ok := n["i"]; ok {
			walk(i, path+"[0]", func(leaf any) any { return place([]any{leaf}) })
		}
	}
	walk(shape.Root, "", func(leaf any) any { return leaf })
	return out
}

// TestFieldsNewerThanTheCluster: each field a newer minor brought is refused, in one
// line naming its values path and that minor, when the chart renders for the minor
// before it (helm template --kube-version); from its own minor on, the chart takes it.
func TestFieldsNewerThanTheCluster(t *testing.T) {
	fields := newerFields(t)
	// Kubernetes 1.35 to 1.37 added fields to the Pod and Job APIs (schedulingGroup,
	// evictionResponders, job.scheduling, ...) at escron's level and below it.
	require.GreaterOrEqual(t, len(fields), 10, "fields newer than the oldest supported minor")
	atRoot, inJob := 0, 0
	for _, f := range fields {
		if !strings.Contains(f.path, ".") {
			atRoot++
		}
		if strings.HasPrefix(f.path, "jobs.x.") {
			inJob++
		}
		t.Run(f.path, func(t *testing.T) {
			before := previousMinor(t, f.since)
			values, msg := renderWithLeaf(t, f, "v"+before+".0")
			assert.Equal(t, fmt.Sprintf("%s: a field of Kubernetes %s and later, and the chart renders for Kubernetes %s "+
				"(the cluster's version with helm install, --kube-version with helm template)", f.path, f.since, before), msg, "values:\n%s", values)
			_, err := render.SDK(render.Options{Values: values, KubeVersion: "v" + f.since + ".0"})
			if err != nil {
				assert.NotContains(t, errorMessage(err), "a field of Kubernetes", "Kubernetes %s has it", f.since)
			}
		})
	}
	assert.Positive(t, atRoot, "a pod field at the root of the values is dated too")
	assert.Positive(t, inJob, "a job's entry is checked as the root is")
}

// renderWithLeaf renders f's field set to the first of an empty object, an empty
// list, a string, a number and a boolean that the values schema's types take, for
// Kubernetes version kube, and returns the values and the one-line error.
func renderWithLeaf(t *testing.T, f newerField, kube string) (string, string) {
	t.Helper()
	for _, leaf := range []any{map[string]any{}, []any{}, "x", 1, true} {
		doc, err := yaml.Marshal(f.place(leaf))
		require.NoError(t, err)
		_, err = render.SDK(render.Options{Values: string(doc), KubeVersion: kube})
		require.Error(t, err, "values should be refused for Kubernetes %s:\n%s", kube, doc)
		if msg := errorMessage(err); !strings.HasPrefix(msg, "- at ") {
			return string(doc), msg
		}
	}
	t.Fatalf("no leaf of any type fits %s", f.path)
	return "", ""
}

// previousMinor is the supported minor before minor ("1.36" for "1.37").
func previousMinor(t *testing.T, minor string) string {
	t.Helper()
	minors, err := versions.MinorsE()
	require.NoError(t, err)
	i := slices.Index(minors, minor)
	require.Positive(t, i, "%s is a supported minor after the oldest (%v)", minor, minors)
	return minors[i-1]
}

// TestEveryMinorsOpenAPI renders every ci scenario, the fuzz corpus and the first
// seeds of the sweep for each supported minor (--kube-version) and checks the objects
// against that minor's OpenAPI documents (kubeapi's structure: fields, types, enums,
// required fields). make test's real API server is the default minor's alone (another
// minor's is a further cold compile: make test-matrix runs them); this is what every
// minor's documents judge at no build cost: a field the chart sends to a minor that does
// not know it, or a value its enum lacks, fails here.
func TestEveryMinorsOpenAPI(t *testing.T) {
	const seeds = 40
	inputs := map[string]string{}
	for _, sc := range scenarios(t) {
		raw, err := os.ReadFile(sc.File)
		require.NoError(t, err)
		inputs["ci/"+sc.Name] = string(raw)
	}
	corpus, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzRender", "*"))
	require.NoError(t, err)
	for _, f := range corpus {
		inputs["corpus/"+filepath.Base(f)] = corpusValues(t, f)
	}
	for seed := range uint64(seeds) {
		doc, err := valuesgen.YAML(valuesgen.Values(valuesgen.Random(seed)))
		require.NoError(t, err)
		inputs[fmt.Sprintf("seed/%d", seed)] = doc
	}
	root, err := project.Tool("kube-openapi")
	require.NoError(t, err)
	for _, version := range versions.AllKubernetes(t) {
		t.Run(version, func(t *testing.T) {
			v, err := kubeapi.Load(filepath.Join(root, version))
			require.NoError(t, err)
			require.NoError(t, registerCRDs(v))
			rendered := 0
			for _, name := range slices.Sorted(maps.Keys(inputs)) {
				res, err := render.SDK(render.Options{Values: inputs[name], KubeVersion: version})
				if err != nil {
					require.False(t, strings.HasPrefix(name, "ci/"), "%s does not render for %s: %v", name, version, err)
					continue
				}
				rendered++
				for _, e := range v.ValidateManifest(res.Manifest) {
					t.Errorf("%s, rendered for %s: its OpenAPI refuses %v", name, version, e)
				}
			}
			t.Logf("%d of %d inputs rendered for %s, each checked against its OpenAPI", rendered, len(inputs), version)
		})
	}
}
