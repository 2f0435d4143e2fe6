package e2e_test

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/repo"

	"github.com/escron/escron/test/internal/project"
)

// releaseClone is a clone of the repository at HEAD (make release works on commits),
// with git's identity set for the commits the test makes.
type releaseClone struct {
	t   *testing.T
	dir string
	env []string
}

func newReleaseClone(t *testing.T) *releaseClone {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "escron")
	out, err := exec.Command("git", "clone", "-q", project.Path(), dir).CombinedOutput()
	require.NoError(t, err, string(out))
	c := &releaseClone{t: t, dir: dir, env: append(os.Environ(),
		"GIT_AUTHOR_NAME=escron test", "GIT_AUTHOR_EMAIL=test@escron.invalid",
		"GIT_COMMITTER_NAME=escron test", "GIT_COMMITTER_EMAIL=test@escron.invalid")}
	return c
}

// run runs a command in the clone and returns its combined output.
func (c *releaseClone) run(env []string, name string, args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = c.dir
	cmd.Env = append(append([]string{}, c.env...), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// bump sets the chart's version and its artifacthub.io/changes, and commits them.
func (c *releaseClone) bump(version, change string) {
	c.t.Helper()
	path := filepath.Join(c.dir, "charts", "escron", "Chart.yaml")
	raw, err := os.ReadFile(path)
	require.NoError(c.t, err)
	s := regexp.MustCompile(`(?m)^version: .*$`).ReplaceAllString(string(raw), "version: "+version)
	s = regexp.MustCompile(`(?s)(artifacthub.io/changes: \|\n).*?(\n  artifacthub.io/images)`).ReplaceAllString(s,
		"${1}      - kind: changed\n        description: "+change+"${2}")
	require.NoError(c.t, os.WriteFile(path, []byte(s), 0o644))
	out, err := c.run(nil, "git", "commit", "-q", "-am", "escron "+version)
	require.NoError(c.t, err, out)
}

// lastLine is the last line of a command's output that make did not write: a
// refusal's message.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if !strings.HasPrefix(lines[i], "make: ") && !strings.HasPrefix(lines[i], "make[") {
			return lines[i]
		}
	}
	return ""
}

