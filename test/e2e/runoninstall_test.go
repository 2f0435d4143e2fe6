package e2e_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/escron/escron/test/internal/project"
)

// TestRunOnInstall: with runOnInstall, `helm install --wait` returns once the first run
// has completed, with the script's output; after an upgrade that changes the script,
// the run is the new script's.
func TestRunOnInstall(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	version := func(n int) *helmOpts {
		opts := helmOptions(t, kopts, scriptValues(fmt.Sprintf("#!/bin/sh\necho first run, script version %d\n", n)), "runOnInstall: true\n")
		opts.ExtraArgs = map[string][]string{"install": {"--wait"}, "upgrade": {"--wait"}}
		return opts
	}
	for n, step := range []func(*helmOpts) error{
		func(o *helmOpts) error { return helmInstallE(t, o, project.ChartDir(), "first") },
		func(o *helmOpts) error { return helmUpgradeE(t, o, project.ChartDir(), "first") },
	} {
		t.Logf("helm %s --wait with script version %d", map[int]string{0: "install", 1: "upgrade"}[n], n+1)
		require.NoError(t, step(version(n+1)))
		job := getJob(t, kopts, "first-escron-install")
		require.NotNil(t, jobCondition(job, batchv1.JobComplete), "the hook Job has completed when helm returns")
		assert.Contains(t, jobLogs(t, kopts, "first-escron-install"), fmt.Sprintf("first run, script version %d", n+1))
	}
}
