package apiserver

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// Dropped lists the fields of sent that returned does not hold with the same value:
// what the API server dropped (an unknown field under lenient validation, a field of a
// feature gate that is off) or changed. Defaults the server adds are not differences,
// nor items admission appends to a list (default tolerations); empty maps, lists, null
// and zero scalars ("", 0, false: what Go's omitempty leaves out) carry nothing and may
// be absent; quantities compare by value ("0.5" and "500m" are one). Paths read as in
// values: spec.template.x[0].y.
func Dropped(sent, returned map[string]any) []string {
	var out []string
	dropped("", sent, returned, &out)
	sort.Strings(out)
	return out
}

func dropped(path string, sent, got any, out *[]string) {
	switch s := sent.(type) {
	case map[string]any:
		g, _ := got.(map[string]any)
		if len(s) == 0 {
			return
		}
		if g == nil {
			*out = append(*out, fmt.Sprintf("%s: sent a map of %d keys, the server kept none", orRoot(path), len(s)))
			return
		}
		for k, v := range s {
			gv, ok := g[k]
			if !ok {
				if empty(v) {
					continue
				}
				*out = append(*out, fmt.Sprintf("%s: dropped", join(path, k)))
				continue
			}
			dropped(join(path, k), v, gv, out)
		}
	case []any:
		g, _ := got.([]any)
		if len(s) == 0 {
			return
		}
		if len(g) < len(s) {
			*out = append(*out, fmt.Sprintf("%s: sent %d items, the server kept %d", orRoot(path), len(s), len(g)))
			return
		}
		for i := range s {
			dropped(fmt.Sprintf("%s[%d]", path, i), s[i], g[i], out)
		}
	case nil:
	default:
		if sameScalar(s, got) {
			return
		}
		*out = append(*out, fmt.Sprintf("%s: sent %v, the server returned %v", orRoot(path), s, got))
	}
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	case string:
		return x == ""
	case bool:
		return !x
	}
	n, ok := number(v)
	return ok && n == 0
}

// sameScalar: equal values, numbers of any Go type by value, or equal quantities.
func sameScalar(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return fa == fb
		}
	}
	qa, errA := resource.ParseQuantity(fmt.Sprint(a))
	qb, errB := resource.ParseQuantity(fmt.Sprint(b))
	return errA == nil && errB == nil && qa.Cmp(qb) == 0
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func join(path, key string) string {
	if strings.ContainsAny(key, "./") {
		key = fmt.Sprintf("[%q]", key)
		return path + key
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(the object)"
	}
	return path
}