// TestMakeRelease: make release publishes a signed, reproducible chart to an OCI
// registry and a chart repository index that keeps every version, tags the commit, and
// refuses, in one line and changing nothing, a version already released, a dirty work
// tree, a missing key, a Chart.yaml of another version, and a push that fails.
func TestMakeRelease(t *testing.T) {
	if _, err := exec.LookPath("docker-registry"); err != nil && os.Getenv("CI") != "true" {
		t.Skip("docker-registry (Debian package) is not installed: make test-e2e installs it (scripts/cluster-prereqs.sh)")
	}
	t.Parallel()
	c := newReleaseClone(t)
	helmBin, err := project.Tool("helm")
	require.NoError(t, err)
	secring, pubring, key := throwawayKeyrings(t)
	registry := startRegistry(t)
	repoDir := t.TempDir()
	oci := "oci://" + registry + "/charts"
	env := []string{"ESCRON_SIGN_KEYRING=" + secring, "ESCRON_SIGN_KEY=" + key, "ESCRON_RELEASE_REPO_DIR=" + repoDir,
		"ESCRON_RELEASE_OCI=" + oci, "ESCRON_RELEASE_PLAIN_HTTP=1", "ESCRON_RELEASE_REPO_URL=https://charts.escron.invalid"}
	release := func(version string, extra ...string) (string, error) {
		t.Logf("make release VERSION=%s %s", version, strings.Join(extra, " "))
		return c.run(append(append([]string{}, env...), extra...), "make", "-s", "release", "VERSION="+version)
	}
	snapshot := func() map[string]string {
		files := map[string]string{}
		entries, err := os.ReadDir(repoDir)
		require.NoError(t, err)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(repoDir, e.Name()))
			require.NoError(t, err)
			files[e.Name()] = string(data)
		}
		tags, _ := c.run(nil, "git", "tag", "--list", "escron-*")
		files["(tags)"] = tags
		return files
	}

	c.bump("0.3.0", "the first release made by make release")
	out, err := release("0.3.0")
	require.NoError(t, err, out)
	for _, f := range []string{"index.yaml", "escron-0.3.0.tgz", "escron-0.3.0.tgz.prov", "artifacthub-repo.yml"} {
		assert.FileExists(t, filepath.Join(repoDir, f))
	}
	tags, _ := c.run(nil, "git", "tag", "--list", "escron-*")
	assert.Equal(t, "escron-0.3.0", strings.TrimSpace(tags), "the release commit is tagged")

	t.Log("the archive is signed: helm verify, and helm pull --verify from the OCI registry (the provenance travels with it)")
	archive := filepath.Join(repoDir, "escron-0.3.0.tgz")
	out, err = c.run(nil, helmBin, "verify", archive, "--keyring", pubring)
	require.NoError(t, err, out)
	pulled := t.TempDir()
	out, err = c.run(nil, helmBin, "pull", oci+"/escron", "--version", "0.3.0", "--plain-http", "--verify", "--keyring", pubring, "--destination", pulled)
	require.NoError(t, err, out)
	fromOCI, err := os.ReadFile(filepath.Join(pulled, "escron-0.3.0.tgz"))
	require.NoError(t, err)
	published, err := os.ReadFile(archive)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(published, fromOCI), "the registry holds the archive the index points at")

	t.Log("reproducible: packaging the same commit again gives the same bytes")
	again := t.TempDir()
	epoch, err := c.run(nil, "git", "log", "-1", "--format=%ct")
	require.NoError(t, err)
	out, err = c.run(nil, "go", "run", "./test/cmd/release", "package", "-chart", "charts/escron", "-out", again, "-epoch", strings.TrimSpace(epoch))
	require.NoError(t, err, out)
	rebuilt, err := os.ReadFile(filepath.Join(again, "escron-0.3.0.tgz"))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(published, rebuilt), "the same commit gives a byte-identical archive")

	t.Log("refusals change nothing")
	before := snapshot()
	out, err = release("0.3.0")
	require.Error(t, err, out)
	assert.Equal(t, "release: VERSION 0.3.0 is not greater than 0.3.0, the last released version: releases only go forward", lastLine(out))
	out, err = release("0.4.0")
	require.Error(t, err, out)
	assert.Equal(t, "release: charts/escron/Chart.yaml has version 0.3.0: set it to 0.4.0, and describe the release in annotations.artifacthub.io/changes, in a commit, then release", lastLine(out))
	out, err = release("0.4")
	require.Error(t, err, out)
	assert.Equal(t, `release: VERSION is "0.4": a version such as 0.3.0 (major.minor.patch)`, lastLine(out))
	out, err = release("0.4.0", "ESCRON_SIGN_KEY=")
	require.Error(t, err, out)
	assert.Equal(t, "error: ESCRON_SIGN_KEYRING and ESCRON_SIGN_KEY are not set: a release is signed (an OpenPGP secret keyring and the key's name)", lastLine(out))
	require.NoError(t, os.WriteFile(filepath.Join(c.dir, "stray.txt"), []byte("x"), 0o644))
	out, err = release("0.4.0")
	require.Error(t, err, out)
	assert.Equal(t, "error: the work tree has changes that are not committed: a release is made from a commit (git status)", lastLine(out))
	require.NoError(t, os.Remove(filepath.Join(c.dir, "stray.txt")))
	c.bump("0.4.0", "the second release")
	closed := closedPort(t)
	out, err = release("0.4.0", "ESCRON_RELEASE_OCI=oci://"+closed+"/charts")
	require.Error(t, err, out)
	assert.Equal(t, "error: helm push to oci://"+closed+"/charts failed: nothing was published (the index and the tags are as they were)", lastLine(out))
	assert.Equal(t, before, snapshot(), "a refused release leaves the repository, the index and the tags as they were")

	t.Log("the next release keeps every earlier version in the index")
	out, err = release("0.4.0")
	require.NoError(t, err, out)
	idx, err := repo.LoadIndexFile(filepath.Join(repoDir, "index.yaml"))
	require.NoError(t, err)
	var versions []string
	for _, cv := range idx.Entries["escron"] {
		versions = append(versions, cv.Version)
		assert.Equal(t, fmt.Sprintf("https://charts.escron.invalid/escron-%s.tgz", cv.Version), cv.URLs[0])
	}
	assert.ElementsMatch(t, []string{"0.3.0", "0.4.0"}, versions)
}

// closedPort is a local address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
