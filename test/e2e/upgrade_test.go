package e2e_test

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/releases"
)

// chartAt writes the chart of a commit (git archive) into a temporary directory and
// returns its path.
func chartAt(t *testing.T, commit string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", project.Path(), "archive", commit, "charts/escron").Output()
	require.NoError(t, err, "git archive %s charts/escron: the clone holds the history of every release", commit)
	dir := t.TempDir()
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		target := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			require.NoError(t, os.MkdirAll(target, 0o755))
		case tar.TypeReg:
			require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
			data, err := io.ReadAll(tr)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(target, data, 0o644))
		}
	}
	return filepath.Join(dir, "charts", "escron")
}

// upgradeValues are the two shapes of values every upgrade is proven with, each with a
// script that prints its tag: the seed's values (image fixed, the test job image and a
// stand-in script) and a two-job jobs map, as a user of release from wrote them. It
// gives the values and the CronJobs.
var upgradeValues = []struct {
	name     string
	values   func(t *testing.T, from, tag string) string
	cronJobs []string // after the release name
}{
	{"seed", func(t *testing.T, from, tag string) string {
		values := seedStandIn(t, fmt.Sprintf("#!/bin/sh\necho \"script %s\"\n", tag))
		if from != "0.1.0" {
			return values
		}
		// 0.1.0 refused shell operators in a command: its users' seed values had no 2>&1.
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(values), &doc))
		mc := doc["mainContainer"].(map[string]any)
		var command []any
		for _, w := range mc["command"].([]any) {
			if w != "2>&1" {
				command = append(command, w)
			}
		}
		mc["command"] = command
		out, err := yaml.Marshal(doc)
		require.NoError(t, err)
		return string(out)
	}, []string{"escron"}},
	{"two jobs", func(t *testing.T, _, tag string) string {
		return scriptValues(fmt.Sprintf("#!/bin/sh\necho \"script %s\"\n", tag)) + "jobs:\n  alpha: {}\n  beta:\n    cronjob:\n      schedule: \"@weekly\"\n"
	}, []string{"escron-alpha", "escron-beta"}},
}

// seedStandIn is the seed's values with the image fixed, the test job image and a
// stand-in for its snapshot script (no Elasticsearch here).
func seedStandIn(t *testing.T, script string) string {
	t.Helper()
	seed, err := fixtures.Seed(fixtures.FixImage)
	require.NoError(t, err)
	values, err := fixtures.Unwrap(seed)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(values), &doc))
	doc["configmaps"].(map[string]any)["scripts"].(map[string]any)["data"].(map[string]any)["startScript"].(map[string]any)["content"] = script
	mc := doc["mainContainer"].(map[string]any)
	delete(mc, "image")
	delete(mc, "tag")
	out, err := yaml.Marshal(doc)
	require.NoError(t, err)
	return string(out)
}

// TestUpgradeFromEveryRelease: a release installed from each earlier escron, with the
// seed's values and with two jobs, upgrades to the working tree's chart: the CronJobs
// keep their schedule and their Jobs, the next Job runs the new script, nothing of the
// old release is left behind, and helm rollback returns to the old chart, whose Job runs.
func TestUpgradeFromEveryRelease(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	released, err := releases.All(project.Path())
	require.NoError(t, err)
	for _, rel := range released {
		old := chartAt(t, rel.Commit)
		for i, v := range upgradeValues {
			t.Run(rel.Version+"/"+v.name, func(t *testing.T) {
				t.Parallel()
				kopts := newNamespace(t)
				release := fmt.Sprintf("up%d", i)
				opts := func(tag string) *helmOpts { return helmOptions(t, kopts, v.values(t, rel.Version, tag)) }

				t.Logf("helm install %s from escron %s (%s)", release, rel.Version, rel.Commit)
				require.NoError(t, helmInstallE(t, opts(rel.Version), old, release))
				before := map[string]string{} // CronJob -> its schedule
				uids := map[string]string{}
				// runs: a Job from each CronJob, all at once, named CronJob-suffix.
				runs := func(suffix string) map[string]string {
					jobs := map[string]string{}
					for name := range before {
						jobs[name] = name + "-" + suffix
					}
					return runFromCronJobs(t, kopts, jobs)
				}
				for _, cj := range v.cronJobs {
					name := release + "-" + cj
					c := getCronJob(t, kopts, name)
					before[name], uids[name] = c.Spec.Schedule, string(c.UID)
				}
				for name, log := range runs("old") {
					assert.Contains(t, log, "script "+rel.Version, name)
				}

				t.Logf("helm upgrade %s to the working tree's chart", release)
				require.NoError(t, helmUpgradeE(t, opts("new"), project.ChartDir(), release))
				for name, schedule := range before {
					c := getCronJob(t, kopts, name)
					assert.Equal(t, schedule, c.Spec.Schedule, "%s keeps its schedule", name)
					assert.Equal(t, uids[name], string(c.UID), "%s is the same object (its history stays with it)", name)
					_, err := getJobE(t, kopts, name+"-old")
					assert.NoError(t, err, "the Job %s-old run before the upgrade is still there", name)
				}
				for name, log := range runs("new") {
					assert.Contains(t, log, "script new", "the next Job of %s runs the new script", name)
				}
				assertNothingLeftBehind(t, kopts, release)

				t.Logf("helm rollback %s to revision 1 (escron %s)", release, rel.Version)
				require.NoError(t, helmRollbackE(t, helmOptions(t, kopts), release, "1"))
				for name, log := range runs("back") {
					assert.Contains(t, log, "script "+rel.Version, "after the rollback, the old script runs in %s", name)
				}
				assertNothingLeftBehind(t, kopts, release)
			})
		}
	}
}

// assertNothingLeftBehind: every ConfigMap, ServiceAccount, Role and RoleBinding of the
// release in the namespace is one its current manifest holds.
func assertNothingLeftBehind(t *testing.T, kopts *kubectlOptions, release string) {
	t.Helper()
	manifest, err := runHelmCommandE(t, &helmOpts{KubectlOptions: kopts}, "get", "manifest", release)
	require.NoError(t, err)
	// The manifest's objects of those kinds, named as kubectl get -o name names them.
	resource := map[string]string{"ConfigMap": "configmap", "ServiceAccount": "serviceaccount",
		"Role": "role.rbac.authorization.k8s.io", "RoleBinding": "rolebinding.rbac.authorization.k8s.io"}
	inManifest := map[string]bool{}
	for _, doc := range strings.Split(manifest, "\n---") {
		var obj struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if yaml.Unmarshal([]byte(doc), &obj) == nil && resource[obj.Kind] != "" {
			inManifest[resource[obj.Kind]+"/"+obj.Metadata.Name] = true
		}
	}
	out := kubectl(t, kopts, "get", "configmaps,serviceaccounts,roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io",
		"-l", "app.kubernetes.io/instance="+release, "-o", "name")
	found := strings.Fields(out)
	require.NotEmpty(t, found, "the release has ConfigMaps (its scripts) labelled app.kubernetes.io/instance=%s", release)
	for _, f := range found {
		assert.True(t, inManifest[f], "%s of release %s is in no manifest of its current revision: left behind", f, release)
	}
}
