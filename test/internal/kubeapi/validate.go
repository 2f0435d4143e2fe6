package kubeapi

import (
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Error is one reason the API server would refuse an object. Its message reads
// "<Kind>/<name>: <json path>: <what>".
type Error struct {
	Kind   string // the object's kind
	Name   string // the object's metadata.name
	Source string // the "# Source:" comment of the object's manifest document, when known
	Path   string // the field, as a JSON path: spec.jobTemplate.spec.template.spec.containers[0].name
	Detail string // what is wrong with it
}

func (e *Error) Error() string {
	name := e.Name
	if name == "" {
		name = "(no name)"
	}
	path := e.Path
	if path == "" {
		path = "(object)"
	}
	return e.Kind + "/" + name + ": " + path + ": " + e.Detail
}

// Validate reports why the API server would refuse to create obj, a Kubernetes object
// as JSON or YAML decoding gives it (map[string]any, []any, string, bool, nil, numbers as
// float64, json.Number or Go integers); nil when it would accept it. Its errors are
// *Error. A kind the validator has no schema for is an error: register its CRD first.
//
// Pod Security admission is not part of it: see PodSecurity.
func (v *Validator) Validate(obj map[string]any) []error {
	return asErrors(v.check(obj, ""))
}

func (v *Validator) check(obj map[string]any, source string) []*Error {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	var errs []*Error
	switch {
	case apiVersion == "":
		errs = append(errs, &Error{Path: "apiVersion", Detail: "Required value: must be a non-empty string"})
	case kind == "":
		errs = append(errs, &Error{Path: "kind", Detail: "Required value: must be a non-empty string"})
	default:
		gvk := ParseAPIVersion(apiVersion, kind)
		if info := v.kinds[gvk]; info == nil {
			errs = append(errs, &Error{Path: "kind", Detail: fmt.Sprintf("no schema for %s (register the CRD that defines it)", gvk)})
		} else {
			errs = checkStructure(info.schema, obj)
		}
	}
	return finish(errs, kind, objectName(obj), source)
}

// finish names the object in its errors, sorts them by field and drops repeats (a field
// both layers find missing).
func finish(errs []*Error, kind, name, source string) []*Error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	out := errs[:0]
	for i, e := range errs {
		if i > 0 && e.Path == errs[i-1].Path && e.Detail == errs[i-1].Detail {
			continue
		}
		e.Kind, e.Name, e.Source = kind, name, source
		out = append(out, e)
	}
	return out
}

func fromField(fe *field.Error) *Error {
	return &Error{Path: fe.Field, Detail: fe.ErrorBody()}
}

func objectName(obj map[string]any) string {
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	return name
}

func asErrors(errs []*Error) []error {
	if len(errs) == 0 {
		return nil
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}
