package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/monitoring"
	"github.com/escron/escron/test/internal/render"
)

// alertOpts and alertValues are the render that testdata/alerts/escron.test.yaml is
// written for: CronJob escron/backup (escron job main), alerts on, maxAge 1h,
// maxDuration 30m, and a runbook_url made of $labels.escron_job and $labels.cronjob (the
// expressions' labels, not the rules'). Its last line is in the alerts map, so that a
// test can add keys.
var alertOpts = render.Options{ReleaseName: "backup", Namespace: "escron"}

const alertValues = "fullnameOverride: backup\nalerts:\n  enabled: true\n  maxAge: 1h\n  maxDuration: 30m\n  annotations: {runbook_url: \"https://runbooks.example.com/escron/{{ $labels.escron_job }}/{{ $labels.cronjob }}\"}\n"

// alertVariants are more renders whose rules must pass promtool and the CRD: several
// jobs, user labels and annotations, every maxAge unit, an opted-out job.
const alertVariants = `
prometheusRule: {labels: {release: kube-prometheus-stack}}
alerts:
  enabled: true
  maxAge: 26h
  labels: {team: dba}
  annotations: {runbook_url: "https://runbooks.example.com/escron#{{ $labels.cronjob }}"}
jobs:
  db: {}
  files: {alerts: {failed: false, maxAge: 1h30m, severity: critical}}
  weekly: {alerts: {maxAge: 2w3d4h5m6s, labels: {team: null, tier: archive}}}
  fast: {alerts: {maxAge: 90s500ms}}
  tmp: {alerts: {enabled: false}}
`

// seriesFile is the promtool unit test file, and ruleFileName the rule file it names,
// which the test writes beside a copy of it.
var seriesFile = filepath.Join("testdata", "alerts", "escron.test.yaml")

const ruleFileName = "escron.rules.yaml"

// renderManifest renders values over alertOpts and returns the manifest.
func renderManifest(t testing.TB, values string) string {
	t.Helper()
	o := alertOpts
	o.Values = values
	res, err := render.SDK(o)
	require.NoError(t, err, "values:\n%s", values)
	return res.Manifest
}

// TestAlertRulesPassPromtool: the chart's rendered rules pass `promtool check rules` and
// the promtool unit tests of testdata/alerts: escron.test.yaml (failed then recovered,
// never succeeded, stale, suspended then resumed, failures that must not alert, failed
// again after a success, an older run failing after a newer success, a scrape gap, no
// _created metrics, a run too long) over the rules of alertValues, and
// escron-clusters.test.yaml (two clusters in one rule evaluator) over the same rules
// grouped by cluster.
func TestAlertRulesPassPromtool(t *testing.T) {
	monitoring.NeedTools(t, "promtool")
	for _, tc := range []struct {
		series, rules, values string
	}{
		{seriesFile, ruleFileName, alertValues},
		{filepath.Join("testdata", "alerts", "escron-clusters.test.yaml"), "escron-clusters.rules.yaml", alertValues + "  groupBy: [cluster]\n"},
	} {
		t.Run(filepath.Base(tc.series), func(t *testing.T) {
			dir := t.TempDir()
			rules, err := monitoring.WriteRuleFileE(renderManifest(t, tc.values), dir, tc.rules)
			require.NoError(t, err)
			assert.Contains(t, monitoring.CheckRules(t, rules), "SUCCESS: 4 rules found")

			series, err := os.ReadFile(tc.series)
			require.NoError(t, err)
			var doc struct {
				RuleFiles []string `json:"rule_files"`
			}
			require.NoError(t, yaml.Unmarshal(series, &doc))
			require.Equal(t, []string{tc.rules}, doc.RuleFiles, "%s runs the rules the test writes", tc.series)
			tests := filepath.Join(dir, filepath.Base(tc.series))
			require.NoError(t, os.WriteFile(tests, series, 0o644))
			out := monitoring.UnitTestRules(t, tests)
			assert.Contains(t, out, "SUCCESS")
		})
	}
}

// TestAlertRulesVariantsPassPromtool: the rules of several jobs with user labels,
// annotations and every maxAge unit pass `promtool check rules --lint-fatal`.
func TestAlertRulesVariantsPassPromtool(t *testing.T) {
	monitoring.NeedTools(t, "promtool")
	rules := monitoring.WriteRuleFile(t, renderManifest(t, alertVariants))
	// db, weekly and fast: failed, stale and metrics absent; files: stale and metrics
	// absent; tmp: none.
	assert.Contains(t, monitoring.CheckRules(t, rules), "SUCCESS: 11 rules found")
}

