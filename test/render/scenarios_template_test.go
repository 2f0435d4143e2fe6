package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/escron/escron/test/internal/golden"
	"github.com/escron/escron/test/internal/render"
)

// scenarioChecks holds, for each ci/<name>-values.yaml, what its objects must show.
// TestScenarios fails when a scenario file has no entry here, so that none goes unchecked.
var scenarioChecks = map[string]func(t *testing.T, objs *render.Objects){
	"elasticsearch-backup": func(t *testing.T, objs *render.Objects) {
		cj := onlyCronJob(t, objs)
		assert.Equal(t, "demo-escron", cj.Name)
		assert.Equal(t, "33 3 * * *", cj.Spec.Schedule)
		assert.Equal(t, batchv1.ForbidConcurrent, cj.Spec.ConcurrencyPolicy)
		assert.Equal(t, ptr(int32(1)), cj.Spec.FailedJobsHistoryLimit)
		assert.Equal(t, ptr(int32(3)), cj.Spec.SuccessfulJobsHistoryLimit)
		assert.Equal(t, ptr(int64(600)), cj.Spec.StartingDeadlineSeconds)
		assert.Equal(t, ptr(false), cj.Spec.Suspend)
		job := cj.Spec.JobTemplate.Spec
		assert.Equal(t, ptr(int64(7200)), job.ActiveDeadlineSeconds)
		assert.Equal(t, ptr(int32(1)), job.BackoffLimit)
		assert.Equal(t, ptr(int32(1)), job.Completions)
		assert.Equal(t, corev1.RestartPolicyNever, podSpec(cj).RestartPolicy)

		c := mainContainer(t, cj)
		assert.Equal(t, "curlimages/curl:8.11.1", c.Image)
		assert.Equal(t, []string{"sh", "/opt/gs-backup.sh"}, c.Command)
		env := envOf(c)
		assert.Equal(t, "training-dev-elasticsearch", env["ES_SERVER"].Value)
		assert.Equal(t, "test_es_backup", env["ES_BACKUP_BUCKET"].Value)
		assert.Equal(t, "7", env["ES_BACKUP_RETENTION"].Value, "a number in env becomes a string")
		assert.True(t, c.Resources.Requests.Cpu().Equal(resource.MustParse("250m")))
		assert.True(t, c.Resources.Limits.Memory().Equal(resource.MustParse("512Mi")))
		sc := c.SecurityContext
		require.NotNil(t, sc)
		assert.Equal(t, ptr(int64(100)), sc.RunAsUser)
		assert.Equal(t, ptr(int64(101)), sc.RunAsGroup)
		assert.Equal(t, ptr(true), sc.ReadOnlyRootFilesystem)
		assert.Equal(t, ptr(false), sc.AllowPrivilegeEscalation, "the user's context is merged with the hardened defaults")
		assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)

		m := mountAt(c, "/opt/gs-backup.sh")
		require.NotNil(t, m, "the script is mounted at mountpath/subPath, trailing slash or not")
		assert.Equal(t, "startScript", m.SubPath)
		assert.True(t, m.ReadOnly)
		require.NotNil(t, mountAt(c, "/tmp"), "a read-only root gets a writable /tmp")
		cm := objs.ConfigMap("demo-escron-scripts")
		require.NotNil(t, cm)
		assert.Contains(t, cm.Data["startScript"], `curl -fsS "${es}/_cat/snapshots/gs-backup?h=id,status,start_epoch&s=id"`)
	},
	"minimal": func(t *testing.T, objs *render.Objects) {
		cj := onlyCronJob(t, objs)
		assert.Equal(t, "*/15 * * * *", cj.Spec.Schedule)
		c := mainContainer(t, cj)
		assert.Equal(t, "docker.io/library/busybox:1.37.0", c.Image)
		require.NotNil(t, mountAt(c, "/scripts/hello.sh"))
		require.Len(t, objs.ConfigMaps, 1)
		assert.Empty(t, objs.ServiceAccounts, "no ServiceAccount unless asked for")
	},
	"multi-job": func(t *testing.T, objs *render.Objects) {
		require.Len(t, objs.CronJobs, 2, "backup and report; disabled is left out")
		backup, report := objs.CronJob("demo-escron-backup"), objs.CronJob("demo-escron-report")
		require.NotNil(t, backup)
		require.NotNil(t, report)
		assert.Equal(t, "backup", backup.Labels["app.kubernetes.io/component"])
		assert.Equal(t, "30 2 * * *", backup.Spec.Schedule)
		assert.Equal(t, ptr("Europe/Paris"), backup.Spec.TimeZone)
		assert.Equal(t, ptr(int64(120)), backup.Spec.StartingDeadlineSeconds, "root defaults reach every job")
		assert.Equal(t, ptr(int32(2)), backup.Spec.JobTemplate.Spec.BackoffLimit)
		assert.Equal(t, "@weekly", report.Spec.Schedule)
		assert.Equal(t, ptr(true), report.Spec.Suspend)
		assert.Equal(t, ptr(int32(0)), report.Spec.SuccessfulJobsHistoryLimit, "an explicit zero overrides a default")
		assert.Equal(t, ptr(int32(0)), report.Spec.JobTemplate.Spec.BackoffLimit, "an explicit zero overrides the root's 2")
		assert.Equal(t, ptr(int32(86400)), report.Spec.JobTemplate.Spec.TTLSecondsAfterFinished)

		be, re := envOf(mainContainer(t, backup)), envOf(mainContainer(t, report))
		assert.Equal(t, "info", be["LOG_LEVEL"].Value)
		assert.Equal(t, "database", be["TARGET"].Value)
		assert.Equal(t, "debug", re["LOG_LEVEL"].Value)
		assert.NotContains(t, re, "TARGET")
		assert.NotNil(t, mountAt(mainContainer(t, report), "/opt/lib/common.sh"), "shared files reach every job")
		assert.NotNil(t, mountAt(mainContainer(t, backup), "/opt/bin/backup.sh"))
		assert.Nil(t, mountAt(mainContainer(t, report), "/opt/bin/backup.sh"))
		lib := volumeNamed(podSpec(backup), "cm-lib")
		require.NotNil(t, lib)
		assert.Equal(t, ptr(int32(0o444)), lib.ConfigMap.Items[0].Mode)
		assert.Equal(t, ptr(int32(0o555)), volumeNamed(podSpec(backup), "cm-scripts").ConfigMap.Items[0].Mode, "default mode")
		assert.Len(t, objs.ConfigMaps, 2, "backup's scripts, and lib once: both jobs share it unchanged")
		assert.Equal(t, volumeNamed(podSpec(backup), "cm-lib").ConfigMap.Name, volumeNamed(podSpec(report), "cm-lib").ConfigMap.Name)
	},
	"rbac": func(t *testing.T, objs *render.Objects) {
		cj := onlyCronJob(t, objs)
		spec := podSpec(cj)
		assert.Equal(t, "demo-escron", spec.ServiceAccountName)
		assert.Equal(t, ptr(true), spec.AutomountServiceAccountToken)
		require.Len(t, objs.ServiceAccounts, 1)
		require.Len(t, objs.Roles, 1)
		require.Len(t, objs.RoleBindings, 1)
		assert.Equal(t, []string{"list"}, objs.Roles[0].Rules[0].Verbs)
		assert.Equal(t, "demo-escron", objs.RoleBindings[0].Subjects[0].Name)
		require.Len(t, objs.Jobs, 1, "runOnInstall: the hook Job")
		assert.Equal(t, "post-install,post-upgrade", objs.Jobs[0].Annotations["helm.sh/hook"])
		assert.Equal(t, cj.Spec.JobTemplate.Spec, objs.Jobs[0].Spec)
	},
	"alerts": func(t *testing.T, objs *render.Objects) {
		cj := onlyCronJob(t, objs)
		spec := podSpec(cj)
		assert.Equal(t, ptr(int64(10)), spec.TerminationGracePeriodSeconds)
		assert.Equal(t, ptr(false), spec.EnableServiceLinks)
		require.Len(t, spec.TopologySpreadConstraints, 1)
		assert.Equal(t, "ndots", spec.DNSConfig.Options[0].Name)
		c := mainContainer(t, cj)
		assert.Equal(t, "/tmp", c.WorkingDir)
		assert.NotNil(t, c.Lifecycle.PreStop.Exec)
		require.Len(t, objs.PrometheusRules, 1)
		rule := objs.PrometheusRules[0]
		assert.Equal(t, "kube-prometheus-stack", rule.Labels["release"])
		require.Len(t, rule.Spec.Groups, 1)
		var names []string
		for _, r := range rule.Spec.Groups[0].Rules {
			names = append(names, r.Alert)
			assert.Equal(t, "critical", r.Labels["severity"])
			assert.Equal(t, "https://example.com/runbooks/backup", r.Annotations["runbook_url"])
			if r.Alert != "EscronJobMetricsAbsent" {
				assert.Contains(t, r.Expr, "by (cluster, namespace, ", "%s groups by cluster", r.Alert)
			}
		}
		assert.Equal(t, []string{"EscronJobFailed", "EscronJobStale", "EscronJobRunningTooLong", "EscronJobMetricsAbsent"}, names)
		assert.Contains(t, rule.Spec.Groups[0].Rules[1].Expr, "> 93600", "26h")
		assert.Contains(t, rule.Spec.Groups[0].Rules[2].Expr, "> 3600", "the job's activeDeadlineSeconds")
	},
	"secret-env": func(t *testing.T, objs *render.Objects) {
		cj := onlyCronJob(t, objs)
		c := mainContainer(t, cj)
		assert.Equal(t, "docker.io/library/busybox:1.37.0@sha256:2f590fc602ce325cbff2ccfc39499014d039546dc400ef8bbf5c6ffb860632e7", c.Image)
		env := envOf(c)
		require.NotNil(t, env["API_TOKEN"].ValueFrom)
		assert.Equal(t, &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "sync-credentials"}, Key: "token"}, env["API_TOKEN"].ValueFrom.SecretKeyRef)
		assert.Equal(t, "sync-settings", env["API_USER"].ValueFrom.ConfigMapKeyRef.Name)
		assert.Equal(t, "metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath)
		assert.Equal(t, "https://api.example.com", env["ENDPOINT"].Value)
		require.Len(t, c.EnvFrom, 1)
		assert.Equal(t, "sync-extra", c.EnvFrom[0].SecretRef.Name)
		require.Len(t, objs.ServiceAccounts, 1)
		sa := objs.ServiceAccounts[0]
		assert.Equal(t, "demo-escron", sa.Name)
		assert.Equal(t, "sync@project.iam.gserviceaccount.com", sa.Annotations["iam.gke.io/gcp-service-account"])
		assert.Equal(t, ptr(false), sa.AutomountServiceAccountToken)
		spec := podSpec(cj)
		assert.Equal(t, "demo-escron", spec.ServiceAccountName)
		assert.Equal(t, ptr(false), spec.AutomountServiceAccountToken)
		assert.Equal(t, []corev1.LocalObjectReference{{Name: "registry-credentials"}}, spec.ImagePullSecrets)
	},
}

