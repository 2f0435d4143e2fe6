package render_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
)

// kubeScoreExceptions is the one place where kube-score checks are switched off, each
// with the reason it does not apply to escron's default values.
var kubeScoreExceptions = map[string]string{
	// kube-score wants Always so that a moved tag is noticed; escron pins tags (and
	// digests), and IfNotPresent is what lets air-gapped and kind clusters run
	// images loaded into their nodes.
	"container-image-pull-policy": "tags are pinned; IfNotPresent runs preloaded images",
	// No network policy selects a Job's pods in a chart that only runs scripts: the
	// namespace's policies apply. escron ships no NetworkPolicy on purpose.
	"pod-networkpolicy": "network policy belongs to the namespace, not to a script runner",
}

// run runs a tool and returns its combined output.
func run(t testing.TB, tool string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(tool, args...).CombinedOutput()
	return string(out), err
}

// TestHelmLint runs `helm lint --strict` with the defaults and with every ci scenario.
func TestHelmLint(t *testing.T) {
	helm, err := project.Tool("helm")
	require.NoError(t, err)
	runs := map[string][]string{"defaults": nil}
	for _, sc := range scenarios(t) {
		runs[sc.Name] = []string{"--values", sc.File}
	}
	for name, extra := range runs {
		t.Run(name, func(t *testing.T) {
			out, err := run(t, helm, append([]string{"lint", "--strict", project.ChartDir()}, extra...)...)
			require.NoError(t, err, out)
			assert.Contains(t, out, "1 chart(s) linted, 0 chart(s) failed")
		})
	}
}

// embeddedScripts are the files of a rendered release's ConfigMaps, by "configmap/key".
func embeddedScripts(objs *render.Objects) map[string]string {
	scripts := map[string]string{}
	for _, cm := range objs.ConfigMaps {
		for k, v := range cm.Data {
			scripts[cm.Name+"/"+k] = v
		}
	}
	return scripts
}

// shellcheck runs shellcheck on a POSIX sh script and returns its findings.
func shellcheck(t testing.TB, script string) (string, error) {
	t.Helper()
	tool, err := project.SystemTool("shellcheck")
	require.NoError(t, err)
	// SC1091: a script may source a file escron mounts next to it, which shellcheck
	// cannot open from here; that file is checked on its own.
	cmd := exec.Command(tool, "--shell=sh", "--severity=style", "--exclude=SC1091", "-")
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestShellcheckCiScripts runs shellcheck on every script embedded in the ci scenarios.
func TestShellcheckCiScripts(t *testing.T) {
	for _, sc := range scenarios(t) {
		objs := renderObjects(t, render.Options{ValuesFiles: []string{sc.File}})
		scripts := embeddedScripts(objs)
		require.NotEmpty(t, scripts, "%s embeds no script", sc.File)
		for name, script := range scripts {
			t.Run(sc.Name+"/"+name, func(t *testing.T) {
				out, err := shellcheck(t, script)
				assert.NoError(t, err, "shellcheck:\n%s", out)
			})
		}
	}
}

// TestShellcheckFindsTheSeedBugs keeps the shellcheck gate honest: the seed's script,
// as its user wrote it, has the bugs the corrected ci scenario fixes.
func TestShellcheckFindsTheSeedBugs(t *testing.T) {
	seed, err := fixtures.Seed(fixtures.FixAll)
	require.NoError(t, err)
	objs := renderObjects(t, render.Options{Values: mustUnwrap(t, seed)})
	require.Len(t, objs.ConfigMaps, 1)
	out, err := shellcheck(t, objs.ConfigMaps[0].Data["startScript"])
	require.Error(t, err, "shellcheck should reject the seed's script")
	for code, bug := range map[string]string{
		"SC3010": "[[ ]] is not POSIX sh",
		"SC1132": "the & of the unquoted snapshot URL backgrounds curl",
		"SC2034": "the loop reads I and D, then uses $ID, which is never set",
	} {
		assert.Contains(t, out, code, bug)
	}
}

func mustUnwrap(t testing.TB, wrapped string) string {
	t.Helper()
	v, err := fixtures.Unwrap(wrapped)
	require.NoError(t, err)
	return v
}

// writeRendered writes a render of the options to dir/name.yaml and returns the path.
func writeRendered(t testing.TB, dir, name string, o render.Options) string {
	t.Helper()
	res, err := render.SDK(o)
	require.NoError(t, err)
	path := filepath.Join(dir, name+".yaml")
	require.NoError(t, os.WriteFile(path, []byte(res.Manifest), 0o644))
	return path
}

// TestKubeScore scores the default values with kube-score; only the checks listed in
// kubeScoreExceptions are switched off.
func TestKubeScore(t *testing.T) {
	tool, err := project.Tool("kube-score")
	require.NoError(t, err)
	manifest := writeRendered(t, t.TempDir(), "defaults", render.Options{})
	args := []string{"score", "--output-format", "ci"}
	ignored := make([]string, 0, len(kubeScoreExceptions))
	for check := range kubeScoreExceptions {
		ignored = append(ignored, check)
	}
	sort.Strings(ignored)
	for _, check := range ignored {
		args = append(args, "--ignore-test", check)
	}
	out, err := run(t, tool, append(args, manifest)...)
	require.NoError(t, err, out)
	for _, line := range strings.Split(out, "\n") {
		assert.False(t, strings.HasPrefix(line, "[CRITICAL]") || strings.HasPrefix(line, "[WARNING]"), line)
	}
}
