package render_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/releaseutil"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/kubeapi"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/valuesgen"
)

// The oracle: for any values, either the render fails with a message that names a
// values path, or every rendered object is one the API server of the run's minor
// accepts (the OpenAPI documents, in-process; and the real API server, with server-side
// dry-run, which also keeps every field sent unless NOTES name its feature gate, and
// warns only what NOTES say). A refusal by the real server passes only when it is the
// user's: the values' own fields alone in a minimal CronJob are refused too, and the
// server names a field at the path it has in the values (refusalFindings); a refusal
// of the chart's making is a finding. Names are unique per kind, every script is
// byte-identical to its values, env and args are exactly as given, and the pod meets
// Pod Security "restricted" unless NOTES say which values opted out.

// oracleResult is what the oracle saw of one input.
type oracleResult struct {
	rendered    bool
	findings    []string // each a broken property: a bug of the chart
	passThrough []string // objects the API server refuses for the values' own fields
}

var (
	validatorOnce sync.Once
	validator     *kubeapi.Validator
	validatorErr  error
)

// apiValidator is kubeapi's validator of the pinned version, with the PrometheusRule CRD
// when scripts/joint-tools.sh built it.
func apiValidator() (*kubeapi.Validator, error) {
	validatorOnce.Do(func() {
		validator, validatorErr = kubeapi.Default()
		if validatorErr == nil {
			validatorErr = registerCRDs(validator)
		}
	})
	return validator, validatorErr
}

