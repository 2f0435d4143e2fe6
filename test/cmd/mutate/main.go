// Command mutate is the mutation test of the escron chart (make mutate), a
// maintainer's tool, not part of make test. It makes one-line bugs in the chart
// (operators.go: each operator a kind of bug, applied at every site where it applies),
// runs the render tier once per mutant, and prints the score, killed / non-equivalent
// mutants, and the mutants that survived: behaviours no test pins down.
//
// The render tier is built once (go test -c ./test/render); each mutant is a copy of
// the chart with one change, which the test binary renders instead of charts/escron
// (ESCRON_CHART_DIR, read by test/internal/project), stopping at the first failing
// test. A mutant whose first failure is a golden file is run again with the goldens
// refreshed in a scratch copy, to tell whether any assertion catches it as well.
// Mutants that no test could ever tell from the chart are listed, each with its reason,
// in equivalent.txt; they are not run.
//
// usage: go run ./test/cmd/mutate [-max 150] [-j 2] [-only REGEXP] [-list]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
)

func main() {
	limit := flag.Int("max", 150, "at most this many mutants, sampled deterministically from all sites (0: all)")
	jobs := flag.Int("j", 2, "mutants run at a time")
	only := flag.String("only", "", "run only the sampled mutants whose ID or file:line matches this regular expression")
	list := flag.Bool("list", false, "list the sampled mutants and exit")
	bin := flag.String("bin", "", "the render tier's test binary, if already built (go test -c ./test/render)")
	equivalentFile := flag.String("equivalent", "test/cmd/mutate/equivalent.txt", "the list of equivalent mutants (relative to the repository)")
	timeout := flag.Duration("timeout", 5*time.Minute, "the render tier's timeout per mutant")
	minScore := flag.Float64("min-score", 95, "exit 1 when the score is below this percentage")
	strict := flag.Bool("strict", false, "count a mutant that only a golden file kills as a survivor")
	flag.Parse()

	if err := run(options{*limit, *jobs, *only, *list, *bin, *equivalentFile, *timeout, *minScore, *strict}); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
}

type options struct {
	max            int
	jobs           int
	only           string
	list           bool
	bin            string
	equivalentFile string
	timeout        time.Duration
	minScore       float64
	strict         bool
}

// result is a mutant's verdict.
type result struct {
	m          *mutant
	killed     bool
	goldenOnly bool   // killed, but by a golden file alone
	by         string // the test that failed first
}

// validate says why a mutant is not a valid chart (a template that no longer parses,
// values or a schema that no longer load), or "".
func validate(c *chart, m *mutant) string {
	src := c.files[m.file]
	mutated := m.apply(src)
	if mutated == src {
		return "no change"
	}
	switch {
	case strings.HasPrefix(m.file, "templates/"):
		if err := parses(m.file, mutated); err != nil {
			return err.Error()
		}
	case m.file == "values.yaml":
		var v map[string]any
		if err := yaml.Unmarshal([]byte(mutated), &v); err != nil {
			return err.Error()
		}
	case m.file == schemaFile:
		if !json.Valid([]byte(mutated)) {
			return "not valid JSON"
		}
	}
	return ""
}

// opStats counts, per operator, its sites and what became of them.
type opStats struct {
	sites, invalid, sampled, equivalent, killed, goldenOnly, survived int
}

