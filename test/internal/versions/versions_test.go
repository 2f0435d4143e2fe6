package versions_test

import (
	"os"
	"path/filepath"
	"regexp"
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

// TestPins: scripts/versions.env sets what Go reads, and the upstream kind node runs
// the same Kubernetes minor as the offline node and the render tier.
func TestPins(t *testing.T) {
	kube := versions.Kubernetes(t)
	assert.Regexp(t, `^v\d+\.\d+\.\d+$`, kube)
	node := versions.KindUpstreamNodeImage(t)
	m := regexp.MustCompile(`^kindest/node:(v[0-9.]+)@sha256:[0-9a-f]{64}$`).FindStringSubmatch(node)
	require.NotNil(t, m, "%s is kindest/node:TAG@sha256:DIGEST (pinned by digest)", node)
	nodeMinor, err := versions.MinorE(m[1])
	require.NoError(t, err)
	kubeMinor, err := versions.MinorE(kube)
	require.NoError(t, err)
	assert.Equal(t, kubeMinor, nodeMinor, "the upstream node image runs the Kubernetes minor of %s", versions.KubernetesKey)
	busybox := versions.BusyboxImage(t)
	assert.True(t, strings.HasPrefix(busybox, "busybox:") && len(busybox) > len("busybox:"), "%s has a tag", busybox)

	_, err = versions.GetE("NO_SUCH_PIN")
	assert.ErrorContains(t, err, "does not set NO_SUCH_PIN")
}

func TestMinorE(t *testing.T) {
	for in, want := range map[string]string{"v9.8.7": "v9.8", "9.8": "v9.8", "v9.8.0-rc.1": "v9.8"} {
		got, err := versions.MinorE(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := versions.MinorE("latest")
	assert.Error(t, err)
}