// TestAlertPrometheusRuleAcceptedByTheAPIServer: the rendered releases, PrometheusRule
// included, are accepted by the real API server with the PrometheusRule CRD installed,
// every field kept.
func TestAlertPrometheusRuleAcceptedByTheAPIServer(t *testing.T) {
	for name, values := range map[string]string{"single": alertValues, "variants": alertVariants} {
		t.Run(name, func(t *testing.T) {
			o := alertOpts
			o.Values = values
			res, err := render.SDK(o)
			require.NoError(t, err)
			rules := 0
			for _, j := range judge(t, res.Manifest) {
				assert.NoError(t, j.err)
				assert.Empty(t, j.dropped, j.object)
				if strings.HasPrefix(j.object, "PrometheusRule/") {
					rules++
				}
			}
			assert.Equal(t, 1, rules, "one PrometheusRule judged")
		})
	}
}

// onlyPrometheusRule is the release's single PrometheusRule, with its single group.
func onlyPrometheusRule(t testing.TB, objs *render.Objects) *render.PrometheusRule {
	t.Helper()
	require.Len(t, objs.PrometheusRules, 1, "PrometheusRules")
	pr := objs.PrometheusRules[0]
	require.Len(t, pr.Spec.Groups, 1, "groups")
	return pr
}

// alertsByCronJob lists the rules as "CRONJOB ALERT", sorted.
func alertsByCronJob(pr *render.PrometheusRule) []string {
	var out []string
	for _, r := range pr.Spec.Groups[0].Rules {
		out = append(out, r.Labels["cronjob"]+" "+r.Alert)
	}
	sort.Strings(out)
	return out
}

// ruleOf is the alert's rule for the CronJob.
func ruleOf(t testing.TB, pr *render.PrometheusRule, alert, cronjob string) render.Rule {
	t.Helper()
	for _, r := range pr.Spec.Groups[0].Rules {
		if r.Alert == alert && r.Labels["cronjob"] == cronjob {
			return r
		}
	}
	require.Failf(t, "no rule", "%s for %s in %v", alert, cronjob, alertsByCronJob(pr))
	return render.Rule{}
}

var staleThreshold = regexp.MustCompile(`\n\s*\) > (\S+)\n`)

// maxAgeSeconds is the threshold of a stale rule's expression, in seconds.
func maxAgeSeconds(t testing.TB, r render.Rule) float64 {
	t.Helper()
	m := staleThreshold.FindStringSubmatch(r.Expr)
	require.NotNil(t, m, "no threshold in\n%s", r.Expr)
	v, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return v
}

