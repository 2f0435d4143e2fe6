{{/*
Volumes: the job's files (configmaps entries) mounted one by one by subPath, and the
writable /tmp of a read-only root filesystem.
*/}}

{{/* The default mode of a mounted file: readable and executable by all (0555). */}}
{{- define "escron.defaultFileMode" -}}365{{- end -}}

{{/*
escron.scriptItems: a configmaps entry -> its files as a JSON list of {section, key,
subPath, mode}, data first, each section by key (no content: it may be large).
*/}}
{{- define "escron.scriptItems" -}}
{{- $items := list -}}
{{- range $section := list "data" "binaryData" -}}
{{- range $key, $item := get $ $section | default dict -}}
{{- if kindIs "map" $item }}{{ $items = append $items (dict "section" $section "key" $key "subPath" $item.subPath "mode" $item.mode) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toJson $items -}}
{{- end -}}

{{/*
escron.scriptMounts: a job -> a JSON list of the volume mounts of its files: {name,
mountPath, subPath, readOnly, source (the values path of the file)}.
*/}}
{{- define "escron.scriptMounts" -}}
{{- $mounts := list -}}
{{- $refs := .escron.configMaps -}}
{{- range $cmKey, $cm := .configmaps -}}
{{- if kindIs "map" $cm -}}
{{- range $f := include "escron.scriptItems" $cm | fromJsonArray -}}
{{- $mounts = append $mounts (dict
    "name" (get $refs $cmKey).volume
    "mountPath" (printf "%s/%s" (trimSuffix "/" (toString $cm.mountpath)) $f.subPath)
    "subPath" $f.key
    "readOnly" true
    "source" (include "escron.path.key" (dict "path" (printf "configmaps.%s.%s" $cmKey $f.section) "key" $f.key))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $mounts -}}
{{- end -}}

{{/* escron.scriptVolumes: a job -> a JSON list of the volumes of its configmaps entries. */}}
{{- define "escron.scriptVolumes" -}}
{{- $volumes := list -}}
{{- $refs := .escron.configMaps -}}
{{- range $cmKey, $cm := .configmaps -}}
{{- if kindIs "map" $cm -}}
{{- $ref := get $refs $cmKey -}}
{{- $items := list -}}
{{- range $f := include "escron.scriptItems" $cm | fromJsonArray -}}
{{- $mode := include "escron.defaultFileMode" . | int -}}
{{- if not (kindIs "invalid" $f.mode) }}{{ $mode = $f.mode }}{{ end -}}
{{- $items = append $items (dict "key" $f.key "path" $f.key "mode" $mode) -}}
{{- end -}}
{{- if $cm.existingSecret -}}
{{- $volumes = append $volumes (dict "name" $ref.volume "secret" (dict "secretName" $ref.name "items" $items)) -}}
{{- else -}}
{{- $volumes = append $volumes (dict "name" $ref.volume "configMap" (dict "name" $ref.name "items" $items)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $volumes -}}
{{- end -}}

{{/*
escron.needsTmp: a job -> "true" when the main container's root filesystem is
read-only and no extraVolumeMounts entry is mounted at /tmp: the chart then mounts an
emptyDir there.
*/}}
{{- define "escron.needsTmp" -}}
{{- $sc := (.mainContainer | default dict).securityContext | default dict -}}
{{- $tmpMounted := false -}}
{{- range .extraVolumeMounts }}{{ if eq (trimSuffix "/" (toString .mountPath)) "/tmp" }}{{ $tmpMounted = true }}{{ end }}{{ end -}}
{{- if and $sc.readOnlyRootFilesystem (not $tmpMounted) }}true{{ end -}}
{{- end -}}

{{/* escron.validate.configmaps: a job -> its configmaps entries, their files and sizes. */}}
{{- define "escron.validate.configmaps" -}}
{{- $p := .escron.path -}}
{{- range $cmKey, $cm := .configmaps -}}
{{- if kindIs "map" $cm -}}
{{- $at := printf "%sconfigmaps.%s" $p $cmKey -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" $cmKey) -}}
{{- fail (printf "%s: a configmaps key is a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit" $at) -}}
{{- end -}}
{{- $dir := $cm.mountpath | default "" | toString -}}
{{- if not $dir -}}
{{- fail (printf "%s.mountpath is required: the absolute directory the files are mounted in, such as /opt/scripts" $at) -}}
{{- end -}}
{{- if or (not (hasPrefix "/" $dir)) (regexMatch "(^|/)\\.\\.(/|$)|:" $dir) -}}
{{- fail (printf "%s.mountpath is %s: an absolute directory such as /opt/scripts, without '..' or ':'" $at (include "escron.show" $dir)) -}}
{{- end -}}
{{- $existing := coalesce $cm.existingConfigMap $cm.existingSecret -}}
{{- if and $cm.existingConfigMap $cm.existingSecret -}}
{{- fail (printf "%s sets both existingConfigMap and existingSecret: the files come from one object" $at) -}}
{{- end -}}
{{- if and $existing (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" (toString $existing))) -}}
{{- fail (printf "%s names %s: the name of a ConfigMap or Secret (a DNS subdomain: lower-case letters, digits, '-' and '.')" $at (include "escron.show" $existing)) -}}
{{- end -}}
{{- if and $existing $cm.binaryData -}}
{{- fail (printf "%s.binaryData is set with an existing object: its files are listed under data, by key" $at) -}}
{{- end -}}
{{- $size := 0 -}}
{{- $count := 0 -}}
{{- range $section := list "data" "binaryData" -}}
{{- range $itemKey, $item := get $cm $section | default dict -}}
{{- if kindIs "map" $item -}}
{{- $count = add1 $count -}}
{{- $it := (include "escron.path.key" (dict "path" (printf "%s.%s" $at $section) "key" $itemKey)) -}}
{{- if or (gt (len $itemKey) 253) (not (regexMatch "^[-._a-zA-Z0-9]+$" $itemKey)) (hasPrefix ".." $itemKey) (eq $itemKey ".") -}}
{{- fail (printf "%s: an item's key is letters, digits, '-', '_' and '.', at most 253 characters, neither '.' nor starting with '..'" $it) -}}
{{- end -}}
{{- if and (eq $section "binaryData") (hasKey ($cm.data | default dict) $itemKey) (get $cm.data $itemKey) -}}
{{- fail (printf "%s: the key is also in %s.data; a ConfigMap key holds text or binary data, not both" $it $at) -}}
{{- end -}}
{{- $sub := $item.subPath | default "" | toString -}}
{{- if or (not $sub) (hasPrefix "/" $sub) (regexMatch "(^|/)\\.\\.(/|$)|:" $sub) -}}
{{- fail (printf "%s.subPath is %s: the file's path under mountpath, such as run.sh: relative, without '..' or ':'" $it (include "escron.show" $sub)) -}}
{{- end -}}
{{- if $existing -}}
{{- if not (kindIs "invalid" $item.content) -}}
{{- fail (printf "%s.content is set, but the files come from %s: an item names a key of that object and has no content" $it (include "escron.show" $existing)) -}}
{{- end -}}
{{- else if not (kindIs "string" $item.content) -}}
{{- fail (printf "%s.content is required: the file's %s" $it (ternary "bytes, base64-encoded" "text" (eq $section "binaryData"))) -}}
{{- else if eq $section "binaryData" -}}
{{- if not (regexMatch "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$" $item.content) -}}
{{- fail (printf "%s.content is not base64: binaryData holds base64-encoded bytes (base64 -w0 FILE)" $it) -}}
{{- end -}}
{{- $size = add $size (len $itemKey) (div (mul (len $item.content) 3) 4) -}}
{{- else -}}
{{- $size = add $size (len $itemKey) (len $item.content) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if eq $count 0 -}}
{{- fail (printf "%s has no files: give it at least one data (or binaryData) item, or set it to null" $at) -}}
{{- end -}}
{{- if gt $size 1048576 -}}
{{- fail (printf "%s holds %d bytes: a ConfigMap holds at most 1048576 bytes (1 MiB); split the files over several configmaps entries" $at $size) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.volumes: a job -> no two files at one path, no clash with the chart's volumes and mounts. */}}
{{- define "escron.validate.volumes" -}}
{{- $p := .escron.path -}}
{{- $paths := dict -}}
{{- range $m := include "escron.scriptMounts" . | fromJsonArray -}}
{{- with get $paths $m.mountPath -}}
{{- fail (printf "%s%s mounts at %s, where %s%s is already mounted: each file needs its own path" $p $m.source $m.mountPath $p .) -}}
{{- end -}}
{{- $_ := set $paths $m.mountPath $m.source -}}
{{- end -}}
{{- $names := dict -}}
{{- range $v := include "escron.scriptVolumes" . | fromJsonArray }}{{ $_ := set $names $v.name "the chart" }}{{ end -}}
{{- if include "escron.needsTmp" . }}{{ $_ := set $names "tmp" "the chart (the writable /tmp)" }}{{ end -}}
{{- range $i, $v := .extraVolumes -}}
{{- with get $names (toString $v.name) -}}
{{- fail (printf "%sextraVolumes[%d].name is %s, a volume name %s already uses: choose another name" $p $i (include "escron.show" $v.name) .) -}}
{{- end -}}
{{- $_ := set $names (toString $v.name) (printf "%sextraVolumes[%d]" $p $i) -}}
{{- end -}}
{{- range $list := list "initContainers" "extraContainers" -}}
{{- range $i, $c := get $ $list | default list -}}
{{- range $j, $m := $c.volumeMounts -}}
{{- if not (hasKey $names (toString $m.name)) -}}
{{- fail (printf "%s%s[%d].volumeMounts[%d].name is %s: no volume of that name (the pod's are %s)" $p $list $i $j (include "escron.show" $m.name) (keys $names | sortAlpha | join ", ")) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $i, $m := .extraVolumeMounts -}}
{{- if not (hasKey $names (toString $m.name)) -}}
{{- fail (printf "%sextraVolumeMounts[%d].name is %s: no volume of that name (the pod's are %s); a job's extraVolumes replace the root's" $p $i (include "escron.show" $m.name) (keys $names | sortAlpha | join ", ")) -}}
{{- end -}}
{{- with get $paths (toString $m.mountPath) -}}
{{- fail (printf "%sextraVolumeMounts[%d].mountPath is %s, where %s%s is mounted: choose another path" $p $i (include "escron.show" $m.mountPath) $p .) -}}
{{- end -}}
{{- $_ := set $paths (toString $m.mountPath) (printf "extraVolumeMounts[%d]" $i) -}}
{{- end -}}
{{- end -}}
