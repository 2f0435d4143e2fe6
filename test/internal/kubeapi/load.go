// Package kubeapi checks, in-process and fast, rendered Kubernetes objects against the
// OpenAPI v3 documents of a Kubernetes version (the one the tests target), and evaluates their
// pods with the Pod Security Standards' own library. What the API server does beyond
// its schema (names, schedules, pod rules, defaulting, admission, feature gates) is
// judged by a real API server (test/internal/apiserver), not by a copy here.
//
// Two layers, each in its own file:
//   - structural.go checks an object against the OpenAPI schema of its kind the way
//     the API server's strict decoding does: types, integer formats, int-or-string,
//     quantities, unknown fields, required fields, list-map keys and sets.
//   - podsecurity.go evaluates pod templates against the Pod Security Standards
//     (k8s.io/pod-security-admission, the library the API server runs).
//
// validate.go dispatches an object to the layers, manifest.go splits and decodes Helm's
// output.
//
// It must never report what the API server accepts (it is part of a fuzz test's
// oracle): a constraint it is not sure the API server applies is left out, such as the
// CEL rules, formats and numeric/array/object constraints a CRD schema may add beyond
// type, enum, pattern, length, item counts and required fields.
package kubeapi

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

// GVK names a kind: group ("" for the core group), version and kind.
type GVK struct {
	Group, Version, Kind string
}

// APIVersion is the apiVersion field of the kind's objects: "v1", "batch/v1".
func (g GVK) APIVersion() string {
	if g.Group == "" {
		return g.Version
	}
	return g.Group + "/" + g.Version
}

func (g GVK) String() string { return g.APIVersion() + " " + g.Kind }

// ParseAPIVersion splits an apiVersion into group and version.
func ParseAPIVersion(apiVersion, kind string) GVK {
	if i := strings.LastIndex(apiVersion, "/"); i >= 0 {
		return GVK{Group: apiVersion[:i], Version: apiVersion[i+1:], Kind: kind}
	}
	return GVK{Version: apiVersion, Kind: kind}
}

// kindInfo is what the validator knows about one kind.
type kindInfo struct {
	schema     *schema
	namespaced bool
	// custom marks a schema registered by a caller (a CRD's): its required fields are
	// enforced as written.
	custom bool
}

// Validator validates objects against the loaded OpenAPI documents. It is safe for
// concurrent use once loaded; Register* must not race with Validate.
type Validator struct {
	kinds map[GVK]*kindInfo
	// objectMeta is the compiled ObjectMeta schema, used for the metadata of custom kinds.
	objectMeta *schema
}

var (
	defaultOnce sync.Once
	defaultV    *Validator
	defaultErr  error
)

// Default is the validator of the Kubernetes version the tests target
// (ESCRON_KUBERNETES_MINOR, else the newest pinned minor), loaded once from
// project.Tool("kube-openapi")/<version> (scripts/tools.sh installs it).
func Default() (*Validator, error) {
	defaultOnce.Do(func() {
		dir, err := DocumentsE()
		if err != nil {
			defaultErr = err
			return
		}
		defaultV, defaultErr = Load(dir)
	})
	return defaultV, defaultErr
}

// DocumentsE is the directory of the OpenAPI documents of the targeted Kubernetes
// version.
func DocumentsE() (string, error) {
	root, err := project.Tool("kube-openapi")
	if err != nil {
		return "", err
	}
	version, err := versions.KubernetesE()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, version), nil
}

// Load reads every OpenAPI v3 document under dir, one file per group and version
// (api/v1.json, apis/batch/v1.json, ...). api/v1.json is required;
// the kinds of the other documents are known when their document is there.
func Load(dir string) (*Validator, error) {
	if _, err := os.Stat(filepath.Join(dir, "api", "v1.json")); err != nil {
		return nil, fmt.Errorf("kubeapi: no OpenAPI v3 document for the core group: %w", err)
	}
	// bin/kube-openapi is a link to the tools cache; WalkDir does not follow links.
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("kubeapi: %w", err)
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kubeapi: %w", err)
	}
	sort.Strings(files)
	v := &Validator{kinds: map[GVK]*kindInfo{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("kubeapi: %w", err)
		}
		if err := v.addDocument(data); err != nil {
			return nil, fmt.Errorf("kubeapi: %s: %w", f, err)
		}
	}
	if v.objectMeta == nil {
		return nil, fmt.Errorf("kubeapi: no ObjectMeta schema under %s", dir)
	}
	return v, nil
}

