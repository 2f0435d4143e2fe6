{{/*
The pod template of a job, shared by its CronJob, its run-on-install Job and its helm
test Pod: one line per field the chart sets; the other PodSpec fields pass through as
given (escron.fields.PodSpec, generated from the OpenAPI).
*/}}

{{/*
escron.podTemplate: (dict "root" $ "job" JOB "out" DICT ["hook" (dict "name" NAME
"annotations" MAP "restartPolicy" POLICY)]) fills DICT with the pod's metadata and
spec. The test hook names the pod, adds its annotations (which win over
podAnnotations), runs it once (restartPolicy Never) and bounds it by the Job's
activeDeadlineSeconds unless the pod sets its own.
*/}}
{{- define "escron.podTemplate" -}}
{{- $job := .job -}}
{{- $hook := .hook | default dict -}}
{{- $meta := dict -}}
{{- include "escron.metadata" (dict "root" .root "key" $job.escron.key "name" $hook.name "template" (not $hook.name) "out" $meta "labels" (list ($job.podLabels | default dict)) "annotations" (list ($job.podAnnotations | default dict) ($hook.annotations | default dict))) -}}
{{- $spec := dict -}}
{{- include "escron.passthrough" (dict "names" (include "escron.fields.PodSpec" .) "values" $job "out" $spec) -}}
{{- $_ := set $spec "restartPolicy" ($hook.restartPolicy | default $job.restartPolicy | default "Never") -}}
{{- $_ := set $spec "serviceAccountName" $job.escron.serviceAccount -}}
{{- $_ := set $spec "automountServiceAccountToken" (($job.serviceAccount | default dict).automount | default false) -}}
{{- with $job.podSecurityContext }}{{ $_ := set $spec "securityContext" . }}{{ end -}}
{{- with $job.imagePullSecrets -}}
{{- $secrets := list -}}
{{- range . }}{{ $secrets = append $secrets (dict "name" (include "escron.secretName" .)) }}{{ end -}}
{{- $_ := set $spec "imagePullSecrets" $secrets -}}
{{- end -}}
{{- with include "escron.containers" (dict "job" $job "list" "initContainers") | fromJsonArray }}{{ $_ := set $spec "initContainers" . }}{{ end -}}
{{- $main := dict -}}
{{- include "escron.mainContainer" (dict "job" $job "out" $main) -}}
{{- $_ := set $spec "containers" (prepend (include "escron.containers" (dict "job" $job "list" "extraContainers") | fromJsonArray) $main) -}}
{{- $volumes := include "escron.scriptVolumes" $job | fromJsonArray -}}
{{- if include "escron.needsTmp" $job }}{{ $volumes = append $volumes (dict "name" "tmp" "emptyDir" dict) }}{{ end -}}
{{- with concat $volumes ($job.extraVolumes | default list) }}{{ $_ := set $spec "volumes" . }}{{ end -}}
{{- if and $hook.name (not (hasKey $spec "activeDeadlineSeconds")) -}}
{{- with ($job.job | default dict).activeDeadlineSeconds }}{{ $_ := set $spec "activeDeadlineSeconds" . }}{{ end -}}
{{- end -}}
{{- $_ := set .out "metadata" $meta -}}
{{- $_ := set .out "spec" $spec -}}
{{- end -}}

{{/* escron.secretName: an imagePullSecrets entry (a name, or {name: ...}) -> the name. */}}
{{- define "escron.secretName" -}}
{{- if kindIs "map" . }}{{ .name | default "" }}{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{/* escron.validate.pod: a job -> its pod keys: restart policy, required node affinity, image pull secrets. */}}
{{- define "escron.validate.pod" -}}
{{- $p := .escron.path -}}
{{- include "escron.validate.enum" (dict "path" (printf "%srestartPolicy" $p) "value" .restartPolicy "allowed" (list "Never" "OnFailure") "what" "a Job's pods restart Never (the default) or OnFailure") -}}
{{- $required := ((.affinity | default dict).nodeAffinity | default dict).requiredDuringSchedulingIgnoredDuringExecution -}}
{{- if and (kindIs "map" $required) (not $required.nodeSelectorTerms) -}}
{{- fail (printf "%saffinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution has no nodeSelectorTerms: Kubernetes requires at least one term (matchExpressions or matchFields); to require nothing, leave requiredDuringSchedulingIgnoredDuringExecution out" $p) -}}
{{- end -}}
{{- range $i, $secret := .imagePullSecrets -}}
{{- if not (include "escron.secretName" $secret) -}}
{{- fail (printf "%simagePullSecrets[%d] has no name: a Secret's name, or {name: ...}" $p $i) -}}
{{- end -}}
{{- end -}}
{{- end -}}
