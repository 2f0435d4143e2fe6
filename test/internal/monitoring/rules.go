package monitoring

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/releaseutil"
	"sigs.k8s.io/yaml"
)

// PrometheusRule's API version and kind (the prometheus-operator monitoring API).
const (
	PrometheusRuleAPIVersion = "monitoring.coreos.com/v1"
	PrometheusRuleKind       = "PrometheusRule"
)

// RulesFromPrometheusRule turns the PrometheusRules of a manifest (one or more YAML
// documents, such as a rendered release; other kinds are skipped) into one Prometheus
// rule file: the groups of their specs, in order, as the operator hands them to
// Prometheus. An expression given as a number becomes a string, and the Thanos-only
// partial_response_strategy is dropped, since Prometheus refuses unknown fields. Check
// the result with CheckRules; group names must be unique across the PrometheusRules.
func RulesFromPrometheusRule(manifest string) ([]byte, error) {
	docs := releaseutil.SplitManifests(manifest)
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(keys))
	groups := []map[string]any{}
	found := 0
	for _, k := range keys {
		js, err := yaml.YAMLToJSONStrict([]byte(docs[k]))
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", k, err)
		}
		if t := strings.TrimSpace(string(js)); t == "null" || t == "" {
			continue
		}
		var obj struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
			Spec struct {
				Groups []map[string]any `json:"groups"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(js, &obj); err != nil {
			return nil, fmt.Errorf("document %s: %w", k, err)
		}
		if obj.Kind != PrometheusRuleKind {
			continue
		}
		if obj.APIVersion != PrometheusRuleAPIVersion {
			return nil, fmt.Errorf("PrometheusRule %s: apiVersion %q, want %q", obj.Metadata.Name, obj.APIVersion, PrometheusRuleAPIVersion)
		}
		found++
		for i, g := range obj.Spec.Groups {
			delete(g, "partial_response_strategy")
			rules, _ := g["rules"].([]any)
			for j, r := range rules {
				rule, ok := r.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("PrometheusRule %s: groups[%d].rules[%d] is not an object", obj.Metadata.Name, i, j)
				}
				if n, ok := rule["expr"].(float64); ok {
					rule["expr"] = strconv.FormatFloat(n, 'f', -1, 64)
				}
			}
			groups = append(groups, g)
		}
	}
	if found == 0 {
		return nil, fmt.Errorf("no %s %s in the manifest", PrometheusRuleAPIVersion, PrometheusRuleKind)
	}
	return yaml.Marshal(map[string]any{"groups": groups})
}

// WriteRuleFileE writes RulesFromPrometheusRule(manifest) to dir/name and returns its path.
func WriteRuleFileE(manifest, dir, name string) (string, error) {
	rules, err := RulesFromPrometheusRule(manifest)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, rules, 0o644)
}

// WriteRuleFile writes the rule file of the manifest's PrometheusRules into a temporary
// directory of the test and returns its path; it fails the test on error.
func WriteRuleFile(t testing.TB, manifest string) string {
	t.Helper()
	path, err := WriteRuleFileE(manifest, t.TempDir(), "rules.yaml")
	require.NoError(t, err)
	return path
}
