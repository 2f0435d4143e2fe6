package e2e_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/escron/escron/test/internal/project"
)

// chartVersion is the version in charts/escron/Chart.yaml.
func chartVersion(t *testing.T) string {
	t.Helper()
	v, err := project.ChartVersion()
	require.NoError(t, err)
	return v
}

// consumerOptions are helm options for a chart consumer with a helm home of its own
// (repositories, registry logins and caches live in the test's directories).
func consumerOptions(t *testing.T, kopts *kubectlOptions, docs ...string) *helmOpts {
	t.Helper()
	opts := helmOptions(t, kopts, docs...)
	home := t.TempDir()
	opts.EnvVars = map[string]string{
		"HELM_CONFIG_HOME":       filepath.Join(home, "config"),
		"HELM_CACHE_HOME":        filepath.Join(home, "cache"),
		"HELM_DATA_HOME":         filepath.Join(home, "data"),
		"HELM_REPOSITORY_CONFIG": filepath.Join(home, "config", "repositories.yaml"),
		"HELM_REGISTRY_CONFIG":   filepath.Join(home, "config", "registry.json"),
	}
	return opts
}

// packageChart runs `helm package` (with extra flags) into dir and returns the archive.
func packageChart(t *testing.T, opts *helmOpts, dir string, extra ...string) string {
	t.Helper()
	start := time.Now()
	out, err := runHelmE(t, opts, append([]string{"package", project.ChartDir(), "--destination", dir}, extra...)...)
	require.NoError(t, err, out)
	archive := filepath.Join(dir, fmt.Sprintf("escron-%s.tgz", chartVersion(t)))
	require.FileExists(t, archive)
	t.Logf("packaged %s in %s", filepath.Base(archive), time.Since(start).Round(time.Millisecond))
	return archive
}

// runInstalledJob runs the installed CronJob now and checks its script's output.
func runInstalledJob(t *testing.T, kopts *kubectlOptions, cronJob, want string) {
	t.Helper()
	createJobFromCronJob(t, kopts, cronJob, "run")
	waitForJob(t, kopts, "run", batchv1.JobComplete, 2*time.Minute)
	assert.Contains(t, jobLogs(t, kopts, "run"), want)
}

// serveDirectory serves dir over HTTP on 127.0.0.1 until the test ends, and returns its URL.
func serveDirectory(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestChartRepository: what `make package` writes (the archive and index.yaml), served
// over HTTP, is found by `helm search repo` at its version, and `helm install
// <repo>/escron` runs.
func TestChartRepository(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	opts := consumerOptions(t, kopts, scriptValues("#!/bin/sh\necho installed from the chart repository\n"))
	dist := t.TempDir()
	t.Log("scripts/package.sh (make package) into a temporary dist/")
	cmd := exec.Command(project.Path("scripts", "package.sh"))
	cmd.Env = append(os.Environ(), "ESCRON_DIST_DIR="+dist)
	packaged, err := cmd.CombinedOutput()
	require.NoError(t, err, string(packaged))
	t.Logf("make package:\n%s", packaged)
	require.FileExists(t, filepath.Join(dist, "index.yaml"))
	url := serveDirectory(t, dist)
	t.Logf("serving the temporary dist/ as a chart repository on %s", url)

	for _, args := range [][]string{{"repo", "add", "escron-test", url}, {"repo", "update"}} {
		out, err := runHelmE(t, opts, args...)
		require.NoError(t, err, out)
	}
	out, err := runHelmE(t, opts, "search", "repo", "escron-test/escron")
	require.NoError(t, err, out)
	assert.Regexp(t, `escron-test/escron\s+`+regexp.QuoteMeta(chartVersion(t))+`\s`, out)

	start := time.Now()
	t.Log("helm install fromrepo escron-test/escron")
	require.NoError(t, helmInstallE(t, opts, "escron-test/escron", "fromrepo"))
	t.Logf("helm install from the repository in %s", time.Since(start).Round(time.Millisecond))
	runInstalledJob(t, kopts, "fromrepo-escron", "installed from the chart repository")
}

// startRegistry starts Debian's docker-registry (the OCI distribution registry) on
// 127.0.0.1 until the test ends, and returns its host:port.
func startRegistry(t *testing.T) string {
	t.Helper()
	registry, err := exec.LookPath("docker-registry")
	require.NoError(t, err, "docker-registry (Debian package) is installed by scripts/cluster-prereqs.sh")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	dir := t.TempDir()
	config := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf(`version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: %s}}
http: {addr: %s}
`, filepath.Join(dir, "data"), addr)), 0o644))
	cmd := exec.Command(registry, "serve", config)
	logFile, err := os.Create(filepath.Join(dir, "registry.log"))
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(logFile.Name())
			t.Logf("registry log:\n%s", log)
		}
	})
	require.NoError(t, waitUntilE(t, "the registry to answer on "+addr, 200*time.Millisecond, 20*time.Second, func(ctx context.Context) (bool, error) {
		resp, err := http.Get("http://" + addr + "/v2/")
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	}), "the registry does not answer on %s", addr)
	t.Logf("OCI registry (docker-registry) on %s", addr)
	return addr
}

// TestOCIRegistry: the chart pushed to an OCI registry is shown by `helm show chart`
// (Helm 3 and 4) and `helm install oci://...` runs.
func TestOCIRegistry(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	opts := consumerOptions(t, kopts, scriptValues("#!/bin/sh\necho installed from the OCI registry\n"))
	archive := packageChart(t, opts, t.TempDir())
	registry := startRegistry(t)
	ref := "oci://" + registry + "/charts/escron"
	version := chartVersion(t)

	start := time.Now()
	out, err := runHelmE(t, opts, "push", archive, "oci://"+registry+"/charts", "--plain-http")
	require.NoError(t, err, out)
	t.Logf("helm push in %s", time.Since(start).Round(time.Millisecond))

	out, err = runHelmE(t, opts, "show", "chart", ref, "--version", version, "--plain-http")
	require.NoError(t, err, out)
	assert.Contains(t, out, "name: escron")
	assert.Contains(t, out, "version: "+version)

	h4, err := runHelm4E(t, opts, "show", "chart", ref, "--version", version, "--plain-http")
	require.NoError(t, err, h4)
	assert.Contains(t, h4, "name: escron", "helm 4 reads the same OCI chart")
	assert.Contains(t, h4, "version: "+version, "helm 4 reads the same OCI chart version")

	start = time.Now()
	opts.Version = version
	opts.ExtraArgs = map[string][]string{"install": {"--plain-http"}}
	t.Logf("helm install fromoci %s --version %s --plain-http", ref, version)
	require.NoError(t, helmInstallE(t, opts, ref, "fromoci"))
	t.Logf("helm install from the registry in %s", time.Since(start).Round(time.Millisecond))
	runInstalledJob(t, kopts, "fromoci-escron", "installed from the OCI registry")
}
