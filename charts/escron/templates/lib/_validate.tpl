{{/*
Validation: what the schema cannot judge, checked after the jobs are merged. Each
failure is one line naming the values path, what it holds, and what is allowed.
escron.validate.release runs once per render; escron.validate.job once per job.
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
{{- $job := .job -}}
{{- $p := $job.escron.path -}}
{{- $cron := $job.cronjob | default dict -}}
{{- $spec := $job.job | default dict -}}
{{- $mc := $job.mainContainer | default dict -}}
{{- include "escron.validate.enum" (dict "path" (printf "%srestartPolicy" $p) "value" $job.restartPolicy "allowed" (list "Never" "OnFailure") "what" "a Job's pods restart Never (the default) or OnFailure") -}}
{{- include "escron.validate.enum" (dict "path" (printf "%scronjob.concurrencyPolicy" $p) "value" $cron.concurrencyPolicy "allowed" (list "Allow" "Forbid" "Replace") "what" "Allow, Forbid (the default) or Replace") -}}
{{- include "escron.validate.enum" (dict "path" (printf "%smainContainer.pullPolicy" $p) "value" $mc.pullPolicy "allowed" (list "Always" "IfNotPresent" "Never" "") "what" "Always, IfNotPresent, Never, or empty to let Kubernetes choose") -}}
{{- include "escron.validate.schedule" (dict "path" (printf "%scronjob.schedule" $p) "value" $cron.schedule) -}}
{{- include "escron.validate.timeZone" (dict "path" (printf "%scronjob.timeZone" $p) "value" $cron.timeZone) -}}
{{- if and $spec.podFailurePolicy (ne ($job.restartPolicy | default "Never") "Never") -}}
{{- fail (printf "%sjob.podFailurePolicy is set with %srestartPolicy %q: Kubernetes allows a pod failure policy only with restartPolicy Never" $p $p $job.restartPolicy) -}}
{{- end -}}
{{- $required := (($job.affinity | default dict).nodeAffinity | default dict).requiredDuringSchedulingIgnoredDuringExecution -}}
{{- if and (kindIs "map" $required) (not $required.nodeSelectorTerms) -}}
{{- fail (printf "%saffinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution has no nodeSelectorTerms: Kubernetes requires at least one term (matchExpressions or matchFields); to require nothing, leave requiredDuringSchedulingIgnoredDuringExecution out" $p) -}}
{{- end -}}
{{- include "escron.validate.image" (dict "path" (printf "%smainContainer" $p) "value" $mc) -}}
{{- include "escron.validate.configmaps" .job -}}
{{- include "escron.validate.volumes" .job -}}
{{- include "escron.validate.containers" .job -}}
{{- include "escron.validate.securityContexts" .job -}}
{{- $sa := $job.serviceAccount | default dict -}}
{{- range $pair := list (list "podLabels" $job.podLabels) (list "cronjob.labels" $cron.labels) (list "job.labels" $spec.labels) (list "serviceAccount.labels" $sa.labels) -}}
{{- include "escron.validate.labels" (dict "path" (printf "%s%s" $p (first $pair)) "value" (last $pair)) -}}
{{- end -}}
{{- range $pair := list (list "podAnnotations" $job.podAnnotations) (list "cronjob.annotations" $cron.annotations) (list "job.annotations" $spec.annotations) (list "serviceAccount.annotations" $sa.annotations) -}}
{{- include "escron.validate.annotations" (dict "path" (printf "%s%s" $p (first $pair)) "value" (last $pair)) -}}
{{- end -}}
{{- with $sa.name -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" (toString .)) -}}
{{- fail (printf "%sserviceAccount.name is %s: a ServiceAccount's name is a DNS subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)" $p (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- $rbac := $job.rbac | default dict -}}
{{- if and (or $rbac.rules $rbac.clusterRules) (eq $job.escron.serviceAccount "default") -}}
{{- fail (printf "%srbac grants rules to the job's ServiceAccount, which is the namespace's default: set %sserviceAccount.create: true (or serviceAccount.name)" $p $p) -}}
{{- end -}}
{{- range $i, $secret := $job.imagePullSecrets -}}
{{- if not (include "escron.secretName" $secret) -}}
{{- fail (printf "%simagePullSecrets[%d] has no name: a Secret's name, or {name: ...}" $p $i) -}}
{{- end -}}
{{- end -}}
{{- include "escron.validate.alerts" .job -}}
{{- end -}}

{{/* escron.validate.enum: (dict "path" P "value" V "allowed" LIST "what" TEXT); null passes. */}}
{{- define "escron.validate.enum" -}}
{{- if and (not (kindIs "invalid" .value)) (not (has .value .allowed)) -}}
{{- fail (printf "%s is %s: %s" .path (include "escron.show" .value) .what) -}}
{{- end -}}
{{- end -}}

