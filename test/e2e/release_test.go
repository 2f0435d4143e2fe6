package e2e_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
)

// TestTwoJobs: a release with two jobs runs both, each with its own script.
func TestTwoJobs(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "pair", `jobs:
  alpha:
    mainContainer:
      command: [sh, -c, "echo job alpha ran"]
  beta:
    cronjob:
      schedule: "@weekly"
    mainContainer:
      command: [sh, -c, "echo job beta ran"]
`)
	for _, name := range []string{"alpha", "beta"} {
		createJobFromCronJob(t, kopts, "pair-escron-"+name, "run-"+name)
	}
	for _, name := range []string{"alpha", "beta"} {
		waitForJob(t, kopts, "run-"+name, batchv1.JobComplete, 2*time.Minute)
		assert.Contains(t, jobLogs(t, kopts, "run-"+name), "job "+name+" ran")
	}
}

// TestSeedThroughUmbrellaChart: the seed document's values, corrected, with their
// `escron:` wrapper, installed through an umbrella chart: the API server admits them
// into a restricted namespace and the CronJob they describe exists.
func TestSeedThroughUmbrellaChart(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	umbrella, err := fixtures.Umbrella(t.TempDir())
	require.NoError(t, err)
	seed, err := fixtures.Seed(fixtures.FixAll)
	require.NoError(t, err)
	opts := &helmOpts{KubectlOptions: kopts, ValuesFiles: valuesFiles(t, seed)}
	t.Log("helm install of the umbrella chart with the seed's values")
	require.NoError(t, helmInstallE(t, opts, umbrella, "platform"))
	t.Log("the CronJob platform-escron holds the seed's schedule, policy, image and user")
	cj := getCronJob(t, kopts, "platform-escron")
	assert.Equal(t, "33 3 * * *", cj.Spec.Schedule)
	assert.Equal(t, batchv1.ForbidConcurrent, cj.Spec.ConcurrencyPolicy)
	c := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	assert.Equal(t, "curlimages/curl:latest", c.Image)
	assert.Equal(t, int64(100), *c.SecurityContext.RunAsUser)
}

// TestHelm4Install: the same install with the Helm 4 command line runs a Job to Complete.
func TestHelm4Install(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	opts := helmOptions(t, kopts, scriptValues("#!/bin/sh\necho installed by helm 4\n"))
	out, err := runHelm4E(t, opts, append([]string{"install", "four", project.ChartDir()}, valuesArgs(opts)...)...)
	require.NoError(t, err, out)
	assert.Contains(t, out, "STATUS: deployed")
	assert.Contains(t, out, "NAMESPACE: "+kopts.Namespace, "helm 4 installed into the test's namespace")
	createJobFromCronJob(t, kopts, "four-escron", "run")
	waitForJob(t, kopts, "run", batchv1.JobComplete, 2*time.Minute)
	assert.Contains(t, jobLogs(t, kopts, "run"), "installed by helm 4")
}
