package schemagen

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// converter turns OpenAPI schemas into values-schema fragments (JSON Schema draft-07)
// and collects the definitions they refer to. The values schema is stricter than the
// OpenAPI: every object rejects unknown keys, at every depth.
type converter struct {
	spec     *Spec
	versions *Versioned      // every supported version's documents, to date fields (since.go)
	defs     map[string]any  // values-schema definitions, by short name
	itemDefs map[string]bool // definitions some list holds as items: never null
	err      error
}

func newConverter(v *Versioned) *converter {
	return &converter{spec: v.Newest(), versions: v, defs: map[string]any{}, itemDefs: map[string]bool{}}
}

// DefName is the short name of a component in the values schema's definitions:
// io.k8s.api.core.v1.Container -> k8s.core.v1.Container.
func DefName(full string) string {
	switch full {
	case "io.k8s.apimachinery.pkg.api.resource.Quantity":
		return "k8s.Quantity"
	case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
		return "k8s.IntOrString"
	}
	name := strings.TrimPrefix(full, "io.k8s.api.")
	name = strings.TrimPrefix(name, "io.k8s.apimachinery.pkg.apis.")
	return "k8s." + name
}

// ref is a reference to the component named full, defined on first use.
func (c *converter) ref(full string) map[string]any {
	name := DefName(full)
	if _, done := c.defs[name]; !done {
		c.defs[name] = nil // placeholder: breaks cycles
		c.defs[name] = c.define(full)
	}
	return map[string]any{"$ref": "#/definitions/" + name}
}

// isObjectDef says whether a component is an object with properties (not a scalar
// such as Quantity or Time).
func (c *converter) isObjectDef(full string) bool {
	s, ok := c.spec.Schemas[full]
	if !ok {
		return false
	}
	_, props := s["properties"]
	return props
}

// define converts one component schema.
func (c *converter) define(full string) map[string]any {
	switch full {
	case "io.k8s.apimachinery.pkg.api.resource.Quantity":
		return map[string]any{"type": []any{"string", "number", "null"}}
	case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
		return map[string]any{"type": []any{"integer", "string", "null"}}
	}
	s, err := c.spec.Schema(full)
	if err != nil {
		c.fail(err)
		return map[string]any{}
	}
	def := c.node(s, false)
	if props, ok := def["properties"].(map[string]any); ok {
		c.markSince(full, props)
	}
	if req, ok := def["required"].([]any); ok {
		var kept []any
		for _, f := range req {
			if !RequiredExempt(full, f.(string)) {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			def["required"] = kept
		} else {
			delete(def, "required")
		}
	}
	return def
}

// closeItems makes the definitions that lists hold as items refuse null: Kubernetes
// reads a null item as an empty object, which is never what was meant. A definition
// referenced alone keeps errors to one line (an allOf wrapper would add another).
func (c *converter) closeItems() {
	for name := range c.itemDefs {
		if def, ok := c.defs[name].(map[string]any); ok && def["properties"] != nil {
			def["type"] = "object"
		}
	}
}

func (c *converter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// node converts one schema. In an array, items are never null, and an object item is
// required to be an object (a $ref alone would allow null).
func (c *converter) node(s map[string]any, inArray bool) map[string]any {
	if ref := RefName(s); ref != "" {
		r := c.ref(ref)
		if inArray && c.isObjectDef(ref) {
			c.itemDefs[DefName(ref)] = true
		}
		return r
	}
	typ, _ := s["type"].(string)
	nullable := func(t string) any {
		if inArray {
			return t
		}
		return []any{t, "null"}
	}
	switch typ {
	case "object":
		out := map[string]any{"type": nullable("object")}
		if props, ok := s["properties"].(map[string]any); ok {
			conv := map[string]any{}
			for _, name := range sortedKeys(props) {
				p, _ := props[name].(map[string]any)
				conv[name] = c.node(p, false)
			}
			out["properties"] = conv
			out["additionalProperties"] = false
			if req, ok := s["required"].([]any); ok && len(req) > 0 {
				out["required"] = req
			}
		} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
			// Map values are never null: Kubernetes has no use for a null entry.
			out["additionalProperties"] = c.node(ap, true)
		}
		return out
	case "array":
		items, _ := s["items"].(map[string]any)
		return map[string]any{"type": nullable("array"), "items": c.node(items, true)}
	case "string", "boolean", "number":
		return map[string]any{"type": nullable(typ)}
	case "integer":
		out := map[string]any{"type": nullable("integer")}
		switch s["format"] {
		case "int32":
			out["minimum"], out["maximum"] = math.MinInt32, math.MaxInt32
		case "int64":
			out["minimum"], out["maximum"] = int64(math.MinInt64), int64(math.MaxInt64)
		}
		return out
	case "":
		// Free-form (x-kubernetes-preserve-unknown-fields) or oneOf scalars.
		return map[string]any{}
	}
	c.fail(fmt.Errorf("unsupported OpenAPI type %q", typ))
	return map[string]any{}
}

// object is a values-schema object of the given properties, closed to other keys,
// null allowed (null removes a default).
func object(props map[string]any) map[string]any {
	return map[string]any{"type": []any{"object", "null"}, "additionalProperties": false, "properties": props}
}

// mapOf is a map whose values follow the given schema.
func mapOf(values map[string]any) map[string]any {
	return map[string]any{"type": []any{"object", "null"}, "additionalProperties": values}
}

// listOf is a list whose items follow the given schema.
func listOf(items map[string]any) map[string]any {
	return map[string]any{"type": []any{"array", "null"}, "items": items}
}

func scalar(types ...string) map[string]any {
	t := make([]any, 0, len(types)+1)
	for _, s := range types {
		t = append(t, s)
	}
	return map[string]any{"type": append(t, "null")}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
