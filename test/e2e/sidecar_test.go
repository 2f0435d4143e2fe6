package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	batchv1 "k8s.io/api/batch/v1"
)

// TestNativeSidecarLetsTheJobComplete: a sidecar that never exits (sleep infinity), as
// an init container with restartPolicy Always, runs beside the main container and is
// stopped when it exits: the Job completes.
func TestNativeSidecarLetsTheJobComplete(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "side", scriptValues("#!/bin/sh\necho main container done\n"), fmt.Sprintf(`initContainers:
  - name: shipper
    image: %s
    imagePullPolicy: IfNotPresent
    restartPolicy: Always
    command: [sleep, infinity]
`, suite.images.Job))
	start := time.Now()
	kubectl(t, kopts, "create", "job", "--from=cronjob/side-escron", "side-now")
	job := waitForJob(t, kopts, "side-now", batchv1.JobComplete, 2*time.Minute)
	t.Logf("the Job with a never-exiting sidecar completed in %s", time.Since(start).Round(time.Second))
	assert.Equal(t, int32(1), job.Status.Succeeded)
	assert.Contains(t, jobLogs(t, kopts, "side-now"), "main container done")
}
