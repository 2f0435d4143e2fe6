package render_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

// A refusal by the API server is the chart's fault or the user's. The oracle tells them
// apart by placing the user's own fields, alone, in a minimal valid CronJob (no default,
// merge or name of the chart's making) and asking the same server: accepted there, the
// refusal is the chart's (a defect); refused there too, it passes through, and then the
// server must name the field at the path it has in the values.

// passthroughFields are, per Kubernetes type of schemagen.Mappings, the fields a job's
// values pass through as given, from the OpenAPI documents of the run's minor.
var passthroughFields = sync.OnceValues(func() (map[string][]string, error) {
	dir, err := project.Tool("kube-openapi")
	if err != nil {
		return nil, err
	}
	version, err := versions.KubernetesE()
	if err != nil {
		return nil, err
	}
	spec, err := schemagen.LoadSpec(filepath.Join(dir, version))
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, m := range schemagen.Mappings {
		if out[m.Type], err = spec.Passthrough(m); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// minimalCronJob is a valid CronJob (a schedule, one container main of image busybox,
// restartPolicy Never) holding only what values set: every pass-through field at its
// path, and the fields the chart renders by hand as the user wrote them (the
// securityContexts without the chart's defaults, resources without its default
// requests, command, args and env with each scalar as its text). Values with a jobs map
// have no single CronJob: ok is false.
func minimalCronJob(values map[string]any) (obj *unstructured.Unstructured, ok bool, err error) {
	if _, multi := values["jobs"]; multi {
		return nil, false, nil
	}
	fields, err := passthroughFields()
	if err != nil {
		return nil, false, err
	}
	container := map[string]any{"name": "main", "image": "busybox"}
	pod := map[string]any{"restartPolicy": "Never", "containers": []any{container}}
	job := map[string]any{"template": map[string]any{"spec": pod}}
	cron := map[string]any{"schedule": "0 3 * * *", "jobTemplate": map[string]any{"spec": job}}
	skeleton := map[string]any{"spec": cron}
	for _, m := range schemagen.Mappings {
		target := dig(skeleton, renderedPath[m.Type]...).(map[string]any)
		src := values
		if m.Values != "" {
			src, _ = values[m.Values].(map[string]any)
		}
		for _, f := range fields[m.Type] {
			if v, set := src[f]; set && v != nil {
				target[f] = v
			}
		}
		// A field the chart owns under another root key, given as it is in the API
		// (podSecurityContext, extraVolumes, extraVolumeMounts).
		for f, o := range m.Owned {
			if v := values[o.Key]; o.Key != "" && v != nil && !mappingKeys[o.Key] {
				target[f] = v
			}
		}
	}
	mc, _ := values["mainContainer"].(map[string]any)
	copyAs := func(dst map[string]any, to string, src map[string]any, from string) {
		if v, set := src[from]; set && v != nil {
			dst[to] = v
		}
	}
	copyAs(pod, "restartPolicy", values, "restartPolicy")
	copyAs(pod, "initContainers", values, "initContainers")
	copyAs(container, "securityContext", mc, "securityContext")
	copyAs(container, "resources", mc, "resources")
	if cj, _ := values["cronjob"].(map[string]any); cj != nil {
		for _, f := range []string{"timeZone", "concurrencyPolicy", "suspend"} {
			copyAs(cron, f, cj, f)
		}
	}
	for _, f := range []string{"command", "args"} {
		if w := words(mc[f]); len(w) > 0 {
			container[f] = w
		}
	}
	env, _ := mc["env"].(map[string]any)
	var list []any
	for _, name := range slices.Sorted(maps.Keys(env)) {
		switch v := env[name].(type) {
		case nil:
		case map[string]any:
			list = append(list, map[string]any{"name": name, "valueFrom": v})
		default:
			list = append(list, map[string]any{"name": name, "value": scalarText(v)})
		}
	}
	if len(list) > 0 {
		container["env"] = list
	}
	// Through JSON, so that its numbers are the types unstructured objects hold.
	raw, err := json.Marshal(map[string]any{
		"apiVersion": "batch/v1", "kind": "CronJob",
		"metadata": map[string]any{"name": "minimal"},
		"spec":     cron,
	})
	if err != nil {
		return nil, false, err
	}
	obj = &unstructured.Unstructured{}
	return obj, true, obj.UnmarshalJSON(raw)
}

// minimal is the API server's verdict on the minimal CronJob of some values.
type minimal struct {
	refusal error // nil: accepted
	ok      bool  // false: the values have no single CronJob (a jobs map)
	err     error // the CronJob could not be built or judged
}

// minimalVerdict asks the API server about minimalCronJob(values) on first use and
// keeps the answer: the objects of one render (the CronJob, the install Job, the test
// Pod) share it.
func minimalVerdict(values map[string]any) func() minimal {
	return sync.OnceValue(func() minimal {
		obj, ok, err := minimalCronJob(values)
		if err != nil || !ok {
			return minimal{ok: ok, err: err}
		}
		s, err := sharedAPIServer()
		if err != nil {
			return minimal{ok: true, err: fmt.Errorf("starting kube-apiserver and etcd: %w", err)}
		}
		_, refusal := s.DryRun(context.Background(), obj)
		return minimal{refusal: refusal, ok: true}
	})
}

// mappingKeys are the values keys that hold a type's fields (mainContainer, job, cronjob).
var mappingKeys = func() map[string]bool {
	keys := map[string]bool{}
	for _, m := range schemagen.Mappings {
		keys[m.Values] = true
	}
	return keys
}()

// valuesPrefixes map the paths of a rendered CronJob's fields to the values keys they
// come from, the longest first: each type of schemagen.Mappings at its renderedPath, and
// each field the chart owns there to the key that sets it.
var valuesPrefixes = func() []struct{ object, values string } {
	var out []struct{ object, values string }
	for _, m := range schemagen.Mappings {
		at := fieldPath(renderedPath[m.Type])
		out = append(out, struct{ object, values string }{at, m.Values})
		for f, o := range m.Owned {
			if o.Key != "" {
				out = append(out, struct{ object, values string }{at + "." + f, o.Key})
			}
		}
	}
	slices.SortFunc(out, func(a, b struct{ object, values string }) int { return len(b.object) - len(a.object) })
	return out
}()

// fieldPath writes a path of map keys and list indexes as the API server names fields
// (spec.containers[0].name).
func fieldPath(keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		if _, err := strconv.Atoi(k); err == nil {
			fmt.Fprintf(&b, "[%s]", k)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(k)
	}
	return b.String()
}

var pathIndex = regexp.MustCompile(`\[[^]]*\]`)

// valuesPath is the values path of a field path the API server names in a CronJob
// ("spec.jobTemplate.spec.template.spec.topologySpreadConstraints[0].maxSkew" is
// "topologySpreadConstraints.maxSkew"), list indexes left out; ok is false for a path
// outside the values' reach.
func valuesPath(field string) (string, bool) {
	for _, p := range valuesPrefixes {
		rest, found := strings.CutPrefix(field, p.object)
		if !found || (rest != "" && rest[0] != '.' && rest[0] != '[') {
			continue
		}
		rest = strings.TrimPrefix(pathIndex.ReplaceAllString(rest, ""), ".")
		return strings.Trim(p.values+"."+rest, "."), true
	}
	return "", false
}

// inValues says whether the values hold a value at path (dots between keys; a list on
// the way is looked into element by element).
func inValues(v any, path string) bool {
	if path == "" {
		return v != nil
	}
	key, rest, _ := strings.Cut(path, ".")
	switch n := v.(type) {
	case map[string]any:
		child, ok := n[key]
		return ok && inValues(child, rest)
	case []any:
		for _, e := range n {
			if inValues(e, path) {
				return true
			}
		}
	}
	return false
}

// inCronJobFrame are the kinds of the objects the chart builds from a job's pod
// template, each with the CronJob path of its "spec".
var inCronJobFrame = map[string]string{
	"CronJob": "spec",
	"Job":     "spec.jobTemplate.spec",
	"Pod":     "spec.jobTemplate.spec.template.spec",
}

// causes are the fields a refusal names, each with its message; a refusal that names
// none has none.
func causes(err error) map[string]string {
	var status apierrors.APIStatus
	out := map[string]string{}
	if errors.As(err, &status) && status.Status().Details != nil {
		for _, c := range status.Status().Details.Causes {
			out[c.Field] = c.Message
		}
	}
	return out
}

// inFrame reads a field path of an object whose "spec" is at frame in the CronJob.
func inFrame(field, frame string) string {
	if rest, found := strings.CutPrefix(field, "spec"); found {
		return frame + rest
	}
	return field
}

// passThroughFindings: a refusal of the user's own fields names, in each of its causes,
// a field the values hold at the path the server names (so that the user finds it), and
// one the minimal CronJob of the values is refused for too (minimalErr: else the chart
// made the refusal, beside the user's own). A refusal with no field is a finding too.
// The fields an object of kind Job or Pod names are read at their place in the CronJob
// (frame is the CronJob path of its spec).
func passThroughFindings(values map[string]any, object, frame string, err, minimalErr error) []string {
	got := causes(err)
	if len(got) == 0 {
		return []string{fmt.Sprintf("the real API server refuses the values' own fields in %s and names no field: %v", object, err)}
	}
	// By values path, list indexes left out: the chart places its own volumes and
	// orders env, so the user's entries sit at other indexes than in the minimal one.
	alone := map[string]bool{}
	for field := range causes(minimalErr) {
		if path, ok := valuesPath(field); ok {
			alone[path] = true
		}
	}
	var out []string
	for _, field := range slices.Sorted(maps.Keys(got)) {
		at := inFrame(field, frame)
		path, ok := valuesPath(at)
		switch {
		case !ok || !inValues(values, path):
			out = append(out, fmt.Sprintf("the real API server refuses %s at %s, which is no path of the values (%q): %s", object, at, path, got[field]))
		case !alone[path]:
			out = append(out, fmt.Sprintf("a refusal of the chart's making: the real API server refuses %s at %s (%s), and not the values' own fields alone in a minimal CronJob", object, at, got[field]))
		}
	}
	return out
}
