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
	runs := map[string]render.Options{"defaults": {}}
	for _, sc := range scenarios(t) {
		runs[sc.Name] = render.Options{ValuesFiles: []string{sc.File}}
	}
	for name, opts := range runs {
		t.Run(name, func(t *testing.T) {
			t.Logf("rendering %s %v", name, opts.ValuesFiles)
			res, err := render.SDK(opts)
			require.NoError(t, err)
			t.Log("creating each object with server-side dry-run")
			js := judge(t, res.Manifest)
			require.NotEmpty(t, js)
			for _, j := range js {
				assert.NoError(t, j.err, "the API server refuses %s", j.object)
				assert.Empty(t, j.dropped, "the API server did not keep what the chart sent in %s", j.object)
				assert.Empty(t, unannounced(j.warnings, res.Notes), "%s: the API server warns what NOTES do not say", j.object)
			}
		})
	}
}

// TestAPIServerRefusesUnknownFields keeps the server's verdict strict: a field in the
// wrong place (startingDeadlineSeconds under the Job, a bug of other charts) is refused,
// not dropped, and so is a malformed PrometheusRule (its CRD's schema is installed).
func TestAPIServerRefusesUnknownFields(t *testing.T) {
	for _, c := range []struct{ name, object, want string }{
		{"misplaced startingDeadlineSeconds", `apiVersion: batch/v1
kind: CronJob
metadata: {name: misplaced}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      startingDeadlineSeconds: 60
      template:
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox}]
`, `unknown field "spec.jobTemplate.spec.startingDeadlineSeconds"`},
		{"a rule without expr", rule("{alert: A}"), "spec.groups[0].rules[0].expr: Required value"},
		{"a duration that is none", rule("{alert: A, expr: vector(1), for: 5 minutes}"), "spec.groups[0].rules[0].for"},
		{"a misplaced severity", rule("{alert: A, expr: vector(1), severity: page}"), `unknown field "spec.groups[0].rules[0].severity"`},
		{"a label that is no text", rule("{alert: A, expr: vector(1), labels: {page: {now: true}}}"), "spec.groups[0].rules[0].labels.page"},
	} {
		t.Run(c.name, func(t *testing.T) {
			js := judge(t, c.object)
			require.Len(t, js, 1)
			require.Error(t, js[0].err)
			assert.Contains(t, js[0].err.Error(), c.want)
		})
	}
}

// rule is a PrometheusRule of one group holding one rule.
func rule(r string) string {
	return "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: bad}\nspec:\n  groups:\n    - name: g\n      rules: [" + r + "]\n"
}

// TestNotesSayWhatTheAPIServerWarns: each warning NOTES announce in place of the API
// server is one the server gives for those values.
func TestNotesSayWhatTheAPIServerWarns(t *testing.T) {
	for _, c := range []struct{ values, warning string }{
		{"mainContainer: {securityContext: null}\n", "would violate PodSecurity"},
		{"topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]\n", "a null labelSelector results in matching no pod"},
	} {
		t.Run(c.warning, func(t *testing.T) {
			res, err := render.SDK(render.Options{Values: c.values})
			require.NoError(t, err)
			j := cronJobJudgement(t, res.Manifest)
			require.NoError(t, j.err)
			require.NotEmpty(t, j.warnings)
			assert.Contains(t, strings.Join(j.warnings, "\n"), c.warning)
			assert.Empty(t, unannounced(j.warnings, res.Notes), "NOTES announce each warning")
		})
	}
}

// TestAPIServerDropIsCaught: the comparison of what was sent with what the server
// returns catches a field the server drops. A container's lifecycle.stopSignal is behind
// the ContainerStopSignals feature gate, off by default on every supported minor: the
// server accepts the CronJob without it, and without the lifecycle it leaves empty.
func TestAPIServerDropIsCaught(t *testing.T) {
	res, err := render.SDK(render.Options{Values: "mainContainer: {lifecycle: {stopSignal: SIGUSR1}}\nos: {name: linux}\n"})
	require.NoError(t, err)
	j := cronJobJudgement(t, res.Manifest)
	require.NoError(t, j.err)
	assert.Equal(t, []string{"spec.jobTemplate.spec.template.spec.containers[0].lifecycle: dropped"}, j.dropped)
}

