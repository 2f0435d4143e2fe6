// Package golden compares test output with files under testdata/golden. One switch
// refreshes them all: ESCRON_UPDATE_GOLDEN=1 (make golden).
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// UpdateEnv is the environment variable that makes Assert write the files instead.
const UpdateEnv = "ESCRON_UPDATE_GOLDEN"

// Assert checks that got equals testdata/golden/NAME, or writes it there when
// ESCRON_UPDATE_GOLDEN=1.
func Assert(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if os.Getenv(UpdateEnv) == "1" {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		t.Logf("golden file %s written", path)
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run ESCRON_UPDATE_GOLDEN=1 go test ./test/... (make golden)")
	require.Equal(t, string(want), string(got), "output differs from %s: if the change is intended, run make golden and review the diff", path)
}
