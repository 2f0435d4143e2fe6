{{/*
Validation: what the schema cannot judge, checked after the jobs are merged. Each
failure is one line naming the values path, what it holds, and what is allowed. The
rules live beside their concept (lib/_cronjob.tpl, _job.tpl, _pod.tpl, _container.tpl,
_volumes.tpl, _podsecurity.tpl, _labels.tpl, _serviceaccount.tpl, _alerts.tpl); this
file holds the order in which they run: escron.validate.release once per render,
escron.validate.job once per job.
*/}}

{{- define "escron.validate.release" -}}
{{- $v := .Values -}}
{{- range $key := list "nameOverride" "fullnameOverride" -}}
{{- $name := get $v $key | default "" | toString -}}
{{- if and $name (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name)) -}}
{{- fail (printf "%s is %s: lower-case letters, digits and '-', starting and ending with a letter or digit" $key (include "escron.show" $name)) -}}
{{- end -}}
{{- end -}}
{{- range $key, $_ := $v.jobs -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" $key) -}}
{{- fail (printf "jobs.%s: a job's key is a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit" $key) -}}
{{- end -}}
{{- end -}}
{{- include "escron.validate.labels" (dict "path" "commonLabels" "value" $v.commonLabels) -}}
{{- include "escron.validate.annotations" (dict "path" "commonAnnotations" "value" $v.commonAnnotations) -}}
{{- $rule := $v.prometheusRule | default dict -}}
{{- include "escron.validate.labels" (dict "path" "prometheusRule.labels" "value" $rule.labels) -}}
{{- include "escron.validate.annotations" (dict "path" "prometheusRule.annotations" "value" $rule.annotations) -}}
{{- range $i, $obj := $v.extraObjects -}}
{{- if and (kindIs "map" $obj) (not (and $obj.apiVersion $obj.kind)) -}}
{{- fail (printf "extraObjects[%d] has no apiVersion or kind: each entry is a whole Kubernetes manifest" $i) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.job: (dict "root" $ "job" JOB) */}}
{{- define "escron.validate.job" -}}
{{- include "escron.validate.cronjob" .job -}}
{{- include "escron.validate.jobSpec" .job -}}
{{- include "escron.validate.pod" .job -}}
{{- include "escron.validate.mainContainer" .job -}}
{{- include "escron.validate.configmaps" .job -}}
{{- include "escron.validate.volumes" .job -}}
{{- include "escron.validate.containers" .job -}}
{{- include "escron.validate.securityContexts" .job -}}
{{- include "escron.validate.jobMetadata" .job -}}
{{- include "escron.validate.serviceAccount" .job -}}
{{- include "escron.validate.alerts" .job -}}
{{- end -}}

{{/* escron.validate.enum: (dict "path" P "value" V "allowed" LIST "what" TEXT); null passes. */}}
{{- define "escron.validate.enum" -}}
{{- if and (not (kindIs "invalid" .value)) (not (has .value .allowed)) -}}
{{- fail (printf "%s is %s: %s" .path (include "escron.show" .value) .what) -}}
{{- end -}}
{{- end -}}
