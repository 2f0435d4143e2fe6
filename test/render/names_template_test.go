package render_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/escron/escron/test/internal/render"
)

// TestNames checks the API's name limits for long release and job names: a CronJob
// name of at most 52 characters, label values of at most 63, and no two releases
// whose long names share a prefix colliding after shortening.
func TestNames(t *testing.T) {
	long := strings.Repeat("a", 40)
	cases := []struct {
		release, job string
	}{
		{"short", ""},
		{long + "-one", ""},
		{long + "-two", ""},
		{"x", strings.Repeat("j", 40)},
		{strings.Repeat("r", 53), strings.Repeat("k", 40)},
		{strings.Repeat("r", 53), strings.Repeat("k", 39) + "z"},
		{strings.Repeat("r", 53), strings.Repeat("k", 63)},
	}
	seen := map[string]string{}
	for _, tc := range cases {
		values := "configmaps: {scripts: {mountpath: /opt, data: {s: {subPath: s.sh, content: x}}}}\n"
		if tc.job != "" {
			values += "jobs: {" + tc.job + ": {}}\n"
		}
		objs := renderObjects(t, render.Options{ReleaseName: tc.release, Values: values})
		cj := onlyCronJob(t, objs)
		assert.LessOrEqual(t, len(cj.Name), 52, "CronJob name %q", cj.Name)
		assert.Empty(t, validation.IsDNS1123Subdomain(cj.Name))
		for _, labels := range []map[string]string{cj.Labels, cj.Spec.JobTemplate.Spec.Template.Labels} {
			for k, v := range labels {
				assert.Empty(t, validation.IsValidLabelValue(v), "label %s=%q", k, v)
			}
		}
		require.Len(t, objs.ConfigMaps, 1)
		assert.Empty(t, validation.IsDNS1123Subdomain(objs.ConfigMaps[0].Name))
		for _, v := range podSpec(cj).Volumes {
			assert.Empty(t, validation.IsDNS1123Label(v.Name), "volume %q", v.Name)
		}
		key := tc.release + "/" + tc.job
		if other, dup := seen[cj.Name]; dup {
			t.Errorf("%s and %s both render CronJob %s", key, other, cj.Name)
		}
		seen[cj.Name] = key
	}
}