// TestScenarios renders every ci/*-values.yaml in-process, compares it with its golden
// file, checks its objects, and checks that helm v3 and helm v4 command lines render
// the same release.
func TestScenarios(t *testing.T) {
	list := scenarios(t)
	require.Len(t, list, len(scenarioChecks), "every ci scenario has checks, every check a scenario")
	for _, sc := range list {
		name, file := sc.Name, sc.File
		t.Run(name, func(t *testing.T) {
			check, ok := scenarioChecks[name]
			require.True(t, ok, "scenario %s has no checks in scenarioChecks", name)
			opts := render.Options{ValuesFiles: []string{file}}

			t.Log("rendering in-process with the Helm SDK")
			res, err := render.SDK(opts)
			require.NoError(t, err)
			golden.Assert(t, name+".yaml", []byte(res.Manifest))
			objs, err := render.Decode(res.Manifest)
			require.NoError(t, err)
			check(t, objs)

			t.Log("rendering with the helm v3 command line (terratest): same text")
			cli, err := render.CLI(t, opts)
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(res.Manifest), strings.TrimSpace(cli))

			t.Log("rendering with the helm v4 command line: same objects")
			h4, err := render.Helm4(t, opts)
			require.NoError(t, err)
			h4objs, err := render.Decode(h4)
			require.NoError(t, err)
			assert.Equal(t, objs, h4objs)
		})
	}
}
