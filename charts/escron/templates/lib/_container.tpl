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
escron.containerValues: a job -> a JSON list of its containers as in values, each
{"list": "extraContainers", "path": "extraContainers[0]", "container": {...}}, by list
name (extraContainers, initContainers, mainContainer) and then index.
*/}}
{{- define "escron.containerValues" -}}
{{- $out := list -}}
{{- range $list := list "extraContainers" "initContainers" -}}
{{- range $i, $c := get $ $list | default list -}}
{{- $out = append $out (dict "list" $list "path" (printf "%s[%d]" $list $i) "container" ($c | default dict)) -}}
{{- end -}}
{{- end -}}
{{- $out = append $out (dict "list" "mainContainer" "path" "mainContainer" "container" (.mainContainer | default dict)) -}}
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

{{/* escron.validate.mainContainer: a job -> its main container's pull policy and image. */}}
{{- define "escron.validate.mainContainer" -}}
{{- $p := .escron.path -}}
{{- $mc := .mainContainer | default dict -}}
{{- include "escron.validate.enum" (dict "path" (printf "%smainContainer.pullPolicy" $p) "value" $mc.pullPolicy "allowed" (list "Always" "IfNotPresent" "Never" "") "what" "Always, IfNotPresent, Never, or empty to let Kubernetes choose") -}}
{{- include "escron.validate.image" (dict "path" (printf "%smainContainer" $p) "value" $mc) -}}
{{- end -}}

