{{/*
What NOTES tells about a job beyond its commands: choices that are allowed but that
the user should know the consequences of.
*/}}

{{/* escron.notes.warnings: a job -> a JSON list of notes, each one line. */}}
{{- define "escron.notes.warnings" -}}
{{- $p := .escron.path -}}
{{- $out := list -}}
{{- with include "escron.podSecurityViolations" . | fromJsonArray -}}
{{- $out = append $out (printf "its pods do not meet the Pod Security Standards \"restricted\" profile (a namespace enforcing it refuses them): %s." (join "; " .)) -}}
{{- end -}}
{{- $mc := .mainContainer | default dict -}}
{{- range $field := list "command" "args" -}}
{{- range $i, $word := get $mc $field | default list -}}
{{- if regexMatch "^([0-9]*(>|>>|<|<<|>&|<&)[0-9-]*|&>|&>>|&&|\\|\\||\\||;|&)$" (toString $word) -}}
{{- $out = append $out (printf "%smainContainer.%s[%d] is %s: no shell reads a container's %s, so the program gets it as that text (sh passes it to a script as an argument). For shell syntax, run [sh, -c, \"...\"]." $p $field $i (include "escron.show" $word) $field) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $rbac := .rbac | default dict -}}
{{- if and (or $rbac.rules $rbac.clusterRules) (not (.serviceAccount | default dict).automount) -}}
{{- $out = append $out (printf "%srbac grants rules to ServiceAccount %s, whose token is not mounted (%sserviceAccount.automount: false): set it to true for the script to use them." $p .escron.serviceAccount $p) -}}
{{- end -}}
{{- if eq (toString ((.os | default dict).name)) "windows" -}}
{{- $out = append $out (printf "%sos.name is windows: the chart leaves out its Linux-only hardening (pod runAsUser, runAsGroup and seccompProfile; container allowPrivilegeEscalation, capabilities and readOnlyRootFilesystem), which a Windows pod may not have." $p) -}}
{{- end -}}
{{- range $i, $c := .topologySpreadConstraints -}}
{{- if and (kindIs "map" $c) (not $c.labelSelector) -}}
{{- $out = append $out (printf "%stopologySpreadConstraints[%d] has no labelSelector: it matches no pod, so it spreads nothing (the API server warns the same); select the job's pods, for example by app.kubernetes.io/instance." $p $i) -}}
{{- end -}}
{{- end -}}
{{- $deadline := (.job | default dict).activeDeadlineSeconds -}}
{{- if and (not (kindIs "invalid" $deadline)) (eq (toString $deadline) "0") -}}
{{- $out = append $out (printf "%sjob.activeDeadlineSeconds is 0: Kubernetes stops every run of this job at once (DeadlineExceeded), so none can succeed." $p) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
