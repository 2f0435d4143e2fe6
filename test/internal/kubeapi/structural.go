package kubeapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
)

// checkStructure checks obj against the schema of its kind the way the API server's
// strict decoding does. Values are what JSON or YAML decoding gives: map[string]any,
// []any, string, bool, nil, and numbers as float64, json.Number or Go integers.
//
// null is accepted wherever a value is: the API server decodes it to the field's zero
// value (and prunes it from custom resources). A required field that is null counts as
// absent.
func checkStructure(s *schema, obj map[string]any) []*Error {
	w := walker{}
	w.object(s, obj, nil)
	return w.errs
}

type walker struct {
	errs []*Error
}

func (w *walker) add(p *location, format string, args ...any) {
	w.errs = append(w.errs, &Error{Path: p.String(), Detail: fmt.Sprintf(format, args...)})
}

// location is where the walk is in the object: a chain of steps up to the root (nil),
// written out only for an error, so that walking allocates nothing.
type location struct {
	parent *location
	step   byte   // '.' a field, '[' a map key, '#' a list index
	name   string // the field or the key
	index  int
}

// String writes the path as field.Path does: spec.containers[0].env[1], labels[app].
func (p *location) String() string {
	var steps []*location
	for q := p; q != nil; q = q.parent {
		steps = append(steps, q)
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		switch q := steps[i]; q.step {
		case '.':
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(q.name)
		case '[':
			b.WriteString("[" + q.name + "]")
		default:
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
		}
	}
	return b.String()
}

func (w *walker) value(s *schema, v any, p *location) {
	if v == nil || s == nil {
		return
	}
	switch {
	case s.intOrString:
		w.intOrString(s, v, p)
		return
	case s.quantity:
		w.quantity(v, p)
		return
	}
	switch s.types {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			w.typeMismatch(v, "object", p)
			return
		}
		w.object(s, m, p)
	case "array":
		items, ok := v.([]any)
		if !ok {
			w.typeMismatch(v, "array", p)
			return
		}
		w.array(s, items, p)
	case "string":
		str, ok := v.(string)
		if !ok {
			w.typeMismatch(v, "string", p)
			return
		}
		w.string(s, str, p)
	case "integer":
		w.integer(s, v, p)
	case "number":
		f, ok := number(v)
		if !ok {
			w.typeMismatch(v, "number", p)
			return
		}
		w.bounds(s, f, v, p)
	case "boolean":
		if _, ok := v.(bool); !ok {
			w.typeMismatch(v, "boolean", p)
			return
		}
	}
	w.enum(s, v, p)
}

func (w *walker) object(s *schema, m map[string]any, p *location) {
	for k, val := range m {
		if ps, ok := s.properties[k]; ok {
			w.value(ps, val, &location{parent: p, step: '.', name: k})
			continue
		}
		switch {
		case s.additional != nil:
			w.value(s.additional, val, &location{parent: p, step: '[', name: k})
		case s.open:
		default:
			w.add(&location{parent: p, step: '.', name: k}, "unknown field")
		}
	}
	for _, r := range s.required {
		if m[r] == nil {
			w.add(&location{parent: p, step: '.', name: r}, "Required value")
		}
	}
}

func (w *walker) array(s *schema, items []any, p *location) {
	for i, item := range items {
		w.value(s.items, item, &location{parent: p, step: '#', index: i})
	}
	if s.minItems != nil && int64(len(items)) < *s.minItems {
		w.add(p, "must have at least %d items", *s.minItems)
	}
	if s.maxItems != nil && int64(len(items)) > *s.maxItems {
		w.add(p, "must have at most %d items", *s.maxItems)
	}
	switch s.listType {
	case "map":
		w.listMapKeys(s, items, p)
	case "set":
		seen := make(map[string]bool, len(items))
		for i, item := range items {
			k := canonical(item)
			if seen[k] {
				w.add(&location{parent: p, step: '#', index: i}, "Duplicate value: %s", k)
			}
			seen[k] = true
		}
	}
}

// listMapKeys reports items of an x-kubernetes-list-type: map list that share their
// key, a key field the item omits taking its schema's default (a port's protocol is
// TCP). An item that omits a key field without a default is left to the required-field
// check.
func (w *walker) listMapKeys(s *schema, items []any, p *location) {
	if len(s.mapKeys) == 0 || len(items) < 2 {
		return
	}
	seen := make(map[string]bool, len(items))
	var b strings.Builder
	for i, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		b.Reset()
		b.WriteByte('{')
		complete := true
		for j, key := range s.mapKeys {
			kv := m[key]
			if kv == nil && s.items != nil {
				if ks := s.items.properties[key]; ks != nil {
					kv = ks.def
				}
			}
			if kv == nil {
				complete = false
				break
			}
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(key))
			b.WriteByte(':')
			b.WriteString(canonical(kv))
		}
		if !complete {
			continue
		}
		b.WriteByte('}')
		k := b.String()
		if seen[k] {
			w.add(&location{parent: p, step: '#', index: i}, "Duplicate value: %s: an item with this key is already in the list", k)
		}
		seen[k] = true
	}
}

