{{/*
The Job of a job: the spec every run gets, shared by the CronJob's jobTemplate and the
run-on-install hook Job.
*/}}

{{/*
escron.jobSpec: (dict "root" $ "job" JOB "out" DICT) fills DICT with the JobSpec:
every field of job as given (escron.fields.JobSpec, generated from the OpenAPI) and
the pod template.
*/}}
{{- define "escron.jobSpec" -}}
{{- $job := .job -}}
{{- include "escron.passthrough" (dict "names" (include "escron.fields.JobSpec" .) "values" ($job.job | default dict) "out" .out) -}}
{{- $template := dict -}}
{{- include "escron.podTemplate" (dict "root" .root "job" $job "out" $template) -}}
{{- $_ := set .out "template" $template -}}
{{- end -}}

{{/* escron.validate.jobSpec: a job -> its job keys: a pod failure policy needs restartPolicy Never. */}}
{{- define "escron.validate.jobSpec" -}}
{{- $p := .escron.path -}}
{{- $spec := .job | default dict -}}
{{- if and $spec.podFailurePolicy (ne (.restartPolicy | default "Never") "Never") -}}
{{- fail (printf "%sjob.podFailurePolicy is set with %srestartPolicy %q: Kubernetes allows a pod failure policy only with restartPolicy Never" $p $p .restartPolicy) -}}
{{- end -}}
{{- end -}}
