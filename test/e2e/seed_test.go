package e2e_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// TestSeedValuesRun: the seed document's values, with only the stray quote in image
// fixed, install and run: "2>&1" reaches the script as its first argument, and the
// resources are exactly the seed's. A stand-in script replaces the Elasticsearch one
// (no Elasticsearch here), and the test job image replaces curlimages/curl.
func TestSeedValuesRun(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	stand := seedStandIn(t, "#!/bin/sh\nset -eu\necho \"stand-in for the snapshot script, arguments: $*\"\necho \"ES_SERVER=$ES_SERVER retention=$ES_BACKUP_RETENTION\"\n")
	t.Log("helm install of the seed's values (image fixed), the job image and a stand-in script over them")
	install(t, kopts, "seed", stand)
	cj := getCronJob(t, kopts, "seed-escron")
	c := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	assert.Equal(t, []string{"sh", "/opt/gs-backup.sh", "2>&1"}, c.Command)
	assert.Equal(t, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")}, c.Resources.Requests, "as the seed wrote them")
	assert.Equal(t, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")}, c.Resources.Limits, "no ephemeral-storage limit")

	log := runFromCronJob(t, kopts, "seed-escron", "seed-now")
	assert.Contains(t, log, "arguments: 2>&1", "sh hands 2>&1 to the script as $1")
	assert.Contains(t, log, "ES_SERVER=training-dev-elasticsearch retention=7")
	assert.NotNil(t, jobCondition(getJob(t, kopts, "seed-now"), batchv1.JobComplete))
}
