package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// runner runs the render tier's test binary against a chart directory.
type runner struct {
	repo    string // the repository
	bin     string // the render tier's test binary
	work    string // a temporary directory of the run
	timeout time.Duration
}

// outcome is what one run of the render tier said.
type outcome struct {
	failed   bool
	timedOut bool
	failures []string // the failing tests, innermost first as go test prints them
	golden   bool     // a golden file differed
	output   string
}

// build compiles the render tier's test binary into dir.
func build(repo, dir string) (string, error) {
	bin := filepath.Join(dir, "render.test")
	cmd := exec.Command("nice", "-n", "19", "go", "test", "-c", "-o", bin, "./test/render")
	cmd.Dir = repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go test -c ./test/render: %v\n%s", err, out)
	}
	return bin, nil
}

// copyChart writes the chart's files, one of them replaced, under dir/escron.
func copyChart(c *chart, dir, file, content string) (string, error) {
	root := filepath.Join(dir, "escron")
	for p, data := range c.files {
		if p == file {
			data = content
		}
		target := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(target, []byte(data), 0o644); err != nil {
			return "", err
		}
	}
	return root, nil
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// run runs the render tier once, niced, with ESCRON_CHART_DIR=chartDir, stopping at
// the first failing test. In cwd (the repository's test/render unless a shadow tree
// is given), with goldens refreshed instead of compared when updateGolden is set, and
// the tests matching skip left out.
func (r *runner) run(chartDir, cwd string, updateGolden bool, skip string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout+time.Minute)
	defer cancel()
	args := []string{"-n", "19", r.bin, "-test.failfast", "-test.count=1", "-test.timeout=" + r.timeout.String()}
	if skip != "" {
		args = append(args, "-test.skip="+skip)
	}
	cmd := exec.CommandContext(ctx, "nice", args...)
	cmd.Dir = cwd
	var env []string
	for _, kv := range os.Environ() {
		// Never let a mutant's render be written over the real golden files.
		if strings.HasPrefix(kv, "ESCRON_UPDATE_GOLDEN=") || strings.HasPrefix(kv, "ESCRON_CHART_DIR=") || strings.HasPrefix(kv, "PWD=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "ESCRON_CHART_DIR="+chartDir, "PWD="+cwd)
	if updateGolden {
		env = append(env, "ESCRON_UPDATE_GOLDEN=1")
	}
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	o := outcome{output: out.String()}
	if err != nil {
		o.failed = true
		var exit *exec.ExitError
		o.timedOut = ctx.Err() != nil || strings.Contains(o.output, "panic: test timed out") || !errors.As(err, &exit)
	}
	for _, m := range failLine.FindAllStringSubmatch(o.output, -1) {
		o.failures = append(o.failures, m[1])
	}
	o.golden = strings.Contains(o.output, "output differs from testdata/golden/")
	return o
}

// firstTest is the top-level test that failed first.
func (o outcome) firstTest() string {
	if o.timedOut {
		return "timeout"
	}
	if len(o.failures) == 0 {
		return "(no test named)"
	}
	name, _, _ := strings.Cut(o.failures[len(o.failures)-1], "/")
	return name
}

// killedBy names the test that failed first, innermost subtest included.
func (o outcome) killedBy() string {
	if o.timedOut {
		return "timeout"
	}
	by := "(no test named)"
	for _, f := range o.failures {
		if len(f) > len(by) || by == "(no test named)" {
			by = f
		}
	}
	return by
}

// onlyGolden: the first failure was a golden file, which a make golden run would
// have accepted.
func (o outcome) onlyGolden() bool {
	return o.failed && o.golden && o.firstTest() == "TestScenarios"
}

// shadowTree builds, under dir, a tree that the test binary takes for the
// repository (it finds go.mod there): every entry is a link to the repository's,
// except test/render/testdata/golden, which is a copy. Run there with
// ESCRON_UPDATE_GOLDEN=1, the golden test writes its copy and passes, and every other
// assertion runs as in the repository. It returns the test/render directory to run in.
func shadowTree(repo, dir string) (string, error) {
	link := func(from, to string, except string) error {
		entries, err := os.ReadDir(from)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(to, 0o755); err != nil {
			return err
		}
		for _, e := range entries {
			if e.Name() == except || e.Name() == ".git" {
				continue
			}
			if err := os.Symlink(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
				return err
			}
		}
		return nil
	}
	steps := []struct{ from, to, except string }{
		{repo, dir, "test"},
		{filepath.Join(repo, "test"), filepath.Join(dir, "test"), "render"},
		{filepath.Join(repo, "test", "render"), filepath.Join(dir, "test", "render"), "testdata"},
		{filepath.Join(repo, "test", "render", "testdata"), filepath.Join(dir, "test", "render", "testdata"), "golden"},
	}
	for _, s := range steps {
		if err := link(s.from, s.to, s.except); err != nil {
			return "", err
		}
	}
	golden := filepath.Join(dir, "test", "render", "testdata", "golden")
	if err := os.MkdirAll(golden, 0o755); err != nil {
		return "", err
	}
	src := filepath.Join(repo, "test", "render", "testdata", "golden")
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(golden, e.Name()), data, 0o644); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, "test", "render"), nil
}
