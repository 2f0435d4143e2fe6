{{/*
The CronJob of a job: the schedule and its settings from cronjob, the Job template
from job and the pod keys.
*/}}

{{/* escron.cronJob: (dict "root" $ "job" JOB "out" DICT) fills DICT with the CronJob object. */}}
{{- define "escron.cronJob" -}}
{{- $job := .job -}}
{{- $cron := $job.cronjob | default dict -}}
{{- $settings := $job.job | default dict -}}
{{- $_ := set .out "apiVersion" "batch/v1" -}}
{{- $_ := set .out "kind" "CronJob" -}}
{{- $meta := dict -}}
{{- include "escron.metadata" (dict "root" .root "key" $job.escron.key "name" $job.escron.name "out" $meta "labels" (list ($cron.labels | default dict)) "annotations" (list ($cron.annotations | default dict))) -}}
{{- $_ := set .out "metadata" $meta -}}
{{- $spec := dict -}}
{{- include "escron.passthrough" (dict "names" (include "escron.fields.CronJobSpec" .) "values" $cron "out" $spec) -}}
{{- $_ := set $spec "schedule" (toString $cron.schedule) -}}
{{- with $cron.timeZone }}{{ $_ := set $spec "timeZone" . }}{{ end -}}
{{- $_ := set $spec "concurrencyPolicy" ($cron.concurrencyPolicy | default "Forbid") -}}
{{- $_ := set $spec "suspend" ($cron.suspend | default false) -}}
{{- $templateMeta := dict -}}
{{- include "escron.metadata" (dict "root" .root "key" $job.escron.key "template" true "out" $templateMeta "labels" (list ($settings.labels | default dict)) "annotations" (list ($settings.annotations | default dict))) -}}
{{- $jobSpec := dict -}}
{{- include "escron.jobSpec" (dict "root" .root "job" $job "out" $jobSpec) -}}
{{- $_ := set $spec "jobTemplate" (dict "metadata" $templateMeta "spec" $jobSpec) -}}
{{- $_ := set .out "spec" $spec -}}
{{- end -}}
