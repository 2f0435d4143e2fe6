package versions_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/versions"
)

func TestParseEnvFile(t *testing.T) {
	cases := []struct {
		name, text string
		want       map[string]string
		wantErr    string
	}{
		{"pins, comments and blank lines", "# pins\nA_B=v9.8.7\n\n  # indented comment\nIMG=example/node:v9.8.7@sha256:0f\nEMPTY=\n",
			map[string]string{"A_B": "v9.8.7", "IMG": "example/node:v9.8.7@sha256:0f", "EMPTY": ""}, ""},
		{"export is not KEY=VALUE", "export A=1\n", nil, `"export A=1" is not KEY=VALUE`},
		{"a quoted value", "A=\"1\"\n", nil, "is not one plain word"},
		{"a value with $", "A=$B\n", nil, "is not one plain word"},
		{"a key set twice", "A=1\nA=2\n", nil, "A is set twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pins.env")
			require.NoError(t, os.WriteFile(path, []byte(tc.text), 0o644))
			got, err := versions.ParseEnvFile(path)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestPins: scripts/versions.env sets what Go reads: every supported minor has its
// pins, the default minor is one of them, and the upstream kind node runs the default
// minor.
func TestPins(t *testing.T) {
	minors, err := versions.MinorsE()
	require.NoError(t, err)
	require.NotEmpty(t, minors)
	for i, minor := range minors {
		v, err := versions.KubernetesOfE(minor)
		require.NoError(t, err)
		assert.Regexp(t, `^v\d+\.\d+\.\d+$`, v)
		m, err := versions.MinorOfE(v)
		require.NoError(t, err)
		assert.Equal(t, "v"+minor, m, "KUBERNETES_%s is a %s release", minor, minor)
		for _, key := range []string{"ETCD", "COREDNS", "CRICTL", "PAUSE"} {
			_, err := versions.GetE(key + "_" + strings.ReplaceAll(minor, ".", "_"))
			assert.NoError(t, err, "the pins of %s", minor)
		}
		if i > 0 {
			assert.Greater(t, minorNumber(t, minor), minorNumber(t, minors[i-1]), "%s lists the minors oldest first", versions.MinorsKey)
		}
	}
	def := versions.Get(t, versions.DefaultMinorKey)
	assert.Equal(t, minors[len(minors)-1], def, "the default minor is the newest")

	node := versions.KindUpstreamNodeImage(t)
	m := regexp.MustCompile(`^kindest/node:(v[0-9.]+)@sha256:[0-9a-f]{64}$`).FindStringSubmatch(node)
	require.NotNil(t, m, "%s is kindest/node:TAG@sha256:DIGEST (pinned by digest)", node)
	nodeMinor, err := versions.MinorOfE(m[1])
	require.NoError(t, err)
	assert.Equal(t, "v"+def, nodeMinor, "the upstream node image runs the default minor")
	busybox := versions.BusyboxImage(t)
	assert.True(t, strings.HasPrefix(busybox, "busybox:") && len(busybox) > len("busybox:"), "%s has a tag", busybox)

	_, err = versions.GetE("NO_SUCH_PIN")
	assert.ErrorContains(t, err, "does not set NO_SUCH_PIN")
}

// TestMinor: ESCRON_KUBERNETES_MINOR picks the run's minor among the supported ones;
// another value is an error naming them.
func TestMinor(t *testing.T) {
	minors, err := versions.MinorsE()
	require.NoError(t, err)
	t.Setenv(versions.MinorEnv, minors[0])
	v, err := versions.KubernetesE()
	require.NoError(t, err)
	want, err := versions.KubernetesOfE(minors[0])
	require.NoError(t, err)
	assert.Equal(t, want, v)
	t.Setenv(versions.MinorEnv, "1.2")
	_, err = versions.KubernetesE()
	assert.ErrorContains(t, err, "ESCRON_KUBERNETES_MINOR=1.2 is not a minor escron supports ("+strings.Join(minors, ","))
}

func minorNumber(t *testing.T, minor string) int {
	t.Helper()
	_, n, ok := strings.Cut(minor, ".")
	require.True(t, ok, minor)
	i, err := strconv.Atoi(n)
	require.NoError(t, err, minor)
	return i
}

func TestMinorOfE(t *testing.T) {
	for in, want := range map[string]string{"v9.8.7": "v9.8", "9.8": "v9.8", "v9.8.0-rc.1": "v9.8"} {
		got, err := versions.MinorOfE(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := versions.MinorOfE("latest")
	assert.Error(t, err)
}
