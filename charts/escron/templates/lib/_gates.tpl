{{/*
Fields of the Pod API behind a Kubernetes feature gate that is off by default on some
minor the chart renders for. A cluster without the gate drops such a field silently or
refuses the pod, so NOTES name the field and its gate. Each row is checked against a
real API server by the render tier (TestGatedFieldsAgainstTheAPIServer).
*/}}

{{/*
escron.gates: gate -> the first minor on which it is on by default (0: none yet), as
pkg/features/kube_features.go of k8s.io/kubernetes v1.37.2 gives them.
*/}}
{{- define "escron.gates" -}}
{"ClusterTrustBundleProjection": 37, "ContainerRestartRules": 35, "ContainerStopSignals": 0, "EnvFiles": 35, "HostnameOverride": 35, "ImageVolume": 35, "PodCertificateRequest": 37}
{{- end -}}

{{/*
escron.kubeMinor: a KubeVersion (.Capabilities.KubeVersion) -> its minor as a number,
read from the leading digits ("28+" of some managed clusters is 28), 0 when there are none.
*/}}
{{- define "escron.kubeMinor" -}}
{{- regexFind "^[0-9]+" (toString .Minor) | default "0" | atoi -}}
{{- end -}}

{{/* escron.gatedFields: a job -> a JSON map, values path -> the gate of that field, for each gated field it sets. */}}
{{- define "escron.gatedFields" -}}
{{- $p := .escron.path -}}
{{- $out := dict -}}
{{- if .hostnameOverride }}{{ $_ := set $out (printf "%shostnameOverride" $p) "HostnameOverride" }}{{ end -}}
{{- range $entry := include "escron.containerValues" . | fromJsonArray -}}
{{- $at := printf "%s%s" $p $entry.path -}}
{{- $c := $entry.container -}}
{{- if $c.restartPolicyRules }}{{ $_ := set $out (printf "%s.restartPolicyRules" $at) "ContainerRestartRules" }}{{ end -}}
{{- if and $c.restartPolicy (ne $entry.list "initContainers") }}{{ $_ := set $out (printf "%s.restartPolicy" $at) "ContainerRestartRules" }}{{ end -}}
{{- if ($c.lifecycle | default dict).stopSignal }}{{ $_ := set $out (printf "%s.lifecycle.stopSignal" $at) "ContainerStopSignals" }}{{ end -}}
{{- if kindIs "map" $c.env -}}
{{- range $name, $v := $c.env }}{{ if and (kindIs "map" $v) $v.fileKeyRef }}{{ $_ := set $out (printf "%s.env.%s.fileKeyRef" $at $name) "EnvFiles" }}{{ end }}{{ end -}}
{{- else -}}
{{- range $i, $e := $c.env }}{{ if (($e | default dict).valueFrom | default dict).fileKeyRef }}{{ $_ := set $out (printf "%s.env[%d].valueFrom.fileKeyRef" $at $i) "EnvFiles" }}{{ end }}{{ end -}}
{{- end -}}
{{- end -}}
{{- range $i, $v := .extraVolumes -}}
{{- $v = $v | default dict -}}
{{- if $v.image }}{{ $_ := set $out (printf "%sextraVolumes[%d].image" $p $i) "ImageVolume" }}{{ end -}}
{{- range $j, $s := ($v.projected | default dict).sources -}}
{{- if ($s | default dict).podCertificate }}{{ $_ := set $out (printf "%sextraVolumes[%d].projected.sources[%d].podCertificate" $p $i $j) "PodCertificateRequest" }}{{ end -}}
{{- if ($s | default dict).clusterTrustBundle }}{{ $_ := set $out (printf "%sextraVolumes[%d].projected.sources[%d].clusterTrustBundle" $p $i $j) "ClusterTrustBundleProjection" }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
escron.notes.gates: (dict "job" JOB "kubeVersion" .Capabilities.KubeVersion) -> a JSON
list of notes, one line each: the job's fields whose gate is off by default on that minor.
*/}}
{{- define "escron.notes.gates" -}}
{{- $minor := include "escron.kubeMinor" .kubeVersion | atoi -}}
{{- $gates := include "escron.gates" . | fromJson -}}
{{- $out := list -}}
{{- $fields := include "escron.gatedFields" .job | fromJson -}}
{{- range $path := keys $fields | sortAlpha -}}
{{- $gate := get $fields $path -}}
{{- $since := get $gates $gate | int -}}
{{- if or (eq $since 0) (lt $minor $since) -}}
{{- $out = append $out (printf "%s needs the feature gate %s, off by default in Kubernetes %s.%s: a cluster that does not turn it on drops the field or refuses the pods." $path $gate (toString $.kubeVersion.Major) (toString $.kubeVersion.Minor)) -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