// TestNameRules: where the release-wide name and each object's name come from.
func TestNameRules(t *testing.T) {
	runCases(t, []renderCase{
		{name: "release name followed by the chart name", opts: render.Options{ReleaseName: "nightly"},
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "nightly-escron", onlyCronJob(t, objs).Name)
			}},
		{name: "a release name holding the chart name is used alone", opts: render.Options{ReleaseName: "escron-prod"},
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "escron-prod", onlyCronJob(t, objs).Name)
			}},
		{name: "nameOverride replaces the chart name in names and labels", values: "nameOverride: backup\n", opts: render.Options{ReleaseName: "nightly"},
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "nightly-backup", cj.Name)
				assert.Equal(t, "backup", cj.Labels["app.kubernetes.io/name"])
				assert.Equal(t, "backup", cj.Spec.JobTemplate.Spec.Template.Labels["app.kubernetes.io/name"])
			}},
		{name: "a nameOverride of 64 characters is cut to 63, without the '-' the cut leaves last", values: "nameOverride: " + strings.Repeat("n", 62) + "-x\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, strings.Repeat("n", 62), onlyCronJob(t, objs).Labels["app.kubernetes.io/name"])
			}},
		{name: "fullnameOverride replaces the prefix", values: "fullnameOverride: es-backup\njobs: {daily: {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "es-backup-daily", onlyCronJob(t, objs).Name)
			}},
		{name: "a release-wide name of 63 characters is kept", values: "fullnameOverride: " + strings.Repeat("f", 63) + "\nalerts: {enabled: true}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.PrometheusRules, 1)
				assert.Equal(t, strings.Repeat("f", 63), objs.PrometheusRules[0].Name, "the PrometheusRule carries the release-wide name")
			}},
		{name: "a release-wide name of 64 characters is cut to 63 with a hash", values: "alerts: {enabled: true}\nnameOverride: backupjobs\n", opts: render.Options{ReleaseName: strings.Repeat("r", 53)},
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.PrometheusRules, 1)
				full := strings.Repeat("r", 53) + "-backupjobs"
				assert.Equal(t, strings.TrimSuffix(full[:54], "-")+"-"+fmt.Sprintf("%x", sha256.Sum256([]byte(full)))[:8], objs.PrometheusRules[0].Name)
			}},
		{name: "a CronJob name of exactly 52 characters is kept", values: "fullnameOverride: " + strings.Repeat("n", 52) + "\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, strings.Repeat("n", 52), onlyCronJob(t, objs).Name)
			}},
		{name: "a CronJob name of 53 characters gets a hash", values: "fullnameOverride: " + strings.Repeat("n", 53) + "\n",
			check: func(t *testing.T, objs *render.Objects) {
				name := onlyCronJob(t, objs).Name
				assert.Len(t, name, 52)
				assert.Regexp(t, `^n{43}-[0-9a-f]{8}$`, name)
			}},
		{name: "numbers as release, namespace and override stay strings", values: "fullnameOverride: \"789\"\n", opts: render.Options{ReleaseName: "123", Namespace: "456"},
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "789", cj.Name)
				assert.Equal(t, "456", cj.Namespace)
				assert.Equal(t, "123", cj.Labels["app.kubernetes.io/instance"])
			}},
		{name: "a job's fullnameOverride names its CronJob and what is named after it, as written",
			values: "serviceAccount: {create: true}\njobs: {db: {fullnameOverride: nightly-db, configmaps: {s: {mountpath: /s, data: {a: {subPath: a.sh, content: x}}}}}, files: {fullnameOverride: \"\"}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.NotNil(t, objs.CronJob("nightly-db"))
				require.NotNil(t, objs.CronJob("demo-escron-files"), "empty: the default name")
				assert.Equal(t, "nightly-db", podSpec(objs.CronJob("nightly-db")).ServiceAccountName)
				assert.Equal(t, "db", objs.CronJob("nightly-db").Labels["app.kubernetes.io/component"], "the component label stays the key")
				var cms []string
				for _, cm := range objs.ConfigMaps {
					cms = append(cms, cm.Name)
				}
				assert.Contains(t, cms, "nightly-db-s")
			}},
		{name: "a job's fullnameOverride of exactly 52 characters is kept", values: "jobs: {db: {fullnameOverride: " + strings.Repeat("n", 52) + "}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, strings.Repeat("n", 52), onlyCronJob(t, objs).Name)
			}},
		{name: "a job's fullnameOverride of 53 characters is refused, not shortened", values: "jobs: {db: {fullnameOverride: " + strings.Repeat("n", 53) + "}}\n",
			wantErr: []string{`jobs.db.fullnameOverride is "` + strings.Repeat("n", 53) + `": the CronJob's name, at most 52 characters`}},
		{name: "a job's fullnameOverride that is no DNS label is refused", values: "jobs: {db: {fullnameOverride: Nightly-DB}}\n",
			wantErr: []string{`jobs.db.fullnameOverride is "Nightly-DB": the CronJob's name, at most 52 characters (the CronJob controller adds 11 to name each Job): lower-case letters, digits and '-', starting and ending with a letter or digit`}},
		{name: "a job's fullnameOverride ending in '-' is refused", values: "jobs: {db: {fullnameOverride: nightly-}}\n",
			wantErr: []string{`jobs.db.fullnameOverride is "nightly-"`}},
		{name: "two jobs' fullnameOverride alike are refused", values: "jobs: {a: {fullnameOverride: same}, b: {fullnameOverride: same}}\n",
			wantErr: []string{`jobs.b.fullnameOverride is "same": job a has that name too; each job's CronJob needs a name of its own`}},
		{name: "a fullnameOverride that is another job's default name is refused, naming the override",
			values:  "jobs: {a: {}, z: {fullnameOverride: demo-escron-a}}\n",
			wantErr: []string{`jobs.z.fullnameOverride is "demo-escron-a": job a has that name too`}},
		{name: "the same, the override's job first",
			values:  "jobs: {a: {fullnameOverride: demo-escron-b}, b: {}}\n",
			wantErr: []string{`jobs.a.fullnameOverride is "demo-escron-b": job b has that name too`}},
		{name: "a service account named by a number-like string", opts: render.Options{SetValues: []string{"serviceAccount.name=1.5"}},
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "1.5", podSpec(onlyCronJob(t, objs)).ServiceAccountName)
			}},
	})
}

