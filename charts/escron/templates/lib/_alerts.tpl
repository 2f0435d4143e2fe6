{{/*
Alerts: Prometheus alerting rules on kube-state-metrics' series, for the jobs that
turn them on (alerts.enabled). Each rule is scoped to one CronJob of the release.
*/}}

{{/* escron.durationSeconds: a Prometheus duration (26h, 1h30m, 7d) -> seconds. */}}
{{- define "escron.durationSeconds" -}}
{{- $seconds := 0.0 -}}
{{- $units := dict "y" 31536000.0 "w" 604800.0 "d" 86400.0 "h" 3600.0 "m" 60.0 "s" 1.0 "ms" 0.001 -}}
{{- range $part := regexFindAll "[0-9]+(ms|[ywdhms])" (toString .) -1 -}}
{{- $unit := regexReplaceAll "^[0-9]+" $part "" -}}
{{- $seconds = addf $seconds (mulf (float64 (trimSuffix $unit $part)) (get $units $unit)) -}}
{{- end -}}
{{- include "escron.string" $seconds -}}
{{- end -}}

{{/*
escron.alertRules: (dict "root" $ "job" JOB) -> the job's alerting rules as a JSON list.
Every expression keeps the labels alerts.groupBy names (a `cluster` label, for one rule
evaluator over several clusters) and ends with `cronjob` and `escron_job` labels, so that
annotations can use $labels.cronjob and $labels.escron_job; each series is aggregated by
its identifying labels, so that two kube-state-metrics scraped at once give one.
  EscronJobFailed: the newest finished run failed. A failed Job F of the CronJob (made
    by the CronJob controller, or by kubectl create job --from) alerts, with its
    job_name, unless a run succeeded after F finished: the newest success is the newest
    completion time of a Job, or the CronJob's lastSuccessfulTime (which outlives the
    Job). F finished after it when F was created after it, or when F was seen unfinished
    after it within the last day (an older run failing after a newer one succeeded,
    with concurrencyPolicy Allow or a run-now). The newest such Job is named.
  EscronJobStale: no Job of the CronJob succeeded for longer than alerts.maxAge,
    counting from the CronJob's creation when none ever did; silent while suspended.
  EscronJobRunningTooLong: a Job of the CronJob has been active longer than
    alerts.maxDuration (default: the job's activeDeadlineSeconds).
  EscronJobMetricsAbsent: kube-state-metrics exports no kube_cronjob_created for the
    CronJob for 15 minutes (not scraped, or its _created metrics denied): the other
    alerts could not fire.
*/}}
{{- define "escron.alertRules" -}}
{{- $job := .job -}}
{{- $a := $job.alerts | default dict -}}
{{- $ns := .root.Release.Namespace -}}
{{- $name := $job.escron.name -}}
{{- $key := $job.escron.key -}}
{{- $labels := mergeOverwrite (dict "severity" ($a.severity | default "warning") "escron_job" $key) ($a.labels | default dict) (dict "cronjob" $name) -}}
{{- $g := "" -}}
{{- range $a.groupBy -}}{{- $g = printf "%s%s, " $g . -}}{{- end -}}
{{- $byJob := printf "%snamespace, job_name" $g -}}
{{- $byOwner := printf "%snamespace, owner_name" $g -}}
{{- $named := printf "label_replace(label_replace(\n%%s\n, \"cronjob\", %q, \"\", \"\"), \"escron_job\", %q, \"\", \"\")" $name $key -}}
{{- $runs := printf "Its runs: kubectl -n %s get jobs -l app.kubernetes.io/instance=%s,app.kubernetes.io/component=%s" $ns $.root.Release.Name $key -}}
{{- $owner := printf "max by (%s, owner_name) (kube_job_owner{namespace=%q, owner_kind=\"CronJob\", owner_name=%q})" $byJob $ns $name -}}
{{- $rules := list -}}
{{- if $a.failed -}}
{{- $failed := printf "(\n    max by (%s) (kube_job_created{namespace=%q})\n      * on (%s) group_left (owner_name)\n    %s\n  and on (%s)\n    max by (%s) (kube_job_failed{namespace=%q, condition=\"true\"}) == 1\n  )" $byJob $ns $byJob $owner $byJob $byJob $ns -}}
{{- $success := printf "max by (%s) (\n      max by (%s) (kube_job_status_completion_time{namespace=%q})\n        * on (%s) group_left (owner_name)\n      %s\n    or\n      label_replace(max by (%snamespace, cronjob) (kube_cronjob_status_last_successful_time{namespace=%q, cronjob=%q}), \"owner_name\", \"$1\", \"cronjob\", \"(.*)\")\n    or\n      0 * %s\n  )" $byOwner $byJob $ns $byJob $owner $g $ns $name (replace "\n" "\n    " $failed) -}}
{{- $unfinished := printf "max_over_time(timestamp(\n        max by (%s) (kube_job_created{namespace=%q})\n      unless on (%s)\n        kube_job_failed{namespace=%q, condition=\"true\"} == 1\n    )[1d:1m])\n      * on (%s) group_left (owner_name)\n    %s" $byJob $ns $byJob $ns $byJob $owner -}}
{{- $expr := printf "topk by (%s) (1,\n    %s\n  > on (%s) group_left\n    %s\n  or\n    %s\n  and on (%s)\n    (\n    %s\n    > on (%s) group_left\n    %s\n    )\n)" $byOwner $failed $byOwner $success $failed $byJob $unfinished $byOwner (replace "\n" "\n  " $success) -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobFailed"
    "expr" (printf $named $expr)
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "The newest run of CronJob %s/%s failed" $ns $name)
        "description" (printf "The newest finished Job of CronJob %s/%s (escron job %s), {{ $labels.job_name }}, failed, and none succeeded since. %s" $ns $name $key $runs))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- $cron := printf "namespace=%q, cronjob=%q" $ns $name -}}
{{- with $a.maxAge -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobStale"
    "expr" (printf $named (printf "  time() - max by (%snamespace, cronjob) (\n      kube_cronjob_status_last_successful_time{%s}\n    or\n      kube_cronjob_created{%s}\n  ) > %s\nunless on (%snamespace, cronjob)\n  kube_cronjob_spec_suspend{%s} == 1" $g $cron $cron (include "escron.durationSeconds" .) $g $cron))
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "CronJob %s/%s has not succeeded for {{ $value | humanizeDuration }} (alerts.maxAge: %s)" $ns $name .)
        "description" (printf "No run of CronJob %s/%s (escron job %s) succeeded in the last %s, or since its creation. %s" $ns $name $key . $runs))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- $limit := $a.maxDuration | default "" -}}
{{- $limitSeconds := "" -}}
{{- if $limit -}}
{{- $limitSeconds = include "escron.durationSeconds" $limit -}}
{{- else if not (kindIs "invalid" ($job.job | default dict).activeDeadlineSeconds) -}}
{{- $limitSeconds = toString ($job.job.activeDeadlineSeconds | int64) -}}
{{- $limit = printf "%ss, the job's activeDeadlineSeconds" $limitSeconds -}}
{{- end -}}
{{- if and $limitSeconds (ne $limitSeconds "0") -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobRunningTooLong"
    "expr" (printf $named (printf "    (time() - max by (%s) (kube_job_status_start_time{namespace=%q}))\n      * on (%s) group_left (owner_name)\n    %s\n  > %s\nand on (%s)\n  max by (%s) (kube_job_status_active{namespace=%q}) > 0" $byJob $ns $byJob $owner $limitSeconds $byJob $byJob $ns))
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "Job {{ $labels.job_name }} of CronJob %s/%s has been running for {{ $value | humanizeDuration }} (alerts.maxDuration: %s)" $ns $name $limit)
        "description" (printf "A run of CronJob %s/%s (escron job %s) is still active after %s. %s" $ns $name $key $limit $runs))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- with $a.keepFiringFor -}}
{{- range $r := $rules }}{{ $_ := set $r "keep_firing_for" $a.keepFiringFor }}{{ end -}}
{{- end -}}
{{- if and $rules (ne (toString $a.metricsAbsent) "false") -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobMetricsAbsent"
    "expr" (printf $named (printf "  absent(kube_cronjob_created{%s})" $cron))
    "for" "15m"
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "kube-state-metrics exports nothing of CronJob %s/%s: its escron alerts cannot fire" $ns $name)
        "description" (printf "kube_cronjob_created{%s} has been absent for 15 minutes: kube-state-metrics is not scraped, or denies its _created metrics, or the CronJob is gone. The alerts of escron job %s need kube_cronjob_*, kube_job_* and their namespace, cronjob, job_name and owner_* labels (see the chart's README)." $cron $key))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- toJson $rules -}}
{{- end -}}

