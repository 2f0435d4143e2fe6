package render_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
)

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

// mainContainer is a CronJob's container named "main".
func mainContainer(t testing.TB, cj *batchv1.CronJob) *corev1.Container {
	t.Helper()
	spec := podSpec(cj)
	require.Len(t, spec.Containers, 1, "containers of %s", cj.Name)
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

// ciValuesFiles are the chart-testing scenarios, charts/escron/ci/*-values.yaml.
func ciValuesFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(project.ChartDir(), "ci", "*-values.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// scenarioName is "minimal" for ci/minimal-values.yaml.
func scenarioName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), "-values.yaml")
}

func ptr[T any](v T) *T { return &v }