// TestGatedFieldsAgainstTheAPIServer checks lib/_gates.tpl against the real server of
// the targeted minor (ESCRON_KUBERNETES_MINOR): NOTES name a gated field exactly when
// that server drops or refuses it, and a field behind a gate that is on (pod-level
// resources) has no such note.
func TestGatedFieldsAgainstTheAPIServer(t *testing.T) {
	cases := []struct{ values, note string }{
		{"hostnameOverride: backup-host\n", "hostnameOverride needs the feature gate HostnameOverride"},
		{"mainContainer: {restartPolicy: Never, restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]}\n",
			"mainContainer.restartPolicyRules needs the feature gate ContainerRestartRules"},
		{"mainContainer: {restartPolicy: Never}\n", "mainContainer.restartPolicy needs the feature gate ContainerRestartRules"},
		{"mainContainer: {env: {SETTINGS: {fileKeyRef: {volumeName: tmp, path: settings.env, key: SETTINGS}}}}\n",
			"mainContainer.env.SETTINGS.fileKeyRef needs the feature gate EnvFiles"},
		{"initContainers: [{name: fetch, image: busybox, env: [{name: A, valueFrom: {fileKeyRef: {volumeName: tmp, path: a.env, key: A}}}]}]\n",
			"initContainers[0].env[0].valueFrom.fileKeyRef needs the feature gate EnvFiles"},
		{"mainContainer: {lifecycle: {stopSignal: SIGUSR1}}\nos: {name: linux}\n", "mainContainer.lifecycle.stopSignal needs the feature gate ContainerStopSignals"},
		{"extraVolumes: [{name: tools, image: {reference: busybox:1.37.0}}]\n", "extraVolumes[0].image needs the feature gate ImageVolume"},
		{"extraVolumes: [{name: cert, projected: {sources: [{podCertificate: {signerName: example.com/signer, keyType: ED25519, credentialBundlePath: creds.pem}}]}}]\n",
			"extraVolumes[0].projected.sources[0].podCertificate needs the feature gate PodCertificateRequest"},
		{"extraVolumes: [{name: ca, projected: {sources: [{clusterTrustBundle: {name: example, path: ca.pem}}]}}]\n",
			"extraVolumes[0].projected.sources[0].clusterTrustBundle needs the feature gate ClusterTrustBundleProjection"},
	}
	noted := 0
	for _, c := range cases {
		t.Run(c.note[:strings.Index(c.note, " ")], func(t *testing.T) {
			res, err := render.SDK(render.Options{Values: c.values})
			require.NoError(t, err)
			j := cronJobJudgement(t, res.Manifest)
			t.Logf("the API server: %s", j)
			if j.err != nil || len(j.dropped) > 0 {
				noted++
				assert.Contains(t, res.Notes, c.note, "the API server drops or refuses the field: NOTES must name it")
			} else {
				assert.NotContains(t, res.Notes, "feature gate", "the API server keeps the field: its gate is on, and the note in lib/_gates.tpl is wrong")
			}
		})
	}
	assert.Positive(t, noted, "a gate still off on this minor (ContainerStopSignals, at least) is named in NOTES")

	t.Run("the note follows the target minor (helm template --kube-version)", func(t *testing.T) {
		ctb := "extraVolumes: [{name: ca, projected: {sources: [{clusterTrustBundle: {name: example, path: ca.pem}}]}}]\n"
		for _, c := range []struct {
			version, values, gate string
			on                    bool
		}{
			{"v1.35.4", "hostnameOverride: h\n", "HostnameOverride", true},
			{"v1.35.4", "extraVolumes: [{name: tools, image: {reference: busybox:1.37.0}}]\n", "ImageVolume", true},
			{"v1.36.3", ctb, "ClusterTrustBundleProjection", false},
			{"v1.37.2", ctb, "ClusterTrustBundleProjection", true},
			{"v1.37.2", "mainContainer: {lifecycle: {stopSignal: SIGUSR1}}\nos: {name: linux}\n", "ContainerStopSignals", false},
		} {
			opts := render.Options{Values: c.values, KubeVersion: c.version}
			res, err := render.SDK(opts)
			require.NoError(t, err)
			if c.on {
				assert.NotContains(t, res.Notes, "feature gate", "%s on %s: the gate is on", c.gate, c.version)
			} else {
				assert.Contains(t, res.Notes, "feature gate "+c.gate+", off by default in Kubernetes "+strings.TrimPrefix(c.version[:5], "v"), "%s on %s: still off", c.gate, c.version)
			}
			cli, err := render.CLI(t, opts)
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(res.Manifest), strings.TrimSpace(cli), "helm template --kube-version %s renders the same", c.version)
		}
	})

	t.Run("a gate that is on: no note, the server keeps the field", func(t *testing.T) {
		res, err := render.SDK(render.Options{Values: "resources: {limits: {cpu: 500m, memory: 128Mi}}\n"})
		require.NoError(t, err)
		assert.NotContains(t, res.Notes, "feature gate")
		for _, j := range judge(t, res.Manifest) {
			assert.NoError(t, j.err)
			assert.Empty(t, j.dropped)
		}
	})
}

