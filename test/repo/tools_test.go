package repo_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/versions"
)

// TestToolLists keeps scripts/tools.list true: each entry point installs exactly the
// tools it calls. The calls are read from the entry point's script, the scripts it runs
// (not the builders: tools.sh, joint-tools.sh, scripts/images) and the Go packages
// those run, with their packages from this module. A Go package counts whole: a tool
// any of its code names is one its entry point installs.
func TestToolLists(t *testing.T) {
	lists := toolLists(t)
	require.Contains(t, lists, "demo")
	for entry, listed := range lists {
		t.Run(entry, func(t *testing.T) {
			called := calledBy(t, entryScript(entry))
			assert.Equal(t, listed, called,
				"scripts/tools.list's %s line differs from what %s calls (listed, then called)", entry, entryScript(entry))
		})
	}
}

// TestToolListsReadAsTheScriptsDo: the demo installs no tool of the test tiers (the
// reason the lists exist), and make test installs every tool of every tier.
func TestToolListsReadAsTheScriptsDo(t *testing.T) {
	lists := toolLists(t)
	assert.Equal(t, []string{"helm", "kind", "kubectl"}, lists["demo"])
	var tiers []string
	for _, e := range []string{"lint", "render", "e2e"} {
		tiers = append(tiers, lists[e]...)
	}
	slices.Sort(tiers)
	assert.Equal(t, slices.Compact(tiers), lists["test"])
	cmd := exec.Command("bash", "-c", `. scripts/lib.sh && tools_of demo`)
	cmd.Dir = project.Path()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "helm\nkind\nkubectl\n", string(out), "lib.sh's tools_of reads the list as this test does")
}

// entryScript is the script of an entry point of scripts/tools.list.
func entryScript(entry string) string {
	switch entry {
	case "render":
		return "scripts/test-render.sh"
	case "e2e":
		return "scripts/test-e2e.sh"
	}
	return "scripts/" + entry + ".sh"
}

// toolLists reads scripts/tools.list: entry -> its tools, sorted, @entry expanded.
func toolLists(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(project.Path("scripts", "tools.list"))
	require.NoError(t, err)
	raw := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		require.NotContains(t, raw, f[0], "entry %s listed twice", f[0])
		raw[f[0]] = f[1:]
	}
	var expand func(entry string, depth int) []string
	expand = func(entry string, depth int) []string {
		require.Less(t, depth, 5, "@ references loop at %s", entry)
		tools, ok := raw[entry]
		require.True(t, ok, "no entry %s", entry)
		var out []string
		for _, tool := range tools {
			if ref, ok := strings.CutPrefix(tool, "@"); ok {
				out = append(out, expand(ref, depth+1)...)
			} else {
				out = append(out, tool)
			}
		}
		return out
	}
	lists := map[string][]string{}
	for entry := range raw {
		tools := expand(entry, 0)
		slices.Sort(tools)
		lists[entry] = slices.Compact(tools)
	}
	return lists
}

var (
	// A script another script runs or sources: "$ROOT/scripts/x.sh".
	runsScript = regexp.MustCompile(`"\$ROOT/(scripts/[a-z0-9/_-]+\.sh)"`)
	// The Go packages a script or a Go program runs: ./test/... arguments.
	runsPackage = regexp.MustCompile(`(?:^|[\s"])(\./test/[a-z0-9/_.-]+)`)
	// A tool in command position in a shell line.
	shellCommand = regexp.MustCompile(`(?:^|[;&|(!]|\$\(|\b(?:then|do|if|while|exec)\s)\s*([a-z][a-z0-9-]*)(?:\s|$|\))`)
	timedLabel   = regexp.MustCompile(`\btimed "[^"]*"`)
	message      = regexp.MustCompile(`\b(?:log|step|die) "(?:[^"\\]|\\.)*"`)
	// How Go code names a tool.
	goTool = []*regexp.Regexp{
		regexp.MustCompile(`project\.(?:System)?Tool\("([a-z0-9-]+)"\)`),
		regexp.MustCompile(`exec\.LookPath\("([a-z0-9-]+)"\)`),
		regexp.MustCompile(`startServer\(t, "[^"]*", "([a-z0-9-]+)"`),
		regexp.MustCompile(`command\(t, "([a-z0-9-]+)"`),
		regexp.MustCompile(`"bin/([a-z0-9-]+)"`),
	}
	// The Go packages a Go program runs: "./test/..." string literals.
	goRunsPackage = regexp.MustCompile(`"(\./test/[a-z0-9/_-]+(?:/\.\.\.)?)"`)
	goNeedTools   = regexp.MustCompile(`NeedTools\(t, ((?:"[a-z0-9-]+"(?:, )?)+)\)`)
	// Scripts that build tools rather than call them.
	builders = regexp.MustCompile(`^scripts/(lib|tools|joint-tools|docker-up)\.sh$|^scripts/images/`)
)

