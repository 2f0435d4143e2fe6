{{/*
Formatting: how values become YAML text. Every value that reaches a manifest goes
through one of these, so that what renders is what the user wrote.
*/}}

{{/*
escron.yaml: any value -> YAML that parses back to exactly that value. Helm's toYaml
returns nothing, without an error, for a value holding a character YAML cannot carry
raw (U+007F to U+009F, U+FEFF, U+FFFE, U+FFFF), and writes line separators (U+2028,
U+2029, and control characters once decoded) where a parser reads them as line
breaks. Such values are written as JSON with those characters escaped: JSON is YAML.
*/}}
{{- define "escron.yaml" -}}
{{- $json := toJson . -}}
{{- if regexMatch "[\\x{7f}-\\x{9f}\\x{feff}\\x{fffe}\\x{ffff}]|\\\\u00[01]|\\\\u202[89]|\\\\r" $json -}}
{{- $escapes := include "escron.unicodeEscapes" . | fromJson -}}
{{- range $char := regexFindAll "[\\x{7f}-\\x{9f}\\x{feff}\\x{fffe}\\x{ffff}]" $json -1 | uniq -}}
{{- $json = replace $char (get $escapes $char) $json -}}
{{- end -}}
{{- $json -}}
{{- else -}}
{{- toYaml . | trimSuffix "\n" -}}
{{- end -}}
{{- end -}}

{{/* The JSON escapes of the characters escron.yaml must not write raw. */}}
{{- define "escron.unicodeEscapes" -}}
{{- $escapes := dict -}}
{{- range $code := concat (untilStep 127 160 1) (list 65279 65534 65535) -}}
{{- $_ := set $escapes (printf "%c" $code) (printf "\\u%04x" $code) -}}
{{- end -}}
{{- toJson $escapes -}}
{{- end -}}

{{/*
escron.passthrough: (dict "names" "a b c" "values" MAP "out" DICT) copies each named
field of MAP into DICT as given, unless it is unset: null, or an empty string, map or
list (Kubernetes reads those as unset). Zero and false are copied. The lists of names
are generated from the Kubernetes OpenAPI (_generated.tpl).
*/}}
{{- define "escron.passthrough" -}}
{{- $values := .values -}}
{{- $out := .out -}}
{{- range $name := splitList " " .names -}}
{{- $v := get $values $name -}}
{{- if not (or (kindIs "invalid" $v) (and (or (kindIs "map" $v) (kindIs "slice" $v) (kindIs "string" $v)) (empty $v))) -}}
{{- $_ := set $out $name $v -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
escron.string: a scalar -> its text. YAML numbers reach templates as float64 (from
values files) or int64 (from --set): an integral number prints as an integer (7, not
7e+00; 1000000, not 1e+06).
*/}}
{{- define "escron.string" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) (lt . 1e18) (gt . -1e18) -}}
{{- . | int64 -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/* escron.number: a number in plain digits (10000000000000000000, not 1e+19), as error messages show it; escron.string keeps
YAML float syntax for the numbers it cannot write as an int64. */}}
{{- define "escron.number" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- printf "%.0f" . -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/* escron.quote: a scalar -> its text as a YAML string (escron.string, then quoted). */}}
{{- define "escron.quote" -}}
{{- include "escron.yaml" (include "escron.string" .) -}}
{{- end -}}

{{/* escron.show: a value as an error message shows it: a string quoted, with its invisible characters escaped; other values as JSON. */}}
{{- define "escron.show" -}}
{{- if kindIs "string" . }}{{ quote . }}{{ else }}{{ toJson . }}{{ end -}}
{{- end -}}