// TestJobKeysAreStrings: YAML reads yes, on and 123 as other types; as job keys they
// become strings, and so do the names and labels made from them (a null key, which a
// values file cannot hold, comes through --set).
func TestJobKeysAreStrings(t *testing.T) {
	for _, o := range []render.Options{
		{Values: "jobs: {123: {}}\n"},
		{Values: "jobs: {yes: {}}\n"},
		{Values: "jobs: {on: {}}\n"},
		{Values: "jobs: {true: {}}\n"},
		{Values: "jobs: {0x1f: {}}\n"},
		{Values: "jobs: {1e3: {}}\n"},
		{SetValues: []string{"jobs.null.enabled=true"}},
		{SetValues: []string{"jobs.007.enabled=true"}},
	} {
		t.Run(o.Values+strings.Join(o.SetValues, ""), func(t *testing.T) {
			objs := renderObjects(t, o)
			cj := onlyCronJob(t, objs)
			component := cj.Labels["app.kubernetes.io/component"]
			assert.NotEmpty(t, component)
			assert.Equal(t, "demo-escron-"+component, cj.Name)
			assert.Equal(t, component, cj.Spec.JobTemplate.Spec.Template.Labels["app.kubernetes.io/component"])
		})
	}
}

// TestConfigMapNamesNeverCollide: job a with entry b-c and job a-b with entry c would
// both be rel-escron-a-b-c; each job must mount its own script.
func TestConfigMapNamesNeverCollide(t *testing.T) {
	objs := renderObjects(t, render.Options{ReleaseName: "rel", Values: `jobs:
  a:
    configmaps: {b-c: {mountpath: /opt, data: {run: {subPath: run.sh, content: "echo job a"}}}}
  a-b:
    configmaps: {c: {mountpath: /opt, data: {run: {subPath: run.sh, content: "echo job a-b"}}}}
`})
	require.Len(t, objs.ConfigMaps, 2)
	assert.NotEqual(t, objs.ConfigMaps[0].Name, objs.ConfigMaps[1].Name)
	t.Log("each colliding name gets the first 8 hex digits of the sha256 of what the ConfigMap is (job and entry)")
	hash := func(identity string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(identity)))[:8] }
	assert.ElementsMatch(t, []string{"rel-escron-a-b-c-" + hash("job/a/b-c"), "rel-escron-a-b-c-" + hash("job/a-b/c")},
		[]string{objs.ConfigMaps[0].Name, objs.ConfigMaps[1].Name})
	for job, want := range map[string]string{"rel-escron-a": "echo job a", "rel-escron-a-b": "echo job a-b"} {
		cj := objs.CronJob(job)
		require.NotNil(t, cj, job)
		require.Len(t, podSpec(cj).Volumes, 2, "the script and /tmp")
		cm := objs.ConfigMap(podSpec(cj).Volumes[0].ConfigMap.Name)
		require.NotNil(t, cm, "%s mounts a ConfigMap that exists", job)
		assert.Equal(t, want, cm.Data["run"], "%s runs its own script", job)
	}
}

// TestConfigMapOrder: the ConfigMaps render in one order, whatever the map order of the
// values (a GitOps diff shows only what changed): each job's own entries by job and
// key, then the shared ones by key.
func TestConfigMapOrder(t *testing.T) {
	objs := renderValues(t, `configmaps: {z: {mountpath: /z, data: {r: {subPath: r.sh, content: z}}}}
jobs:
  b: {configmaps: {p: {mountpath: /p, data: {r: {subPath: r.sh, content: p}}}}}
  a: {configmaps: {q: {mountpath: /q, data: {r: {subPath: r.sh, content: q}}}}}
`)
	var names []string
	for _, cm := range objs.ConfigMaps {
		names = append(names, cm.Name)
	}
	assert.Equal(t, []string{"demo-escron-a-q", "demo-escron-b-p", "demo-escron-z"}, names)
}
