package kubeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"
)

// Document is one object of a multi-document manifest.
type Document struct {
	Index  int            // the document's position in the manifest, from 0
	Source string         // the template Helm rendered it from ("# Source: ..."), or ""
	Object map[string]any // the object; numbers are int64, or float64 for the others
}

var (
	documentSeparator = regexp.MustCompile(`(?m)^---[ \t\r]*(?:#.*)?$`)
	sourceComment     = regexp.MustCompile(`(?m)^# Source: (.+?)[ \t\r]*$`)
)

// DecodeManifest splits a manifest (Helm's output: documents separated by "---" lines,
// "# Source:" comments) and decodes each document the way kubectl and Helm read it: YAML
// converted to JSON strictly, so that a duplicate key is an error. Empty documents are
// skipped; a document that is not an object, or does not parse, is an error. The items
// of a v1 List are documents of their own.
func DecodeManifest(manifest string) ([]Document, []error) {
	var docs []Document
	var errs []error
	texts := documentSeparator.Split(manifest, -1)
	if strings.TrimSpace(texts[0]) == "" {
		texts = texts[1:] // the manifest starts with "---"
	}
	for i, text := range texts {
		source := ""
		if m := sourceComment.FindStringSubmatch(text); m != nil {
			source = m[1]
		}
		where := fmt.Sprintf("document %d", i)
		if source != "" {
			where += " (" + source + ")"
		}
		js, err := yaml.YAMLToJSONStrict([]byte(text))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		var v any
		if err := decodeJSON(js, &v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		if v == nil {
			continue
		}
		obj, ok := v.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: not an object: %s", where, describe(v)))
			continue
		}
		if obj["apiVersion"] == "v1" && obj["kind"] == "List" {
			items, _ := obj["items"].([]any)
			for j, item := range items {
				o, ok := item.(map[string]any)
				if !ok {
					errs = append(errs, fmt.Errorf("%s: items[%d]: not an object: %s", where, j, describe(item)))
					continue
				}
				docs = append(docs, Document{Index: i, Source: source, Object: o})
			}
			continue
		}
		docs = append(docs, Document{Index: i, Source: source, Object: obj})
	}
	return docs, errs
}

// ValidateManifest validates every object of a multi-document manifest (see
// DecodeManifest and Validate). Errors about objects are *Error, with their Source.
func (v *Validator) ValidateManifest(manifest string) []error {
	docs, errs := DecodeManifest(manifest)
	for _, d := range docs {
		for _, e := range v.check(d.Object, d.Source) {
			errs = append(errs, e)
		}
	}
	return errs
}

// decodeJSON decodes JSON keeping integers exact: they are int64, other numbers
// float64 (what Kubernetes' unstructured objects hold).
func decodeJSON(js []byte, out *any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return err
	}
	*out = exactNumbers(*out)
	return nil
}

func exactNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = exactNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = exactNumbers(e)
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		if f, err := t.Float64(); err == nil {
			return f
		}
	}
	return v
}

// decodeYAMLOrJSON decodes a YAML or JSON document (JSON is YAML) into out.
func decodeYAMLOrJSON(data []byte, out any) error {
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(js)) == "null" {
		return fmt.Errorf("empty document")
	}
	return json.Unmarshal(js, out)
}
