package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// TestAPIServerJudgesScenarios creates every object of every ci scenario (the goldens'
// renders, the test hooks with them) in a real API server with server-side dry-run: the
// server accepts each one, keeps every field the chart sent, and warns about Pod Security
// only where NOTES name the opt-out.
func TestAPIServerJudgesScenarios(t *testing.T) {
	for _, sc := range scenarios(t) {
		t.Run(sc.Name, func(t *testing.T) {
			t.Logf("rendering %s", sc.File)
			res, err := render.SDK(render.Options{ValuesFiles: []string{sc.File}})
			require.NoError(t, err)
			t.Log("creating each object with server-side dry-run")
			for _, j := range judge(t, res.Manifest) {
				assert.NoError(t, j.err, "the API server refuses %s", j.object)
				assert.Empty(t, j.dropped, "the API server did not keep what the chart sent in %s", j.object)
				for _, w := range j.warnings {
					if strings.Contains(w, "PodSecurity") {
						assert.Contains(t, res.Notes, "Pod Security Standards", "%s: the server warns %q and NOTES are silent", j.object, w)
						continue
					}
					t.Errorf("%s: the API server warns %q", j.object, w)
				}
			}
		})
	}
}

