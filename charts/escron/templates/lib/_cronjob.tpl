{{/*
The CronJob of a job: the schedule and its settings from cronjob, the Job template
from job and the pod keys.
*/}}

{{/* escron.cronJob: (dict "root" $ "job" JOB "out" DICT) fills DICT with the CronJob object. */}}
{{- define "escron.cronJob" -}}
{{- $job := .job -}}
{{- $cron := $job.cronjob | default dict -}}
{{- $settings := $job.job | default dict -}}
{{- $_ := set .out "apiVersion" "batch/v1" -}}
{{- $_ := set .out "kind" "CronJob" -}}
{{- $meta := dict -}}
{{- include "escron.metadata" (dict "root" .root "key" $job.escron.key "name" $job.escron.name "out" $meta "labels" (list ($cron.labels | default dict)) "annotations" (list ($cron.annotations | default dict))) -}}
{{- $_ := set .out "metadata" $meta -}}
{{- $spec := dict -}}
{{- include "escron.passthrough" (dict "names" (include "escron.fields.CronJobSpec" .) "values" $cron "out" $spec) -}}
{{- $_ := set $spec "schedule" (toString $cron.schedule) -}}
{{- with $cron.timeZone }}{{ $_ := set $spec "timeZone" . }}{{ end -}}
{{- $_ := set $spec "concurrencyPolicy" ($cron.concurrencyPolicy | default "Forbid") -}}
{{- $_ := set $spec "suspend" ($cron.suspend | default false) -}}
{{- $templateMeta := dict -}}
{{- include "escron.metadata" (dict "root" .root "key" $job.escron.key "template" true "out" $templateMeta "labels" (list ($settings.labels | default dict)) "annotations" (list ($settings.annotations | default dict))) -}}
{{- $jobSpec := dict -}}
{{- include "escron.jobSpec" (dict "root" .root "job" $job "out" $jobSpec) -}}
{{- $_ := set $spec "jobTemplate" (dict "metadata" $templateMeta "spec" $jobSpec) -}}
{{- $_ := set .out "spec" $spec -}}
{{- end -}}

{{/* escron.validate.cronjob: a job -> its cronjob keys: concurrency policy, schedule, time zone. */}}
{{- define "escron.validate.cronjob" -}}
{{- $p := .escron.path -}}
{{- $cron := .cronjob | default dict -}}
{{- include "escron.validate.enum" (dict "path" (printf "%scronjob.concurrencyPolicy" $p) "value" $cron.concurrencyPolicy "allowed" (list "Allow" "Forbid" "Replace") "what" "Allow, Forbid (the default) or Replace") -}}
{{- include "escron.validate.schedule" (dict "path" (printf "%scronjob.schedule" $p) "value" $cron.schedule) -}}
{{- include "escron.validate.timeZone" (dict "path" (printf "%scronjob.timeZone" $p) "value" $cron.timeZone) -}}
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
{{- $digits := regexReplaceAll "^0+" $step "" -}}
{{- /* the controller reads the step as an int64: 0, or past 9223372036854775807, is refused */ -}}
{{- if and (contains "/" $part) (or (eq $digits "") (gt (len $digits) 19) (and (eq (len $digits) 19) (gt $digits "9223372036854775807"))) -}}
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
