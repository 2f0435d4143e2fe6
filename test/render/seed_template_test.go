package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// TestSeed renders the seed document's values as its user wrote them, both through an
// umbrella chart (its `escron:` wrapper) and unwrapped with -f: its mistakes give clear
// errors, and once corrected it renders the CronJob it describes.
func TestSeed(t *testing.T) {
	umbrella, err := render.Umbrella(t.TempDir())
	require.NoError(t, err)

	cases := []struct {
		name    string
		fixes   render.SeedFix
		wantErr []string
	}{
		{"as written: the stray quote in image is rejected", 0,
			[]string{"/mainContainer/image", `'curlimages/curl"'`, "does not match pattern"}},
		{"image fixed: the 2>&1 argument is rejected", render.FixImage,
			[]string{`mainContainer.command[2] is "2>&1"`, "no shell reads"}},
		{"corrected: renders", render.FixAll, nil},
	}
	for _, tc := range cases {
		seed, err := render.Seed(tc.fixes)
		require.NoError(t, err)
		unwrapped, err := render.Unwrap(seed)
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
				c := mainContainer(t, cj)
				assert.Equal(t, "curlimages/curl:latest", c.Image)
				assert.Equal(t, []string{"sh", "/opt/gs-backup.sh"}, c.Command)
				assert.Equal(t, "7", envOf(c)["ES_BACKUP_RETENTION"].Value)
				assert.Equal(t, ptr(int64(100)), c.SecurityContext.RunAsUser)
				assert.Equal(t, ptr(int64(101)), c.SecurityContext.RunAsGroup)
				assert.NotNil(t, mountAt(c, "/opt/gs-backup.sh"))
				assert.NotNil(t, mountAt(c, "/tmp"))
				require.Len(t, objs.ConfigMaps, 1)
				assert.Contains(t, objs.ConfigMaps[0].Data["startScript"], `curl -X PUT "$ES_SERVER:9200/_snapshot/gs-backup/$CURDATE"`, "content verbatim")
			})
		}
	}
}
