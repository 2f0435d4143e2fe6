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
