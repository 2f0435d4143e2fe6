{{/*
The values' shape: which keys each object of the values takes and requires, and the
bounds of each number. values.schema.json judges types; the keys and bounds are
checked here, against escron.valuesShape (generated from the same schema by make
schema), so that a refusal is one line a user understands: the values path (a key
holding '.' or '/' quoted: podLabels["app.kubernetes.io/component"]), the nearest key
for a typo, bounds in plain digits. escron.computePlan runs it first.
*/}}

{{/* escron.validate.values: the root context; fails on the first unknown key or number out of bounds. */}}
{{- define "escron.validate.values" -}}
{{- $shape := include "escron.valuesShape" . | fromJson -}}
{{- $minor := include "escron.kubeMinor" .Capabilities.KubeVersion | atoi -}}
{{- $kube := dict "minor" $minor "version" (printf "%s.%d" (toString .Capabilities.KubeVersion.Major) $minor) -}}
{{- include "escron.validate.shape" (dict "value" .Values "node" $shape.root "path" "" "defs" $shape.defs "renamed" (include "escron.renamedKeys" . | fromJson) "kube" $kube) -}}
{{- end -}}

{{/*
escron.renamedKeys: the values keys a release renamed, as JSON: {"OLD": {"to": "NEW",
"in": "VERSION"}}, each path as a job's keys write it (no jobs.KEY. prefix, [] for a
list's items). A values file that still has an old key is refused with the new key's
name, never silently ignored. No key has been renamed up to 0.3.0 (every key of 0.1.0
and 0.2.0 still exists).
*/}}
{{- define "escron.renamedKeys" -}}
{}
{{- end -}}

{{/*
escron.validate.shape: (dict "value" V "node" NODE "path" P "defs" DEFS "renamed" R
"kube" (dict "minor" 37 "version" "1.37")), NODE as in shape.go; a key a newer minor
than the target cluster's brought (s) is refused with that minor.
*/}}
{{- define "escron.validate.shape" -}}
{{- $node := .node -}}
{{- if and (kindIs "map" $node) (hasKey $node "r") }}{{ $node = get .defs $node.r }}{{ end -}}
{{- $v := .value -}}
{{- if kindIs "map" $node -}}
{{- if kindIs "map" $v -}}
{{- $keys := $node.k | default dict -}}
{{- range $key, $child := $v -}}
{{- $at := include "escron.path.key" (dict "path" $.path "key" $key) -}}
{{- if hasKey $keys $key -}}
{{- $since := get ($node.s | default dict) $key -}}
{{- if and $since (not (kindIs "invalid" $child)) (lt $.kube.minor (splitList "." $since | last | atoi)) -}}
{{- fail (printf "%s: a field of Kubernetes %s and later, and the chart renders for Kubernetes %s (the cluster's version with helm install, --kube-version with helm template)" $at $since $.kube.version) -}}
{{- end -}}
{{- $next := get $keys $key -}}
{{- if and (kindIs "map" $next) (not (kindIs "invalid" $child)) }}{{ include "escron.validate.shape" (dict "value" $child "node" $next "path" $at "defs" $.defs "renamed" $.renamed "kube" $.kube) }}{{ end -}}
{{- else if hasKey $node "a" -}}
{{- if and (kindIs "map" $node.a) (not (kindIs "invalid" $child)) }}{{ include "escron.validate.shape" (dict "value" $child "node" $node.a "path" $at "defs" $.defs "renamed" $.renamed "kube" $.kube) }}{{ end -}}
{{- else -}}
{{- $old := regexReplaceAll "\\[[0-9]+\\]" (regexReplaceAll "^jobs\\.[^.\\[]+\\." $at "") "[]" -}}
{{- with get $.renamed $old -}}
{{- fail (printf "%s: escron %s renamed this key to %s; write that instead" $at .in .to) -}}
{{- end -}}
{{- $near := include "escron.nearestKey" (dict "key" $key "keys" (keys $keys)) -}}
{{- $where := ternary "at the root of the values" (printf "in %s" $.path) (eq $.path "") -}}
{{- if $near -}}
{{- fail (printf "%s: no such key %s; did you mean %s?" $at $where (include "escron.path.key" (dict "path" $.path "key" $near))) -}}
{{- else if le (len $keys) 16 -}}
{{- fail (printf "%s: no such key %s, which takes %s" $at $where (keys $keys | sortAlpha | join ", ")) -}}
{{- else -}}
{{- fail (printf "%s: no such key %s (values.yaml and the chart's README list the keys)" $at $where) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $key := $node.q -}}
{{- if or (not (hasKey $v $key)) (kindIs "invalid" (index $v $key)) -}}
{{- fail (printf "%s is %s: Kubernetes requires it" (include "escron.path.key" (dict "path" $.path "key" $key)) (ternary "null" "missing" (hasKey $v $key))) -}}
{{- end -}}
{{- end -}}
{{- with $node.n -}}
{{- $n := len $v -}}
{{- if or (lt $n (index . 0 | int)) (gt $n (index . 1 | int)) -}}
{{- $count := ternary "one key" (printf "from %d to %d keys" (index . 0 | int) (index . 1 | int)) (and (eq (index . 0 | int) 1) (eq (index . 1 | int) 1)) -}}
{{- $has := ternary "is empty" (printf "has %d keys (%s)" $n (keys $v | sortAlpha | join ", ")) (eq $n 0) -}}
{{- fail (printf "%s %s: it takes %s, one of %s" $.path $has $count (keys $keys | sortAlpha | join ", ")) -}}
{{- end -}}
{{- end -}}
{{- else if and (kindIs "slice" $v) (hasKey $node "i") -}}
{{- range $i, $item := $v -}}
{{- if not (kindIs "invalid" $item) }}{{ include "escron.validate.shape" (dict "value" $item "node" $node.i "path" (printf "%s[%d]" $.path $i) "defs" $.defs "renamed" $.renamed "kube" $.kube) }}{{ end -}}
{{- end -}}
{{- else if and (hasKey $node "b") (or (kindIs "float64" $v) (kindIs "int64" $v) (kindIs "int" $v)) -}}
{{- $lo := index $node.b 0 -}}
{{- $hi := index $node.b 1 -}}
{{- $f := float64 $v -}}
{{- $f0 := float64 $lo -}}
{{- $f1 := float64 $hi -}}
{{- /* a float64 holds 2^63-1 as 2^63: at the int64 bound, equal is past it */ -}}
{{- if or (and $lo (lt $f $f0)) (and $hi (gt $f $f1)) (and $hi (ge $f1 9e18) (ge $f $f1)) -}}
{{- fail (printf "%s is %s: it takes a whole number from %s to %s" .path (include "escron.number" $v) $lo $hi) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
escron.path.key: (dict "path" P "key" K) -> the values path of key K under P, as error
messages write it: P.K, or P["K"] when K holds anything but letters, digits, '_' and
'-' (a label key, a file name); K alone at the root.
*/}}
{{- define "escron.path.key" -}}
{{- if regexMatch "^[A-Za-z0-9_-]+$" .key -}}
{{- if .path }}{{ .path }}.{{ end }}{{ .key -}}
{{- else -}}
{{- .path }}[{{ toJson .key }}]
{{- end -}}
{{- end -}}

