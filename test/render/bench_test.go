package render_test

import (
	"testing"

	"github.com/escron/escron/test/internal/render"
)

// benchCases are 100 render cases: the ci scenarios and single-feature values, repeated.
func benchCases(b *testing.B) []render.Options {
	b.Helper()
	var base []render.Options
	for _, f := range ciValuesFiles(b) {
		base = append(base, render.Options{ValuesFiles: []string{f}})
	}
	for _, v := range []string{
		"",
		"cronjob: {schedule: '@hourly', suspend: true, successfulJobsHistoryLimit: 0}\n",
		"mainContainer: {env: {A: 1, B: {secretKeyRef: {name: s, key: k}}}}\n",
		"jobs: {a: {}, b: {cronjob: {schedule: '@daily'}}}\n",
		"configmaps: {s: {mountpath: /opt/, data: {run: {subPath: run.sh, content: 'echo hi'}}}}\n",
		"serviceAccount: {create: true}\n",
	} {
		base = append(base, render.Options{Values: v})
	}
	cases := make([]render.Options, 100)
	for i := range cases {
		cases[i] = base[i%len(base)]
	}
	return cases
}

// assertRendered is the benchmark's assertion: strict decoding and at least one CronJob.
func assertRendered(b *testing.B, manifest string) {
	objs, err := render.Decode(manifest)
	if err != nil {
		b.Fatal(err)
	}
	if len(objs.CronJobs) == 0 {
		b.Fatal("no CronJob rendered")
	}
}

// BenchmarkRender100 renders and asserts 100 cases per op, in-process (Helm SDK) and
// through the helm v3 command line (terratest). Target: in-process under 1 s per op.
func BenchmarkRender100(b *testing.B) {
	cases := benchCases(b)
	b.Run("sdk", func(b *testing.B) {
		for b.Loop() {
			for _, o := range cases {
				res, err := render.SDK(o)
				if err != nil {
					b.Fatal(err)
				}
				assertRendered(b, res.Manifest)
			}
		}
	})
	b.Run("cli", func(b *testing.B) {
		for b.Loop() {
			for _, o := range cases {
				out, err := render.CLI(b, o)
				if err != nil {
					b.Fatal(err)
				}
				assertRendered(b, out)
			}
		}
	})
}
