package kubeapi_test

import (
	"encoding/json"
	"testing"
)

// TestStructural: the checks of the API server's strict decoding against the OpenAPI
// schema, on the CronJob fixture.
func TestStructural(t *testing.T) {
	runValidation(t, cronJob(t), []validationCase{
		{check: "valid CronJob as the chart renders it"},

		// types
		{check: "type: string for an integer", edit: func(o map[string]any) { set(o, "spec.startingDeadlineSeconds", "300") },
			want: []string{cronName + `spec.startingDeadlineSeconds: Invalid value: "300": must be of type integer`}},
		{check: "type: number for a string (an unquoted env value)", edit: func(o map[string]any) { set(o, mainCtr+".env[1].value", 7) },
			want: []string{mainCtr + `.env[1].value: Invalid value: 7: must be of type string`}},
		{check: "type: string for a boolean", edit: func(o map[string]any) { set(o, "spec.suspend", "false") },
			want: []string{`spec.suspend: Invalid value: "false": must be of type boolean`}},
		{check: "type: string for an object", edit: func(o map[string]any) { set(o, podSpec+".securityContext", "restricted") },
			want: []string{podSpec + `.securityContext: Invalid value: "restricted": must be of type object`}},
		{check: "type: string for an array", edit: func(o map[string]any) { set(o, mainCtr+".command", "sh") },
			want: []string{mainCtr + `.command: Invalid value: "sh": must be of type array`}},
		{check: "type: object for a string", edit: func(o map[string]any) { set(o, mainCtr+".image", y(t, "{repository: curl}")) },
			want: []string{mainCtr + `.image: Invalid value: object: must be of type string`}},
		{check: "type: a number for a label value", edit: func(o map[string]any) { set(o, "metadata.labels[app.kubernetes.io/version]", 1.0) },
			want: []string{`metadata.labels[app.kubernetes.io/version]: Invalid value: 1: must be of type string`}},

		// integers
		{check: "integer: an integral float is an integer", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", 2.0) }},
		{check: "integer: a Go int is an integer", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", 2) }},
		{check: "integer: a fraction is not", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", 2.5) },
			want: []string{jobSpec + `.backoffLimit: Invalid value: 2.5: must be an integer`}},
		{check: "integer: int32 range", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", 3000000000.0) },
			want: []string{jobSpec + `.backoffLimit: Invalid value: 3000000000: must fit in a 32-bit integer (int32)`}},
		{check: "integer: int32 lower bound", edit: func(o map[string]any) { set(o, jobSpec+".backoffLimit", int64(-2147483649)) },
			want: []string{`must fit in a 32-bit integer (int32)`}},
		{check: "integer: int64 takes more than int32", edit: func(o map[string]any) { set(o, jobSpec+".activeDeadlineSeconds", 3000000000.0) }},
		{check: "integer: int64 range (float)", edit: func(o map[string]any) { set(o, jobSpec+".activeDeadlineSeconds", 1e19) },
			want: []string{jobSpec + `.activeDeadlineSeconds: Invalid value: 10000000000000000000: must fit in a 64-bit integer`}},
		{check: "integer: int64 range (json.Number)", edit: func(o map[string]any) {
			set(o, jobSpec+".activeDeadlineSeconds", json.Number("9223372036854775808"))
		}, want: []string{jobSpec + `.activeDeadlineSeconds: Invalid value: 9223372036854775808: must fit in a 64-bit integer`}},
		{check: "integer: int64 maximum", edit: func(o map[string]any) {
			set(o, jobSpec+".activeDeadlineSeconds", json.Number("9223372036854775807"))
		}},

		// int-or-string
		{check: "int-or-string: a port name", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{httpGet: {path: /healthz, port: metrics}}"))
		}},
		{check: "int-or-string: a port number", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{httpGet: {path: /healthz, port: 9100}}"))
		}},
		{check: "int-or-string: a fraction is neither", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{httpGet: {path: /healthz, port: 91.5}}"))
		}, want: []string{mainCtr + `.readinessProbe.httpGet.port: Invalid value: 91.5: must be an integer or a string`}},
		{check: "int-or-string: a boolean is neither", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{tcpSocket: {port: true}}"))
		}, want: []string{mainCtr + `.readinessProbe.tcpSocket.port: Invalid value: true: must be an integer or a string`}},
		{check: "int-or-string: the integer is an int32", edit: func(o map[string]any) {
			set(o, mainCtr+".readinessProbe", y(t, "{tcpSocket: {port: 4294967296}}"))
		}, want: []string{mainCtr + `.readinessProbe.tcpSocket.port: Invalid value: 4294967296: must fit in a 32-bit integer (int32)`}},

		// quantities
		{check: "quantity: a number", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.cpu", 1) }},
		{check: "quantity: a fractional number", edit: func(o map[string]any) { set(o, mainCtr+".resources.requests.cpu", 0.25) }},
		{check: "quantity: spaces around are trimmed", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.memory", " 1Gi ") }},
		{check: "quantity: exponent", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.memory", "1e9") }},
		{check: "quantity: not parsable", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.cpu", "half") },
			want: []string{mainCtr + `.resources.limits[cpu]: Invalid value: "half": quantities must match the regular expression`}},
		{check: "quantity: unknown suffix", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.memory", "512MB") },
			want: []string{mainCtr + `.resources.limits[memory]: Invalid value: "512MB"`}},
		{check: "quantity: a boolean", edit: func(o map[string]any) { set(o, mainCtr+".resources.limits.memory", true) },
			want: []string{mainCtr + `.resources.limits[memory]: Invalid value: true: must be a quantity`}},

		// unknown fields
		{check: "unknown field in a container", edit: func(o map[string]any) { set(o, mainCtr+".imagePullPolcy", "Always") },
			want: []string{mainCtr + `.imagePullPolcy: unknown field`}},
		{check: "unknown field at the root", edit: func(o map[string]any) { set(o, "schedule", "* * * * *") },
			want: []string{cronName + `schedule: unknown field`}},
		{check: "unknown field in metadata", edit: func(o map[string]any) { set(o, "metadata.lables", y(t, "{a: b}")) },
			want: []string{`metadata.lables: unknown field`}},
		{check: "unknown field: field names are case-sensitive", edit: func(o map[string]any) { set(o, mainCtr+".Name", "x") },
			want: []string{mainCtr + `.Name: unknown field`}},
		{check: "unknown field: a field in the wrong place", edit: func(o map[string]any) { set(o, jobSpec+".restartPolicy", "Never") },
			want: []string{jobSpec + `.restartPolicy: unknown field`}},

		// required fields
		{check: "required: a container's name", edit: func(o map[string]any) { set(o, mainCtr+".name", del) },
			want: []string{mainCtr + `.name: Required value`}},
		{check: "required: a volume mount's mountPath", edit: func(o map[string]any) { set(o, mainCtr+".volumeMounts[1].mountPath", del) },
			want: []string{mainCtr + `.volumeMounts[1].mountPath: Required value`}},
		{check: "required: null counts as absent", edit: func(o map[string]any) { set(o, "spec.schedule", nil) },
			want: []string{`spec.schedule: Required value`}},

		// null
		{check: "null for an optional field", edit: func(o map[string]any) {
			set(o, "spec.timeZone", nil)
			set(o, podSpec+".securityContext.fsGroup", nil)
			set(o, mainCtr+".args", nil)
			set(o, "metadata.creationTimestamp", nil)
		}},
		{check: "null for a label value (an empty value)", edit: func(o map[string]any) { set(o, "metadata.labels[empty]", nil) }},

		// list-map keys and sets
		{check: "list map: duplicate env name", edit: func(o map[string]any) {
			set(o, mainCtr+".env[4]", y(t, "{name: ES_SERVER, value: other}"))
		}, want: []string{mainCtr + `.env[4]: Duplicate value: {"name":"ES_SERVER"}`}},
		{check: "list map: a key's default (protocol TCP) counts", edit: func(o map[string]any) {
			set(o, mainCtr+".ports[1]", y(t, "{name: metrics-tcp, containerPort: 9100, protocol: TCP}"))
		}, want: []string{mainCtr + `.ports[1]: Duplicate value: {"containerPort":9100,"protocol":"TCP"}`}},
		{check: "list map: same port, other protocol", edit: func(o map[string]any) {
			set(o, mainCtr+".ports[1]", y(t, "{name: metrics-udp, containerPort: 9100, protocol: UDP}"))
		}},
		{check: "list map: numbers compare by value", edit: func(o map[string]any) {
			set(o, mainCtr+".ports[1]", map[string]any{"name": "m2", "containerPort": 9100.0})
		}, want: []string{mainCtr + `.ports[1]: Duplicate value: {"containerPort":9100,"protocol":"TCP"}`}},
		{check: "list map: duplicate volume name", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, "{name: tmp, emptyDir: {}}"))
		}, want: []string{podSpec + `.volumes[2]: Duplicate value: {"name":"tmp"}`}},
		{check: "list map: duplicate mountPath", edit: func(o map[string]any) {
			set(o, mainCtr+".volumeMounts[2]", y(t, "{name: scripts, mountPath: /tmp}"))
		}, want: []string{mainCtr + `.volumeMounts[2]: Duplicate value: {"mountPath":"/tmp"}`}},
		{check: "set: duplicate finalizer", edit: func(o map[string]any) {
			set(o, "metadata.finalizers", y(t, "[example.com/cleanup, example.com/cleanup]"))
		}, want: []string{`metadata.finalizers[1]: Duplicate value: "example.com/cleanup"`}},

		// formats
		{check: "date-time: RFC 3339", edit: func(o map[string]any) { set(o, "metadata.creationTimestamp", "2025-01-02T03:04:05Z") }},
		{check: "date-time: not RFC 3339", edit: func(o map[string]any) { set(o, "metadata.creationTimestamp", "yesterday") },
			want: []string{`metadata.creationTimestamp: Invalid value: "yesterday": must be an RFC 3339 date-time`}},
	})
}

// TestStructuralConfigMap: base64 (format byte) and maps of strings.
func TestStructuralConfigMap(t *testing.T) {
	base := func() map[string]any {
		return object(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts}\ndata: {run.sh: echo}\nbinaryData: {logo.png: aGVsbG8=}\n")
	}
	runValidation(t, base, []validationCase{
		{check: "valid ConfigMap"},
		{check: "byte: base64 across lines", edit: func(o map[string]any) { set(o, "binaryData[logo.png]", "aGVs\nbG8=") }},
		{check: "byte: not base64", edit: func(o map[string]any) { set(o, "binaryData[logo.png]", "hello!") },
			want: []string{`ConfigMap/scripts: binaryData[logo.png]: Invalid value: "hello!": must be base64-encoded`}},
		{check: "map of strings: a number", edit: func(o map[string]any) { set(o, "data[retention]", 7) },
			want: []string{`data[retention]: Invalid value: 7: must be of type string`}},
		{check: "map of strings: null is an empty string", edit: func(o map[string]any) { set(o, "data[empty]", nil) }},
	})
}
