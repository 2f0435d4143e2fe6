package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/render"
)

// TestSeed renders the seed document's values as its user wrote them, both through an
// umbrella chart (its `escron:` wrapper) and unwrapped with -f: the stray quote in
// image is refused with a clear message; with it fixed, the values render exactly as
// written, "2>&1" included (valid Kubernetes: sh hands it to the script as $1), with a
// note in NOTES.
func TestSeed(t *testing.T) {
	umbrella, err := fixtures.Umbrella(t.TempDir())
	require.NoError(t, err)

	cases := []struct {
		name    string
		fixes   fixtures.SeedFix
		wantErr []string
	}{
		{"as written: the stray quote in image is refused", 0,
			[]string{`mainContainer.image is "curlimages/curl\""`, "a repository without tag or digest"}},
		{"image fixed: renders as written", fixtures.FixImage, nil},
	}
	for _, tc := range cases {
		seed, err := fixtures.Seed(tc.fixes)
		require.NoError(t, err)
		unwrapped, err := fixtures.Unwrap(seed)
		require.NoError(t, err)
		for _, way := range []struct {
			name string
			opts render.Options
		}{
			{"umbrella chart", render.Options{ChartDir: umbrella, Values: seed}},
			{"helm install -f", render.Options{Values: unwrapped}},
		} {
			t.Run(tc.name+"/"+way.name, func(t *testing.T) {
				res, err := render.SDK(way.opts)
				if tc.wantErr != nil {
					require.Error(t, err)
					for _, want := range tc.wantErr {
						assert.Contains(t, err.Error(), want)
					}
					return
				}
				require.NoError(t, err)
				objs, err := render.Decode(res.Manifest)
				require.NoError(t, err)
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "33 3 * * *", cj.Spec.Schedule)
				assert.Equal(t, ptr(int64(7200)), cj.Spec.JobTemplate.Spec.ActiveDeadlineSeconds)
				assert.Equal(t, ptr(int32(1)), cj.Spec.JobTemplate.Spec.BackoffLimit)
				assert.Equal(t, ptr(int32(1)), cj.Spec.JobTemplate.Spec.Completions)
				assert.Equal(t, ptr(int64(600)), cj.Spec.StartingDeadlineSeconds)
				c := mainContainer(t, cj)
				assert.Equal(t, "curlimages/curl:latest", c.Image)
				assert.Equal(t, []string{"sh", "/opt/gs-backup.sh", "2>&1"}, c.Command, "as written")
				assert.Equal(t, "7", envOf(c)["ES_BACKUP_RETENTION"].Value)
				assert.Equal(t, ptr(int64(100)), c.SecurityContext.RunAsUser)
				assert.Equal(t, ptr(int64(101)), c.SecurityContext.RunAsGroup)
				assert.Equal(t, corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")},
				}, c.Resources, "exactly as written: no ephemeral-storage limit to evict a 2 GiB staging file")
				assert.NotNil(t, mountAt(c, "/opt/gs-backup.sh"))
				assert.NotNil(t, mountAt(c, "/tmp"))
				require.Len(t, objs.ConfigMaps, 1)
				assert.Contains(t, objs.ConfigMaps[0].Data["startScript"], `curl -X PUT "$ES_SERVER:9200/_snapshot/gs-backup/$CURDATE"`, "content verbatim")
				if way.opts.ChartDir == "" { // Helm prints a subchart's NOTES only with --render-subchart-notes
					assert.Contains(t, res.Notes, `mainContainer.command[2] is "2>&1": no shell reads a container's command`)
				}
			})
		}
	}
}