// TestAlertPrometheusRule: what the PrometheusRule holds for the alert values.
func TestAlertPrometheusRule(t *testing.T) {
	cases := []renderCase{
		{
			name: "one PrometheusRule for the release, with every job that has alerts",
			values: `
alerts: {maxAge: 26h}
jobs:
  db: {alerts: {enabled: true}}
  files: {alerts: {enabled: true, maxAge: 1h30m}}
  tmp: {}
  off: {alerts: {enabled: false}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				assert.Equal(t, "backup-escron", pr.Name)
				assert.Equal(t, "escron", pr.Namespace)
				assert.Equal(t, "escron.backup-escron", pr.Spec.Groups[0].Name)
				assert.Equal(t, []string{
					"backup-escron-db EscronJobFailed", "backup-escron-db EscronJobMetricsAbsent", "backup-escron-db EscronJobStale",
					"backup-escron-files EscronJobFailed", "backup-escron-files EscronJobMetricsAbsent", "backup-escron-files EscronJobStale",
				}, alertsByCronJob(pr))
				for key, cj := range map[string]string{"db": "backup-escron-db", "files": "backup-escron-files"} {
					require.NotNil(t, objs.CronJob(cj), "the rules name a rendered CronJob")
					failed, stale := ruleOf(t, pr, "EscronJobFailed", cj), ruleOf(t, pr, "EscronJobStale", cj)
					assert.Equal(t, map[string]string{"severity": "warning", "escron_job": key, "cronjob": cj}, failed.Labels)
					assert.Equal(t, failed.Labels, stale.Labels)
					assert.Contains(t, failed.Expr, fmt.Sprintf(`kube_job_owner{namespace="escron", owner_kind="CronJob", owner_name=%q}`, cj))
					assert.Contains(t, stale.Expr, fmt.Sprintf(`kube_cronjob_status_last_successful_time{namespace="escron", cronjob=%q}`, cj))
				}
				assert.Equal(t, 93600.0, maxAgeSeconds(t, ruleOf(t, pr, "EscronJobStale", "backup-escron-db")))
				assert.Equal(t, 5400.0, maxAgeSeconds(t, ruleOf(t, pr, "EscronJobStale", "backup-escron-files")))
			},
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "PrometheusRule backup-escron")
			},
		},
		{
			name:   "root alerts.enabled turns them on for every job, a job opts out",
			values: "alerts: {enabled: true}\njobs: {db: {}, tmp: {alerts: {enabled: false}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, []string{"backup-escron-db EscronJobFailed", "backup-escron-db EscronJobMetricsAbsent"}, alertsByCronJob(onlyPrometheusRule(t, objs)))
			},
		},
		{
			name: "prometheusRule labels and annotations on the object, beside the chart's",
			values: `
commonLabels: {team: data}
prometheusRule: {labels: {release: kube-prometheus-stack}, annotations: {owner: dba}}
alerts: {enabled: true}
`,
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				for k, v := range map[string]string{
					"release": "kube-prometheus-stack", "team": "data",
					"app.kubernetes.io/instance": "backup", "app.kubernetes.io/name": "escron",
				} {
					assert.Equal(t, v, pr.Labels[k], k)
				}
				assert.Equal(t, map[string]string{"owner": "dba"}, pr.Annotations)
				assert.NotContains(t, ruleOf(t, pr, "EscronJobFailed", "backup-escron").Labels, "release",
					"the object's labels are not the alerts' labels")
			},
		},
		{
			name: "severity, user labels and annotations; the user's win, but not over cronjob",
			values: `
alerts:
  enabled: true
  maxAge: 26h
  severity: critical
  labels: {team: dba, escron_job: nightly, cronjob: other}
  annotations: {runbook_url: https://runbooks.example.com/escron, summary: The backup is broken}
`,
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				for _, alert := range []string{"EscronJobFailed", "EscronJobStale"} {
					r := ruleOf(t, pr, alert, "backup-escron")
					assert.Equal(t, map[string]string{
						"severity": "critical", "team": "dba", "escron_job": "nightly", "cronjob": "backup-escron",
					}, r.Labels, alert)
					assert.Equal(t, "https://runbooks.example.com/escron", r.Annotations["runbook_url"], alert)
					assert.Equal(t, "The backup is broken", r.Annotations["summary"], alert)
					assert.Contains(t, r.Annotations["description"], "CronJob escron/backup-escron (escron job main)", alert)
					assert.Len(t, r.Annotations, 3, alert)
				}
			},
		},
		{
			name:   "severity null is warning",
			values: "alerts: {enabled: true, severity: null}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "warning", ruleOf(t, onlyPrometheusRule(t, objs), "EscronJobFailed", "backup-escron").Labels["severity"])
			},
		},
		{
			name:   "a severity label beats alerts.severity",
			values: "alerts: {enabled: true, severity: critical, labels: {severity: page}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, "page", ruleOf(t, onlyPrometheusRule(t, objs), "EscronJobFailed", "backup-escron").Labels["severity"])
			},
		},
		{
			name: "a job's labels and annotations merge over the root's, key by key",
			values: `
alerts: {enabled: true, labels: {team: ops, tier: gold}, annotations: {runbook_url: https://runbooks.example.com/all}}
jobs:
  db: {alerts: {labels: {tier: db}, annotations: {dashboard: https://dashboards.example.com/db}}}
  files: {alerts: {labels: {tier: null}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				db := ruleOf(t, pr, "EscronJobFailed", "backup-escron-db")
				assert.Equal(t, "ops", db.Labels["team"])
				assert.Equal(t, "db", db.Labels["tier"])
				assert.Equal(t, "https://runbooks.example.com/all", db.Annotations["runbook_url"])
				assert.Equal(t, "https://dashboards.example.com/db", db.Annotations["dashboard"])
				files := ruleOf(t, pr, "EscronJobFailed", "backup-escron-files")
				assert.Equal(t, "ops", files.Labels["team"])
				assert.NotContains(t, files.Labels, "tier", "null removes the root's label")
				assert.NotContains(t, files.Annotations, "dashboard")
			},
		},
		{
			name:   "alerts.failed false leaves only the stale rule",
			values: "alerts: {enabled: true, failed: false, maxAge: 26h}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, []string{"backup-escron EscronJobMetricsAbsent", "backup-escron EscronJobStale"}, alertsByCronJob(onlyPrometheusRule(t, objs)))
			},
		},
		{
			name:   "no maxAge leaves only the failed rule, and the metrics check",
			values: "alerts: {enabled: true}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, []string{"backup-escron EscronJobFailed", "backup-escron EscronJobMetricsAbsent"}, alertsByCronJob(onlyPrometheusRule(t, objs)))
			},
		},
	}
	for _, tc := range []struct {
		maxAge  string
		seconds float64
	}{
		{"26h", 93600}, {"1h30m", 5400}, {"7d", 604800}, {"2w", 1209600}, {"1y", 31536000},
		{"45m", 2700}, {"90s", 90}, {"1m500ms", 60.5}, {"1d2h3m4s", 93784},
	} {
		cases = append(cases, renderCase{
			name:   "maxAge " + tc.maxAge + " in seconds",
			values: fmt.Sprintf("alerts: {enabled: true, maxAge: %s}\n", tc.maxAge),
			check: func(t *testing.T, objs *render.Objects) {
				r := ruleOf(t, onlyPrometheusRule(t, objs), "EscronJobStale", "backup-escron")
				assert.Equal(t, tc.seconds, maxAgeSeconds(t, r))
				assert.Equal(t, "CronJob escron/backup-escron has not succeeded for {{ $value | humanizeDuration }} (alerts.maxAge: "+tc.maxAge+")", r.Annotations["summary"], "the age comes from the alert's value")
			},
		})
	}
	for _, bad := range []string{"1 day", "1.5h", "26H", "h", "-1h", "1h 30m"} {
		cases = append(cases, renderCase{
			name:    "maxAge " + bad + " refused",
			values:  fmt.Sprintf("alerts: {enabled: true, maxAge: %q}\n", bad),
			wantErr: []string{fmt.Sprintf("alerts.maxAge is %q: a Prometheus duration such as 26h, 7d or 1h30m", bad)},
		})
	}
	cases = append(cases,
		renderCase{
			name:    "maxAge of zero refused: the alert would always fire",
			values:  "alerts: {enabled: true, maxAge: 0s}\n",
			wantErr: []string{`alerts.maxAge is "0s": a duration above zero`},
		},
		renderCase{
			name:    "maxDuration of zero refused: the alert would always fire",
			values:  "alerts: {enabled: true, maxDuration: 0m}\n",
			wantErr: []string{`alerts.maxDuration is "0m": a duration above zero`},
		},
		renderCase{
			name:    "keepFiringFor not a duration refused",
			values:  "alerts: {enabled: true, keepFiringFor: 10 minutes}\n",
			wantErr: []string{`alerts.keepFiringFor is "10 minutes": a Prometheus duration such as 26h, 7d or 1h30m`},
		},
		renderCase{
			name:    "an alert label name starting with a digit refused",
			values:  "alerts: {enabled: true, labels: {1team: a}}\n",
			wantErr: []string{`alerts.labels.1team: a Prometheus label name is letters, digits and '_', not starting with a digit`},
		},
		renderCase{
			name:    "an alert label name with a dash refused",
			values:  "alerts: {enabled: true, labels: {team-x: a}}\n",
			wantErr: []string{`alerts.labels.team-x: a Prometheus label name`},
		},
		renderCase{
			name:   "alert label names of letters, digits and '_' taken",
			values: "alerts: {enabled: true, labels: {_team: a, Team9_x: b}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				r := ruleOf(t, onlyPrometheusRule(t, objs), "EscronJobFailed", "backup-escron")
				assert.Equal(t, "a", r.Labels["_team"])
				assert.Equal(t, "b", r.Labels["Team9_x"])
			},
		},
		renderCase{
			name:    "groupBy not a label name refused",
			values:  "alerts: {enabled: true, groupBy: [k8s-cluster]}\n",
			wantErr: []string{`alerts.groupBy has "k8s-cluster": a Prometheus label name is letters, digits and '_'`},
		},
		renderCase{
			name:    "groupBy naming a label the rules group by already refused",
			values:  "alerts: {enabled: true, groupBy: [job_name]}\n",
			wantErr: []string{`alerts.groupBy has "job_name": the rules group by namespace, job_name, owner_name and cronjob already`},
		},
		renderCase{
			name:   "keepFiringFor empty: no keep_firing_for; metricsAbsent false: no metrics check",
			values: "alerts: {enabled: true, keepFiringFor: \"\", metricsAbsent: false}\n",
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				assert.Equal(t, []string{"backup-escron EscronJobFailed"}, alertsByCronJob(pr))
				assert.Empty(t, ruleOf(t, pr, "EscronJobFailed", "backup-escron").KeepFiring)
			},
		},
		renderCase{
			name:   "maxDuration from the job's activeDeadlineSeconds, and its own value first",
			values: "alerts: {enabled: true, failed: false}\njob: {activeDeadlineSeconds: 7200}\njobs: {nightly: {}, own: {alerts: {maxDuration: 3h}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				pr := onlyPrometheusRule(t, objs)
				nightly := ruleOf(t, pr, "EscronJobRunningTooLong", "backup-escron-nightly")
				assert.Contains(t, nightly.Expr, "\n  > 7200\n")
				assert.Contains(t, nightly.Annotations["summary"], "(alerts.maxDuration: 7200s, the job's activeDeadlineSeconds)")
				assert.Equal(t, "10m", nightly.KeepFiring, "the default keepFiringFor")
				own := ruleOf(t, pr, "EscronJobRunningTooLong", "backup-escron-own")
				assert.Contains(t, own.Expr, "\n  > 10800\n")
			},
		},
		renderCase{
			name:    "a job's bad maxAge refused, naming the job",
			values:  "jobs: {db: {alerts: {enabled: true, maxAge: 1.5h}}}\n",
			wantErr: []string{`jobs.db.alerts.maxAge is "1.5h": a Prometheus duration such as 26h, 7d or 1h30m`},
		},
	)
	for name, values := range map[string]string{
		"defaults":                        "",
		"alerts off in every job":         "alerts: {maxAge: 26h}\njobs: {db: {}, files: {alerts: {enabled: false}}}\n",
		"alerts on but neither rule":      "alerts: {enabled: true, failed: false}\n",
		"prometheusRule labels, no alert": "prometheusRule: {labels: {release: kube-prometheus-stack}}\n",
	} {
		cases = append(cases, renderCase{
			name:   "no PrometheusRule: " + name,
			values: values,
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, objs.PrometheusRules)
				assert.NotEmpty(t, objs.CronJobs)
			},
		})
	}
	for i := range cases {
		cases[i].opts = alertOpts
	}
	runCases(t, cases)
}

// TestAlertSeriesFileCoversTheScenarios: the promtool unit tests keep every scenario
// issue 9 asks for, so that trimming the file does not go unnoticed.
func TestAlertSeriesFileCoversTheScenarios(t *testing.T) {
	series, err := os.ReadFile(seriesFile)
	require.NoError(t, err)
	var doc struct {
		Tests []struct {
			Name string `json:"name"`
		} `json:"tests"`
	}
	require.NoError(t, yaml.Unmarshal(series, &doc))
	var names []string
	for _, tc := range doc.Tests {
		names = append(names, tc.Name)
	}
	assert.Equal(t, []string{
		"failed then recovered by a run-now",
		"never succeeded",
		"stale since its last success",
		"stale but suspended, then resumed",
		"failures that are not the CronJob's newest result",
		"failed again after a success, scraped labels ignored",
		"the successful Job deleted by the history limit, the failure stays cleared",
		"two kube-state-metrics scraped at once",
		"an older run fails after a newer run succeeded",
		"a two-minute scrape gap keeps the alert firing",
		"kube-state-metrics without its _created metrics",
		"a run active longer than maxDuration",
	}, names)
	assert.NotContains(t, strings.ToLower(string(series)), "expr:", "the rules come from the render, not from this file")
}
