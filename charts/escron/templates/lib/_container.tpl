{{/*
Containers: the main one, built from mainContainer, and the init and extra containers,
given as in the Pod API. Helpers fill dicts (not text), so that numbers keep their
types until the object is written once.
*/}}

{{/* Resources of a main container that sets none, in a pod without pod-level resources. */}}
{{- define "escron.defaultResources" -}}
{"requests": {"cpu": "50m", "memory": "64Mi", "ephemeral-storage": "64Mi"}, "limits": {"cpu": "500m", "memory": "256Mi", "ephemeral-storage": "1Gi"}}
{{- end -}}

{{/* escron.image: a main container's values -> repository[:tag][@digest]. */}}
{{- define "escron.image" -}}
{{- $ref := toString .image -}}
{{- with .tag }}{{ $ref = printf "%s:%s" $ref (toString .) }}{{ end -}}
{{- with .digest }}{{ $ref = printf "%s@%s" $ref (toString .) }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/* escron.words: a list of scalars -> the same list of strings (7 -> "7"), as JSON. */}}
{{- define "escron.words" -}}
{{- $words := list -}}
{{- range . }}{{ $words = append $words (include "escron.string" .) }}{{ end -}}
{{- toJson $words -}}
{{- end -}}

{{/*
escron.mainContainer: (dict "job" JOB "out" DICT) fills DICT with the main container.
*/}}
{{- define "escron.mainContainer" -}}
{{- $job := .job -}}
{{- $mc := $job.mainContainer | default dict -}}
{{- $c := .out -}}
{{- $_ := set $c "name" "main" -}}
{{- $_ := set $c "image" (include "escron.image" $mc) -}}
{{- with $mc.pullPolicy }}{{ $_ := set $c "imagePullPolicy" . }}{{ end -}}
{{- with $mc.command }}{{ $_ := set $c "command" (include "escron.words" . | fromJsonArray) }}{{ end -}}
{{- with $mc.args }}{{ $_ := set $c "args" (include "escron.words" . | fromJsonArray) }}{{ end -}}
{{- with include "escron.env" $job | fromJsonArray }}{{ $_ := set $c "env" . }}{{ end -}}
{{- include "escron.passthrough" (dict "names" (include "escron.fields.Container" .) "values" $mc "out" $c) -}}
{{- if $mc.resources -}}
{{- $_ := set $c "resources" $mc.resources -}}
{{- else if not $job.resources -}}{{/* pod-level resources are the budget: no container default beside them */}}
{{- $_ := set $c "resources" (include "escron.defaultResources" . | fromJson) -}}
{{- end -}}
{{- with $mc.securityContext }}{{ $_ := set $c "securityContext" . }}{{ end -}}
{{- $mounts := list -}}
{{- range $m := include "escron.scriptMounts" $job | fromJsonArray }}{{ $mounts = append $mounts (omit $m "source") }}{{ end -}}
{{- if include "escron.needsTmp" $job }}{{ $mounts = append $mounts (dict "name" "tmp" "mountPath" "/tmp") }}{{ end -}}
{{- with concat $mounts ($job.extraVolumeMounts | default list) }}{{ $_ := set $c "volumeMounts" . }}{{ end -}}
{{- end -}}

{{/*
escron.containers: (dict "job" JOB "list" "initContainers"|"extraContainers") -> the
containers of that list as JSON, each as given; one without a securityContext key
gets the main container's (an explicit {} or null is kept).
*/}}
{{- define "escron.containers" -}}
{{- $main := (.job.mainContainer | default dict).securityContext -}}
{{- $out := list -}}
{{- range $c := get .job .list | default list -}}
{{- if and (not (hasKey $c "securityContext")) $main }}{{ $c = merge (dict "securityContext" $main) $c }}{{ end -}}
{{- $out = append $out $c -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
escron.containerContexts: a job -> a JSON list of {path, securityContext}: the values
path and the effective security context of each container (main, init, extra).
*/}}
{{- define "escron.containerContexts" -}}
{{- $main := (.mainContainer | default dict).securityContext -}}
{{- $out := list (dict "path" "mainContainer.securityContext" "securityContext" $main) -}}
{{- range $list := list "initContainers" "extraContainers" -}}
{{- range $i, $c := get $ $list | default list -}}
{{- $out = append $out (dict "path" (printf "%s[%d].securityContext" $list $i) "securityContext" (ternary $c.securityContext $main (hasKey $c "securityContext"))) -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
escron.env: a job -> its main container's env as a JSON list. A scalar becomes a
string value, a map a valueFrom source, null leaves the variable out. Variables are
sorted by name, except that one whose value refers to another as $(NAME) comes after
it: Kubernetes expands a reference only to a variable defined earlier. A cycle is an
error.
*/}}
{{- define "escron.env" -}}
{{- $env := (.mainContainer | default dict).env | default dict -}}
{{- $p := .escron.path -}}
{{- $deps := dict -}}
{{- range $name, $value := $env -}}
{{- if not (kindIs "invalid" $value) -}}
{{- if not (regexMatch "^[\\x20-\\x3c\\x3e-\\x7e]+$" $name) -}}
{{- fail (printf "%smainContainer.env: %s is not a valid variable name: printable ASCII characters other than '='" $p (include "escron.show" $name)) -}}
{{- end -}}
{{- $refs := list -}}
{{- if not (kindIs "map" $value) -}}
{{- range $token := regexFindAll "\\$\\$|\\$\\([^)]*\\)" (include "escron.string" $value) -1 -}}
{{- $ref := trimSuffix ")" (trimPrefix "$(" $token) -}}
{{- if and (ne $token "$$") (ne $ref $name) (hasKey $env $ref) (not (kindIs "invalid" (get $env $ref))) }}{{ $refs = append $refs $ref }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $_ := set $deps $name ($refs | uniq) -}}
{{- end -}}
{{- end -}}
{{- $order := list -}}
{{- $done := dict -}}
{{- range $_ := $deps -}}
{{- $next := "" -}}
{{- range $name := keys $deps | sortAlpha -}}
{{- if and (not $next) (not (hasKey $done $name)) -}}
{{- $ready := true -}}
{{- range $ref := get $deps $name }}{{ if not (hasKey $done $ref) }}{{ $ready = false }}{{ end }}{{ end -}}
{{- if $ready }}{{ $next = $name }}{{ end -}}
{{- end -}}
{{- end -}}
{{- if not $next -}}
{{- $cycle := list -}}
{{- range $name := keys $deps | sortAlpha }}{{ if not (hasKey $done $name) }}{{ $cycle = append $cycle $name }}{{ end }}{{ end -}}
{{- fail (printf "%smainContainer.env: %s refer to each other through $(NAME): Kubernetes expands a reference only to a variable defined before it, so one of them must not refer to the others" $p (join ", " $cycle)) -}}
{{- end -}}
{{- $_ := set $done $next true -}}
{{- $order = append $order $next -}}
{{- end -}}
{{- $list := list -}}
{{- range $name := $order -}}
{{- $value := get $env $name -}}
{{- if kindIs "map" $value -}}
{{- $list = append $list (dict "name" $name "valueFrom" $value) -}}
{{- else -}}
{{- $list = append $list (dict "name" $name "value" (include "escron.string" $value)) -}}
{{- end -}}
{{- end -}}
{{- toJson $list -}}
{{- end -}}