// calledBy is every tool that script calls: in its own lines, in the scripts it runs,
// and in the Go packages they run.
func calledBy(t *testing.T, script string) []string {
	t.Helper()
	known := map[string]bool{}
	for _, tools := range toolLists(t) {
		for _, tool := range tools {
			known[tool] = true
		}
	}
	seen := map[string]bool{}
	var pkgs []string
	called := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if seen[path] || builders.MatchString(path) {
			return
		}
		seen[path] = true
		data, err := os.ReadFile(project.Path(path))
		require.NoError(t, err)
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			// timed LABEL CMD: CMD is in command position.
			line = timedLabel.ReplaceAllString(line, ";")
			// What log, step and die print is text, not commands.
			line = message.ReplaceAllString(line, ";")
			for _, m := range shellCommand.FindAllStringSubmatch(line, -1) {
				if known[m[1]] {
					called[m[1]] = true
				}
			}
			for _, m := range runsScript.FindAllStringSubmatch(line, -1) {
				walk(m[1])
			}
			if strings.Contains(line, "go ") || strings.Contains(line, "go_test ") { // go_test: scripts/lib.sh
				for _, m := range runsPackage.FindAllStringSubmatch(line, -1) {
					pkgs = append(pkgs, m[1])
				}
			}
		}
	}
	walk(script)
	for tool := range goToolsOf(t, pkgs) {
		called[tool] = true
	}
	// ct lint and ct install run helm.
	if called["ct"] {
		called["helm"] = true
	}
	out := []string{}
	for tool := range called {
		if known[tool] {
			out = append(out, tool)
		}
	}
	slices.Sort(out)
	return out
}

// goToolsOf is every tool the Go packages matching patterns name in their files and
// tests, their imports of this module in the files compiled in, and the packages those
// run in turn.
func goToolsOf(t *testing.T, patterns []string) map[string]bool {
	t.Helper()
	tools := map[string]bool{}
	done := map[string]bool{}
	for len(patterns) > 0 {
		var todo []string
		for _, p := range patterns {
			if !done[p] {
				done[p] = true
				todo = append(todo, p)
			}
		}
		patterns = nil
		if len(todo) == 0 {
			break
		}
		// The packages whose tests run: their test files count; of the packages they
		// import, only the files that are compiled in (a package's tests run only when
		// that package is tested).
		tested := map[string]bool{}
		var listed strings.Builder
		for _, pattern := range todo {
			for _, p := range strings.Fields(goList(t, pattern)) {
				tested[p] = true
			}
			listed.WriteString(goList(t, "-deps", "-test", "-json=ImportPath,Dir,GoFiles,TestGoFiles,XTestGoFiles,Module", pattern))
		}
		dec := json.NewDecoder(strings.NewReader(listed.String()))
		for dec.More() {
			var p struct {
				ImportPath, Dir                    string
				GoFiles, TestGoFiles, XTestGoFiles []string
				Module                             *struct{ Main bool }
			}
			require.NoError(t, dec.Decode(&p))
			if p.Module == nil || !p.Module.Main {
				continue
			}
			files := p.GoFiles
			if path, _, _ := strings.Cut(p.ImportPath, " "); tested[path] {
				files = slices.Concat(p.GoFiles, p.TestGoFiles, p.XTestGoFiles)
			}
			for _, f := range files {
				if filepath.IsAbs(f) {
					continue // generated by go test (the test main), not ours
				}
				data, err := os.ReadFile(filepath.Join(p.Dir, f))
				require.NoError(t, err)
				src := string(data)
				for _, re := range goTool {
					for _, m := range re.FindAllStringSubmatch(src, -1) {
						tools[m[1]] = true
					}
				}
				for _, m := range goNeedTools.FindAllStringSubmatch(src, -1) {
					for _, q := range strings.Split(m[1], ", ") {
						tools[strings.Trim(q, `"`)] = true
					}
				}
				for _, m := range goRunsPackage.FindAllStringSubmatch(src, -1) {
					patterns = append(patterns, m[1])
				}
			}
		}
	}
	return tools
}

