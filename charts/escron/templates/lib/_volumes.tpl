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
    "source" (printf "configmaps.%s.%s.%s" $cmKey $f.section $f.key)) -}}
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
