{{/*
The jobs of a release and the names of what they need: every template starts from
escron.plan, so that all objects agree.
*/}}

{{/* The root keys that configure the release, not a job. */}}
{{- define "escron.chartKeys" -}}enabled global nameOverride fullnameOverride commonLabels commonAnnotations extraObjects tests prometheusRule jobs{{- end -}}

{{/*
escron.plan: (dict "root" $ "out" DICT) fills DICT with
  jobs:       KEY -> the job's settings (the root values, overridden by jobs.KEY), with
              .escron: key, path (the values path error messages name, "" or
              "jobs.KEY."), single (no jobs map), name (the CronJob's), configMaps
              (configmaps KEY -> {name, volume, shared})
  configMaps: the ConfigMaps to render: {name, key, job (the job's key, "" when shared), entry}
  serviceAccounts: NAME -> {job, settings} for each account to create
It fills a dict rather than returning text, so that numbers keep their types.
*/}}
{{- define "escron.plan" -}}
{{- if hasKey .root "escronPlan" -}}
{{- range $key, $value := .root.escronPlan }}{{ $_ := set $.out $key $value }}{{ end -}}
{{- else -}}
{{- include "escron.computePlan" . -}}
{{- $_ := set .root "escronPlan" .out -}}
{{- end -}}
{{- end -}}

{{/*
escron.computePlan: escron.plan's work. Helm renders a chart's templates with one
top-level context, so the plan is computed once per render and kept there (a Helm that
gave each template its own context would only compute it again).
*/}}
{{- define "escron.computePlan" -}}
{{- $root := .root -}}
{{- include "escron.validate.values" $root -}}
{{- $jobs := dict -}}
{{- if not (eq (toString $root.Values.enabled) "false") -}}
{{- $defaults := omit $root.Values "enabled" "global" "nameOverride" "fullnameOverride" "commonLabels" "commonAnnotations" "extraObjects" "tests" "prometheusRule" "jobs" -}}
{{- $entries := $root.Values.jobs | default dict -}}
{{- if not $entries -}}
{{- $key := include "escron.singleJobKey" . -}}
{{- $_ := set $jobs $key (merge (dict "escron" (dict "key" $key "path" "" "single" true)) $defaults) -}}
{{- else -}}
{{- $atomic := dict -}}
{{- range $p := splitList " " (include "escron.atomicPaths" .) }}{{ $_ := set $atomic $p true }}{{ end -}}
{{- range $key, $override := $entries -}}
{{- if and (kindIs "map" $override) (not (eq (toString $override.enabled) "false")) -}}
{{- $job := omit $defaults -}}{{/* a shallow copy */}}
{{- include "escron.mergeInto" (dict "dst" $job "src" (omit $override "enabled") "path" "" "atomic" $atomic) -}}
{{- $_ := set $job "escron" (dict "key" $key "path" (printf "jobs.%s." $key) "single" false) -}}
{{- $_ := set $jobs $key $job -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $key, $job := $jobs -}}
{{- if eq (toString (($job.os | default dict).name)) "windows" }}{{ include "escron.forWindows" $job }}{{ end -}}
{{- end -}}
{{- $owners := dict -}}
{{- range $key, $job := $jobs -}}
{{- $name := include "escron.jobName" (dict "root" $root "key" $key "single" $job.escron.single "override" $job.fullnameOverride) -}}
{{- with get $owners $name -}}
{{- $own := ternary $key . (not (empty $job.fullnameOverride)) -}}
{{- fail (printf "jobs.%s.fullnameOverride is %s: job %s has that name too; each job's CronJob needs a name of its own" $own (include "escron.show" $name) (ternary . $key (eq $own $key))) -}}
{{- end -}}
{{- $_ := set $owners $name $key -}}
{{- $_ := set $job.escron "name" $name -}}
{{- $_ := unset $job "fullnameOverride" -}}
{{- end -}}
{{- $_ := set .out "jobs" $jobs -}}
{{- include "escron.planConfigMaps" (dict "root" $root "out" .out) -}}
{{- include "escron.planServiceAccounts" (dict "root" $root "out" .out) -}}
{{- end -}}