func (w *walker) string(s *schema, str string, p *location) {
	switch {
	case s.format == "byte":
		if _, err := base64.StdEncoding.DecodeString(str); err != nil {
			w.add(p, "Invalid value: %s: must be base64-encoded: %v", describe(str), err)
		}
	case s.name == timeName:
		// metav1.Time decodes RFC 3339 (MicroTime, also date-time, has its own layout).
		if _, err := time.Parse(time.RFC3339, str); err != nil {
			w.add(p, "Invalid value: %s: must be an RFC 3339 date-time", describe(str))
		}
	}
	n := int64(len([]rune(str)))
	if s.minLength != nil && n < *s.minLength {
		w.add(p, "Invalid value: %s: must be at least %d characters long", describe(str), *s.minLength)
	}
	if s.maxLength != nil && n > *s.maxLength {
		w.add(p, "Too long: may not be more than %d characters", *s.maxLength)
	}
	if s.pattern != nil && !s.pattern.MatchString(str) {
		w.add(p, "Invalid value: %s: must match the pattern %q", describe(str), s.pattern.String())
	}
}

func (w *walker) integer(s *schema, v any, p *location) {
	i, kind := integer(v)
	switch kind {
	case notNumber:
		w.typeMismatch(v, "integer", p)
		return
	case fraction:
		w.add(p, "Invalid value: %s: must be an integer", describe(v))
		return
	case outOfInt64:
		w.add(p, "Invalid value: %s: must fit in a 64-bit integer", describe(v))
		return
	}
	if s.format == "int32" && (i < math.MinInt32 || i > math.MaxInt32) {
		w.add(p, "Invalid value: %s: must fit in a 32-bit integer (int32)", describe(v))
		return
	}
	w.bounds(s, float64(i), v, p)
}

func (w *walker) bounds(s *schema, f float64, v any, p *location) {
	if s.minimum != nil && f < *s.minimum {
		w.add(p, "Invalid value: %s: must be greater than or equal to %v", describe(v), *s.minimum)
	}
	if s.maximum != nil && f > *s.maximum {
		w.add(p, "Invalid value: %s: must be less than or equal to %v", describe(v), *s.maximum)
	}
}

func (w *walker) enum(s *schema, v any, p *location) {
	if len(s.enum) == 0 {
		return
	}
	c := canonical(v)
	allowed := make([]string, len(s.enum))
	for i, e := range s.enum {
		allowed[i] = canonical(e)
		if allowed[i] == c {
			return
		}
	}
	w.add(p, "Unsupported value: %s: supported values: %s", c, strings.Join(allowed, ", "))
}

// intOrString accepts a string or an integer; the API's IntOrString holds an int32,
// a custom resource's x-kubernetes-int-or-string any integer.
func (w *walker) intOrString(s *schema, v any, p *location) {
	if str, ok := v.(string); ok {
		w.string(s, str, p)
		return
	}
	i, kind := integer(v)
	switch {
	case kind == notNumber:
		w.add(p, "Invalid value: %s: must be an integer or a string", describe(v))
	case kind == fraction:
		w.add(p, "Invalid value: %s: must be an integer or a string", describe(v))
	case kind == outOfInt64:
		w.add(p, "Invalid value: %s: must fit in a 64-bit integer", describe(v))
	case s.format == "int-or-string" && (i < math.MinInt32 || i > math.MaxInt32):
		w.add(p, "Invalid value: %s: must fit in a 32-bit integer (int32)", describe(v))
	}
}

// quantity accepts what resource.Quantity's JSON decoding accepts: a string or a number
// that ParseQuantity parses, surrounding spaces ignored.
func (w *walker) quantity(v any, p *location) {
	var text string
	switch t := v.(type) {
	case string:
		text = strings.TrimSpace(t)
	case json.Number:
		text = t.String()
	default:
		f, ok := number(v)
		if !ok {
			w.add(p, "Invalid value: %s: must be a quantity (a string such as \"500m\" or \"1Gi\", or a number)", describe(v))
			return
		}
		text = formatNumber(v, f)
	}
	if _, err := resource.ParseQuantity(text); err != nil {
		w.add(p, "Invalid value: %s: %v", describe(v), err)
	}
}

func (w *walker) typeMismatch(v any, want string, p *location) {
	w.add(p, "Invalid value: %s: must be of type %s", describe(v), want)
}

// number is v as a float64 when v is a JSON number.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case int16:
		return float64(n), true
	case int8:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint8:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

type integerKind int

const (
	integral integerKind = iota
	notNumber
	fraction
	outOfInt64
)

// integer is v as an int64. YAML and JSON decoders may give a float64 for an integer
// (and clients send an integral float as an integer), so an integral float is one.
func integer(v any) (int64, integerKind) {
	switch n := v.(type) {
	case int:
		return int64(n), integral
	case int64:
		return n, integral
	case int32:
		return int64(n), integral
	case int16:
		return int64(n), integral
	case int8:
		return int64(n), integral
	case uint8:
		return int64(n), integral
	case uint16:
		return int64(n), integral
	case uint32:
		return int64(n), integral
	case uint:
		if uint64(n) > math.MaxInt64 {
			return 0, outOfInt64
		}
		return int64(n), integral
	case uint64:
		if n > math.MaxInt64 {
			return 0, outOfInt64
		}
		return int64(n), integral
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, integral
		}
	}
	f, ok := number(v)
	switch {
	case !ok:
		return 0, notNumber
	case math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f):
		return 0, fraction
	case f < -(1<<63) || f >= 1<<63:
		return 0, outOfInt64
	}
	return int64(f), integral
}

// formatNumber writes a number the way JSON encoding sends it.
func formatNumber(v any, f float64) string {
	if i, kind := integer(v); kind == integral {
		return strconv.FormatInt(i, 10)
	}
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// canonical is a value's JSON text, numbers written alike whatever their Go type, for
// comparing list keys, set items and enum values.
func canonical(v any) string {
	if f, ok := number(v); ok {
		return formatNumber(v, f)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}

// describe shows a value in an error: scalars as JSON, objects and arrays by their type.
func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return canonical(v)
}
