package render_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

// TestBadValues checks that each mistake fails the render with a message naming the
// value and what is allowed, before anything reaches a cluster.
func TestBadValues(t *testing.T) {
	bigScript := strings.Repeat("#", 1048576)
	cases := []struct {
		name    string
		values  string
		wantErr []string
	}{
		{"stray quote in image", `mainContainer: {image: 'curlimages/curl"'}`,
			[]string{"/mainContainer/image", `'curlimages/curl"'`, "does not match pattern"}},
		{"tag inside image", `mainContainer: {image: "busybox:1.37"}`,
			[]string{"/mainContainer/image", "'busybox:1.37'"}},
		{"empty image", `mainContainer: {image: ""}`,
			[]string{"/mainContainer/image"}},
		{"number as tag", `mainContainer: {tag: 1.10}`,
			[]string{"/mainContainer/tag", "got number, want null or string"}},
		{"malformed digest", `mainContainer: {digest: "sha256:abc"}`,
			[]string{"/mainContainer/digest", "'sha256:abc'"}},
		{"restartPolicy Always", `restartPolicy: Always`,
			[]string{"/restartPolicy", "'Never'", "'OnFailure'"}},
		{"concurrencyPolicy typo", `cronjob: {concurrencyPolicy: forbid}`,
			[]string{"/cronjob/concurrencyPolicy", "'Allow'", "'Forbid'", "'Replace'"}},
		{"schedule in words", `cronjob: {schedule: "every day"}`,
			[]string{"/cronjob/schedule", "'every day'", "does not match pattern"}},
		{"schedule with six fields", `cronjob: {schedule: "0 0 3 * * *"}`,
			[]string{"/cronjob/schedule"}},
		{"schedule with an unknown macro", `cronjob: {schedule: "@sometimes"}`,
			[]string{"/cronjob/schedule"}},
		{"empty schedule", `cronjob: {schedule: ""}`,
			[]string{"/cronjob/schedule"}},
		{"time zone with a space", `cronjob: {timeZone: "Europe/Paris now"}`,
			[]string{"/cronjob/timeZone"}},
		{"negative history limit", `cronjob: {successfulJobsHistoryLimit: -1}`,
			[]string{"/cronjob/successfulJobsHistoryLimit", "minimum"}},
		{"string as a number", `job: {backoffLimit: "3"}`,
			[]string{"/job/backoffLimit", "got string, want null or integer"}},
		{"fractional deadline", `job: {activeDeadlineSeconds: 1.5}`,
			[]string{"/job/activeDeadlineSeconds", "got number, want null or integer"}},
		{"typo at the root: cronJob", `cronJob: {schedule: "* * * * *"}`,
			[]string{"additional properties 'cronJob' not allowed"}},
		{"typo in a security context", `mainContainer: {securityContext: {readOnlyRootFileSystem: true}}`,
			[]string{"/mainContainer/securityContext", "additional properties 'readOnlyRootFileSystem' not allowed"}},
		{"typo inside a job", "jobs: {nightly: {mainContainer: {imag: alpine}}}",
			[]string{"/jobs/nightly/mainContainer", "additional properties 'imag' not allowed"}},
		{"job key with capitals", "jobs: {Nightly: {}}",
			[]string{"at '/jobs'", "additional properties 'Nightly' not allowed"}},
		{"relative mount path", "configmaps: {s: {mountpath: opt/, data: {a: {subPath: a.sh, content: x}}}}",
			[]string{"/configmaps/s/mountpath", "'opt/'"}},
		{"mount path with ..", "configmaps: {s: {mountpath: /opt/../etc, data: {a: {subPath: a.sh, content: x}}}}",
			[]string{"/configmaps/s/mountpath"}},
		{"subPath that is a path", "configmaps: {s: {mountpath: /opt, data: {a: {subPath: ../a.sh, content: x}}}}",
			[]string{"/configmaps/s/data/a/subPath", "'../a.sh'"}},
		{"item without content", "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh}}}}",
			[]string{"/configmaps/s/data/a", "missing property 'content'"}},
		{"file mode out of range", "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh, content: x, mode: 1000}}}}",
			[]string{"/configmaps/s/data/a/mode", "maximum"}},
		{"env name with a space", `mainContainer: {env: {"MY VAR": x}}`,
			[]string{"at '/mainContainer/env'", "additional properties 'MY VAR' not allowed"}},
		{"env value as a list", `mainContainer: {env: {LIST: [a, b]}}`,
			[]string{"/mainContainer/env/LIST"}},
		{"env source unknown", `mainContainer: {env: {X: {secretRef: {name: s}}}}`,
			[]string{"/mainContainer/env/X"}},
		{"env source without key", `mainContainer: {env: {X: {secretKeyRef: {name: s}}}}`,
			[]string{"/mainContainer/env/X"}},
		{"2>&1 in command", `mainContainer: {command: [sh, /opt/run.sh, "2>&1"]}`,
			[]string{`mainContainer.command[2] is "2>&1"`, "no shell reads", "sh, -c"}},
		{"redirection in a job's args", "jobs: {nightly: {mainContainer: {args: [run, \">\", out.log]}}}",
			[]string{`jobs.nightly.mainContainer.args[1] is ">"`}},
		{"podFailurePolicy with OnFailure", "restartPolicy: OnFailure\njob: {podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [1]}}]}}",
			[]string{"job.podFailurePolicy", `restartPolicy "OnFailure"`, "only with restartPolicy Never"}},
		{"ConfigMap over 1 MiB", fmt.Sprintf("configmaps: {big: {mountpath: /opt, data: {a: {subPath: a.sh, content: %q}}}}", bigScript),
			[]string{"configmaps.big holds 1048577 bytes", "at most 1048576 bytes (1 MiB)"}},
		{"two files at one path", "configmaps: {a: {mountpath: /opt, data: {first: {subPath: run.sh, content: a}}}, b: {mountpath: /opt/, data: {second: {subPath: run.sh, content: b}}}}",
			[]string{"configmaps.b.data.second mounts at /opt/run.sh", "configmaps.a.data.first is already mounted"}},
		{"label value too long", "podLabels: {team: " + strings.Repeat("x", 64) + "}",
			[]string{"/podLabels/team", "maxLength"}},
		{"fullnameOverride not a DNS name", `fullnameOverride: My_Backups`,
			[]string{"/fullnameOverride", "'My_Backups'"}},
		{"unknown tests key", "tests: {enable: true}",
			[]string{"/tests", "additional properties 'enable' not allowed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := render.SDK(render.Options{Values: tc.values})
			require.Error(t, err, "values should be rejected:\n%s", tc.values)
			for _, want := range tc.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

// TestGlobalIsAllowed: umbrella charts pass `global` to every subchart.
func TestGlobalIsAllowed(t *testing.T) {
	_, err := render.SDK(render.Options{Values: "global: {imageRegistry: example.com}\n"})
	require.NoError(t, err)
}
