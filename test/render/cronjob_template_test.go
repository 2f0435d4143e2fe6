package render_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/stretchr/testify/assert"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/escron/escron/test/internal/render"
)

func TestCronJob(t *testing.T) {
	runCases(t, []renderCase{
		{name: "every cronjob field, zeros included", values: `cronjob:
  schedule: "@hourly"
  timeZone: Etc/UTC
  concurrencyPolicy: Replace
  suspend: true
  successfulJobsHistoryLimit: 0
  failedJobsHistoryLimit: 0
  startingDeadlineSeconds: 0
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "@hourly", cj.Spec.Schedule)
				assert.Equal(t, ptr("Etc/UTC"), cj.Spec.TimeZone)
				assert.Equal(t, batchv1.ReplaceConcurrent, cj.Spec.ConcurrencyPolicy)
				assert.Equal(t, ptr(true), cj.Spec.Suspend)
				assert.Equal(t, ptr(int32(0)), cj.Spec.SuccessfulJobsHistoryLimit)
				assert.Equal(t, ptr(int32(0)), cj.Spec.FailedJobsHistoryLimit)
				assert.Equal(t, ptr(int64(0)), cj.Spec.StartingDeadlineSeconds)
			}},
		{name: "defaults: Forbid, history 3 and 1, a 300 s starting deadline, suspend written as false",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Equal(t, "0 3 * * *", cj.Spec.Schedule)
				assert.Equal(t, batchv1.ForbidConcurrent, cj.Spec.ConcurrencyPolicy)
				assert.Equal(t, ptr(int32(3)), cj.Spec.SuccessfulJobsHistoryLimit)
				assert.Equal(t, ptr(int32(1)), cj.Spec.FailedJobsHistoryLimit)
				assert.Equal(t, ptr(int64(300)), cj.Spec.StartingDeadlineSeconds, "a resumed CronJob starts no burst of missed runs")
				assert.Equal(t, ptr(false), cj.Spec.Suspend, "always written, so that the next upgrade undoes a kubectl patch")
			}},
		{name: "unset optional fields are left out", values: "cronjob:\n  startingDeadlineSeconds: null\n  successfulJobsHistoryLimit: null\n  suspend: null\n",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, cj.Spec.StartingDeadlineSeconds)
				assert.Nil(t, cj.Spec.SuccessfulJobsHistoryLimit)
				assert.Nil(t, cj.Spec.TimeZone)
				assert.Equal(t, ptr(false), cj.Spec.Suspend, "suspend is written even when null")
			}},
		{name: "concurrencyPolicy null is Forbid", values: "cronjob: {concurrencyPolicy: null}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, batchv1.ForbidConcurrent, onlyCronJob(t, objs).Spec.ConcurrencyPolicy)
			}},
		{name: "a root suspend pauses every job but those that set their own", values: "cronjob: {suspend: true}\njobs: {a: {}, b: {}, c: {cronjob: {suspend: false}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, ptr(true), objs.CronJob("demo-escron-a").Spec.Suspend)
				assert.Equal(t, ptr(true), objs.CronJob("demo-escron-b").Spec.Suspend)
				assert.Equal(t, ptr(false), objs.CronJob("demo-escron-c").Spec.Suspend)
			}},
		{name: "concurrencyPolicy typo", values: "cronjob: {concurrencyPolicy: forbid}\n",
			wantErr: []string{`cronjob.concurrencyPolicy is "forbid"`, "Allow, Forbid (the default) or Replace"}},
		{name: "schedule in words", values: `cronjob: {schedule: "every day"}`,
			wantErr: []string{`cronjob.schedule is "every day"`, "five cron fields are needed", "found 2"}},
		{name: "schedule with six fields", values: `cronjob: {schedule: "0 0 3 * * *"}`,
			wantErr: []string{"cronjob.schedule", "found 6"}},
		{name: "schedule with an unknown macro", values: `cronjob: {schedule: "@sometimes"}`,
			wantErr: []string{`cronjob.schedule is "@sometimes"`, "the macros are @yearly"}},
		{name: "empty schedule", values: `cronjob: {schedule: ""}`,
			wantErr: []string{"cronjob.schedule is required"}},
		{name: "null schedule", values: `cronjob: {schedule: null}`,
			wantErr: []string{"cronjob.schedule is required"}},
		{name: "out-of-range fields", values: `cronjob: {schedule: "99 99 99 99 99"}`,
			wantErr: []string{`cronjob.schedule is "99 99 99 99 99"`, `"99" is not a valid minute`, "from 0 to 59"}},
		{name: "a step of zero", values: `cronjob: {schedule: "*/0 * * * *"}`,
			wantErr: []string{`"*/0" is not a valid minute`, "(n > 0)"}},
		{name: "a TZ= prefix", values: `cronjob: {schedule: "TZ=Europe/Paris 0 3 * * *"}`,
			wantErr: []string{"cronjob.schedule", "set the time zone in cronjob.timeZone"}},
		{name: "a CRON_TZ= prefix", values: `cronjob: {schedule: "CRON_TZ=UTC 0 3 * * *"}`,
			wantErr: []string{"cronjob.timeZone", "not as a TZ= or CRON_TZ= prefix"}},
		{name: "time zone misspelt", values: "cronjob: {timeZone: Europe/Pariss}\n",
			wantErr: []string{`cronjob.timeZone is "Europe/Pariss"`, "an IANA time zone name"}},
		{name: "time zone Local", values: "cronjob: {timeZone: Local}\n",
			wantErr: []string{`cronjob.timeZone is "Local"`, "(not Local)"}},
		{name: "time zone with a space", values: `cronjob: {timeZone: "Europe/Paris now"}`,
			wantErr: []string{"cronjob.timeZone"}},
		{name: "negative history limit", values: `cronjob: {successfulJobsHistoryLimit: -1}`,
			wantErr: []string{"cronjob.successfulJobsHistoryLimit is -1: it takes a whole number from 0 to 2147483647"}},
		{name: "typo in cronjob", values: `cronjob: {shedule: "* * * * *"}`,
			wantErr: []string{"cronjob.shedule: no such key in cronjob; did you mean cronjob.schedule?"}},
		{name: "typo at the root: cronJob", values: `cronJob: {schedule: "* * * * *"}`,
			wantErr: []string{"cronJob: no such key at the root of the values; did you mean cronjob?"}},
		{name: "a job's schedule is checked too", values: "jobs: {nightly: {cronjob: {schedule: '61 * * * *'}}}\n",
			wantErr: []string{`jobs.nightly.cronjob.schedule is "61 * * * *"`}},
	})
}

// TestScheduleAgreesWithTheController: the chart accepts a schedule if and only if the
// CronJob controller's parser (robfig/cron's standard parser, which the API server also
// validates with) does, TZ prefixes aside, which the API server refuses.
func TestScheduleAgreesWithTheController(t *testing.T) {
	fields := []string{"*", "?", "0", "5", "59", "60", "+5", "05", "1-5", "5-1", "*/15", "*/0", "1-30/7", "10/5", "jan", "JAN-MAR", "mon", "MON-FRI", "sun,sat", "1,2,3", "0-59", "L", "7", "1-", "-1", "a", "", "**",
		// steps at the edge of the controller's int64: ten digits, the largest, one past it, leading zeros
		"*/1000000000", "*/9223372036854775807", "*/9223372036854775808", "*/00000000000000000000005", "1-5/099999999999999999999"}
	schedules := []string{"@daily", "@hourly", "@yearly", "@annually", "@monthly", "@weekly", "@midnight", "@every 1h30m", "@every 90s", "@every 1.5h", "@every 0", "@every x", "@every", " @daily", "@daily ", "@reboot", "  0 3 * * *  ", "0\t3 * * *\t*"}
	for i, f := range fields {
		for j, g := range fields {
			if (i+j)%3 == 0 {
				schedules = append(schedules, strings.Join([]string{f, "3", g, "*", fields[(i*7+j)%len(fields)]}, " "))
			}
		}
		schedules = append(schedules, strings.Join([]string{"0", "0", "1", f, "*"}, " "), strings.Join([]string{"0", "0", "*", "*", f}, " "), strings.Join([]string{f, "*", "*", "*", "*"}, " "))
	}
	renderOne := func(s string) error {
		_, err := render.SDK(render.Options{Values: "cronjob: {schedule: " + quoteYAML(s) + "}\n"})
		return err
	}
	var accepted []string
	for _, s := range schedules {
		if _, parseErr := cron.ParseStandard(s); parseErr != nil || s == "" {
			// Refused by the controller: the chart refuses it, alone.
			assert.Error(t, renderOne(s), "schedule %q: the controller's parser says %v, the chart renders it", s, parseErr)
			continue
		}
		accepted = append(accepted, s)
	}
	// Accepted by the controller: the chart renders them all, as the jobs of one release
	// (one render instead of one each); if it refuses, each is rendered alone to name it.
	var values strings.Builder
	values.WriteString("jobs:\n")
	for i, s := range accepted {
		fmt.Fprintf(&values, "  s%d: {cronjob: {schedule: %s}}\n", i, quoteYAML(s))
	}
	if _, err := render.SDK(render.Options{Values: values.String()}); err != nil {
		for _, s := range accepted {
			if err := renderOne(s); err != nil {
				t.Errorf("schedule %q: the controller's parser accepts it, the chart says %v", s, err)
			}
		}
		t.Fatalf("the %d schedules the controller accepts, as one release's jobs: %v", len(accepted), err)
	}
	t.Logf("%d schedules (%d the controller accepts, rendered as one release's jobs): chart and controller agree", len(schedules), len(accepted))
}

// TestTimeZoneAgreesWithTheController: a time zone the controller can load is accepted,
// Local and unknown names are refused.
func TestTimeZoneAgreesWithTheController(t *testing.T) {
	for _, tz := range []string{"Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/UTC", "UTC", "EST5EDT", "Etc/GMT+5", "Europe/Pariss", "europe/paris", "Local", "local", "Mars/Olympus", "Europe/../UTC"} {
		_, loadErr := time.LoadLocation(tz)
		valid := loadErr == nil && !strings.EqualFold(tz, "Local")
		_, err := render.SDK(render.Options{Values: "cronjob: {timeZone: " + quoteYAML(tz) + "}\n"})
		assert.Equal(t, valid, err == nil, "time zone %q: %v", tz, err)
	}
}

// quoteYAML is s as a double-quoted YAML string.
func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`).Replace(s) + `"`
}