// goLists are go list's answers by their arguments, one pattern each: the entry points
// share packages (make test, bench, fuzz, golden and mutate all run test/render).
var goLists sync.Map

// goList is the output of go list args in the repository.
func goList(t *testing.T, args ...string) string {
	t.Helper()
	key := strings.Join(args, "\x00")
	if out, ok := goLists.Load(key); ok {
		return out.(string)
	}
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = project.Path()
	out, err := cmd.Output()
	require.NoError(t, err, "go list %v", args)
	goLists.Store(key, string(out))
	return string(out)
}

// TestProjectToolsAreGoModTools: a tool scripts/tools.sh builds in the project's own
// module ("project" in its go_tool_spec line) is one of go.mod's tool lines, and go.mod
// requires its module at the version scripts/versions.env pins, so the CLI the tests run
// and the SDK they import are one release (tools.sh refuses to build it otherwise).
func TestProjectToolsAreGoModTools(t *testing.T) {
	script, err := os.ReadFile(project.Path("scripts", "tools.sh"))
	require.NoError(t, err)
	specs := regexp.MustCompile(`(?m)^\s+[a-z0-9-]+\) echo "\S+ (\S+) (\S+) \$([A-Z0-9_]+) project\b`).FindAllStringSubmatch(string(script), -1)
	require.NotEmpty(t, specs, "no go_tool_spec line of scripts/tools.sh says project")

	required, tools := goMod(t)
	pins, err := versions.ParseEnvFile(versions.File())
	require.NoError(t, err)
	for _, s := range specs {
		module, pkg, pin := s[1], s[2], s[3]
		assert.Contains(t, tools, pkg, "go.mod has no tool line for %s", pkg)
		assert.Equal(t, pins[pin], required[module], "go.mod requires %s at %q and scripts/versions.env pins %s=%s", module, required[module], pin, pins[pin])
	}
}

// TestGoModRequiresTheNodesKubernetes: go.mod requires the k8s.io modules at the staging
// version of the default minor's Kubernetes (v0.37.2 for v1.37.2), so that the node's
// Kubernetes build compiles the packages it shares with the helm CLI and the tests once
// (scripts/images/build-binaries.sh): a Kubernetes pin moved without go.mod fails here.
func TestGoModRequiresTheNodesKubernetes(t *testing.T) {
	pins, err := versions.ParseEnvFile(versions.File())
	require.NoError(t, err)
	minor := pins["KUBERNETES_MINOR"]
	kube := pins["KUBERNETES_"+strings.ReplaceAll(minor, ".", "_")]
	require.NotEmpty(t, kube, "scripts/versions.env pins no Kubernetes for its default minor %q", minor)
	staging := "v0." + strings.TrimPrefix(kube, "v1.")
	required, _ := goMod(t)
	for _, m := range []string{"k8s.io/api", "k8s.io/apimachinery", "k8s.io/client-go"} {
		assert.Equal(t, staging, required[m], "go.mod requires %s at %q; the node's Kubernetes %s is built from %s", m, required[m], kube, staging)
	}
}

// goMod is go.mod's requirements (module: version) and tool lines.
func goMod(t *testing.T) (required map[string]string, tools []string) {
	t.Helper()
	cmd := exec.Command("go", "mod", "edit", "-json")
	cmd.Dir = project.Path()
	out, err := cmd.Output()
	require.NoError(t, err)
	var mod struct {
		Require []struct{ Path, Version string }
		Tool    []struct{ Path string }
	}
	require.NoError(t, json.Unmarshal(out, &mod))
	required = map[string]string{}
	for _, r := range mod.Require {
		required[r.Path] = r.Version
	}
	for _, tl := range mod.Tool {
		tools = append(tools, tl.Path)
	}
	return required, tools
}
