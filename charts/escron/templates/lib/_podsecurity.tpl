{{/*
Pod Security: whether a job's pods meet the Pod Security Standards "restricted"
profile (version latest), as the pod-security admission plugin judges them. The
chart's defaults do; values may opt out (securityContext: null, a hostPath volume,
...), which is allowed, and NOTES then say what is no longer restricted.
*/}}

{{/* escron.podSecurityViolations: a job -> a JSON list of what keeps its pods from "restricted", each naming the values key. */}}
{{- define "escron.podSecurityViolations" -}}
{{- $p := .escron.path -}}
{{- $pod := .podSecurityContext | default dict -}}
{{- $out := list -}}
{{- range $f := list "hostNetwork" "hostPID" "hostIPC" -}}
{{- if get $ $f }}{{ $out = append $out (printf "%s%s is true" $p $f) }}{{ end -}}
{{- end -}}
{{- range $i, $v := .extraVolumes -}}
{{- range $type, $_ := omit $v "name" -}}
{{- if not (has $type (list "configMap" "csi" "downwardAPI" "emptyDir" "ephemeral" "image" "persistentVolumeClaim" "projected" "secret")) -}}
{{- $out = append $out (printf "%sextraVolumes[%d] is a %s volume" $p $i $type) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $s := $pod.sysctls -}}
{{- if not (has $s.name (list "kernel.shm_rmid_forced" "net.ipv4.ip_local_port_range" "net.ipv4.ip_unprivileged_port_start" "net.ipv4.tcp_syncookies" "net.ipv4.ping_group_range" "net.ipv4.ip_local_reserved_ports" "net.ipv4.tcp_keepalive_time" "net.ipv4.tcp_fin_timeout" "net.ipv4.tcp_keepalive_intvl" "net.ipv4.tcp_keepalive_probes")) -}}
{{- $out = append $out (printf "%spodSecurityContext.sysctls sets %s" $p $s.name) -}}
{{- end -}}
{{- end -}}
{{- range $k, $v := .podAnnotations -}}
{{- if and (hasPrefix "container.apparmor.security.beta.kubernetes.io/" $k) (not (or (eq (toString $v) "runtime/default") (hasPrefix "localhost/" (toString $v)))) -}}
{{- $out = append $out (printf "%spodAnnotations.%s is %s" $p $k (include "escron.show" $v)) -}}
{{- end -}}
{{- end -}}
{{- $out = concat $out (include "escron.securityContextViolations" (dict "path" (printf "%spodSecurityContext" $p) "value" $pod) | fromJsonArray) -}}
{{- if eq (toString $pod.runAsUser) "0" }}{{ $out = append $out (printf "%spodSecurityContext.runAsUser is 0" $p) }}{{ end -}}
{{- $linux := ne (toString ((.os | default dict).name)) "windows" -}}{{/* the Linux-only checks skip Windows pods, as Pod Security does */}}
{{- $podSeccomp := ($pod.seccompProfile | default dict).type -}}
{{- if and $linux $podSeccomp (not (has $podSeccomp (list "RuntimeDefault" "Localhost"))) }}{{ $out = append $out (printf "%spodSecurityContext.seccompProfile.type is %s" $p $podSeccomp) }}{{ end -}}
{{- $containers := include "escron.containerContexts" . | fromJsonArray -}}
{{- range $c := $containers -}}
{{- $sc := $c.securityContext | default dict -}}
{{- $at := printf "%s%s" $p $c.path -}}
{{- $out = concat $out (include "escron.securityContextViolations" (dict "path" $at "value" $sc) | fromJsonArray) -}}
{{- if $sc.privileged }}{{ $out = append $out (printf "%s.privileged is true" $at) }}{{ end -}}
{{- if $linux -}}
{{- if not (eq (toString $sc.allowPrivilegeEscalation) "false") }}{{ $out = append $out (printf "%s.allowPrivilegeEscalation is not false" $at) }}{{ end -}}
{{- $caps := $sc.capabilities | default dict -}}
{{- if not (has "ALL" ($caps.drop | default list)) }}{{ $out = append $out (printf "%s.capabilities.drop does not hold ALL" $at) }}{{ end -}}
{{- range $cap := $caps.add }}{{ if ne (toString $cap) "NET_BIND_SERVICE" }}{{ $out = append $out (printf "%s.capabilities.add holds %s" $at $cap) }}{{ end }}{{ end -}}
{{- end -}}
{{- $nonRoot := ternary $sc.runAsNonRoot $pod.runAsNonRoot (hasKey $sc "runAsNonRoot") -}}
{{- if not (and (kindIs "bool" $nonRoot) $nonRoot) }}{{ $out = append $out (printf "%s: runAsNonRoot is not true (here or in podSecurityContext)" $at) }}{{ end -}}
{{- if eq (toString $sc.runAsUser) "0" }}{{ $out = append $out (printf "%s.runAsUser is 0" $at) }}{{ end -}}
{{- $seccomp := ($sc.seccompProfile | default dict).type | default $podSeccomp -}}
{{- if and $linux (not (has $seccomp (list "RuntimeDefault" "Localhost"))) }}{{ $out = append $out (printf "%s: seccompProfile.type is not RuntimeDefault or Localhost (here or in podSecurityContext)" $at) }}{{ end -}}
{{- if ne (toString ($sc.procMount | default "Default")) "Default" }}{{ $out = append $out (printf "%s.procMount is %s" $at $sc.procMount) }}{{ end -}}
{{- end -}}
{{- range $entry := include "escron.containerValues" . | fromJsonArray -}}
{{- $c := $entry.container -}}
{{- $at := printf "%s%s" $p $entry.path -}}
{{- range $j, $port := $c.ports -}}
{{- if and $port.hostPort (ne (toString $port.hostPort) "0") }}{{ $out = append $out (printf "%s ports[%d].hostPort is set" $at $j) }}{{ end -}}
{{- end -}}
{{- $handlers := dict "livenessProbe" $c.livenessProbe "readinessProbe" $c.readinessProbe "startupProbe" $c.startupProbe "lifecycle.postStart" ($c.lifecycle | default dict).postStart "lifecycle.preStop" ($c.lifecycle | default dict).preStop -}}
{{- range $field := keys $handlers | sortAlpha -}}
{{- $h := get $handlers $field | default dict -}}
{{- range $kind := list "httpGet" "tcpSocket" -}}
{{- with (get $h $kind | default dict).host }}{{ $out = append $out (printf "%s.%s.%s.host is set" $at $field $kind) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* escron.securityContextViolations: (dict "path" P "value" SECURITY_CONTEXT) -> what both levels share: SELinux, AppArmor, Windows host process. */}}
{{- define "escron.securityContextViolations" -}}
{{- $out := list -}}
{{- $sc := .value | default dict -}}
{{- with $sc.seLinuxOptions -}}
{{- if not (has (toString (.type | default "")) (list "" "container_t" "container_init_t" "container_kvm_t" "container_engine_t")) }}{{ $out = append $out (printf "%s.seLinuxOptions.type is %s" $.path .type) }}{{ end -}}
{{- if or .user .role }}{{ $out = append $out (printf "%s.seLinuxOptions sets a user or role" $.path) }}{{ end -}}
{{- end -}}
{{- if eq (toString ($sc.appArmorProfile | default dict).type) "Unconfined" }}{{ $out = append $out (printf "%s.appArmorProfile.type is Unconfined" $.path) }}{{ end -}}
{{- if ($sc.windowsOptions | default dict).hostProcess }}{{ $out = append $out (printf "%s.windowsOptions.hostProcess is true" $.path) }}{{ end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
escron.forWindows: a job whose os.name is windows -> its pod and main container
security contexts without the chart's Linux-only hardening, which the API server refuses
in a Windows pod: the values.yaml defaults pod runAsUser and runAsGroup 65532 and
seccompProfile RuntimeDefault, and container allowPrivilegeEscalation false,
capabilities.drop [ALL] and readOnlyRootFilesystem true. Any other value stays, for the
API server to judge. The maps are copied: .Values is never modified.
*/}}
{{- define "escron.forWindows" -}}
{{- $pod := omit (.podSecurityContext | default dict) -}}
{{- range $f := list "runAsUser" "runAsGroup" -}}
{{- if eq (toString (get $pod $f)) "65532" }}{{ $_ := unset $pod $f }}{{ end -}}
{{- end -}}
{{- if eq (toJson $pod.seccompProfile) (toJson (dict "type" "RuntimeDefault")) }}{{ $_ := unset $pod "seccompProfile" }}{{ end -}}
{{- $_ := set . "podSecurityContext" $pod -}}
{{- $mc := omit (.mainContainer | default dict) -}}
{{- $sc := omit ($mc.securityContext | default dict) -}}
{{- if eq (toString $sc.allowPrivilegeEscalation) "false" }}{{ $_ := unset $sc "allowPrivilegeEscalation" }}{{ end -}}
{{- if eq (toJson $sc.capabilities) (toJson (dict "drop" (list "ALL"))) }}{{ $_ := unset $sc "capabilities" }}{{ end -}}
{{- if eq (toString $sc.readOnlyRootFilesystem) "true" }}{{ $_ := unset $sc "readOnlyRootFilesystem" }}{{ end -}}
{{- $_ := set $mc "securityContext" $sc -}}
{{- $_ := set . "mainContainer" $mc -}}
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
