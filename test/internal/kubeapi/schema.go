package kubeapi

import (
	"fmt"
	"regexp"
	"strings"
)

// schema is an OpenAPI schema compiled for validation: references resolved, only what
// the checks use kept.
type schema struct {
	name   string // component name, for schemas that have one
	types  string // "string", "integer", "number", "boolean", "object", "array" or "" (any)
	format string

	intOrString bool // x-kubernetes-int-or-string, or the IntOrString component
	quantity    bool // the resource.Quantity component: a string or a number ParseQuantity accepts

	properties map[string]*schema
	required   []string
	additional *schema // additionalProperties, when it is a schema
	// open objects take any field: no properties and no additionalProperties (FieldsV1,
	// RawExtension), additionalProperties: true, or x-kubernetes-preserve-unknown-fields.
	open bool

	items    *schema
	listType string // x-kubernetes-list-type: atomic, set, map
	mapKeys  []string

	def  any // default, used for list-map keys the API server defaults (a port's protocol)
	enum []any

	// JSON Schema constraints, found in registered CRD schemas only.
	minimum, maximum     *float64
	minLength, maxLength *int64
	minItems, maxItems   *int64
	pattern              *regexp.Regexp
}

const (
	quantityName    = "io.k8s.apimachinery.pkg.api.resource.Quantity"
	intOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
	timeName        = "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
)

type compiler struct {
	components map[string]map[string]any
	exempt     map[string]bool
	done       map[string]*schema
	err        error
}

func newCompiler(components map[string]map[string]any, exempt map[string]bool) *compiler {
	return &compiler{components: components, exempt: exempt, done: map[string]*schema{}}
}

// named compiles a component schema once; cycles resolve to the same node.
func (c *compiler) named(name string) *schema {
	if s, ok := c.done[name]; ok {
		return s
	}
	raw, ok := c.components[name]
	if !ok {
		c.fail(fmt.Errorf("unresolved reference %q", name))
		return &schema{open: true}
	}
	s := &schema{name: name}
	c.done[name] = s
	c.fill(s, raw, name)
	return s
}

func (c *compiler) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// compile compiles an inline schema; name is the component it belongs to, for the
// required-field exemptions.
func (c *compiler) compile(raw map[string]any, name string) *schema {
	if ref, ok := raw["$ref"].(string); ok {
		return c.named(strings.TrimPrefix(ref, "#/components/schemas/"))
	}
	// Kubernetes wraps references as allOf: [{$ref}] to give them a description or a
	// default; the referenced schema is what validates.
	if all, ok := raw["allOf"].([]any); ok && len(all) == 1 && raw["type"] == nil && raw["properties"] == nil {
		if sub, ok := all[0].(map[string]any); ok {
			return c.compile(sub, name)
		}
	}
	s := &schema{}
	c.fill(s, raw, name)
	return s
}

func (c *compiler) fill(s *schema, raw map[string]any, name string) {
	s.types, _ = raw["type"].(string)
	s.format, _ = raw["format"].(string)
	s.def = raw["default"]
	if e, ok := raw["enum"].([]any); ok {
		s.enum = e
	}
	s.intOrString = name == intOrStringName || s.format == "int-or-string" || raw["x-kubernetes-int-or-string"] == true
	s.quantity = name == quantityName
	if s.intOrString || s.quantity {
		s.types = ""
		return
	}
	if props, ok := raw["properties"].(map[string]any); ok {
		if s.types == "" {
			s.types = "object"
		}
		s.properties = make(map[string]*schema, len(props))
		for k, p := range props {
			pm, _ := p.(map[string]any)
			s.properties[k] = c.compile(pm, "")
		}
	}
	// An embedded resource (in a CRD) has apiVersion, kind and metadata whatever its
	// properties say.
	if raw["x-kubernetes-embedded-resource"] == true && s.properties != nil {
		for _, f := range []string{"apiVersion", "kind"} {
			if s.properties[f] == nil {
				s.properties[f] = &schema{types: "string"}
			}
		}
		if s.properties["metadata"] == nil {
			s.properties["metadata"] = &schema{types: "object", open: true}
		}
	}
	if req, ok := raw["required"].([]any); ok {
		for _, r := range req {
			if f := str(r); !c.exempt[name+"."+f] {
				s.required = append(s.required, f)
			}
		}
	}
	switch ap := raw["additionalProperties"].(type) {
	case map[string]any:
		s.additional = c.compile(ap, "")
	case bool:
		s.open = ap
	}
	if raw["x-kubernetes-preserve-unknown-fields"] == true {
		s.open = true
	}
	if s.types == "object" && s.properties == nil && s.additional == nil {
		s.open = true
	}
	if items, ok := raw["items"].(map[string]any); ok {
		s.items = c.compile(items, "")
	}
	s.listType, _ = raw["x-kubernetes-list-type"].(string)
	if keys, ok := raw["x-kubernetes-list-map-keys"].([]any); ok {
		for _, k := range keys {
			s.mapKeys = append(s.mapKeys, str(k))
		}
	}
	s.minimum = floatPtr(raw["minimum"])
	s.maximum = floatPtr(raw["maximum"])
	s.minLength = intPtr(raw["minLength"])
	s.maxLength = intPtr(raw["maxLength"])
	s.minItems = intPtr(raw["minItems"])
	s.maxItems = intPtr(raw["maxItems"])
	if p, ok := raw["pattern"].(string); ok {
		re, err := regexp.Compile(p)
		if err != nil {
			c.fail(fmt.Errorf("pattern %q: %w", p, err))
		} else {
			s.pattern = re
		}
	}
}

func floatPtr(v any) *float64 {
	if f, ok := number(v); ok {
		return &f
	}
	return nil
}

func intPtr(v any) *int64 {
	if f, ok := number(v); ok {
		i := int64(f)
		return &i
	}
	return nil
}