{{/*
escron.nearestKey: (dict "key" K "keys" LIST) -> the key of LIST a typo of K most
likely meant, or nothing: the same key in another case; else the nearest by edit
distance (an insertion, deletion, change or swap of two neighbours each count one) if
at most 2, or a quarter of K's length; else a key that K begins (a truncated name).
*/}}
{{- define "escron.nearestKey" -}}
{{- $key := .key -}}
{{- $best := "" -}}
{{- $bestD := 0 -}}
{{- range $k := sortAlpha .keys -}}
{{- if and (not $best) (eq (lower $k) (lower $key)) }}{{ $best = $k }}{{ end -}}
{{- end -}}
{{- if not $best -}}
{{- $limit := max 2 (div (len $key) 4) -}}
{{- range $k := sortAlpha .keys -}}
{{- $gap := sub (len $k) (len $key) -}}
{{- if le (max $gap (sub 0 $gap)) $limit -}}
{{- $d := include "escron.editDistance" (dict "a" $key "b" $k) | int -}}
{{- if and (le $d $limit) (lt $d (len $key)) (or (not $best) (lt $d $bestD)) }}{{ $best = $k }}{{ $bestD = $d }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and (not $best) (ge (len $key) 4) -}}
{{- range $k := sortAlpha .keys -}}
{{- if and (not $best) (hasPrefix $key $k) }}{{ $best = $k }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $best -}}
{{- end -}}

{{/* escron.editDistance: (dict "a" A "b" B) -> the optimal string alignment distance of A and B. */}}
{{- define "escron.editDistance" -}}
{{- $a := splitList "" .a -}}
{{- $b := splitList "" .b -}}
{{- $prev2 := list -}}
{{- $prev := list -}}
{{- range $j := until (add (len $b) 1 | int) }}{{ $prev = append $prev $j }}{{ end -}}
{{- range $i, $ca := $a -}}
{{- $row := list (add $i 1) -}}
{{- range $j, $cb := $b -}}
{{- $d := min (add (index $prev (add $j 1)) 1) (add (last $row) 1) (add (index $prev $j) (ternary 0 1 (eq $ca $cb))) -}}
{{- if and (gt $i 0) (gt $j 0) (eq $ca (index $b (sub $j 1))) (eq $cb (index $a (sub $i 1))) -}}
{{- $d = min $d (add (index $prev2 (sub $j 1)) 1) -}}
{{- end -}}
{{- $row = append $row $d -}}
{{- end -}}
{{- $prev2 = $prev -}}
{{- $prev = $row -}}
{{- end -}}
{{- last $prev -}}
{{- end -}}
