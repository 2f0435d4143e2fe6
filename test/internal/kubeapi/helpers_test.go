package kubeapi_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/kubeapi"
)

// validator is the project's validator (the targeted version's documents in bin/kube-openapi).
func validator(t testing.TB) *kubeapi.Validator {
	t.Helper()
	v, err := kubeapi.Default()
	require.NoError(t, err, "the OpenAPI documents are installed by make tools")
	return v
}

// documents is the directory of the targeted version's OpenAPI documents.
func documents(t testing.TB) string {
	t.Helper()
	dir, err := kubeapi.DocumentsE()
	require.NoError(t, err, "the OpenAPI documents are installed by make tools")
	return dir
}

// object decodes one YAML object.
func object(t testing.TB, doc string) map[string]any {
	t.Helper()
	docs, errs := kubeapi.DecodeManifest(doc)
	require.Empty(t, errs)
	require.Len(t, docs, 1)
	return docs[0].Object
}

// fixture decodes testdata/<name>, one object.
func fixture(t testing.TB, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return object(t, string(data))
}

// y is a YAML snippet as the value JSON decoding gives.
func y(t testing.TB, snippet string) any {
	t.Helper()
	js, err := yaml.YAMLToJSONStrict([]byte(snippet))
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(js, &v))
	return v
}

type deletion struct{}

// del, as the value of set, removes the field.
var del = deletion{}

// set sets the value at a JSON path of obj ("spec.containers[0].name",
// "metadata.labels[app.kubernetes.io/name]"), creating objects and list items on the
// way; del removes it.
func set(obj map[string]any, path string, value any) {
	setIn(obj, parsePath(path), value)
}

func parsePath(p string) []any {
	var toks []any
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
		case '[':
			end := strings.IndexByte(p, ']')
			inner := p[1:end]
			if n, err := strconv.Atoi(inner); err == nil {
				toks = append(toks, n)
			} else {
				toks = append(toks, inner)
			}
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			toks = append(toks, p[:end])
			p = p[end:]
		}
	}
	return toks
}

func setIn(cur any, toks []any, value any) any {
	if len(toks) == 0 {
		return value
	}
	last := len(toks) == 1 && value == del
	switch k := toks[0].(type) {
	case string:
		m, _ := cur.(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		if last {
			delete(m, k)
		} else {
			m[k] = setIn(m[k], toks[1:], value)
		}
		return m
	default:
		i := k.(int)
		a, _ := cur.([]any)
		for len(a) <= i {
			a = append(a, nil)
		}
		if last {
			return append(a[:i], a[i+1:]...)
		}
		a[i] = setIn(a[i], toks[1:], value)
		return a
	}
}

// validationCase is one object the API server accepts (want empty) or refuses with an
// error holding each of want; check names the check it proves.
type validationCase struct {
	check string
	edit  func(o map[string]any)
	want  []string
}

// runValidation applies each case's edit to a fresh base object and validates it.
func runValidation(t *testing.T, base func() map[string]any, cases []validationCase) {
	t.Helper()
	v := validator(t)
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			o := base()
			if tc.edit != nil {
				tc.edit(o)
			}
			errs := v.Validate(o)
			if len(tc.want) == 0 {
				assert.Empty(t, messages(errs), "the API server accepts it")
				return
			}
			require.NotEmpty(t, errs, "the API server refuses it")
			msgs := messages(errs)
			for _, want := range tc.want {
				assert.True(t, containsOne(msgs, want), "no error holds %q:\n%s", want, strings.Join(msgs, "\n"))
			}
			for _, e := range errs {
				var ke *kubeapi.Error
				require.ErrorAs(t, e, &ke)
				assert.True(t, strings.HasPrefix(e.Error(), ke.Kind+"/"), "format <Kind>/<name>: <path>: <what>: %s", e)
			}
		})
	}
}

func messages(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func containsOne(msgs []string, want string) bool {
	for _, m := range msgs {
		if strings.Contains(m, want) {
			return true
		}
	}
	return false
}

// Paths of the CronJob fixture.
const (
	jobSpec  = "spec.jobTemplate.spec"
	podSpec  = jobSpec + ".template.spec"
	mainCtr  = podSpec + ".containers[0]"
	initCtr  = podSpec + ".initContainers[0]"
	podMeta  = jobSpec + ".template.metadata"
	cronName = "CronJob/nightly-escron: "
)

func cronJob(t testing.TB) func() map[string]any {
	return func() map[string]any { return fixture(t, "cronjob.yaml") }
}
