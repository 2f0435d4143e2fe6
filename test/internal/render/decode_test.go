package render

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const cronJobHead = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "* * * * *"
`

// TestDecodeIsStrict: what the render tier's assertions rely on.
func TestDecodeIsStrict(t *testing.T) {
	cases := []struct {
		name, doc, wantErr string
	}{
		{"unknown field", cronJobHead + "  jobTemplate: {spec: {template: {spec: {containers: [{name: m, image: i, imagePullPolicie: Always}]}}}}\n", "imagePullPolicie"},
		{"misplaced field", cronJobHead + "  jobTemplate: {spec: {startingDeadlineSeconds: 5, template: {spec: {containers: [{name: m, image: i}]}}}}\n", "startingDeadlineSeconds"},
		{"duplicate key", cronJobHead + "  schedule: \"@daily\"\n", "schedule"},
		{"no kind", "apiVersion: apps/v1\nmetadata: {name: d}\n", "no apiVersion or kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("---\n" + tc.doc)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
	objs, err := Decode("---\n# Source: x\n" + cronJobHead + "  jobTemplate: {spec: {template: {spec: {containers: [{name: m, image: i}]}}}}\n")
	require.NoError(t, err)
	assert.Len(t, objs.CronJobs, 1)
	objs, err = Decode("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n")
	require.NoError(t, err)
	require.Len(t, objs.Others, 1, "kinds escron does not render (extraObjects) are kept as they are")
	assert.Equal(t, "Deployment", objs.Others[0].GetKind())
}
