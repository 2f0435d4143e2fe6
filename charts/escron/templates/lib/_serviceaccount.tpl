{{/*
The ServiceAccount of a job and the RBAC it is given: the rules of their values.
(Their names come from lib/_names.tpl, the objects from serviceaccount.yaml and
rbac.yaml.)
*/}}

{{/* escron.validate.serviceAccount: a job -> a ServiceAccount name Kubernetes takes; rbac only for a ServiceAccount of the job's own. */}}
{{- define "escron.validate.serviceAccount" -}}
{{- $p := .escron.path -}}
{{- $sa := .serviceAccount | default dict -}}
{{- with $sa.name -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" (toString .)) -}}
{{- fail (printf "%sserviceAccount.name is %s: a ServiceAccount's name is a DNS subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)" $p (include "escron.show" .)) -}}
{{- end -}}
{{- end -}}
{{- $rbac := .rbac | default dict -}}
{{- if and (or $rbac.rules $rbac.clusterRules) (eq .escron.serviceAccount "default") -}}
{{- fail (printf "%srbac grants rules to the job's ServiceAccount, which is the namespace's default: set %sserviceAccount.create: true (or serviceAccount.name)" $p $p) -}}
{{- end -}}
{{- end -}}