func run(o options) error {
	start := time.Now()
	repo, err := project.Root()
	if err != nil {
		return err
	}
	c, err := loadChart(filepath.Join(repo, "charts", "escron"))
	if err != nil {
		return err
	}
	for _, f := range templateFiles(c) {
		if err := parses(f, c.files[f]); err != nil {
			return fmt.Errorf("the chart itself does not parse: %v", err)
		}
	}

	stats := map[string]*opStats{}
	var all, valid []*mutant
	weights := map[string]int{}
	for _, op := range operators {
		stats[op.name] = &opStats{}
		weights[op.name] = op.weight
		all = append(all, op.sites(c)...)
	}
	assignIDs(all)
	var invalid []*mutant
	for _, m := range all {
		stats[m.op].sites++
		if m.invalid = validate(c, m); m.invalid != "" {
			stats[m.op].invalid++
			invalid = append(invalid, m)
			continue
		}
		valid = append(valid, m)
	}
	sampled := sample(valid, weights, o.max)
	for _, m := range sampled {
		stats[m.op].sampled++
	}

	equivalent, err := readEquivalent(filepath.Join(repo, o.equivalentFile))
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, m := range all {
		known[m.id] = true
	}
	for id := range equivalent {
		if !known[id] {
			fmt.Printf("warning: %s lists %s, which no operator makes any more: remove it\n", o.equivalentFile, id)
		}
	}
	var selected []*mutant
	filter, err := regexp.Compile(o.only)
	if err != nil {
		return err
	}
	var skipped []*mutant
	for _, m := range sampled {
		if !filter.MatchString(m.id) && !filter.MatchString(m.where()) {
			continue
		}
		if _, ok := equivalent[m.id]; ok {
			stats[m.op].equivalent++
			skipped = append(skipped, m)
			continue
		}
		selected = append(selected, m)
	}

	fmt.Printf("mutate: %d sites (%d invalid), %d mutants sampled (cap %d), %d equivalent, %d to run\n",
		len(all), len(invalid), len(sampled), o.max, len(skipped), len(selected))
	if o.list {
		for _, m := range sampled {
			mark := ""
			if _, ok := equivalent[m.id]; ok {
				mark = "  [equivalent]"
			}
			fmt.Printf("%-36s %s%s%s\n    - %s\n    + %s\n", m.id, m.where(), m.at(), mark, excerpt(m.old, m.col, 150), excerpt(m.new, m.col, 150))
		}
		return nil
	}

	work, err := os.MkdirTemp("", "escron-mutate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	r := &runner{repo: repo, bin: o.bin, work: work, timeout: o.timeout}
	if r.bin == "" {
		fmt.Println("building the render tier (go test -c ./test/render)")
		if r.bin, err = build(repo, work); err != nil {
			return err
		}
	}
	renderDir := filepath.Join(repo, "test", "render")

	// The chart as it is must pass: else every mutant would look killed.
	base, err := copyChart(c, filepath.Join(work, "base"), "", "")
	if err != nil {
		return err
	}
	t0 := time.Now()
	if out := r.run(base, renderDir, false, ""); out.failed {
		return fmt.Errorf("the render tier fails on the chart as it is (%s): fix that first\n%s", out.killedBy(), tail(out.output, 40))
	}
	baseTime := time.Since(t0)
	// A chart that cannot render must fail: else the binary does not read
	// ESCRON_CHART_DIR (built before test/internal/project did), and every mutant
	// would look like a survivor.
	canary, err := copyChart(c, filepath.Join(work, "canary"), "templates/cronjob.yaml", `{{ fail "make mutate: canary" }}`)
	if err != nil {
		return err
	}
	if out := r.run(canary, renderDir, false, ""); !out.failed {
		return fmt.Errorf("%s passes on a chart that cannot render: it does not read ESCRON_CHART_DIR (rebuild it)", r.bin)
	}
	fmt.Printf("the chart as it is passes the render tier (%s), a broken copy fails it; running %d mutants, %d at a time\n", baseTime.Round(time.Second), len(selected), o.jobs)

	results := make([]result, len(selected))
	var mu sync.Mutex
	done := 0
	queue := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < o.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				res := runMutant(c, r, renderDir, selected[i], i)
				mu.Lock()
				results[i] = res
				done++
				verdict := "survived"
				switch {
				case res.goldenOnly:
					verdict = "golden-only"
				case res.killed:
					verdict = "killed"
				}
				fmt.Printf("[%3d/%d] %6s  %-11s %-16s %-38s %s\n", done, len(selected), time.Since(start).Round(time.Second), verdict, res.m.op, res.m.where(), res.by)
				mu.Unlock()
			}
		}()
	}
	for i := range selected {
		queue <- i
	}
	close(queue)
	wg.Wait()

	return report(o, stats, results, skipped, equivalent, invalid, time.Since(start))
}

// runMutant runs the render tier against one mutant.
func runMutant(c *chart, r *runner, renderDir string, m *mutant, i int) result {
	dir := filepath.Join(r.work, fmt.Sprintf("m%03d", i))
	defer os.RemoveAll(dir)
	res := result{m: m}
	chartDir, err := copyChart(c, dir, m.file, m.apply(c.files[m.file]))
	if err != nil {
		res.by = "error: " + err.Error()
		return res
	}
	// A generated file's mutant differs from what make schema writes: that test would
	// kill every one of them without judging the change.
	skip := ""
	if m.file == schemaFile || m.file == shapeFile {
		skip = "^TestSchemaIsWhatMakeSchemaGenerates$"
	}
	out := r.run(chartDir, renderDir, false, skip)
	res.killed, res.by = out.failed, out.killedBy()
	if out.onlyGolden() {
		shadow, err := shadowTree(r.repo, filepath.Join(dir, "shadow"))
		if err != nil {
			res.by += " (no rerun: " + err.Error() + ")"
		} else if again := r.run(chartDir, shadow, true, skip); again.failed {
			res.by += ", then " + again.killedBy()
		} else {
			res.goldenOnly = true
		}
	}
	return res
}

