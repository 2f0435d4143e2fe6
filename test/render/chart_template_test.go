package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// TestChartSwitches: the release-wide keys: enabled, extraObjects, global.
func TestChartSwitches(t *testing.T) {
	runCases(t, []renderCase{
		{name: "enabled false renders nothing (an umbrella chart's condition)", values: everyObject + "enabled: false\nextraObjects: [{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}]\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, metadataOf(objs))
				assert.Empty(t, objs.Others)
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "enabled is false, so release demo holds no job")
			}},
		{name: "extraObjects rendered as given: maps and strings, never templated", values: `extraObjects:
  - apiVersion: v1
    kind: Secret
    metadata: {name: "{{ .Release.Name }}-creds"}
    stringData: {token: "s3cr\u007Fet"}
  - |
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: deny-all
    spec:
      podSelector: {}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Others, 2)
				kinds := map[string]string{}
				for _, o := range objs.Others {
					kinds[o.GetKind()] = o.GetName()
				}
				assert.Equal(t, "{{ .Release.Name }}-creds", kinds["Secret"])
				assert.Equal(t, "deny-all", kinds["NetworkPolicy"])
				for _, o := range objs.Others {
					if o.GetKind() == "Secret" {
						token, _, _ := unstructuredString(o.Object, "stringData", "token")
						assert.Equal(t, "s3cr\u007fet", token)
					}
				}
			}},
		{name: "global is allowed for umbrella charts", values: "global: {imageRegistry: example.com, anything: [1, 2]}\n",
			check: func(t *testing.T, objs *render.Objects) {
				onlyCronJob(t, objs)
			}},
		{name: "an extra object without a kind", values: "extraObjects: [{metadata: {name: x}}]\n",
			wantErr: []string{"extraObjects[0] has no apiVersion or kind"}},
		{name: "an extra object with an apiVersion but no kind", values: "extraObjects: [{apiVersion: v1, metadata: {name: x}}]\n",
			wantErr: []string{"extraObjects[0] has no apiVersion or kind"}},
		{name: "unknown tests key", values: "tests: {enable: true}",
			wantErr: []string{"tests.enable: no such key in tests; did you mean tests.enabled?"}},
		{name: "fullnameOverride not a DNS name", values: `fullnameOverride: My_Backups`,
			wantErr: []string{`fullnameOverride is "My_Backups"`, "lower-case letters"}},
	})
}

func unstructuredString(obj map[string]any, fields ...string) (string, bool, error) {
	var cur any = obj
	for _, f := range fields {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false, nil
		}
		cur = m[f]
	}
	s, ok := cur.(string)
	return s, ok, nil
}