{{/*
escron.mergeInto: (dict "dst" MAP "src" MAP "path" PATH "atomic" SET) merges src into
dst, which the caller owns: objects merge field by field and maps key by key; lists,
scalars and the values at the paths of SET (one-of objects, env entries: generated in
_generated.tpl) replace; null removes the key. Unlike sprig's merge, an explicit false,
0 or "" wins. Nested maps are copied before they change: .Values is never modified.
*/}}
{{- define "escron.mergeInto" -}}
{{- $dst := .dst -}}
{{- $atomic := .atomic -}}
{{- $wildcard := hasKey $atomic (printf "%s.*" .path) -}}
{{- range $key, $value := .src -}}
{{- $path := ternary $key (printf "%s.%s" $.path $key) (eq $.path "") -}}
{{- $current := index $dst $key -}}
{{- if kindIs "invalid" $value -}}
{{- $_ := unset $dst $key -}}
{{- else if and (kindIs "map" $value) (kindIs "map" $current) (not $wildcard) (not (hasKey $atomic $path)) -}}
{{- $copy := omit $current -}}
{{- include "escron.mergeInto" (dict "dst" $copy "src" $value "path" $path "atomic" $atomic) -}}
{{- $_ := set $dst $key $copy -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
escron.planConfigMaps: the ConfigMap of each inline configmaps entry. An entry a job
inherits unchanged from the root is one ConfigMap for all such jobs. Names that would
collide (job a with entry b-c, job a-b with entry c) get a hash of what they hold. A
name is at most 52+1+63+9 characters (job name, configmaps key, hash): far below 253.
*/}}
{{- define "escron.planConfigMaps" -}}
{{- $root := .root -}}
{{- $fullname := include "escron.fullname" $root -}}
{{- $rootEntries := $root.Values.configmaps | default dict -}}
{{- $byIdentity := dict -}}
{{- $identitiesByName := dict -}}
{{- range $jobKey, $job := .out.jobs -}}
{{- $_ := set $job.escron "configMaps" dict -}}
{{- range $cmKey, $entry := $job.configmaps -}}
{{- if kindIs "map" $entry -}}
{{- $volume := include "escron.shortName" (dict "name" (printf "cm-%s" $cmKey) "max" 63) -}}
{{- if or $entry.existingConfigMap $entry.existingSecret -}}
{{- $_ := set $job.escron.configMaps $cmKey (dict "volume" $volume "name" (coalesce $entry.existingConfigMap $entry.existingSecret)) -}}
{{- else -}}
{{- $shared := and (not $job.escron.single) (eq (toJson $entry) (toJson (get $rootEntries $cmKey))) -}}
{{- $identity := ternary (printf "shared/%s" $cmKey) (printf "job/%s/%s" $jobKey $cmKey) $shared -}}
{{- $name := printf "%s-%s" (ternary $fullname $job.escron.name $shared) $cmKey -}}
{{- $_ := set $byIdentity $identity (dict "name" $name "key" $cmKey "job" (ternary "" $jobKey $shared) "entry" $entry) -}}
{{- $_ := set $identitiesByName $name (append (get $identitiesByName $name | default list) $identity | uniq) -}}
{{- $_ := set $job.escron.configMaps $cmKey (dict "volume" $volume "identity" $identity) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $identity, $cm := $byIdentity -}}
{{- if gt (len (get $identitiesByName $cm.name)) 1 -}}
{{- $_ := set $cm "name" (printf "%s-%s" $cm.name (sha256sum $identity | trunc 8)) -}}
{{- end -}}
{{- end -}}
{{- range $jobKey, $job := .out.jobs -}}
{{- range $cmKey, $ref := $job.escron.configMaps -}}
{{- with $ref.identity }}{{ $_ := set $ref "name" (get $byIdentity .).name }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $list := list -}}
{{- range $identity := keys $byIdentity | sortAlpha }}{{ $list = append $list (get $byIdentity $identity) }}{{ end -}}
{{- $_ := set .out "configMaps" $list -}}
{{- end -}}

{{/*
escron.planServiceAccounts: one ServiceAccount per job that creates one, named after
the job unless serviceAccount.name is set. Jobs that name the same account share it
when they give it the same settings; different settings are an error.
*/}}
{{- define "escron.planServiceAccounts" -}}
{{- $accounts := dict -}}
{{- range $jobKey, $job := .out.jobs -}}
{{- $sa := $job.serviceAccount | default dict -}}
{{- $name := include "escron.serviceAccountName" $job -}}
{{- $_ := set $job.escron "serviceAccount" $name -}}
{{- if $sa.create -}}
{{- $settings := pick $sa "annotations" "labels" "automount" -}}
{{- with get $accounts $name -}}
{{- if ne (toJson .settings) (toJson $settings) -}}
{{- fail (printf "%sserviceAccount and jobs.%s.serviceAccount both create ServiceAccount %q with different annotations, labels or automount: give the jobs different serviceAccount.name, or the same settings" $job.escron.path .job $name) -}}
{{- end -}}
{{- else -}}
{{- $_ := set $accounts $name (dict "job" $jobKey "settings" $settings) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $_ := set .out "serviceAccounts" $accounts -}}
{{- end -}}

{{/* escron.serviceAccountName: a job -> the service account its pods run as. */}}
{{- define "escron.serviceAccountName" -}}
{{- $sa := .serviceAccount | default dict -}}
{{- if $sa.name -}}
{{- include "escron.string" $sa.name -}}
{{- else if $sa.create -}}
{{- .escron.name -}}
{{- else -}}
default
{{- end -}}
{{- end -}}
