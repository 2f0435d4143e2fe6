package schemagen

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The values' shape: the keys each object of the values takes and the bounds of each
// number, for the chart's templates (lib/_values.tpl) to check with one-line messages
// (the key's values path, the nearest known key, bounds in plain digits). Helm's
// schema messages cannot say that ("additional properties 'cronJob' not allowed",
// "maximum: got 1×10¹⁹, want 2.147483647×10⁰⁹"), and a missing required field would
// hide the typo that caused it, so values.schema.json keeps the types and the shape
// carries the rest.
//
// A node is 0 when nothing under it is checked (a scalar without bounds, a free-form
// value, a map of such), else an object of:
//
//	k  the keys of an object, each with its node; without a, no other key is allowed
//	a  the node of every other key's value (a map)
//	i  the node of a list's items
//	b  [min, max] of a number, as decimal text (exact for int64)
//	n  [min, max] of an object's number of keys
//	q  the keys an object requires (null counts as missing)
//	r  the name of a node of defs (shared and recursive types)
//	s  the keys of k that a Kubernetes minor newer than the oldest supported brought,
//	   each with that minor ("1.35"): refused when the target cluster is older

// shaper builds the shape from the generated values schema.
type shaper struct {
	doc  map[string]any // the values schema, for $ref
	defs map[string]any // shape definitions, by schema definition name
	err  error
}

// Shape is the values' shape of a generated values schema: {"root": NODE, "defs": {...}}.
func Shape(schema map[string]any) ([]byte, error) {
	s := &shaper{doc: schema, defs: map[string]any{}}
	root := s.node(schema)
	if s.err != nil {
		return nil, s.err
	}
	for name, d := range s.defs {
		if d == nil || d == 0 {
			delete(s.defs, name)
		}
	}
	return json.Marshal(map[string]any{"root": root, "defs": s.defs})
}

func (s *shaper) node(sch map[string]any) any {
	if ref, ok := sch["$ref"].(string); ok {
		return s.ref(ref)
	}
	out := map[string]any{}
	if props, ok := sch["properties"].(map[string]any); ok {
		keys := map[string]any{}
		since := map[string]any{}
		for name, p := range props {
			ps, _ := p.(map[string]any)
			keys[name] = s.node(ps)
			if m, ok := ps[SinceKey].(string); ok {
				since[name] = m
			}
		}
		out["k"] = keys
		if len(since) > 0 {
			out["s"] = since
		}
		if sch["additionalProperties"] != false {
			out["a"] = 0
		}
		if req, ok := sch["required"].([]any); ok && len(req) > 0 {
			out["q"] = req
		}
	}
	if ap, ok := sch["additionalProperties"].(map[string]any); ok {
		out["a"] = s.node(ap)
	}
	if items, ok := sch["items"].(map[string]any); ok {
		if n := s.node(items); n != 0 {
			out["i"] = n
		}
	}
	if lo, hi := sch["minimum"], sch["maximum"]; lo != nil || hi != nil {
		out["b"] = []string{number(lo), number(hi)}
	}
	if lo, hi := sch["minProperties"], sch["maxProperties"]; lo != nil || hi != nil {
		out["n"] = []any{lo, hi}
	}
	if len(out) == 0 || (len(out) == 1 && out["a"] == 0) {
		return 0
	}
	return out
}

// ref is the node a $ref points to: a named definition by name (computed once; a
// definition being computed is a cycle, kept by name), a deeper pointer inline.
func (s *shaper) ref(ref string) any {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok {
		s.fail(fmt.Errorf("unsupported $ref %q", ref))
		return 0
	}
	if !strings.Contains(name, "/") {
		if d, seen := s.defs[name]; seen {
			if d == 0 {
				return 0
			}
			return map[string]any{"r": name}
		}
		s.defs[name] = nil // being computed: a reference back is a cycle
		def, _ := s.lookup(name).(map[string]any)
		n := s.node(def)
		s.defs[name] = n
		if n == 0 {
			return 0
		}
		return map[string]any{"r": name}
	}
	target, _ := s.lookup(name).(map[string]any)
	if target == nil {
		s.fail(fmt.Errorf("$ref %q points nowhere", ref))
		return 0
	}
	return s.node(target)
}

// lookup follows a JSON pointer below #/definitions.
func (s *shaper) lookup(pointer string) any {
	var at any = s.doc["definitions"]
	for _, part := range strings.Split(pointer, "/") {
		m, _ := at.(map[string]any)
		at = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	return at
}

func (s *shaper) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// number is a bound as exact decimal text; "" for none.
func number(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// typesOnly removes from a values schema what the shape carries: every
// additionalProperties: false, every bound and every required list. What remains
// judges types.
func typesOnly(sch map[string]any) {
	if sch == nil {
		return
	}
	if sch["additionalProperties"] == false {
		delete(sch, "additionalProperties")
	}
	for _, k := range []string{"minimum", "maximum", "minProperties", "maxProperties", "required", SinceKey} {
		delete(sch, k)
	}
	for _, k := range []string{"properties", "definitions"} {
		m, _ := sch[k].(map[string]any)
		for _, child := range m {
			c, _ := child.(map[string]any)
			typesOnly(c)
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		c, _ := sch[k].(map[string]any)
		typesOnly(c)
	}
}