{{/* escron.validate.alerts: a job -> its alert settings. */}}
{{- define "escron.validate.alerts" -}}
{{- $p := .escron.path -}}
{{- $a := .alerts | default dict -}}
{{- range $field := list "maxAge" "maxDuration" "keepFiringFor" -}}
{{- with index $a $field -}}
{{- if not (regexMatch "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$" (toString .)) -}}
{{- fail (printf "%salerts.%s is %s: a Prometheus duration such as 26h, 7d or 1h30m" $p $field (include "escron.show" .)) -}}
{{- end -}}
{{- if and (ne $field "keepFiringFor") (eq (include "escron.durationSeconds" .) "0") -}}
{{- fail (printf "%salerts.%s is %s: a duration above zero (the alert would always fire)" $p $field (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $a.groupBy -}}
{{- if not (regexMatch "^[a-zA-Z_][a-zA-Z0-9_]*$" (toString .)) -}}
{{- fail (printf "%salerts.groupBy has %s: a Prometheus label name is letters, digits and '_', not starting with a digit" $p (include "escron.show" .)) -}}
{{- end -}}
{{- if has (toString .) (list "namespace" "job_name" "owner_name" "cronjob") -}}
{{- fail (printf "%salerts.groupBy has %s: the rules group by namespace, job_name, owner_name and cronjob already; name the other labels only (such as cluster)" $p (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- range $k, $_ := $a.labels -}}
{{- if not (regexMatch "^[a-zA-Z_][a-zA-Z0-9_]*$" $k) -}}
{{- fail (printf "%salerts.labels.%s: a Prometheus label name is letters, digits and '_', not starting with a digit" $p $k) -}}
{{- end -}}
{{- end -}}
{{- end -}}
