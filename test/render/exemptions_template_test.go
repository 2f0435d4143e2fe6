package render_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/render"
	"github.com/escron/escron/test/internal/schemagen"
)

// exemptionCases are values that leave out each exempt required field: a text the
// rendered manifest must hold (so that the object the field belongs to is really sent),
// and the object the API server judges ("" is the CronJob).
var exemptionCases = map[string]struct{ values, rendered, object string }{
	"io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status": {"job: {podFailurePolicy: {rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]}}\n", "DisruptionTarget", ""},
	"io.k8s.api.batch.v1.PodFailurePolicy.rules":                        {"job: {podFailurePolicy: {rules: []}}\n", "podFailurePolicy", ""},
	"io.k8s.api.core.v1.HTTPHeader.value":                               {"mainContainer: {livenessProbe: {httpGet: {port: 8080, httpHeaders: [{name: X-Probe}]}}}\n", "X-Probe", ""},
	"io.k8s.api.core.v1.Sysctl.value":                                   {"podSecurityContext: {sysctls: [{name: kernel.msgmax}]}\n", "kernel.msgmax", ""},
	"io.k8s.api.core.v1.SleepAction.seconds":                            {"mainContainer: {lifecycle: {preStop: {sleep: {}}}}\n", "sleep: {}", ""},
	"io.k8s.api.core.v1.ISCSIVolumeSource.lun":                          {"extraVolumes: [{name: disk, iscsi: {targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage.disk1'}}]\n", "iqn.2001-04", ""},
	"io.k8s.api.core.v1.PreferredSchedulingTerm.preference":             {"affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1}]}}\n", "preferredDuringSchedulingIgnoredDuringExecution", ""},
	"io.k8s.api.rbac.v1.RoleRef.apiGroup":                               {"extraObjects: [{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: extra}, roleRef: {kind: Role, name: extra}, subjects: [{kind: ServiceAccount, name: default}]}]\n", "kind: RoleBinding", "RoleBinding/extra"},
	"io.k8s.api.core.v1.LimitRangeSpec.limits":                          {"extraObjects: [{apiVersion: v1, kind: LimitRange, metadata: {name: extra}, spec: {}}]\n", "kind: LimitRange", "LimitRange/extra"},
}

// exemptionsUnreachable are the exemptions no object escron renders can hold, each with why.
var exemptionsUnreachable = map[string]string{
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.containerName":   "a pod status field",
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.resourceName":    "a pod status field",
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.requestName":     "a pod status field",
	"io.k8s.api.core.v1.PodExtendedResourceClaimStatus.requestMappings":   "a pod status field",
	"io.k8s.api.core.v1.PodExtendedResourceClaimStatus.resourceClaimName": "a pod status field",
}

// TestRequiredExemptionsAgainstTheAPIServer checks schemagen.RequiredExemptions, the
// fields the OpenAPI marks required that the values schema leaves optional, against the
// real API server of the run's minor: an object without each one is accepted. Each
// exemption is reached by a case, or is a status field that the values schema does not
// define. On 1.37 it found nine that were wrong: ContainerRestartRule, FileKeySelector,
// PodCertificateProjection and ClusterTrustBundleProjection fields (exempt while their
// feature gates were off, required now they are on) and ScaleIOVolumeSource.secretRef
// (its PersistentVolume twin, which no escron object holds, went with it).
func TestRequiredExemptionsAgainstTheAPIServer(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(project.ChartDir(), "values.schema.json"))
	require.NoError(t, err)
	var schema struct {
		Definitions map[string]any `json:"definitions"`
	}
	require.NoError(t, json.Unmarshal(raw, &schema))
	for _, key := range slices.Sorted(maps.Keys(schemagen.RequiredExemptions)) {
		t.Run(key[strings.LastIndex(key[:strings.LastIndex(key, ".")], ".")+1:], func(t *testing.T) {
			component := key[:strings.LastIndex(key, ".")]
			if why, ok := exemptionsUnreachable[key]; ok {
				_, defined := schema.Definitions[schemagen.DefName(component)]
				assert.False(t, defined, "%s is marked unreachable (%s), and the values schema defines it", key, why)
				return
			}
			c, ok := exemptionCases[key]
			require.True(t, ok, "exemption %s has no case and is not marked unreachable", key)
			res, err := render.SDK(render.Options{Values: c.values})
			require.NoError(t, err, "values: %s", c.values)
			require.Contains(t, res.Manifest, c.rendered)
			var judged *judgement
			for _, j := range judge(t, res.Manifest) {
				if j.object == c.object || (c.object == "" && strings.HasPrefix(j.object, "CronJob/")) {
					judged = &j
				}
			}
			require.NotNil(t, judged, "no %q in the manifest", c.object)
			assert.NoError(t, judged.err, "the API server requires %s: it is no exemption on this minor", key)
		})
	}
}
