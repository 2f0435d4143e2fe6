package render_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

// TestSchemaCacheMatchesHelm: render.SDK validates values with schemas it compiled
// once; Helm compiles them on every render. Both must give the same verdict and the same
// message, for the chart and through an umbrella chart.
func TestSchemaCacheMatchesHelm(t *testing.T) {
	umbrella, err := fixtures.Umbrella(t.TempDir())
	require.NoError(t, err)
	for _, values := range []string{
		"",
		everyObject,
		"cronJob: {}\n",
		"mainContainer: {securityContext: {readOnlyRootFileSystem: true}}\n",
		"jobs: {a: {job: {backoffLimit: 3000000000}}}\n",
		"tolerations: [{kye: x}]\nextraVolumeMounts: [{name: x, mountpath: /x}]\n",
		"mainContainer: {env: {LIST: [a, b]}, tag: 1.10}\n",
		"podLabels: {version: 1.10}\n",
	} {
		for _, chart := range []struct{ dir, values string }{{"", values}, {umbrella, indentUnder("escron", values)}} {
			cached, cachedErr := render.SDK(render.Options{ChartDir: chart.dir, Values: chart.values})
			fresh, freshErr := render.SDK(render.Options{ChartDir: chart.dir, Values: chart.values, FreshSchema: true})
			if freshErr != nil {
				require.Error(t, cachedErr, "values:\n%s", chart.values)
				// The validator lists sibling findings in map order: compare the lines as sets.
				assert.ElementsMatch(t, splitLines(freshErr.Error()), splitLines(cachedErr.Error()))
				continue
			}
			require.NoError(t, cachedErr)
			assert.Equal(t, fresh, cached)
		}
	}
}

func indentUnder(key, values string) string {
	if values == "" {
		return ""
	}
	out := key + ":\n"
	for _, line := range splitLines(values) {
		out += "  " + line + "\n"
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// TestSchemaHasOneJobDefinition: the root and each jobs entry take the same job keys,
// from one definition; the root adds the release-wide keys, an entry adds enabled and
// fullnameOverride (its own name).
func TestSchemaHasOneJobDefinition(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(project.ChartDir(), "values.schema.json"))
	require.NoError(t, err)
	var schema struct {
		Properties  map[string]json.RawMessage `json:"properties"`
		Definitions map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"definitions"`
	}
	require.NoError(t, json.Unmarshal(raw, &schema))
	job := slices.Sorted(maps.Keys(schema.Definitions["escron.job"].Properties))
	entry := slices.Sorted(maps.Keys(schema.Definitions["escron.jobEntry"].Properties))
	want := append(slices.Clone(job), "enabled", "fullnameOverride")
	slices.Sort(want)
	assert.Equal(t, want, entry, "an entry adds enabled and its own name")
	root := slices.Sorted(maps.Keys(schema.Properties))
	for _, k := range job {
		assert.Contains(t, root, k)
		assert.JSONEq(t, `{"$ref": "#/definitions/escron.job/properties/`+k+`"}`, string(schema.Properties[k]), "the root refers to the job definition")
	}
	assert.Len(t, root, len(job)+10, "the release-wide keys: enabled, global, nameOverride, fullnameOverride, commonLabels, commonAnnotations, extraObjects, tests, prometheusRule, jobs")
}

// TestSchemaIsWhatMakeSchemaGenerates: values.schema.json and templates/lib/_generated.tpl
// are generated (make schema); a hand edit, or a stale file, fails here as in make lint.
func TestSchemaIsWhatMakeSchemaGenerates(t *testing.T) {
	openapi, err := project.Tool("kube-openapi")
	require.NoError(t, err)
	out, err := schemagen.Generate(project.ChartDir(), openapi, versions.AllKubernetes(t))
	require.NoError(t, err)
	for file, want := range map[string][]byte{schemagen.Files.Schema: out.Schema, schemagen.Files.Templates: out.Templates} {
		got, err := os.ReadFile(filepath.Join(project.ChartDir(), file))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s is not what make schema generates", file)
	}
}