// Kinds lists the kinds the validator has a schema for, sorted.
func (v *Validator) Kinds() []GVK {
	out := make([]GVK, 0, len(v.kinds))
	for g := range v.kinds {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

const objectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

type openAPIDocument struct {
	// A path item holds operations by method, and parameters (an array).
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

func (v *Validator) addDocument(data []byte) error {
	var doc openAPIDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	// A kind can be created when a path accepts a POST of it; the path says its scope.
	creatable := map[GVK]bool{}
	for p, ops := range doc.Paths {
		raw, ok := ops["post"]
		if !ok || strings.Contains(p, "{name}") {
			continue
		}
		var op struct {
			GVK    *GVK   `json:"x-kubernetes-group-version-kind"`
			Action string `json:"x-kubernetes-action"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			return fmt.Errorf("path %s: %w", p, err)
		}
		if op.GVK != nil && op.Action == "post" {
			creatable[*op.GVK] = creatable[*op.GVK] || strings.Contains(p, "/namespaces/{namespace}/")
		}
	}
	c := newCompiler(doc.Components.Schemas, schemagen.RequiredExemptions)
	for name, raw := range doc.Components.Schemas {
		gvks, _ := raw["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			m, _ := g.(map[string]any)
			gvk := GVK{Group: str(m["group"]), Version: str(m["version"]), Kind: str(m["kind"])}
			namespaced, ok := creatable[gvk]
			if !ok {
				continue
			}
			v.kinds[gvk] = &kindInfo{schema: c.named(name), namespaced: namespaced}
		}
	}
	if _, ok := doc.Components.Schemas[objectMetaName]; ok && v.objectMeta == nil {
		v.objectMeta = c.named(objectMetaName)
	}
	return c.err
}

// RegisterSchema adds the JSON schema of a kind the OpenAPI documents lack (a CRD's
// openAPIV3Schema, as JSON or YAML), so that its objects are validated instead of being
// reported as having no schema. Its metadata is checked as ObjectMeta.
func (v *Validator) RegisterSchema(gvk GVK, namespaced bool, schemaDoc []byte) error {
	var raw map[string]any
	if err := decodeYAMLOrJSON(schemaDoc, &raw); err != nil {
		return fmt.Errorf("kubeapi: schema of %s: %w", gvk, err)
	}
	return v.registerSchema(gvk, namespaced, raw)
}

func (v *Validator) registerSchema(gvk GVK, namespaced bool, raw map[string]any) error {
	c := newCompiler(nil, nil)
	s := c.compile(raw, "")
	if c.err != nil {
		return fmt.Errorf("kubeapi: schema of %s: %w", gvk, c.err)
	}
	// The API server checks a custom resource's metadata as ObjectMeta whatever its
	// schema says, and apiVersion and kind are always strings.
	if s.properties == nil {
		s.properties = map[string]*schema{}
	}
	s.types = "object"
	s.properties["metadata"] = v.objectMeta
	s.properties["apiVersion"] = &schema{types: "string"}
	s.properties["kind"] = &schema{types: "string"}
	v.kinds[gvk] = &kindInfo{schema: s, namespaced: namespaced, custom: true}
	return nil
}

// RegisterCRD registers the schema of every served version of a
// CustomResourceDefinition manifest (apiextensions.k8s.io/v1, YAML or JSON).
func (v *Validator) RegisterCRD(crdDoc []byte) error {
	var crd struct {
		Spec struct {
			Group string `json:"group"`
			Names struct {
				Kind string `json:"kind"`
			} `json:"names"`
			Scope    string `json:"scope"`
			Versions []struct {
				Name   string `json:"name"`
				Served bool   `json:"served"`
				Schema struct {
					OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := decodeYAMLOrJSON(crdDoc, &crd); err != nil {
		return fmt.Errorf("kubeapi: CRD: %w", err)
	}
	n := 0
	for _, ver := range crd.Spec.Versions {
		if !ver.Served || ver.Schema.OpenAPIV3Schema == nil {
			continue
		}
		gvk := GVK{Group: crd.Spec.Group, Version: ver.Name, Kind: crd.Spec.Names.Kind}
		if err := v.registerSchema(gvk, crd.Spec.Scope != "Cluster", ver.Schema.OpenAPIV3Schema); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("kubeapi: CRD %s.%s has no served version with a schema", crd.Spec.Names.Kind, crd.Spec.Group)
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