// sample picks at most max mutants: every one when they fit; else each operator gets a
// share by weight (an operator with fewer sites than its share keeps them all and
// leaves the rest to the others), filled with its mutants of lowest ID hash, so that
// an edit elsewhere in the chart does not reshuffle the sample. The result is in
// file and offset order.
func sample(ms []*mutant, weights map[string]int, max int) []*mutant {
	byOp := map[string][]*mutant{}
	for _, m := range ms {
		byOp[m.op] = append(byOp[m.op], m)
	}
	quota := map[string]int{}
	if max <= 0 || len(ms) <= max {
		for op, l := range byOp {
			quota[op] = len(l)
		}
	} else {
		open := map[string]bool{}
		for op := range byOp {
			open[op] = true
		}
		left := max
		for changed := true; changed; {
			changed = false
			total := 0
			for op := range open {
				total += weights[op]
			}
			for _, op := range sortedKeys(open) {
				if len(byOp[op]) <= left*weights[op]/total {
					quota[op] = len(byOp[op])
					left -= quota[op]
					delete(open, op)
					changed = true
				}
			}
		}
		total := 0
		for op := range open {
			total += weights[op]
		}
		given := 0
		ops := sortedKeys(open)
		for _, op := range ops {
			quota[op] = left * weights[op] / total
			given += quota[op]
		}
		for i := 0; given < left; i++ {
			quota[ops[i%len(ops)]]++
			given++
		}
	}
	var out []*mutant
	for op, l := range byOp {
		l = append([]*mutant(nil), l...)
		sort.Slice(l, func(i, j int) bool { return hashOf(l[i]) < hashOf(l[j]) })
		out = append(out, l[:quota[op]]...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.start != b.start {
			return a.start < b.start
		}
		return a.id < b.id
	})
	return out
}

func hashOf(m *mutant) string { return m.id[strings.LastIndexByte(m.id, '/')+1:] }

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func report(o options, stats map[string]*opStats, results []result, skipped []*mutant, equivalent map[string]string, invalid []*mutant, took time.Duration) error {
	var survivors, goldenOnly []result
	killed := 0
	for _, res := range results {
		st := stats[res.m.op]
		switch {
		case res.goldenOnly:
			st.goldenOnly++
			goldenOnly = append(goldenOnly, res)
			if !o.strict {
				killed++
				st.killed++
			} else {
				st.survived++
			}
		case res.killed:
			killed++
			st.killed++
		default:
			st.survived++
			survivors = append(survivors, res)
		}
	}
	fmt.Printf("\n%-17s %6s %8s %8s %6s %7s %7s %9s\n", "operator", "sites", "invalid", "sampled", "equiv", "killed", "golden", "survived")
	for _, op := range operators {
		s := stats[op.name]
		fmt.Printf("%-17s %6d %8d %8d %6d %7d %7d %9d\n", op.name, s.sites, s.invalid, s.sampled, s.equivalent, s.killed, s.goldenOnly, s.survived)
	}
	if len(invalid) > 0 {
		fmt.Printf("\n%d invalid sites (the chart no longer parses; not run):\n", len(invalid))
		for _, m := range invalid {
			fmt.Printf("  %s %s: %s\n", m.op, m.where(), excerpt(m.invalid, 0, 100))
		}
	}
	if len(skipped) > 0 {
		fmt.Printf("\n%d equivalent mutants (listed in %s, not run):\n", len(skipped), o.equivalentFile)
		for _, m := range skipped {
			fmt.Printf("  %s %s: %s\n", m.id, m.where(), equivalent[m.id])
		}
	}
	if len(goldenOnly) > 0 {
		fmt.Printf("\n%d mutants killed only by a golden file (make golden would accept them):\n", len(goldenOnly))
		printMutants(goldenOnly)
	}
	if len(survivors) > 0 {
		fmt.Printf("\n%d survivors (add an assertion that fails on each, or, if no test could ever tell it from the chart, list its ID in %s with the reason):\n", len(survivors), o.equivalentFile)
		printMutants(survivors)
	}
	n := len(results)
	score := 100.0
	if n > 0 {
		score = 100 * float64(killed) / float64(n)
	}
	fmt.Printf("\nscore: %d killed of %d non-equivalent mutants: %.1f%% (target %.0f%%)", killed, n, score, o.minScore)
	if len(goldenOnly) > 0 && !o.strict {
		fmt.Printf("; %.1f%% without the golden-only kills", 100*float64(killed-len(goldenOnly))/float64(n))
	}
	fmt.Printf("\nwall time: %s\n", took.Round(time.Second))
	if score < o.minScore {
		os.Exit(1)
	}
	return nil
}

func printMutants(rs []result) {
	for _, res := range rs {
		m := res.m
		fmt.Printf("  %s%s  %s  %s\n    - %s\n    + %s\n", m.where(), m.at(), m.op, m.id, excerpt(m.old, m.col, 130), excerpt(m.new, m.col, 130))
	}
}
