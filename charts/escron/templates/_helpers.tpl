{{/*
escron helpers: one helper per concept. Templates call these; no logic is repeated
across templates.
*/}}

{{/* The chart name, nameOverride aware, a valid label value. */}}
{{- define "escron.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-wide name prefix: fullnameOverride, else the release name, followed by the
chart name unless the release name already contains it.
*/}}
{{- define "escron.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* chart-version, as the helm.sh/chart label wants it. */}}
{{- define "escron.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
escron.shortName: (dict "name" NAME "max" N) -> NAME when it fits in N characters,
else a prefix of it followed by "-" and 8 hex characters of NAME's sha256, so two long
names that share a prefix never collide after shortening.
*/}}
{{- define "escron.shortName" -}}
{{- if le (len .name) (int .max) -}}
{{- .name -}}
{{- else -}}
{{- printf "%s-%s" (.name | trunc (sub (int .max) 9 | int) | trimSuffix "-") (sha256sum .name | trunc 8) -}}
{{- end -}}
{{- end -}}

{{/*
escron.jobName: (dict "root" $ "key" KEY "job" SETTINGS) -> the CronJob's name: the
release-wide name, followed by the job's key when it comes from the jobs map. At most 52 characters:
the CronJob controller appends an 11-character suffix to name each Job, and Job names
become label values (63).
*/}}
{{- define "escron.jobName" -}}
{{- $name := include "escron.fullname" .root -}}
{{- if .job.path -}}
{{- $name = printf "%s-%s" $name .key -}}
{{- end -}}
{{- include "escron.shortName" (dict "name" $name "max" 52) -}}
{{- end -}}

{{/* The key of the job described by the root values when there is no jobs map. */}}
{{- define "escron.singleJobKey" -}}main{{- end -}}

{{/* escron.selectorLabels: (dict "root" $ "key" KEY) -> labels that select one job's pods. */}}
{{- define "escron.selectorLabels" -}}
app.kubernetes.io/name: {{ include "escron.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/* escron.labels: (dict "root" $ "key" KEY) -> the Kubernetes recommended labels. */}}
{{- define "escron.labels" -}}
helm.sh/chart: {{ include "escron.chart" .root }}
{{ include "escron.selectorLabels" . }}
{{- with .root.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | trunc 63 | trimSuffix "-" | quote }}
{{- end }}
app.kubernetes.io/part-of: {{ include "escron.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/*
escron.mergeInto: (dict "dst" MAP "src" MAP) merges src into dst, which the caller owns.
Maps merge key by key, any other value (lists included) replaces, and a null in src
removes the key. Unlike sprig's merge functions, an explicit false, 0 or "" in src wins.
Nested maps are copied before they change (copy on write): the values they came from,
such as .Values, are never modified.
*/}}
{{- define "escron.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- $current := index $dst $key -}}
{{- if kindIs "invalid" $value -}}
{{- $_ := unset $dst $key -}}
{{- else if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $copy := omit $current -}}
{{- include "escron.mergeInto" (dict "dst" $copy "src" $value) -}}
{{- $_ := set $dst $key $copy -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
escron.jobs: (dict "root" $ "out" DICT) fills DICT with one entry per enabled job: KEY ->
the job's settings (the root values, overridden by jobs.KEY), plus "path", the values
path that error messages name. With no jobs map the root values are the single job.
It fills a dict rather than returning text so that numbers keep their types.
*/}}
{{- define "escron.jobs" -}}
{{- $defaults := omit .root.Values "jobs" "global" "nameOverride" "fullnameOverride" "tests" -}}
{{- $jobs := .root.Values.jobs | default dict -}}
{{- if not $jobs -}}
{{- $_ := set .out (include "escron.singleJobKey" .) (set $defaults "path" "") -}}
{{- end -}}
{{- range $key, $override := $jobs -}}
{{- $override = $override | default dict -}}
{{- if or (not (hasKey $override "enabled")) $override.enabled -}}
{{- $job := omit $defaults -}}{{/* a shallow copy */}}
{{- include "escron.mergeInto" (dict "dst" $job "src" (omit $override "enabled")) -}}
{{- $_ := set $job "path" (printf "jobs.%s." $key) -}}
{{- $_ := set $.out $key $job -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.image: the main container's values -> repository[:tag][@digest]. */}}
{{- define "escron.image" -}}
{{- $ref := .image -}}
{{- with .tag }}{{ $ref = printf "%s:%s" $ref . }}{{ end -}}
{{- with .digest }}{{ $ref = printf "%s@%s" $ref . }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/*
escron.string: any scalar -> its text. YAML numbers reach templates as float64, so an
integral number is printed as an integer (7, not 7e+00; 1000000, not 1e+06).
*/}}
{{- define "escron.string" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) (lt . 1e18) (gt . -1e18) -}}
{{- . | int64 -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/*
escron.env: the env map -> a container env list, sorted by name. A scalar becomes a
string value; a map is a source (secretKeyRef, configMapKeyRef, fieldRef,
resourceFieldRef) rendered as valueFrom; null leaves the variable out.
*/}}
{{- define "escron.env" -}}
{{- range $name, $value := . }}
{{- if kindIs "map" $value }}
- name: {{ $name | quote }}
  valueFrom:
    {{- toYaml $value | nindent 4 }}
{{- else if not (kindIs "invalid" $value) }}
- name: {{ $name | quote }}
  value: {{ include "escron.string" $value | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* escron.configMapName: (dict "jobName" NAME "key" CONFIGMAP_KEY) -> the ConfigMap's name. */}}
{{- define "escron.configMapName" -}}
{{- include "escron.shortName" (dict "name" (printf "%s-%s" .jobName .key) "max" 63) -}}
{{- end -}}

{{/*
escron.mountPath: (dict "dir" MOUNTPATH "file" SUBPATH) -> where one ConfigMap item is
mounted; a trailing slash on MOUNTPATH is optional.
*/}}
{{- define "escron.mountPath" -}}
{{- printf "%s/%s" (trimSuffix "/" .dir) .file -}}
{{- end -}}

{{/* The default mode of a mounted ConfigMap item: readable and executable by all (0555). */}}
{{- define "escron.defaultFileMode" -}}365{{- end -}}

{{/* escron.serviceAccountName: a job's settings -> the service account its pods run as. */}}
{{- define "escron.serviceAccountName" -}}
{{- $sa := .job.serviceAccount | default dict -}}
{{- if $sa.create -}}
{{- default (include "escron.shortName" (dict "name" (include "escron.fullname" .root) "max" 63)) $sa.name -}}
{{- else -}}
{{- default "default" $sa.name -}}
{{- end -}}
{{- end -}}

{{/* escron.readOnlyRoot: a job's settings -> "true" when the main container's root filesystem is read-only. */}}
{{- define "escron.readOnlyRoot" -}}
{{- $sc := .mainContainer.securityContext | default dict -}}
{{- if $sc.readOnlyRootFilesystem }}true{{ end -}}
{{- end -}}

{{/*
escron.mounts: a job's settings -> a JSON list of {name, mountPath, subPath, readOnly,
configMap, item}: every file escron mounts from its ConfigMaps, in a stable order.
*/}}
{{- define "escron.mounts" -}}
{{- $mounts := list -}}
{{- range $cmKey, $cm := .configmaps -}}
{{- range $itemKey, $item := $cm.data -}}
{{- $mounts = append $mounts (dict "name" (printf "cm-%s" $cmKey | trunc 63 | trimSuffix "-") "mountPath" (include "escron.mountPath" (dict "dir" $cm.mountpath "file" $item.subPath)) "subPath" $itemKey "configMap" $cmKey "item" $itemKey) -}}
{{- end -}}
{{- end -}}
{{- toJson $mounts -}}
{{- end -}}

{{/*
escron.validate: (dict "root" $ "key" KEY "job" SETTINGS) fails the render, naming the
value and what is allowed, on input the schema cannot judge.
*/}}
{{- define "escron.validate" -}}
{{- $p := .job.path -}}
{{- $mc := .job.mainContainer | default dict -}}
{{- if not $mc.image -}}
{{- fail (printf "%smainContainer.image is empty: set the image repository, for example docker.io/library/busybox" $p) -}}
{{- end -}}
{{- range $field := list "command" "args" -}}
{{- range $i, $arg := (get $mc $field | default list) -}}
{{- if regexMatch "^([0-9]*(>|>>|<|<<|>&|<&)[0-9-]*|&>|&>>|&&|\\|\\|)$" (toString $arg) -}}
{{- fail (printf "%smainContainer.%s[%d] is %q: no shell reads a container's %s, so shell redirections and operators are passed to the program as plain text. Remove it (the pod log already holds stdout and stderr), or run a shell: command: [sh, -c, \"...\"]" $p $field $i $arg $field) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and .job.job .job.job.podFailurePolicy (ne .job.restartPolicy "Never") -}}
{{- fail (printf "%sjob.podFailurePolicy is set with %srestartPolicy %q: Kubernetes allows a pod failure policy only with restartPolicy Never" $p $p .job.restartPolicy) -}}
{{- end -}}
{{- range $cmKey, $cm := .job.configmaps -}}
{{- $size := 0 -}}
{{- range $itemKey, $item := $cm.data -}}
{{- $size = add $size (len $itemKey) (len (toString $item.content)) -}}
{{- end -}}
{{- if gt $size 1048576 -}}
{{- fail (printf "%sconfigmaps.%s holds %d bytes: a ConfigMap holds at most 1048576 bytes (1 MiB); split the files over several configmaps entries" $p $cmKey $size) -}}
{{- end -}}
{{- end -}}
{{- $seen := dict -}}
{{- range $m := include "escron.mounts" .job | fromJsonArray -}}
{{- $prev := get $seen $m.mountPath -}}
{{- if $prev -}}
{{- fail (printf "%sconfigmaps.%s.data.%s mounts at %s, where %s is already mounted: each file needs its own path" $p $m.configMap $m.item $m.mountPath $prev) -}}
{{- end -}}
{{- $_ := set $seen $m.mountPath (printf "configmaps.%s.data.%s" $m.configMap $m.item) -}}
{{- end -}}
{{- end -}}

{{/*
escron.podTemplate: (dict "root" $ "key" KEY "job" SETTINGS) -> the pod template of one
job, shared by its CronJob and by the helm test hook. The hook adds to the dict "name",
"annotations" (merged over podAnnotations), "restartPolicy" and "activeDeadlineSeconds".
*/}}
{{- define "escron.podTemplate" -}}
{{- $job := .job -}}
{{- $mc := $job.mainContainer -}}
{{- $jobName := include "escron.jobName" . -}}
{{- $mounts := include "escron.mounts" $job | fromJsonArray -}}
{{- $tmpMounted := false -}}
{{- range $job.extraVolumeMounts }}{{ if eq (trimSuffix "/" .mountPath) "/tmp" }}{{ $tmpMounted = true }}{{ end }}{{ end -}}
{{- $needTmp := and (include "escron.readOnlyRoot" $job) (not $tmpMounted) -}}
metadata:
  {{- with .name }}
  name: {{ . }}
  namespace: {{ $.root.Release.Namespace }}
  {{- end }}
  labels:
    {{- include "escron.labels" . | nindent 4 }}
    {{- with $job.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with merge (dict) (.annotations | default dict) ($job.podAnnotations | default dict) }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  restartPolicy: {{ .restartPolicy | default $job.restartPolicy }}
  {{- with .activeDeadlineSeconds }}
  activeDeadlineSeconds: {{ include "escron.int" . }}
  {{- end }}
  serviceAccountName: {{ include "escron.serviceAccountName" (dict "root" .root "job" $job) }}
  automountServiceAccountToken: {{ ($job.serviceAccount | default dict).automount | default false }}
  {{- with $job.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $job.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    {{- if kindIs "map" . }}
    - name: {{ .name | quote }}
    {{- else }}
    - name: {{ . | quote }}
    {{- end }}
    {{- end }}
  {{- end }}
  {{- with $job.priorityClassName }}
  priorityClassName: {{ . | quote }}
  {{- end }}
  {{- with $job.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $job.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $job.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $job.initContainers }}
  initContainers:
    {{- range . }}
    {{- $init := deepCopy . }}
    {{- if and (not (hasKey $init "securityContext")) $mc.securityContext }}
    {{- $_ := set $init "securityContext" $mc.securityContext }}
    {{- end }}
    - {{- toYaml $init | nindent 6 }}
    {{- end }}
  {{- end }}
  containers:
    - name: main
      image: {{ include "escron.image" $mc | quote }}
      {{- with $mc.pullPolicy }}
      imagePullPolicy: {{ . }}
      {{- end }}
      {{- with $mc.command }}
      command:
        {{- range . }}
        - {{ include "escron.string" . | quote }}
        {{- end }}
      {{- end }}
      {{- with $mc.args }}
      args:
        {{- range . }}
        - {{ include "escron.string" . | quote }}
        {{- end }}
      {{- end }}
      {{- with $mc.env }}
      {{- with include "escron.env" . }}
      env:
        {{- . | trim | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- with $mc.envFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $mc.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $mc.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if or $mounts $needTmp $job.extraVolumeMounts }}
      volumeMounts:
        {{- range $mounts }}
        - name: {{ .name }}
          mountPath: {{ .mountPath | quote }}
          subPath: {{ .subPath | quote }}
          readOnly: true
        {{- end }}
        {{- if $needTmp }}
        - name: tmp
          mountPath: /tmp
        {{- end }}
        {{- with $job.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
  {{- if or $job.configmaps $needTmp $job.extraVolumes }}
  volumes:
    {{- range $cmKey, $cm := $job.configmaps }}
    - name: {{ printf "cm-%s" $cmKey | trunc 63 | trimSuffix "-" }}
      configMap:
        name: {{ include "escron.configMapName" (dict "jobName" $jobName "key" $cmKey) }}
        items:
          {{- range $itemKey, $item := $cm.data }}
          - key: {{ $itemKey | quote }}
            path: {{ $itemKey | quote }}
            mode: {{ hasKey $item "mode" | ternary $item.mode (include "escron.defaultFileMode" $) | int }}
          {{- end }}
    {{- end }}
    {{- if $needTmp }}
    - name: tmp
      emptyDir: {}
    {{- end }}
    {{- with $job.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end -}}

{{/* escron.int: renders an integer value exactly (values files give float64). */}}
{{- define "escron.int" -}}
{{- . | int64 -}}
{{- end -}}
