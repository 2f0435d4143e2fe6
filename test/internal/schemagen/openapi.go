// Package schemagen generates the chart's values.schema.json and the field lists its
// templates iterate over, from the Kubernetes OpenAPI v3 documents the project pins,
// with escron's own keys on top (escron.go). `make schema` runs it; `make lint` checks
// that the committed files are what it generates.
package schemagen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spec holds the component schemas of the Kubernetes OpenAPI v3 documents, by their
// full names (io.k8s.api.core.v1.PodSpec).
type Spec struct {
	Schemas map[string]map[string]any
}

// SpecDocuments are the OpenAPI v3 documents escron's objects come from, relative to
// the directory scripts/tools.sh links as bin/kube-openapi (one file per group and version).
var SpecDocuments = []string{
	"api/v1.json",
	"apis/batch/v1.json",
	"apis/rbac.authorization.k8s.io/v1.json",
}

// LoadSpec reads the documents of SpecDocuments under dir.
func LoadSpec(dir string) (*Spec, error) {
	spec := &Spec{Schemas: map[string]map[string]any{}}
	for _, rel := range SpecDocuments {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return nil, err
		}
		var doc struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		for name, s := range doc.Components.Schemas {
			spec.Schemas[name] = s
		}
	}
	return spec, nil
}

// Schema is the component schema named name (io.k8s.api.core.v1.Container).
func (s *Spec) Schema(name string) (map[string]any, error) {
	sch, ok := s.Schemas[name]
	if !ok {
		return nil, fmt.Errorf("no schema %s in the OpenAPI documents", name)
	}
	return sch, nil
}

// Fields are the property names of a component schema, sorted.
func (s *Spec) Fields(name string) ([]string, error) {
	sch, err := s.Schema(name)
	if err != nil {
		return nil, err
	}
	props, _ := sch["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Property is the schema of one property of a component schema.
func (s *Spec) Property(typeName, field string) (map[string]any, error) {
	sch, err := s.Schema(typeName)
	if err != nil {
		return nil, err
	}
	props, _ := sch["properties"].(map[string]any)
	p, ok := props[field].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s has no field %s", typeName, field)
	}
	return p, nil
}

// RefName is the component a property refers to ($ref, or allOf with a single $ref),
// or "" for an inline schema.
func RefName(prop map[string]any) string {
	if ref, ok := prop["$ref"].(string); ok {
		return strings.TrimPrefix(ref, "#/components/schemas/")
	}
	if all, ok := prop["allOf"].([]any); ok && len(all) == 1 {
		if inner, ok := all[0].(map[string]any); ok {
			return RefName(inner)
		}
	}
	return ""
}

// Description is the first sentence of a schema's description.
func Description(s map[string]any) string {
	d, _ := s["description"].(string)
	d = strings.TrimSpace(strings.SplitN(d, "\n", 2)[0])
	if i := strings.Index(d, ". "); i > 0 {
		d = d[:i+1]
	}
	return d
}
