package schemagen

import (
	"fmt"
	"path/filepath"
	"strings"

	kubeversions "github.com/escron/escron/test/internal/versions"
)

// SinceKey marks, in the generated schema (before typesOnly removes it), a Kubernetes
// field that the oldest supported minor lacks, with the minor that brought it ("1.35").
// The shape carries it as s (shape.go), and lib/_values.tpl refuses such a field when
// the target cluster is older.
const SinceKey = "x-escron-since"

// Versioned are the OpenAPI documents of each supported Kubernetes version, oldest
// first: the newest is the schema's source, the older ones date each field.
type Versioned struct {
	Versions []string // "v1.34.4", ..., oldest first
	Minors   []string // "1.34", ..., the minor of each version
	Specs    []*Spec
}

// LoadVersioned reads root/VERSION for each version (scripts/tools.sh links root as
// bin/kube-openapi), oldest first.
func LoadVersioned(root string, versions []string) (*Versioned, error) {
	if len(versions) == 0 {
		return nil, fmt.Errorf("no Kubernetes version to read the OpenAPI documents of")
	}
	v := &Versioned{Versions: versions}
	for _, version := range versions {
		minor, err := kubeversions.MinorOfE(version)
		if err != nil {
			return nil, err
		}
		v.Minors = append(v.Minors, strings.TrimPrefix(minor, "v"))
		spec, err := LoadSpec(filepath.Join(root, version))
		if err != nil {
			return nil, fmt.Errorf("the OpenAPI documents of Kubernetes %s: %w", version, err)
		}
		v.Specs = append(v.Specs, spec)
	}
	return v, nil
}

// Newest is the newest version's documents.
func (v *Versioned) Newest() *Spec { return v.Specs[len(v.Specs)-1] }

// NewestVersion is the newest version.
func (v *Versioned) NewestVersion() string { return v.Versions[len(v.Versions)-1] }

// Since is the minor ("1.35") that brought field of type typ, when a version older
// than the field has the type (a type new with the field, such as the type of a new
// list, is dated by the field that holds it); "" otherwise.
func (v *Versioned) Since(typ, field string) string {
	typeAt := -1
	for i, spec := range v.Specs {
		sch, ok := spec.Schemas[typ]
		if !ok {
			continue
		}
		if typeAt < 0 {
			typeAt = i
		}
		props, _ := sch["properties"].(map[string]any)
		if _, ok := props[field]; ok {
			if i == typeAt {
				return ""
			}
			return v.Minors[i]
		}
	}
	return ""
}

// markSince sets SinceKey on each converted property of typ that the oldest version lacks.
func (c *converter) markSince(typ string, props map[string]any) {
	if c.versions == nil {
		return
	}
	for name, p := range props {
		if since := c.versions.Since(typ, name); since != "" {
			if m, ok := p.(map[string]any); ok {
				m[SinceKey] = since
			}
		}
	}
}
