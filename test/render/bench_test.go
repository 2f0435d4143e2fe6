package render_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/valuesgen"
)

// benchCases are 100 render cases: the ci scenarios and single-feature values, repeated.
func benchCases(b *testing.B) []render.Options {
	b.Helper()
	var base []render.Options
	for _, sc := range scenarios(b) {
		base = append(base, render.Options{ValuesFiles: []string{sc.File}})
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

// renderOne renders one case in-process or through the helm CLI and asserts on it.
func renderOne(b *testing.B, o render.Options, cli bool, fresh bool) {
	o.FreshSchema = fresh
	var manifest string
	if cli {
		out, err := render.CLI(b, o)
		if err != nil {
			b.Fatal(err)
		}
		manifest = out
	} else {
		res, err := render.SDK(o)
		if err != nil {
			b.Fatal(err)
		}
		manifest = res.Manifest
	}
	assertRendered(b, manifest)
}

// renderAll renders the cases one after the other, or spread over GOMAXPROCS workers.
func renderAll(b *testing.B, cases []render.Options, cli, parallel, fresh bool) {
	if !parallel {
		for _, o := range cases {
			renderOne(b, o, cli, fresh)
		}
		return
	}
	next := make(chan render.Options)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for o := range next {
				renderOne(b, o, cli, fresh)
			}
		})
	}
	for _, o := range cases {
		next <- o
	}
	close(next)
	wg.Wait()
}

// BenchmarkRender100 renders and asserts 100 cases per op, in-process (Helm SDK) and
// through the helm v3 command line (terratest's shell), one after the other and spread
// over GOMAXPROCS workers. Target: in-process under 0.5 s per op, one after the other.
// sdk-fresh-schema shows what Helm's compiling of the values schema on every render
// costs: render.SDK keeps the compiled schema between renders.
func BenchmarkRender100(b *testing.B) {
	cases := benchCases(b)
	for _, bc := range []struct {
		name                 string
		cli, parallel, fresh bool
	}{
		{"sdk", false, false, false},
		{"sdk-fresh-schema", false, false, true},
		{"cli", true, false, false},
		{"sdk-parallel", false, true, false},
		{"cli-parallel", true, true, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				renderAll(b, cases, bc.cli, bc.parallel, bc.fresh)
			}
		})
	}
}

// BenchmarkOracle judges generated values (the sweep's seeds, in turn) with the whole
// oracle: render, the OpenAPI structure, the real API server's dry-run of every object,
// and the minimal CronJob of a refusal. It reports inputs/s, the rate at which make fuzz
// and the sweep can search (target: the sweep's 300 inputs in 60 s on 2 cores, 5/s).
func BenchmarkOracle(b *testing.B) {
	if _, err := sharedAPIServer(); err != nil {
		b.Fatalf("starting kube-apiserver and etcd: %v", err)
	}
	checkOracle(valuesgen.Values(valuesgen.Random(0))) // the first render loads the chart
	var seed uint64
	for b.Loop() {
		if r := checkOracle(valuesgen.Values(valuesgen.Random(seed))); len(r.findings) > 0 {
			b.Fatalf("seed %d: %v", seed, r.findings)
		}
		seed++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inputs/s")
}
