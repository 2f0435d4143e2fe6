{{/*
Labels and object metadata. The chart's selector labels (name, instance, component)
always win: NOTES and kubectl selectors rely on them, and escron.validate.labels
refuses a user label that sets one. The user's labels win over the other recommended
labels.
*/}}

{{/* The label keys the chart owns: no user label may set them. */}}
{{- define "escron.selectorLabelKeys" -}}app.kubernetes.io/name app.kubernetes.io/instance app.kubernetes.io/component{{- end -}}

{{/*
escron.labels: (dict "root" $ "key" KEY "extra" (list MAP ...)) -> the labels of an
object of job KEY (KEY empty for release-wide objects), as JSON: the recommended
labels, commonLabels, then each extra map, then the selector labels.
*/}}
{{- define "escron.labels" -}}
{{- $labels := dict "helm.sh/chart" (include "escron.chart" .root) "app.kubernetes.io/managed-by" .root.Release.Service "app.kubernetes.io/part-of" (include "escron.name" .root) -}}
{{- with .root.Chart.AppVersion }}{{ $_ := set $labels "app.kubernetes.io/version" (. | trunc 63 | trimSuffix "-") }}{{ end -}}
{{- range $extra := prepend (.extra | default list) (.root.Values.commonLabels | default dict) -}}
{{- range $k, $v := $extra -}}
{{- if not (kindIs "invalid" $v) }}{{ $_ := set $labels $k $v }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $_ := set $labels "app.kubernetes.io/name" (include "escron.name" .root) -}}
{{- $_ := set $labels "app.kubernetes.io/instance" .root.Release.Name -}}
{{- with .key }}{{ $_ := set $labels "app.kubernetes.io/component" . }}{{ end -}}
{{- toJson $labels -}}
{{- end -}}

{{/*
escron.metadata: (dict "root" $ "key" KEY "name" NAME "out" DICT ["labels" (list MAP
...)] ["annotations" (list MAP ...)] ["clusterScoped" true] ["template" true]) fills
DICT with an object's metadata: name, namespace, labels (escron.labels) and
annotations (commonAnnotations, then each map given, later ones winning). The
metadata of a template (a Job's or a pod's) has no name and no commonAnnotations.
*/}}
{{- define "escron.metadata" -}}
{{- $annotations := .annotations | default list -}}
{{- if not .template -}}
{{- $_ := set .out "name" .name -}}
{{- if not .clusterScoped }}{{ $_ := set $.out "namespace" .root.Release.Namespace }}{{ end -}}
{{- $annotations = prepend $annotations (.root.Values.commonAnnotations | default dict) -}}
{{- end -}}
{{- $_ := set .out "labels" (include "escron.labels" (dict "root" .root "key" .key "extra" .labels) | fromJson) -}}
{{- $annotations = include "escron.annotations" (dict "maps" $annotations) | fromJson -}}
{{- with $annotations }}{{ $_ := set $.out "annotations" . }}{{ end -}}
{{- end -}}

{{/* escron.annotations: (dict "maps" (list MAP ...)) -> the maps merged, later ones winning, nulls left out, as JSON. */}}
{{- define "escron.annotations" -}}
{{- $out := dict -}}
{{- range $m := .maps -}}
{{- range $k, $v := $m -}}
{{- if not (kindIs "invalid" $v) }}{{ $_ := set $out $k $v }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* escron.validate.jobMetadata: a job -> the labels and annotations of its pods, CronJob, Job and ServiceAccount. */}}
{{- define "escron.validate.jobMetadata" -}}
{{- $p := .escron.path -}}
{{- $cron := .cronjob | default dict -}}
{{- $spec := .job | default dict -}}
{{- $sa := .serviceAccount | default dict -}}
{{- range $pair := list (list "podLabels" .podLabels) (list "cronjob.labels" $cron.labels) (list "job.labels" $spec.labels) (list "serviceAccount.labels" $sa.labels) -}}
{{- include "escron.validate.labels" (dict "path" (printf "%s%s" $p (first $pair)) "value" (last $pair)) -}}
{{- end -}}
{{- range $pair := list (list "podAnnotations" .podAnnotations) (list "cronjob.annotations" $cron.annotations) (list "job.annotations" $spec.annotations) (list "serviceAccount.annotations" $sa.annotations) -}}
{{- include "escron.validate.annotations" (dict "path" (printf "%s%s" $p (first $pair)) "value" (last $pair)) -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.labels: (dict "path" P "value" MAP): label keys and values, as Kubernetes checks them. */}}
{{- define "escron.validate.labels" -}}
{{- $owned := splitList " " (include "escron.selectorLabelKeys" .) -}}
{{- range $k, $v := .value | default dict -}}
{{- if not (kindIs "invalid" $v) -}}
{{- include "escron.validate.qualifiedName" (dict "path" $.path "key" $k "what" "label") -}}
{{- if has $k $owned -}}
{{- fail (printf "%s: the chart sets this label on every object of a job (kubectl selectors and NOTES rely on it); use another key" (include "escron.path.key" (dict "path" $.path "key" $k))) -}}
{{- end -}}
{{- if not (and (kindIs "string" $v) (le (len $v) 63) (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$" $v)) -}}
{{- fail (printf "%s is %s: a label value is a string of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty)" (include "escron.path.key" (dict "path" $.path "key" $k)) (include "escron.show" $v)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.annotations: (dict "path" P "value" MAP): annotation keys, string values. */}}
{{- define "escron.validate.annotations" -}}
{{- $size := 0 -}}
{{- range $k, $v := .value | default dict -}}
{{- if not (kindIs "invalid" $v) -}}
{{- include "escron.validate.qualifiedName" (dict "path" $.path "key" $k "what" "annotation") -}}
{{- $size = add $size (len $k) (len (toString $v)) -}}
{{- end -}}
{{- end -}}
{{- if gt $size 262144 -}}
{{- fail (printf "%s hold %d bytes: an object's annotations hold at most 262144 bytes (256 KiB)" .path $size) -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.qualifiedName: (dict "path" P "key" K "what" "label"): [prefix/]name. */}}
{{- define "escron.validate.qualifiedName" -}}
{{- $parts := splitList "/" .key -}}
{{- $name := last $parts -}}
{{- $prefix := ternary (first $parts) "" (eq (len $parts) 2) -}}
{{- if or (gt (len $parts) 2) (gt (len $name) 63) (not (regexMatch "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$" $name)) (and (eq (len $parts) 2) (or (gt (len $prefix) 253) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $prefix)))) -}}
{{- fail (printf "%s: %s is not a valid %s key: an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (such as example.com/team)" .path (include "escron.show" .key) .what) -}}
{{- end -}}
{{- end -}}