// registerCRDs adds the CRDs scripts/joint-tools.sh built (the PrometheusRule's)
// to v, when they are there.
func registerCRDs(v *kubeapi.Validator) error {
	dir, err := project.Tool("crds")
	if err != nil {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		crd, err := os.ReadFile(f)
		if err == nil {
			err = v.RegisterCRD(crd)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// rootKeys are the root keys of the values schema: a failed render's message starts
// with a values path under one of them.
var rootKeys = func() map[string]bool {
	raw, err := os.ReadFile(filepath.Join(project.ChartDir(), "values.schema.json"))
	if err != nil {
		panic(err)
	}
	var s struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		panic(err)
	}
	keys := map[string]bool{}
	for k := range s.Properties {
		keys[k] = true
	}
	return keys
}()

var (
	templateInternals = regexp.MustCompile(`error calling|nil pointer|can't evaluate|wrong type|executing "|<\.|range can't iterate|unable to|invalid memory`)
	firstSegment      = regexp.MustCompile(`^([A-Za-z]+)`)
)

// checkOracle renders values and returns what the oracle found.
func checkOracle(values map[string]any) oracleResult {
	doc, err := valuesgen.YAML(values)
	if err != nil {
		return oracleResult{findings: []string{"values do not marshal: " + err.Error()}}
	}
	res, err := render.SDK(render.Options{Values: doc})
	if err != nil {
		return oracleResult{findings: errorFindings(err)}
	}
	var findings, passThrough []string
	add := func(format string, args ...any) { findings = append(findings, fmt.Sprintf(format, args...)) }
	objs, err := render.Decode(res.Manifest)
	if err != nil {
		add("the output does not decode strictly: %v", err)
		return oracleResult{rendered: true, findings: findings}
	}
	v, err := apiValidator()
	if err != nil {
		add("no validator: %v", err)
		return oracleResult{rendered: true, findings: findings}
	}
	for _, e := range v.ValidateManifest(res.Manifest) {
		add("the API server would refuse: %v", e)
	}
	judged, err := judgeManifest(res.Manifest)
	if err != nil {
		add("no real API server: %v", err)
	}
	alone := minimalVerdict(values)
	for _, j := range judged {
		if j.err != nil {
			fs, passes := refusalFindings(values, j, alone)
			findings = append(findings, fs...)
			if passes {
				passThrough = append(passThrough, j.object)
			}
		}
		if len(j.dropped) > 0 && !strings.Contains(res.Notes, "needs the feature gate") {
			add("the real API server does not keep %v of %s, and NOTES name no feature gate", j.dropped, j.object)
		}
		if ws := unannounced(j.warnings, res.Notes); len(ws) > 0 {
			add("the real API server warns %q about %s, and NOTES do not say so", ws, j.object)
		}
	}
	names := map[string]bool{}
	violations := 0
	for _, m := range releaseutil.SplitManifests(res.Manifest) {
		js, err := yaml.YAMLToJSON([]byte(m))
		if err != nil {
			add("a document is not YAML: %v", err)
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(js, &obj); err != nil || obj == nil {
			continue
		}
		meta, _ := obj["metadata"].(map[string]any)
		key := fmt.Sprint(obj["kind"], "/", meta["namespace"], "/", meta["name"])
		if names[key] {
			add("two objects are %s", key)
		}
		names[key] = true
		violations += len(kubeapi.CheckPodSecurity(obj))
	}
	warned := strings.Contains(res.Notes, `do not meet the Pod Security Standards "restricted" profile`)
	if violations > 0 && !warned {
		add("the pods are not restricted (%d findings of pod-security-admission), and NOTES do not say so", violations)
	}
	if violations == 0 && warned {
		add("NOTES say the pods are not restricted, pod-security-admission finds them restricted")
	}
	findings = append(findings, scriptFindings(values, objs)...)
	findings = append(findings, containerFindings(values, objs)...)
	return oracleResult{rendered: true, findings: findings, passThrough: passThrough}
}

// refusalFindings judges the API server's refusal of one rendered object built from the
// job's pod template (the CronJob, the runOnInstall Job, the tests' Pod): a refusal that
// the user's own fields in a minimal CronJob do not get is the chart's (a finding); one
// they get too passes through (passes), and each field it names must be one the values
// hold and the minimal CronJob is refused for too (else the chart made it). Any
// other refusal (an object of a jobs map's release, a ServiceAccount, a ConfigMap) is a
// finding: the generator gives pass-through errors to single jobs only. alone is the
// verdict on the values' minimal CronJob (minimalVerdict).
func refusalFindings(values map[string]any, j judgement, alone func() minimal) (findings []string, passes bool) {
	kind, _, _ := strings.Cut(j.object, "/")
	if _, built := inCronJobFrame[kind]; !built {
		return []string{fmt.Sprintf("the real API server refuses %s: %v", j.object, j.err)}, false
	}
	m := alone()
	if m.err != nil {
		return []string{fmt.Sprintf("no verdict on the minimal CronJob of the values: %v", m.err)}, false
	}
	if !m.ok {
		return []string{fmt.Sprintf("the real API server refuses %s: %v", j.object, j.err)}, false
	}
	if m.refusal == nil {
		return []string{fmt.Sprintf("a refusal of the chart's making: the real API server refuses %s (%v), and accepts the values' own fields alone in a minimal CronJob", j.object, j.err)}, false
	}
	return passThroughFindings(values, j.object, inCronJobFrame[kind], j.err, m.refusal), true
}

// errorFindings: a refusal must name a values path in each line, and show no template
// internals (a crash of the chart's templates, not a refusal).
func errorFindings(err error) []string {
	msg := errorMessage(err)
	if templateInternals.MatchString(msg) {
		return []string{"the render crashed: " + msg}
	}
	if strings.HasPrefix(msg, "- at '") { // the schema's findings, each at its path ('' is the root)
		return nil
	}
	if strings.Contains(msg, "\n") {
		return []string{"a refusal of more than one line: " + msg}
	}
	if !rootKeys[firstSegment.FindString(msg)] && !strings.Contains(msg, ": no such key at the root of the values") {
		return []string{"a refusal that names no values path: " + msg}
	}
	return nil
}

// scriptFindings: every file a ConfigMap of the chart holds is the content of a file of
// the values, byte for byte.
func scriptFindings(values map[string]any, objs *render.Objects) []string {
	contents := map[string]bool{}
	collect := func(job any) {
		j, _ := job.(map[string]any)
		cms, _ := j["configmaps"].(map[string]any)
		for _, cm := range cms {
			entry, _ := cm.(map[string]any)
			data, _ := entry["data"].(map[string]any)
			for _, item := range data {
				if it, ok := item.(map[string]any); ok {
					if c, ok := it["content"].(string); ok {
						contents[c] = true
					}
				}
			}
		}
	}
	collect(values)
	jobs, _ := values["jobs"].(map[string]any)
	for _, j := range jobs {
		collect(j)
	}
	var findings []string
	for _, cm := range objs.ConfigMaps {
		if cm.Labels["helm.sh/chart"] == "" {
			continue // an extraObjects entry, rendered as given
		}
		for key, got := range cm.Data {
			if !contents[got] {
				findings = append(findings, fmt.Sprintf("ConfigMap %s holds %q at %s, which no values file holds", cm.Name, got, key))
			}
		}
	}
	return findings
}

// containerFindings: with no jobs map, the main container's command, args and env are
// the values' own, each scalar as its text.
func containerFindings(values map[string]any, objs *render.Objects) []string {
	if _, multi := values["jobs"]; multi || len(objs.CronJobs) != 1 {
		return nil
	}
	mc, _ := values["mainContainer"].(map[string]any)
	c := objs.CronJobs[0].Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	var findings []string
	for field, got := range map[string][]string{"command": c.Command, "args": c.Args} {
		want := words(mc[field])
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		if fmt.Sprint(want) != fmt.Sprint(got) {
			findings = append(findings, fmt.Sprintf("mainContainer.%s is %q, rendered %q", field, want, got))
		}
	}
	env, _ := mc["env"].(map[string]any)
	rendered := map[string]string{}
	for _, e := range c.Env {
		rendered[e.Name] = e.Value
		if e.ValueFrom != nil {
			rendered[e.Name] = "valueFrom"
		}
	}
	for name, value := range env {
		switch v := value.(type) {
		case nil:
			if _, ok := rendered[name]; ok {
				findings = append(findings, fmt.Sprintf("env %s is null, and rendered", name))
			}
		case map[string]any:
			if rendered[name] != "valueFrom" {
				findings = append(findings, fmt.Sprintf("env %s is a source, rendered %q", name, rendered[name]))
			}
		default:
			if want := scalarText(v); rendered[name] != want {
				findings = append(findings, fmt.Sprintf("env %s is %q, rendered %q", name, want, rendered[name]))
			}
		}
		delete(rendered, name)
	}
	for name := range rendered {
		findings = append(findings, fmt.Sprintf("env %s rendered, not in the values", name))
	}
	return findings
}

func words(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, w := range list {
		out = append(out, scalarText(w))
	}
	return out
}

// scalarText is a value's text as the chart documents it: integral numbers without
// exponent, others as Go prints them.
func scalarText(v any) string {
	switch n := v.(type) {
	case int:
		return fmt.Sprint(n)
	case float64:
		if n == float64(int64(n)) && n < 1e18 && n > -1e18 {
			return fmt.Sprint(int64(n))
		}
		return fmt.Sprint(n)
	}
	return fmt.Sprint(v)
}

// TestOracleSweep runs the oracle over a fixed set of generated values (the seeds
// 0..N-1): a few seconds in make test. make fuzz searches further.
func TestOracleSweep(t *testing.T) {
	const n = 300
	rendered, passThrough := 0, 0
	for seed := range uint64(n) {
		values := valuesgen.Values(valuesgen.Random(seed))
		r := checkOracle(values)
		if r.rendered {
			rendered++
		}
		if len(r.passThrough) > 0 {
			passThrough++
		}
		if len(r.findings) > 0 {
			doc, _ := valuesgen.YAML(values)
			t.Errorf("seed %d:\n  %s\nvalues: %s", seed, strings.Join(r.findings, "\n  "), doc)
		}
	}
	t.Logf("%d inputs: %d refused at render, %d rendered, of which the API server refuses %d for the values' own fields", n, n-rendered, rendered, passThrough)
	if rendered < n/4 || rendered > n*9/10 {
		t.Errorf("%d of %d inputs rendered: the generator should give both outcomes often", rendered, n)
	}
	if passThrough == 0 {
		t.Errorf("no input had a field the API server refuses: the chart-or-user split was not exercised")
	}
}

// FuzzRender is the oracle as a fuzz target: the input's bytes are the generator's
// choices, or, when they are a JSON object, the values themselves (how a finding is
// kept). testdata/fuzz/FuzzRender holds the seed corpus and every finding's input.
func FuzzRender(f *testing.F) {
	for _, seed := range [][]byte{{}, {1, 2, 3}, []byte("escron"), {0xff, 0, 0xff, 0, 7, 7, 7}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		values := fuzzValues(data)
		if r := checkOracle(values); len(r.findings) > 0 {
			doc, _ := valuesgen.YAML(values)
			t.Fatalf("%s\nvalues: %s", strings.Join(r.findings, "\n"), doc)
		}
	})
}

// fuzzValues are the values of a FuzzRender input: the input itself when it is a JSON
// object, else the generator's document from its bytes.
func fuzzValues(data []byte) map[string]any {
	var values map[string]any
	if len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &values) != nil {
		values = valuesgen.Values(valuesgen.NewBytes(data))
	}
	return values
}

// corpusValues reads a file of the fuzz corpus (go test fuzz v1, one []byte) as values.
func corpusValues(t testing.TB, file string) string {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	header, literal, ok := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	require.True(t, ok && header == "go test fuzz v1", "%s is no fuzz corpus file", file)
	inner, ok := strings.CutPrefix(literal, "[]byte(")
	require.True(t, ok && strings.HasSuffix(inner, ")"), "%s holds no []byte", file)
	data, err := strconv.Unquote(strings.TrimSuffix(inner, ")"))
	require.NoError(t, err, file)
	doc, err := valuesgen.YAML(fuzzValues([]byte(data)))
	require.NoError(t, err)
	return doc
}