{{/*
escron.validate.schedule: as the CronJob controller's parser (robfig/cron, standard
fields) reads it: five fields, a macro or @every DURATION, and no TZ= prefix.
*/}}
{{- define "escron.validate.schedule" -}}
{{- $s := .value -}}
{{- $p := .path -}}
{{- if or (kindIs "invalid" $s) (eq (toString $s) "") -}}
{{- fail (printf "%s is required: five cron fields (minute hour day-of-month month day-of-week, such as \"30 3 * * *\"), a macro such as @daily, or @every 6h" $p) -}}
{{- end -}}
{{- if contains "TZ" $s -}}
{{- fail (printf "%s is %s: set the time zone in cronjob.timeZone (such as Europe/Paris), not as a TZ= or CRON_TZ= prefix" $p (include "escron.show" $s)) -}}
{{- end -}}
{{- if hasPrefix "@" $s -}}
{{- if not (or (has $s (list "@yearly" "@annually" "@monthly" "@weekly" "@daily" "@midnight" "@hourly")) (regexMatch "^@every [-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$" $s)) -}}
{{- fail (printf "%s is %s: the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every DURATION (such as @every 90m)" $p (include "escron.show" $s)) -}}
{{- end -}}
{{- else -}}
{{- $fields := regexSplit "[ \\t\\n\\r\\v\\f]+" (trim $s) -1 -}}
{{- if ne (len $fields) 5 -}}
{{- fail (printf "%s is %s: five cron fields are needed (minute hour day-of-month month day-of-week), found %d" $p (include "escron.show" $s) (len $fields)) -}}
{{- end -}}
{{- $months := dict "jan" 1 "feb" 2 "mar" 3 "apr" 4 "may" 5 "jun" 6 "jul" 7 "aug" 8 "sep" 9 "oct" 10 "nov" 11 "dec" 12 -}}
{{- $days := dict "sun" 0 "mon" 1 "tue" 2 "wed" 3 "thu" 4 "fri" 5 "sat" 6 -}}
{{- range $i, $field := list (list "minute" 0 59 dict) (list "hour" 0 23 dict) (list "day of month" 1 31 dict) (list "month" 1 12 $months) (list "day of week" 0 6 $days) -}}
{{- $names := index $field 3 -}}
{{- $what := index $field 0 -}}
{{- $lo := index $field 1 -}}
{{- $hi := index $field 2 -}}
{{- $allowed := printf "%s: *, ?, numbers from %d to %d%s, ranges a-b, lists a,b and steps */n or a-b/n (n > 0)" $what $lo $hi (ternary "" (printf " or names (%s)" (keys $names | sortAlpha | join ", " | upper)) (empty $names)) -}}
{{- range $part := splitList "," (index $fields $i) -}}
{{- $m := regexFindAll "^(\\*|\\?|\\+?[0-9]+|[A-Za-z]+)(-(\\+?[0-9]+|[A-Za-z]+))?(/(\\+?[0-9]+))?$" $part 1 -}}
{{- if not $m -}}
{{- fail (printf "%s is %s: %q is not a valid %s" $p (include "escron.show" $s) $part $allowed) -}}
{{- end -}}
{{- $range := regexReplaceAll "/.*$" $part "" -}}
{{- $step := regexReplaceAll "^[^/]*/?" $part "" | trimPrefix "+" -}}
{{- if and (contains "/" $part) (or (gt (len $step) 9) (eq (atoi $step) 0)) -}}
{{- fail (printf "%s is %s: %q is not a valid %s" $p (include "escron.show" $s) $part $allowed) -}}
{{- end -}}
{{- if not (has $range (list "*" "?")) -}}
{{- $bounds := list -}}
{{- range $end := splitList "-" $range -}}
{{- $n := -1 -}}
{{- if regexMatch "^\\+?[0-9]{1,9}$" $end -}}
{{- $n = atoi (trimPrefix "+" $end) -}}
{{- else if hasKey $names (lower $end) -}}
{{- $n = get $names (lower $end) | int -}}
{{- end -}}
{{- if or (lt $n (int $lo)) (gt $n (int $hi)) -}}
{{- fail (printf "%s is %s: %q is not a valid %s" $p (include "escron.show" $s) $part $allowed) -}}
{{- end -}}
{{- $bounds = append $bounds $n -}}
{{- end -}}
{{- if and (eq (len $bounds) 2) (gt (index $bounds 0) (index $bounds 1)) -}}
{{- fail (printf "%s is %s: %q is a range that ends before it starts; the %s" $p (include "escron.show" $s) $part $allowed) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.timeZone: an IANA name the CronJob controller can load; not Local. */}}
{{- define "escron.validate.timeZone" -}}
{{- if not (kindIs "invalid" .value) -}}
{{- if not (has .value (splitList " " (include "escron.timeZones" .))) -}}
{{- fail (printf "%s is %s: an IANA time zone name such as Europe/Paris, America/New_York or Etc/UTC (not Local); null follows the controller's zone" .path (include "escron.show" .value)) -}}
{{- end -}}
{{- end -}}
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
{{- $it := printf "%s.%s.%s" $at $section $itemKey -}}
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
{{- fail (printf "%s.%s.%s: no container resource is named %s; Kubernetes knows cpu, memory, ephemeral-storage, hugepages-<size>, and extended resources with a domain (example.com/gpu)" $.path $section $name (include "escron.show" $name)) -}}
{{- end -}}
{{- $v := include "escron.quantity" $q -}}
{{- if or (eq $v "") (lt (float64 $v) 0.0) -}}
{{- fail (printf "%s.%s.%s is %s: a non-negative quantity, such as 500m, 0.5, 256Mi or 1Gi" $.path $section $name (include "escron.show" $q)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $name, $q := $r.requests -}}
{{- $limit := get ($r.limits | default dict) $name -}}
{{- if and (not (kindIs "invalid" $limit)) (ne (toString $limit) "") (gt (float64 (include "escron.quantity" $q)) (float64 (include "escron.quantity" $limit))) -}}
{{- fail (printf "%s.requests.%s is %s, above its limit %s: a request may not exceed its limit" $.path $name (include "escron.show" $q) (include "escron.show" $limit)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
escron.validate.securityContexts: a job -> no container the kubelet would refuse to
start: runAsUser 0 with runAsNonRoot (pod or container, merged as the kubelet does),
and seccomp profiles whose type and localhostProfile disagree.
*/}}
{{- define "escron.validate.securityContexts" -}}
{{- $p := .escron.path -}}
{{- $pod := .podSecurityContext | default dict -}}
{{- include "escron.validate.seccomp" (dict "path" (printf "%spodSecurityContext" $p) "value" $pod) -}}
{{- range $c := include "escron.containerContexts" . | fromJsonArray -}}
{{- $sc := $c.securityContext | default dict -}}
{{- include "escron.validate.seccomp" (dict "path" (printf "%s%s" $p $c.path) "value" $sc) -}}
{{- $nonRoot := ternary $sc.runAsNonRoot $pod.runAsNonRoot (hasKey $sc "runAsNonRoot") -}}
{{- $user := ternary $sc.runAsUser $pod.runAsUser (hasKey $sc "runAsUser") -}}
{{- if and $nonRoot (not (kindIs "invalid" $user)) (eq (toString $user) "0") -}}
{{- fail (printf "%s%s has runAsUser 0 (root) and runAsNonRoot true (%s): the kubelet would never start it. To run as root, set %s%s.runAsNonRoot: false; else set a non-zero runAsUser" $p $c.path (ternary "its own" "from podSecurityContext" (hasKey $sc "runAsNonRoot")) $p $c.path) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.seccomp: (dict "path" P "value" SECURITY_CONTEXT) */}}
{{- define "escron.validate.seccomp" -}}
{{- with .value.seccompProfile -}}
{{- if and (eq (toString .type) "Localhost") (not .localhostProfile) -}}
{{- fail (printf "%s.seccompProfile has type Localhost and no localhostProfile: name the profile file (relative to the kubelet's seccomp directory)" $.path) -}}
{{- end -}}
{{- if and .localhostProfile (ne (toString .type) "Localhost") -}}
{{- fail (printf "%s.seccompProfile.localhostProfile is set with type %s: a localhostProfile needs type: Localhost" $.path (include "escron.show" .type)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* escron.validate.labels: (dict "path" P "value" MAP): label keys and values, as Kubernetes checks them. */}}
{{- define "escron.validate.labels" -}}
{{- $owned := splitList " " (include "escron.selectorLabelKeys" .) -}}
{{- range $k, $v := .value | default dict -}}
{{- if not (kindIs "invalid" $v) -}}
{{- include "escron.validate.qualifiedName" (dict "path" $.path "key" $k "what" "label") -}}
{{- if has $k $owned -}}
{{- fail (printf "%s.%s: the chart sets this label on every object of a job (kubectl selectors and NOTES rely on it); use another key" $.path $k) -}}
{{- end -}}
{{- if not (and (kindIs "string" $v) (le (len $v) 63) (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$" $v)) -}}
{{- fail (printf "%s.%s is %s: a label value is a string of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty)" $.path $k (include "escron.show" $v)) -}}
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

{{/* escron.validate.alerts: a job -> its alert settings. */}}
{{- define "escron.validate.alerts" -}}
{{- $p := .escron.path -}}
{{- $a := .alerts | default dict -}}
{{- range $field := list "maxAge" "maxDuration" "keepFiringFor" -}}
{{- with index $a $field -}}
{{- if not (regexMatch "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$" (toString .)) -}}
{{- fail (printf "%salerts.%s is %s: a Prometheus duration such as 26h, 7d or 1h30m" $p $field (include "escron.show" .)) -}}
{{- end -}}
{{- if and (ne $field "keepFiringFor") (eq (include "escron.durationSeconds" .) "0") -}}
{{- fail (printf "%salerts.%s is %s: a duration above zero (the alert would always fire)" $p $field (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $a.groupBy -}}
{{- if not (regexMatch "^[a-zA-Z_][a-zA-Z0-9_]*$" (toString .)) -}}
{{- fail (printf "%salerts.groupBy has %s: a Prometheus label name is letters, digits and '_', not starting with a digit" $p (include "escron.show" .)) -}}
{{- end -}}
{{- if has (toString .) (list "namespace" "job_name" "owner_name" "cronjob") -}}
{{- fail (printf "%salerts.groupBy has %s: the rules group by namespace, job_name, owner_name and cronjob already; name the other labels only (such as cluster)" $p (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- range $k, $_ := $a.labels -}}
{{- if not (regexMatch "^[a-zA-Z_][a-zA-Z0-9_]*$" $k) -}}
{{- fail (printf "%salerts.labels.%s: a Prometheus label name is letters, digits and '_', not starting with a digit" $p $k) -}}
{{- end -}}
{{- end -}}
{{- end -}}
