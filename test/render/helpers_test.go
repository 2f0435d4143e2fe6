package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/render"
)

// renderCase is one render of the chart and what it must show, as helm's cmdTestCase
// is one command: either wantErr (the render fails, with one line holding each string)
// or check (the render succeeds and its objects pass check), and optionally notes.
type renderCase struct {
	name    string
	values  string         // values YAML over the chart's defaults
	opts    render.Options // release, namespace, more values files; Values is set from values
	wantErr []string
	check   func(t *testing.T, objs *render.Objects)
	notes   func(t *testing.T, notes string)
}

// runCases renders each case in-process (render.SDK) as a subtest.
func runCases(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			o.Values = tc.values
			res, err := render.SDK(o)
			if tc.wantErr != nil {
				require.Error(t, err, "values should be refused:\n%s", tc.values)
				msg := errorMessage(err)
				if strings.HasPrefix(msg, "- at '/") {
					// The schema reports each finding on a line naming its values path.
					for _, line := range strings.Split(msg, "\n") {
						assert.Regexp(t, `^\s*- at '/[^']*': `, line)
					}
				} else {
					assert.NotContains(t, msg, "\n", "one line: %s", msg)
				}
				for _, want := range tc.wantErr {
					assert.Contains(t, msg, want)
				}
				return
			}
			require.NoError(t, err, "values:\n%s", tc.values)
			objs, err := render.Decode(res.Manifest)
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, objs)
			}
			if tc.notes != nil {
				tc.notes(t, res.Notes)
			}
		})
	}
}

// errorMessage is what a user reads of a failed render: Helm's prefix ("execution error
// at (template:line:col): ", or the schema's header and chart name) taken away.
func errorMessage(err error) string {
	msg := strings.TrimSpace(err.Error())
	if _, after, ok := strings.Cut(msg, "): "); ok && strings.HasPrefix(msg, "execution error at (") {
		return after
	}
	if _, after, ok := strings.Cut(msg, "in the following chart(s):\n"); ok {
		lines := strings.Split(strings.TrimSpace(after), "\n")
		return strings.Join(lines[1:], "\n")
	}
	return msg
}

// renderObjects renders in-process and decodes strictly; any error fails the test.
func renderObjects(t testing.TB, o render.Options) *render.Objects {
	t.Helper()
	res, err := render.SDK(o)
	require.NoError(t, err, "render")
	objs, err := render.Decode(res.Manifest)
	require.NoError(t, err, "decode")
	return objs
}

// renderValues renders the chart's defaults overridden by a values document.
func renderValues(t testing.TB, values string) *render.Objects {
	t.Helper()
	return renderObjects(t, render.Options{Values: values})
}

// onlyCronJob is the release's single CronJob.
func onlyCronJob(t testing.TB, objs *render.Objects) *batchv1.CronJob {
	t.Helper()
	require.Len(t, objs.CronJobs, 1, "CronJobs")
	return objs.CronJobs[0]
}

// podSpec is a CronJob's pod spec.
func podSpec(cj *batchv1.CronJob) *corev1.PodSpec {
	return &cj.Spec.JobTemplate.Spec.Template.Spec
}

// mainContainer is a CronJob's container named "main", the first.
func mainContainer(t testing.TB, cj *batchv1.CronJob) *corev1.Container {
	t.Helper()
	spec := podSpec(cj)
	require.NotEmpty(t, spec.Containers, "containers of %s", cj.Name)
	require.Equal(t, "main", spec.Containers[0].Name)
	return &spec.Containers[0]
}

// envOf is a container's env as name -> EnvVar.
func envOf(c *corev1.Container) map[string]corev1.EnvVar {
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	return env
}

// envNames are a container's env names, in order.
func envNames(c *corev1.Container) []string {
	var names []string
	for _, e := range c.Env {
		names = append(names, e.Name)
	}
	return names
}

// mountAt is the container's volume mount at path, or nil.
func mountAt(c *corev1.Container, path string) *corev1.VolumeMount {
	for i := range c.VolumeMounts {
		if c.VolumeMounts[i].MountPath == path {
			return &c.VolumeMounts[i]
		}
	}
	return nil
}

// volumeNamed is the pod's volume named name, or nil.
func volumeNamed(spec *corev1.PodSpec, name string) *corev1.Volume {
	for i := range spec.Volumes {
		if spec.Volumes[i].Name == name {
			return &spec.Volumes[i]
		}
	}
	return nil
}

// scenarios are the chart-testing scenarios, charts/escron/ci/*-values.yaml.
func scenarios(t testing.TB) []fixtures.Scenario {
	t.Helper()
	list, err := fixtures.Scenarios()
	require.NoError(t, err)
	return list
}

func ptr[T any](v T) *T { return &v }
