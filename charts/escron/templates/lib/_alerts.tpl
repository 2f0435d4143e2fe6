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
  EscronJobFailed: the newest finished Job owned by the CronJob (made by the CronJob
    controller, or by kubectl create job --from) failed: among its Jobs, the newest with
    the Failed condition was created after the newest success (a Complete Job, or the
    CronJob's lastSuccessfulTime, which outlives the Job). A later run that is still
    running keeps the alert; a later success clears it. Every series is aggregated by
    its identifying labels, so that two kube-state-metrics scraped at once give one.
  EscronJobStale: no Job of the CronJob succeeded for longer than alerts.maxAge,
    counting from the CronJob's creation when none ever did; silent while suspended.
*/}}
{{- define "escron.alertRules" -}}
{{- $job := .job -}}
{{- $a := $job.alerts | default dict -}}
{{- $ns := .root.Release.Namespace -}}
{{- $name := $job.escron.name -}}
{{- $labels := mergeOverwrite (dict "severity" ($a.severity | default "warning") "escron_job" $job.escron.key) ($a.labels | default dict) (dict "cronjob" $name) -}}
{{- $rules := list -}}
{{- if $a.failed -}}
{{- $owner := printf "max by (namespace, job_name, owner_name) (kube_job_owner{namespace=%q, owner_kind=\"CronJob\", owner_name=%q})" $ns $name -}}
{{- $newest := dict -}}
{{- range $condition := list "failed" "complete" -}}
{{- $_ := set $newest $condition (printf "max by (namespace, owner_name) (\n    max by (namespace, job_name) (kube_job_created{namespace=%q})\n  * on (namespace, job_name) group_left (owner_name)\n    %s\n  and on (namespace, job_name)\n    max by (namespace, job_name) (kube_job_%s{namespace=%q, condition=\"true\"}) == 1\n)" $ns $owner $condition $ns) -}}
{{- end -}}
{{- $succeeded := printf "max by (namespace, owner_name) (\n%s\n  or\n    label_replace(max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace=%q, cronjob=%q}), \"owner_name\", \"$1\", \"cronjob\", \"(.*)\")\n)" (indent 2 $newest.complete) $ns $name -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobFailed"
    "expr" (printf "%s\nunless on (namespace, owner_name)\n(\n%s\n>= on (namespace, owner_name)\n%s\n)" $newest.failed (indent 2 $succeeded) (indent 2 $newest.failed))
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "The newest run of CronJob %s/%s failed" $ns $name)
        "description" (printf "The newest finished Job of CronJob %s/%s (escron job %s) failed, and none succeeded since. Its runs: kubectl -n %s get jobs -l app.kubernetes.io/instance=%s,app.kubernetes.io/component=%s" $ns $name $job.escron.key $ns $.root.Release.Name $job.escron.key))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- with $a.maxAge -}}
{{- $cron := printf "namespace=%q, cronjob=%q" $ns $name -}}
{{- $rules = append $rules (dict
    "alert" "EscronJobStale"
    "expr" (printf "time() - max by (namespace, cronjob) (\n    kube_cronjob_status_last_successful_time{%s}\n  or\n    kube_cronjob_created{%s}\n) > %s\nunless on (namespace, cronjob)\n  kube_cronjob_spec_suspend{%s} == 1" $cron $cron (include "escron.durationSeconds" .) $cron)
    "labels" $labels
    "annotations" (mergeOverwrite (dict
        "summary" (printf "CronJob %s/%s has not succeeded for {{ $value | humanizeDuration }} (alerts.maxAge: %s)" $ns $name .)
        "description" (printf "No run of CronJob %s/%s (escron job %s) succeeded in the last %s, or since its creation. Its runs: kubectl -n %s get jobs -l app.kubernetes.io/instance=%s,app.kubernetes.io/component=%s" $ns $name $job.escron.key . $ns $.root.Release.Name $job.escron.key))
      ($a.annotations | default dict))) -}}
{{- end -}}
{{- toJson $rules -}}
{{- end -}}
