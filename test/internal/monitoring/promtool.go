package monitoring

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
)

// PromtoolE runs bin/promtool with args and returns its combined output; a non-zero exit
// is an error that carries the output.
func PromtoolE(args ...string) (string, error) {
	bin, err := project.Tool("promtool")
	if err != nil {
		return "", err
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("promtool %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// Promtool is PromtoolE that fails the test on error.
func Promtool(t testing.TB, args ...string) string {
	t.Helper()
	out, err := PromtoolE(args...)
	require.NoError(t, err)
	return out
}

// CheckRulesE runs `promtool check rules --lint-fatal` on Prometheus rule files: syntax,
// PromQL, templates, and duplicate rules are errors.
func CheckRulesE(files ...string) (string, error) {
	return PromtoolE(append([]string{"check", "rules", "--lint-fatal"}, files...)...)
}

// CheckRules is CheckRulesE that fails the test on error.
func CheckRules(t testing.TB, files ...string) string {
	t.Helper()
	out, err := CheckRulesE(files...)
	require.NoError(t, err)
	return out
}

// UnitTestRulesE runs `promtool test rules` on rule unit test files (input series,
// expected alerts and query results at given times; no server).
func UnitTestRulesE(files ...string) (string, error) {
	return PromtoolE(append([]string{"test", "rules"}, files...)...)
}

// UnitTestRules is UnitTestRulesE that fails the test on error.
func UnitTestRules(t testing.TB, files ...string) string {
	t.Helper()
	out, err := UnitTestRulesE(files...)
	require.NoError(t, err)
	return out
}
