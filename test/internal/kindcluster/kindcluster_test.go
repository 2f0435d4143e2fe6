package kindcluster

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/versions"
)

func TestNewName(t *testing.T) {
	a, b := NewName(), NewName()
	assert.Regexp(t, `^escron-e2e-[0-9a-f]{6}$`, a)
	assert.NotEqual(t, a, b, "two runs get two clusters")
	assert.True(t, isTestCluster(a))
	assert.True(t, isTestCluster("escron-e2e"), "the name every run used before")
	assert.False(t, isTestCluster("escron-demo"))
	assert.False(t, isTestCluster("escron-e2ex"))
}

func TestOwnerLabels(t *testing.T) {
	self := Self(true)
	got, ok := ownerFromLabels(self.Labels())
	require.True(t, ok)
	assert.Equal(t, self.Host, got.Host)
	assert.Equal(t, os.Getpid(), got.PID)
	assert.Equal(t, self.Started.Unix(), got.Started.Unix())
	assert.True(t, got.Keep)
	assert.True(t, processAlive(got), "this process is alive")
	assert.False(t, processAlive(Owner{PID: got.PID, Started: got.Started.Add(-time.Hour)}),
		"a pid taken by a process that started after the run is not the run")
	_, ok = ownerFromLabels(map[string]string{LabelHost: "h"})
	assert.False(t, ok)

	config, err := labelledConfig(project.Path("ci", "kind-config.yaml"), self.Labels())
	require.NoError(t, err)
	require.NotEmpty(t, config.Nodes)
	for _, node := range config.Nodes {
		assert.Equal(t, self.Labels(), node.Labels)
	}
}

func TestPolicyDecide(t *testing.T) {
	now := time.Now()
	dead := func(Owner) bool { return false }
	alive := func(Owner) bool { return true }
	old := Owner{Host: "here", PID: 1234, Started: now.Add(-time.Hour)}
	young := Owner{Host: "here", PID: 1234, Started: now.Add(-time.Minute)}
	kept := old
	kept.Keep = true
	elsewhere := old
	elsewhere.Host = "there"
	cases := []struct {
		name    string
		policy  Policy
		owner   Owner
		known   bool
		created time.Time
		alive   func(Owner) bool
		remove  bool
	}{
		{"a live run's cluster stays", AtRunStart, old, true, now.Add(-time.Hour), alive, false},
		{"a live run's cluster stays on make clean", Clean, old, true, now.Add(-time.Hour), alive, false},
		{"a dead run's old cluster goes", AtRunStart, old, true, now.Add(-time.Hour), dead, true},
		{"a dead run's young cluster stays", AtRunStart, young, true, now.Add(-time.Minute), dead, false},
		{"make clean takes a dead run's young cluster", Clean, young, true, now.Add(-time.Minute), dead, true},
		{"a kept cluster stays at a run's start", AtRunStart, kept, true, now.Add(-time.Hour), dead, false},
		{"make clean takes a kept cluster", Clean, kept, true, now.Add(-time.Hour), dead, true},
		{"another host's cluster stays", Clean, elsewhere, true, now.Add(-time.Hour), dead, false},
		{"an unknown owner's young cluster stays", Clean, Owner{}, false, now.Add(-10 * time.Minute), dead, false},
		{"an unknown owner's old cluster goes", AtRunStart, Owner{}, false, now.Add(-2 * time.Hour), dead, true},
		{"an unknown owner and age stays", Clean, Owner{}, false, time.Time{}, dead, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			remove, why := tc.policy.decide(tc.owner, tc.known, tc.created, now, "here", tc.alive)
			assert.Equal(t, tc.remove, remove, why)
			assert.NotEmpty(t, why)
		})
	}
}

func TestResolveImagesE(t *testing.T) {
	t.Setenv("ESCRON_CACHE_DIR", t.TempDir())
	busybox, err := versions.BusyboxImageE()
	require.NoError(t, err)
	upstream, err := versions.KindUpstreamNodeImageE()
	require.NoError(t, err)

	got, err := ResolveImagesE(Upstream)
	require.NoError(t, err)
	assert.Equal(t, Images{Setting: Upstream, Node: upstream, Job: busybox}, got)

	got, err = ResolveImagesE("example/node:v1")
	require.NoError(t, err)
	assert.Equal(t, Images{Setting: "example/node:v1", Node: "example/node:v1", Job: busybox}, got)

	for _, setting := range []string{"", Offline} {
		_, err = ResolveImagesE(setting)
		require.ErrorIs(t, err, ErrOfflineImagesMissing, "no offline images file")
		assert.ErrorContains(t, err, "run make test-e2e")
	}

	file, err := OfflineImagesFile()
	require.NoError(t, err)
	archive := filepath.Join(filepath.Dir(file), "job.tar")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(archive, nil, 0o644))
	require.NoError(t, os.WriteFile(file, []byte("NODE_IMAGE=escron/kind-node:k\nJOB_IMAGE=escron/job:k\nJOB_IMAGE_ARCHIVE="+archive+"\n"), 0o644))
	local := map[string]bool{"escron/kind-node:k": true}
	saved := hasLocalImage
	hasLocalImage = func(ref string) bool { return local[ref] }
	t.Cleanup(func() { hasLocalImage = saved })

	got, err = ResolveImagesE(Offline)
	require.NoError(t, err)
	assert.Equal(t, Images{Setting: Offline, Node: "escron/kind-node:k", Job: "escron/job:k", JobArchive: archive}, got)

	local = nil
	_, err = ResolveImagesE(Offline)
	require.ErrorIs(t, err, ErrOfflineImagesMissing, "the node image is not in the Docker engine")
	require.NoError(t, os.Remove(archive))
	_, err = ResolveImagesE("")
	require.ErrorIs(t, err, ErrOfflineImagesMissing, "the job image archive is gone")
}
