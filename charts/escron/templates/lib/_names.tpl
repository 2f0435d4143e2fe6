{{/*
Names: every object's name comes from here. Names are cut to their limit with a hash
of the full name (escron.shortName), never by truncation alone, so two long names
never become one.
*/}}

{{/* escron.name: the chart name, nameOverride aware: the app.kubernetes.io/name label. */}}
{{- define "escron.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
escron.fullname: the release-wide name prefix: fullnameOverride, else the release name,
followed by the chart name unless the release name already contains it.
*/}}
{{- define "escron.fullname" -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- $full := .Values.fullnameOverride -}}
{{- if not $full -}}
{{- $full = ternary .Release.Name (printf "%s-%s" .Release.Name $name) (contains $name .Release.Name) -}}
{{- end -}}
{{- include "escron.shortName" (dict "name" $full "max" 63) -}}
{{- end -}}

{{/* escron.chart: chart-version, as the helm.sh/chart label wants it. */}}
{{- define "escron.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
escron.shortName: (dict "name" NAME "max" N) -> NAME when it fits in N characters,
else a prefix of it, "-" and 8 hex characters of NAME's sha256.
*/}}
{{- define "escron.shortName" -}}
{{- if le (len .name) (int .max) -}}
{{- .name -}}
{{- else -}}
{{- printf "%s-%s" (.name | trunc (sub (int .max) 9 | int) | trimSuffix "-") (sha256sum .name | trunc 8) -}}
{{- end -}}
{{- end -}}

{{/*
escron.jobName: (dict "root" $ "key" KEY "single" BOOL "override" NAME) -> the CronJob's
name: the job's own fullnameOverride as written, else the release-wide name followed by
the job's key when it comes from the jobs map. At most 52 characters: the CronJob
controller appends 11 characters to name each Job, and Job names become label values
(63). An override that does not fit is refused, not shortened.
*/}}
{{- define "escron.jobName" -}}
{{- if .override -}}
{{- $o := toString .override -}}
{{- if or (gt (len $o) 52) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $o)) -}}
{{- fail (printf "jobs.%s.fullnameOverride is %s: the CronJob's name, at most 52 characters (the CronJob controller adds 11 to name each Job): lower-case letters, digits and '-', starting and ending with a letter or digit" .key (include "escron.show" .override)) -}}
{{- end -}}
{{- $o -}}
{{- else -}}
{{- $name := include "escron.fullname" .root -}}
{{- if not .single -}}
{{- $name = printf "%s-%s" $name .key -}}
{{- end -}}
{{- include "escron.shortName" (dict "name" $name "max" 52) -}}
{{- end -}}
{{- end -}}

{{/*
escron.derivedName: (dict "name" JOB_NAME "suffix" SUFFIX) -> the name of an object
made for one job (its run-on-install Job, test pod, run-now Job): a job's name is at
most 52 characters and the suffixes (install, test, manual) at most 7, so that it fits
in 63, a Job name's limit as a label value.
*/}}
{{- define "escron.derivedName" -}}
{{- printf "%s-%s" .name .suffix -}}
{{- end -}}

{{/* The key of the job the root values describe when there is no jobs map. */}}
{{- define "escron.singleJobKey" -}}main{{- end -}}