// TestRestrictedAllowsWhatTheChartAllows: each value the Pod Security Standards'
// "restricted" profile allows (a volume type, a safe sysctl, a Localhost seccomp
// profile, an SELinux type) renders with no Pod Security note in NOTES, and the real
// API server, warning at restricted, gives no warning either. The lists are the
// standard's, written here, not read from the chart.
func TestRestrictedAllowsWhatTheChartAllows(t *testing.T) {
	cases := map[string]string{
		"seccomp Localhost": "podSecurityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/job.json}}\n",
	}
	for _, v := range []string{"configMap: {name: c}", "csi: {driver: d.example.com}", "downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}",
		"emptyDir: {}", "ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}",
		"persistentVolumeClaim: {claimName: c}", "projected: {sources: [{configMap: {name: c}}]}", "secret: {secretName: s}"} {
		cases["volume "+strings.SplitN(v, ":", 2)[0]] = "extraVolumes: [{name: v, " + v + "}]\n"
	}
	for _, sysctl := range []string{"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
		"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
		"net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"} {
		cases["sysctl "+sysctl] = "podSecurityContext: {sysctls: [{name: " + sysctl + ", value: \"1\"}]}\n"
	}
	for _, typ := range []string{"container_t", "container_init_t", "container_kvm_t", "container_engine_t"} {
		cases["SELinux type "+typ] = "podSecurityContext: {seLinuxOptions: {type: " + typ + "}}\n"
	}
	for name, values := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := render.SDK(render.Options{Values: values})
			require.NoError(t, err)
			assert.NotContains(t, res.Notes, "Pod Security Standards", "NOTES name no Pod Security opt-out")
			j := cronJobJudgement(t, res.Manifest)
			require.NoError(t, j.err)
			assert.Empty(t, j.warnings, "the API server, warning at restricted, agrees")
		})
	}
}

// TestRestrictedNotesInOrder: NOTES list a container's Pod Security opt-outs in the
// order the checks run, which is the order of the standard's controls.
func TestRestrictedNotesInOrder(t *testing.T) {
	res, err := render.SDK(render.Options{Values: "mainContainer: {securityContext: {privileged: true, allowPrivilegeEscalation: true, capabilities: {drop: [NET_RAW], add: [SYS_TIME]}, runAsNonRoot: false, runAsUser: 0, seccompProfile: {type: Unconfined}, procMount: Unmasked}}\n"})
	require.NoError(t, err)
	want := []string{
		"mainContainer.securityContext.privileged is true",
		"mainContainer.securityContext.allowPrivilegeEscalation is not false",
		"mainContainer.securityContext.capabilities.drop does not hold ALL",
		"mainContainer.securityContext.capabilities.add holds SYS_TIME",
		"mainContainer.securityContext: runAsNonRoot is not true",
		"mainContainer.securityContext.runAsUser is 0",
		"mainContainer.securityContext: seccompProfile.type is not RuntimeDefault or Localhost",
		"mainContainer.securityContext.procMount is Unmasked",
	}
	last := -1
	for _, w := range want {
		i := strings.Index(res.Notes, w)
		require.GreaterOrEqual(t, i, 0, "NOTES name %q:\n%s", w, res.Notes)
		assert.Greater(t, i, last, "%q comes after the one before it", w)
		last = i
	}
}