{{/* The grammar of image references (the distribution project's): repository, tag, digest. */}}
{{- define "escron.imageRepositoryPattern" -}}
(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(:[0-9]+)?/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*
{{- end -}}
{{- define "escron.imageTagPattern" -}}[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}{{- end -}}
{{- define "escron.imageDigestPattern" -}}(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}|[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[a-zA-Z0-9=_-]{32,}){{- end -}}

{{/* escron.validate.image: (dict "path" "mainContainer" "value" MAIN_CONTAINER): image, tag and digest. */}}
{{- define "escron.validate.image" -}}
{{- $mc := .value -}}
{{- $image := $mc.image | default "" | toString -}}
{{- if not $image -}}
{{- fail (printf "%s.image is empty: set the image repository, for example docker.io/library/busybox" .path) -}}
{{- end -}}
{{- if or (gt (len $image) 255) (not (regexMatch (printf "^%s$" (include "escron.imageRepositoryPattern" .)) $image)) -}}
{{- fail (printf "%s.image is %s: a repository without tag or digest, in lower case, such as docker.io/library/busybox (the tag goes in %s.tag, the digest in %s.digest)" .path (include "escron.show" $image) .path .path) -}}
{{- end -}}
{{- with $mc.tag -}}
{{- if not (regexMatch (printf "^%s$" (include "escron.imageTagPattern" .)) (toString .)) -}}
{{- fail (printf "%s.tag is %s: letters, digits, '_', '.' and '-', at most 128 characters, not starting with '.' or '-' (quote numbers such as \"1.10\")" $.path (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- with $mc.digest -}}
{{- if not (regexMatch (printf "^%s$" (include "escron.imageDigestPattern" .)) (toString .)) -}}
{{- fail (printf "%s.digest is %s: an algorithm and its hex digest, such as sha256: followed by 64 lower-case hex digits" $.path (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.imageReference: (dict "path" P "value" IMAGE): a whole reference, repository[:tag][@digest]. */}}
{{- define "escron.validate.imageReference" -}}
{{- $pattern := printf "^%s(:%s)?(@%s)?$" (include "escron.imageRepositoryPattern" .) (include "escron.imageTagPattern" .) (include "escron.imageDigestPattern" .) -}}
{{- if not (and (kindIs "string" .value) (regexMatch $pattern .value)) -}}
{{- fail (printf "%s is %s: an image reference such as docker.io/library/busybox:1.37.0 (a lower-case repository, an optional :tag and @sha256:digest)" .path (include "escron.show" .value)) -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.containers: a job -> init and extra containers: names and images; resources of every container. */}}
{{- define "escron.validate.containers" -}}
{{- $p := .escron.path -}}
{{- $names := dict "main" "mainContainer" -}}
{{- range $list := list "initContainers" "extraContainers" -}}
{{- range $i, $c := get $ $list | default list -}}
{{- $at := printf "%s%s[%d]" $p $list $i -}}
{{- $name := toString $c.name -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" $name) -}}
{{- fail (printf "%s.name is %s: a DNS label (lower-case letters, digits and '-', at most 63 characters)" $at (include "escron.show" $c.name)) -}}
{{- end -}}
{{- with get $names $name -}}
{{- fail (printf "%s.name is %s, the name of %s%s: each container needs its own name" $at (include "escron.show" $name) $p .) -}}
{{- end -}}
{{- $_ := set $names $name (printf "%s[%d]" $list $i) -}}
{{- include "escron.validate.imageReference" (dict "path" (printf "%s.image" $at) "value" $c.image) -}}
{{- include "escron.validate.resources" (dict "path" (printf "%s.resources" $at) "value" $c.resources "container" true) -}}
{{- end -}}
{{- end -}}
{{- include "escron.validate.resources" (dict "path" (printf "%smainContainer.resources" $p) "value" (.mainContainer | default dict).resources "container" true) -}}
{{- include "escron.validate.resources" (dict "path" (printf "%sresources" $p) "value" .resources) -}}
{{- end -}}

{{/*
escron.quantity: a Kubernetes quantity (500m, 1.5, 2Gi, 1e3) -> its value as a float
string, or "" when it is not one.
*/}}
{{- define "escron.quantity" -}}
{{- $q := toString (include "escron.string" .) -}}
{{- $m := regexFindAll "^([+-]?)([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([eE][+-]?[0-9]{1,3})|n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$" $q 1 -}}
{{- if $m -}}
{{- $suffix := regexReplaceAll "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)" $q "" -}}
{{- $number := trimSuffix $suffix $q -}}
{{- $scale := get (dict "" "1" "n" "1e-9" "u" "1e-6" "m" "1e-3" "k" "1e3" "M" "1e6" "G" "1e9" "T" "1e12" "P" "1e15" "E" "1e18" "Ki" "1024" "Mi" "1048576" "Gi" "1073741824" "Ti" "1099511627776" "Pi" "1125899906842624" "Ei" "1152921504606846976") $suffix -}}
{{- if not $scale }}{{ $scale = printf "1%s" $suffix }}{{ end -}}
{{- mulf (float64 $number) (float64 $scale) -}}
{{- end -}}
{{- end -}}

{{/*
escron.validate.resources: (dict "path" P "value" RESOURCES "container" BOOL):
quantities, non-negative, requests at most limits; a container's resource names are
the API server's (cpu, memory, ephemeral-storage, hugepages-<size>, or a name with a
domain: an extended resource).
*/}}
{{- define "escron.validate.resources" -}}
{{- $r := .value | default dict -}}
{{- range $section := list "requests" "limits" -}}
{{- range $name, $q := get $r $section | default dict -}}
{{- if and $.container (not (contains "/" $name)) (not (has $name (list "cpu" "memory" "ephemeral-storage"))) (not (hasPrefix "hugepages-" $name)) -}}
{{- fail (printf "%s: no container resource is named %s; Kubernetes knows cpu, memory, ephemeral-storage, hugepages-<size>, and extended resources with a domain (example.com/gpu)" (include "escron.path.key" (dict "path" (printf "%s.%s" $.path $section) "key" $name)) (include "escron.show" $name)) -}}
{{- end -}}
{{- $v := include "escron.quantity" $q -}}
{{- if or (eq $v "") (lt (float64 $v) 0.0) -}}
{{- fail (printf "%s is %s: a non-negative quantity, such as 500m, 0.5, 256Mi or 1Gi" (include "escron.path.key" (dict "path" (printf "%s.%s" $.path $section) "key" $name)) (include "escron.show" $q)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $name, $q := $r.requests -}}
{{- $limit := get ($r.limits | default dict) $name -}}
{{- if and (not (kindIs "invalid" $limit)) (ne (toString $limit) "") (gt (float64 (include "escron.quantity" $q)) (float64 (include "escron.quantity" $limit))) -}}
{{- fail (printf "%s is %s, above its limit %s: a request may not exceed its limit" (include "escron.path.key" (dict "path" (printf "%s.requests" $.path) "key" $name)) (include "escron.show" $q) (include "escron.show" $limit)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
