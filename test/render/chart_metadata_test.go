package render_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
)

// TestChartMetadata checks Chart.yaml as chart-testing's yamale check would (yamale is
// not installable here, so ct.yaml turns that check off): every field that
// ci/chart_schema.yaml requires is present with the right type; plus what chart
// repositories and Artifact Hub read.
func TestChartMetadata(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(project.ChartDir(), "Chart.yaml"))
	require.NoError(t, err)
	var chart map[string]any
	require.NoError(t, yaml.Unmarshal(raw, &chart))

	schema, err := os.ReadFile(project.Path("ci", "chart_schema.yaml"))
	require.NoError(t, err)
	top, _, _ := strings.Cut(string(schema), "\n---")
	var fields map[string]string
	require.NoError(t, yaml.Unmarshal([]byte(top), &fields))
	for field, rule := range fields {
		value, present := chart[field]
		if strings.Contains(rule, "required=False") && !present {
			continue
		}
		require.True(t, present, "Chart.yaml lacks %s (%s)", field, rule)
		switch {
		case strings.HasPrefix(rule, "str("):
			assert.IsType(t, "", value, "Chart.yaml %s", field)
		case strings.HasPrefix(rule, "list("):
			assert.IsType(t, []any{}, value, "Chart.yaml %s", field)
		case strings.HasPrefix(rule, "map("):
			assert.IsType(t, map[string]any{}, value, "Chart.yaml %s", field)
		}
	}

	assert.Equal(t, "v2", chart["apiVersion"])
	_, err = semver.StrictNewVersion(chart["version"].(string))
	assert.NoError(t, err, "version is SemVer 2")
	_, err = semver.NewConstraint(chart["kubeVersion"].(string))
	assert.NoError(t, err, "kubeVersion is a constraint")
	for _, field := range []string{"description", "home", "icon", "keywords", "sources", "maintainers"} {
		assert.NotEmpty(t, chart[field], field)
	}
	for _, m := range chart["maintainers"].([]any) {
		assert.NotEmpty(t, m.(map[string]any)["name"], "maintainer name")
	}
	annotations := chart["annotations"].(map[string]any)
	for _, key := range []string{"artifacthub.io/license", "artifacthub.io/changes", "artifacthub.io/images", "artifacthub.io/links"} {
		require.Contains(t, annotations, key)
	}
	for _, key := range []string{"artifacthub.io/changes", "artifacthub.io/images", "artifacthub.io/links"} {
		var list []map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(annotations[key].(string)), &list), key)
		assert.NotEmpty(t, list, key)
	}
}
