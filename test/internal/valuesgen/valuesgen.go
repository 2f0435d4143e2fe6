// Package valuesgen generates escron values for property-based tests: documents of the
// chart's shape, mostly within its schema, whose choices come from a Chooser (the bytes
// of a fuzz input, or a seeded random source). Where escron transforms or checks a
// value (names, keys, labels, scripts, env, schedules, images, quantities, security
// contexts, merges), the candidates mix valid values with adversarial ones: control and
// non-ASCII characters, YAML 1.1 words, numbers as keys, long names, shared prefixes.
// Fields the chart passes through as given get small valid values, and now and then (in
// documents without a jobs map) one the API server refuses: the server, not escron,
// judges those, and the oracle checks that the refusal is the user's and names them.
package valuesgen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Chooser picks a number in [0, n).
type Chooser interface {
	IntN(n int) int
}

// Bytes is a Chooser that reads its choices from data (a fuzz input), one byte each,
// and picks 0 once data runs out: an empty input is the smallest document.
type Bytes struct {
	data []byte
	pos  int
}

// NewBytes reads choices from data.
func NewBytes(data []byte) *Bytes { return &Bytes{data: data} }

// IntN implements Chooser.
func (b *Bytes) IntN(n int) int {
	if n <= 1 || b.pos >= len(b.data) {
		return 0
	}
	v := int(b.data[b.pos])
	b.pos++
	return v % n
}

// Random is a Chooser from a seeded PCG source: the same seed, the same document.
func Random(seed uint64) Chooser { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// gen carries the Chooser through the generators.
type gen struct{ c Chooser }

// Values is one values document.
func Values(c Chooser) map[string]any {
	g := gen{c}
	v := g.job(0)
	if g.chance(1, 3) {
		jobs := map[string]any{}
		for range 1 + g.c.IntN(3) {
			key := g.mix(jobKeys).(string)
			switch g.c.IntN(10) {
			case 0:
				jobs[key] = nil
			case 1:
				jobs[key] = map[string]any{"enabled": false}
			default:
				jobs[key] = g.job(1)
			}
		}
		v["jobs"] = jobs
	}
	g.maybe(v, "nameOverride", 10, names)
	g.maybe(v, "fullnameOverride", 10, names)
	if g.chance(1, 8) {
		v["commonLabels"] = g.labels()
	}
	if g.chance(1, 8) {
		v["commonAnnotations"] = g.annotations()
	}
	if g.chance(1, 8) {
		v["tests"] = map[string]any{"enabled": true}
	}
	if g.chance(1, 12) {
		v["prometheusRule"] = map[string]any{"labels": g.labels()}
	}
	if g.chance(1, 12) {
		v["extraObjects"] = []any{map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": g.pick(dnsNames.good)}, "data": map[string]any{"k": g.mix(texts)}}}
	}
	if g.chance(1, 40) {
		v["enabled"] = false
	}
	if _, multi := v["jobs"]; !multi && g.chance(1, 8) {
		g.refusedByServer(v)
	}
	return v
}

// refusedByServer sets one field the chart passes through to a value that the schema
// allows and the API server refuses (a rule of its validation code, not of the
// OpenAPI): the user's own mistake, which must reach helm install with the server's
// message at its values path. Single jobs only: the oracle checks them against a
// minimal CronJob of the same fields.
func (g gen) refusedByServer(v map[string]any) {
	r := refusedByServer[g.c.IntN(len(refusedByServer))]
	m := v
	for _, k := range r.path[:len(r.path)-1] {
		child, ok := m[k].(map[string]any)
		if !ok {
			child = map[string]any{}
			m[k] = child
		}
		m = child
	}
	m[r.path[len(r.path)-1]] = r.value
}

// chance is true k times in n; a choice of 0 (what Bytes gives once its data runs out)
// is false, so that an empty input is the smallest document.
func (g gen) chance(k, n int) bool { return g.c.IntN(n) >= n-k }

func (g gen) pick(pool []any) any { return pool[g.c.IntN(len(pool))] }

// mix picks from good, and from bad once in twenty: bad values make the render fail,
// and an input holds many picks, so that both outcomes stay frequent.
func (g gen) mix(p pool) any {
	if len(p.bad) > 0 && g.chance(1, 20) {
		return g.pick(p.bad)
	}
	return g.pick(p.good)
}

// pool holds the candidates of one kind of value: good ones the chart must accept,
// bad ones it must refuse.
type pool struct{ good, bad []any }

// maybe sets key to a value of p with probability 1/n.
func (g gen) maybe(m map[string]any, key string, n int, p pool) {
	if g.chance(1, n) {
		m[key] = g.mix(p)
	}
}

// job is the keys of one job; depth 1 is a jobs entry (fewer keys, sometimes nulls).
func (g gen) job(depth int) map[string]any {
	v := map[string]any{}
	n := 3 - depth*2
	g.maybe(v, "restartPolicy", n+4, restartPolicies)
	if g.chance(2, n+3) {
		v["cronjob"] = g.cronjob()
	}
	if g.chance(1, n+3) {
		v["job"] = g.jobSpec()
	}
	if g.chance(2, n+2) {
		v["configmaps"] = g.configmaps()
	}
	if g.chance(3, n+4) {
		v["mainContainer"] = g.mainContainer()
	}
	g.maybe(v, "podSecurityContext", n+5, podSecurityContexts)
	if g.chance(1, n+5) {
		v["podLabels"] = g.labels()
	}
	if g.chance(1, n+5) {
		v["podAnnotations"] = g.annotations()
	}
	if g.chance(1, n+6) {
		sa := map[string]any{"create": g.chance(1, 2)}
		g.maybe(sa, "name", 2, dnsNames)
		if g.chance(1, 2) {
			sa["annotations"] = g.annotations()
		}
		g.maybe(sa, "automount", 2, pool{good: []any{true, false}})
		v["serviceAccount"] = sa
		if g.chance(1, 3) {
			v["rbac"] = map[string]any{"rules": []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"pods"}, "verbs": []any{"list"}}}}
		}
	}
	if g.chance(1, n+6) {
		name := g.mix(volumeNames)
		v["extraVolumes"] = []any{map[string]any{"name": name, "emptyDir": map[string]any{}}}
		if g.chance(1, 2) {
			v["extraVolumeMounts"] = []any{map[string]any{"name": name, "mountPath": g.mix(mountPaths)}}
		}
	}
	if g.chance(1, n+6) {
		v["initContainers"] = g.containers()
	}
	if g.chance(1, n+10) {
		v["extraContainers"] = g.containers()
	}
	g.maybe(v, "imagePullSecrets", n+10, pool{good: []any{[]any{"pull"}, []any{map[string]any{"name": "pull"}}}, bad: []any{[]any{map[string]any{}}}})
	for _, key := range passthroughKeys {
		if g.chance(1, n+20) {
			v[key] = g.pick(passthroughPod[key])
		}
	}
	g.maybe(v, "runOnInstall", n+8, pool{good: []any{true, false, nil}})
	if g.chance(1, n+8) {
		a := map[string]any{"enabled": g.chance(3, 4)}
		g.maybe(a, "maxAge", 2, durations)
		g.maybe(a, "failed", 3, pool{good: []any{true, false}})
		g.maybe(a, "severity", 4, pool{good: []any{"critical", "info"}})
		g.maybe(a, "maxDuration", 4, durations)
		g.maybe(a, "keepFiringFor", 4, durations)
		g.maybe(a, "groupBy", 4, pool{good: []any{[]any{"cluster"}, []any{}, []any{"cluster", "region"}}, bad: []any{[]any{"0x"}, []any{"namespace"}}})
		g.maybe(a, "metricsAbsent", 4, pool{good: []any{true, false}})
		if g.chance(1, 4) {
			a["labels"] = map[string]any{g.mix(pool{good: []any{"team", "page"}, bad: []any{"bad-label", "0x"}}).(string): "x"}
		}
		v["alerts"] = a
	}
	if depth > 0 {
		for _, k := range []string{"mainContainer", "podSecurityContext", "configmaps", "cronjob"} {
			if _, set := v[k]; !set && g.chance(1, 15) {
				v[k] = nil
			}
		}
	}
	return v
}

func (g gen) cronjob() map[string]any {
	c := map[string]any{}
	g.maybe(c, "schedule", 2, schedules)
	g.maybe(c, "timeZone", 5, timeZones)
	g.maybe(c, "concurrencyPolicy", 5, concurrencyPolicies)
	g.maybe(c, "suspend", 5, pool{good: []any{true, false, nil}})
	for _, k := range []string{"successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds"} {
		g.maybe(c, k, 6, zeroCounts)
	}
	if g.chance(1, 6) {
		c["labels"] = g.labels()
	}
	if g.chance(1, 8) {
		c["annotations"] = g.annotations()
	}
	return c
}

func (g gen) jobSpec() map[string]any {
	j := map[string]any{}
	g.maybe(j, "activeDeadlineSeconds", 3, counts)
	for _, k := range []string{"backoffLimit", "completions", "parallelism", "ttlSecondsAfterFinished"} {
		g.maybe(j, k, 3, zeroCounts)
	}
	g.maybe(j, "podFailurePolicy", 6, pool{good: []any{
		map[string]any{"rules": []any{map[string]any{"action": "FailJob", "onExitCodes": map[string]any{"operator": "In", "values": []any{42}}}}},
		map[string]any{"rules": []any{map[string]any{"action": "Ignore", "onPodConditions": []any{map[string]any{"type": "DisruptionTarget"}}}}},
	}})
	if g.chance(1, 6) {
		j["labels"] = g.labels()
	}
	return j
}

func (g gen) configmaps() map[string]any {
	cms := map[string]any{}
	for range 1 + g.c.IntN(2) {
		key := g.mix(configMapKeys).(string)
		if g.chance(1, 12) {
			cms[key] = nil
			continue
		}
		entry := map[string]any{"mountpath": g.mix(mountDirs)}
		existing := g.chance(1, 8)
		if existing {
			entry[g.pick([]any{"existingConfigMap", "existingSecret"}).(string)] = g.mix(dnsNames)
		}
		data := map[string]any{}
		for range 1 + g.c.IntN(2) {
			item := map[string]any{"subPath": g.mix(subPaths)}
			if !existing || g.chance(1, 20) {
				item["content"] = g.mix(texts)
			}
			g.maybe(item, "mode", 4, pool{good: []any{0, 0o444, 0o555, 0o777, 0o400}})
			data[g.mix(itemKeys).(string)] = item
		}
		entry["data"] = data
		if !existing && g.chance(1, 10) {
			entry["binaryData"] = map[string]any{"blob": map[string]any{"subPath": "blob.bin", "content": g.mix(pool{good: []any{"AAEC/w==", ""}, bad: []any{"not base64!"}})}}
		}
		cms[key] = entry
	}
	return cms
}

func (g gen) mainContainer() map[string]any {
	m := map[string]any{}
	g.maybe(m, "image", 4, images)
	g.maybe(m, "tag", 5, tags)
	g.maybe(m, "digest", 10, digests)
	g.maybe(m, "pullPolicy", 8, pullPolicies)
	if g.chance(1, 2) {
		env := map[string]any{}
		for range 1 + g.c.IntN(4) {
			env[g.mix(envNames).(string)] = g.mix(envValues)
		}
		m["env"] = env
	}
	g.maybe(m, "command", 3, words)
	g.maybe(m, "args", 4, words)
	g.maybe(m, "resources", 6, resources)
	g.maybe(m, "securityContext", 5, securityContexts)
	g.maybe(m, "workingDir", 12, pool{good: []any{"/work", "/"}})
	g.maybe(m, "livenessProbe", 15, pool{good: []any{map[string]any{"exec": map[string]any{"command": []any{"true"}}}}})
	g.maybe(m, "ports", 15, pool{good: []any{[]any{map[string]any{"containerPort": 8080}}}})
	g.maybe(m, "envFrom", 12, pool{good: []any{[]any{map[string]any{"secretRef": map[string]any{"name": "extra"}, "prefix": "X_"}}}})
	return m
}

func (g gen) containers() []any {
	var out []any
	for i := range 1 + g.c.IntN(2) {
		name := g.mix(containerNames).(string)
		if i > 0 {
			name += "-2"
		}
		c := map[string]any{"name": name, "image": g.mix(imageRefs), "command": []any{"sh", "-c", "true"}}
		g.maybe(c, "securityContext", 3, securityContexts)
		g.maybe(c, "restartPolicy", 4, pool{good: []any{"Always"}})
		g.maybe(c, "resources", 6, resources)
		out = append(out, c)
	}
	return out
}

func (g gen) labels() map[string]any {
	l := map[string]any{}
	for range 1 + g.c.IntN(2) {
		l[g.mix(labelKeys).(string)] = g.mix(labelValues)
	}
	return l
}

func (g gen) annotations() map[string]any {
	a := map[string]any{}
	for range 1 + g.c.IntN(2) {
		a[g.mix(annotationKeys).(string)] = g.mix(texts)
	}
	return a
}

// The pools. good values the chart must accept (and, for texts, carry byte for byte);
// bad values it must refuse with a message naming them.
var (
	adversarial = []any{"", "x", "yes", "no", "on", "off", "null", "~", "true", "123", "0x1f", "1e3", "1.10", "-", ".",
		"a b", "é", "日本", "🎉", "a\x7fb", "a\u2028b", "a\u2029b", "\ufffe", "a\u0085b", "\ufeffbom", "a\x00b", "\x1b[31m",
		"tab\there", "cr\r\nlf", "{{ .Release.Name }}", "$(HOME)", "$$(HOME)", "a=b", "#comment", "- item", "key: value",
		"'quoted'", `"dq"`, "\\", strings.Repeat("long", 80)}
	texts         = pool{good: append([]any{"#!/bin/sh\necho ok\n", "echo no newline", "line\n\n\n", "  indented\n", "trailing  \n"}, adversarial...)}
	names         = pool{good: []any{"backup", "a", "a-b", "b-c", "c", "123", "x" + strings.Repeat("y", 62), "escron", "escron-prod", "a--b"}, bad: []any{"Upper", "under_score", "-lead", "trail-", ""}}
	dnsNames      = pool{good: []any{"backup", "a-b", "team.scripts", "123"}, bad: []any{"Upper", "under_score", "trail-", "a b"}}
	jobKeys       = pool{good: []any{"a", "b", "a-b", "b-c", "c", "nightly", "123", "yes", "on", "null", "true", strings.Repeat("k", 63), "main"}, bad: []any{"Nightly", "x_y", strings.Repeat("k", 64), ""}}
	configMapKeys = pool{good: []any{"scripts", "lib", "a", "b-c", "c", "a-b", "x" + strings.Repeat("y", 60), "123"}, bad: []any{"Scripts", "s_s"}}
	itemKeys      = pool{good: []any{"run", "startScript", "lib.sh", "a", ".hidden", "a-b_c.d", strings.Repeat("i", 253)}, bad: []any{"..", "..data", "a/b", "a b", "ключ", strings.Repeat("i", 254)}}
	subPaths      = pool{good: []any{"run.sh", "gs-backup.sh", "a/b.sh", ".x", "run.sh"}, bad: []any{"../x.sh", "/abs.sh", "", "a:b"}}
	mountDirs     = pool{good: []any{"/opt/", "/opt", "/opt/scripts", "/", "/usr/local/bin", "/tmp/x"}, bad: []any{"opt", "/a/../b", "/a:b", ""}}
	mountPaths    = pool{good: []any{"/cache", "/tmp", "/data"}, bad: []any{"/opt/run.sh", "/opt/gs-backup.sh"}}
	volumeNames   = pool{good: []any{"cache", "scratch"}, bad: []any{"tmp", "cm-scripts", "cm-lib"}}
	schedules     = pool{good: []any{"0 3 * * *", "33 3 * * *", "*/15 * * * *", "@daily", "@every 1h30m", "0 0 1 JAN *", "0 0 * * MON-FRI", " 0 3 * * * ", "5 4 * * sun"},
		bad: []any{"99 99 99 99 99", "*/0 * * * *", "5-1 * * * *", "0 0 * * JAN", "@sometimes", "TZ=UTC 0 3 * * *", "0 3 * *", "", "every day", "0 3 * * * *", nil}}
	timeZones           = pool{good: []any{"Europe/Paris", "Etc/UTC", "UTC", nil}, bad: []any{"Europe/Pariss", "Local", ""}}
	concurrencyPolicies = pool{good: []any{"Allow", "Forbid", "Replace", nil}, bad: []any{"forbid", ""}}
	restartPolicies     = pool{good: []any{"Never", "OnFailure", nil}, bad: []any{"Always", ""}}
	pullPolicies        = pool{good: []any{"Always", "IfNotPresent", "Never", "", nil}, bad: []any{"always"}}
	counts              = pool{good: []any{1, 3, 600, 7200, 2147483647, nil}}
	zeroCounts          = pool{good: []any{0, 1, 3, 600, 2147483647, nil}}
	durations           = pool{good: []any{"26h", "1h30m", "7d", "90s", "1y2w", ""}, bad: []any{"26 hours", "1h 30m"}}
	images              = pool{good: []any{"docker.io/library/busybox", "busybox", "curlimages/curl", "registry.example.com:5000/team/tool", "localhost/a"},
		bad: []any{`curlimages/curl"`, "busybox:1.36", "Busybox", "", "a//b", "-a", "a@sha256:x"}}
	imageRefs = pool{good: []any{"busybox", "docker.io/library/busybox:1.37.0", "busybox@sha256:2f590fc602ce325cbff2ccfc39499014d039546dc400ef8bbf5c6ffb860632e7"}, bad: []any{"Busybox", "", "a b"}}
	tags      = pool{good: []any{"1.37.0", "latest", "v1.2.3", "", "1.10", strings.Repeat("t", 128), nil}, bad: []any{"-rc1", ".x", strings.Repeat("t", 129)}}
	digests   = pool{good: []any{"sha256:2f590fc602ce325cbff2ccfc39499014d039546dc400ef8bbf5c6ffb860632e7", ""}, bad: []any{"sha256:abc", "md5:" + strings.Repeat("a", 32)}}
	envNames  = pool{good: []any{"A", "B", "ZHOST", "URL", "ES_SERVER", "MY VAR", "a.b-c", "$X", "LIST"}, bad: []any{"A=B", "", "ü"}}
	envValues = pool{good: append([]any{7, 1000000, 1.5, true, nil, "$(A)", "$(B)", "http://$(ZHOST):9200", "$$(A)", "$(UNDEFINED)",
		map[string]any{"secretKeyRef": map[string]any{"name": "s", "key": "k"}}, map[string]any{"fieldRef": map[string]any{"fieldPath": "metadata.name"}},
		map[string]any{"configMapKeyRef": map[string]any{"name": "c", "key": "k", "optional": true}}}, adversarial...)}
	words = pool{good: []any{[]any{"sh", "/opt/gs-backup.sh", "2>&1"}, []any{"expr", "3", ">", "2"}, []any{"sh", "-c", "echo $0 $1", 7, 1.5, true},
		[]any{"a\x7fb", "a\u2028b", "", "yes", "null", 1000000}, []any{}}}
	resources = pool{good: []any{
		map[string]any{"requests": map[string]any{"cpu": "250m", "memory": "256Mi"}, "limits": map[string]any{"cpu": "500m", "memory": "512Mi"}},
		map[string]any{"limits": map[string]any{"cpu": 1, "memory": "1Gi"}},
		map[string]any{"requests": map[string]any{"cpu": 0.5, "memory": "1e3"}},
		map[string]any{"requests": map[string]any{}},
		map[string]any{}, nil,
	}, bad: []any{
		map[string]any{"requests": map[string]any{"cpu": -1}},
		map[string]any{"requests": map[string]any{"memory": "2Gi"}, "limits": map[string]any{"memory": "1Gi"}},
		map[string]any{"requests": map[string]any{"memory": "1GB"}},
	}}
	securityContexts = pool{good: []any{
		map[string]any{"runAsUser": 100, "runAsGroup": 101, "readOnlyRootFilesystem": true},
		map[string]any{"runAsUser": 0, "runAsNonRoot": false},
		map[string]any{"capabilities": map[string]any{"drop": []any{"NET_RAW"}}},
		map[string]any{"capabilities": nil},
		map[string]any{"readOnlyRootFilesystem": false},
		map[string]any{"privileged": true, "allowPrivilegeEscalation": true},
		map[string]any{"seccompProfile": map[string]any{"type": "Localhost", "localhostProfile": "p.json"}},
		map[string]any{"capabilities": map[string]any{"add": []any{"NET_BIND_SERVICE"}}},
		map[string]any{}, nil,
	}, bad: []any{
		map[string]any{"runAsUser": 0},
		map[string]any{"seccompProfile": map[string]any{"type": "Localhost"}},
	}}
	podSecurityContexts = pool{good: []any{
		map[string]any{"fsGroup": 2000},
		map[string]any{"runAsNonRoot": false, "runAsUser": 0},
		map[string]any{"seccompProfile": map[string]any{"type": "Unconfined"}},
		map[string]any{"sysctls": []any{map[string]any{"name": "kernel.msgmax", "value": "65536"}}},
		nil,
	}, bad: []any{
		map[string]any{"runAsUser": 0},
		map[string]any{"seccompProfile": map[string]any{"type": "RuntimeDefault", "localhostProfile": "p.json"}},
	}}
	containerNames = pool{good: []any{"init", "wait", "sidecar"}, bad: []any{"main", "Bad"}}
	labelKeys      = pool{good: []any{"team", "example.com/team", "app.kubernetes.io/part-of", "helm.sh/chart", strings.Repeat("k", 63), "yes", "123"},
		bad: []any{"app.kubernetes.io/component", "app.kubernetes.io/instance", "a/b/c", "bad key", "-x", strings.Repeat("k", 64)}}
	labelValues    = pool{good: []any{"data", "", "yes", "123", strings.Repeat("v", 63), nil}, bad: []any{"a b", strings.Repeat("v", 64), "-x", "é"}}
	annotationKeys = pool{good: []any{"team", "example.com/note", "helm.sh/hook-weight", strings.Repeat("k", 63)}, bad: []any{"bad key", "a/b/c"}}
	// passthroughPod are PodSpec fields escron passes through: valid values only.
	passthroughPod = map[string][]any{
		"nodeSelector":                  {map[string]any{"kubernetes.io/os": "linux"}, map[string]any{}},
		"tolerations":                   {[]any{map[string]any{"key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"}}},
		"priorityClassName":             {"low", ""},
		"terminationGracePeriodSeconds": {0, 30},
		"activeDeadlineSeconds":         {600},
		"enableServiceLinks":            {false, true},
		"hostAliases":                   {[]any{map[string]any{"ip": "10.0.0.5", "hostnames": []any{"es.internal"}}}},
		"dnsConfig":                     {map[string]any{"options": []any{map[string]any{"name": "ndots", "value": "2"}}}},
		"topologySpreadConstraints":     {[]any{map[string]any{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"}}},
		"hostNetwork":                   {true, false},
		"shareProcessNamespace":         {true},
		"affinity":                      {map[string]any{"nodeAffinity": map[string]any{"preferredDuringSchedulingIgnoredDuringExecution": []any{map[string]any{"weight": 1, "preference": map[string]any{"matchExpressions": []any{map[string]any{"key": "zone", "operator": "In", "values": []any{"a"}}}}}}}}},
	}
)

// refusedByServer are pass-through fields with values the API server refuses, each at
// its values path.
var refusedByServer = []struct {
	path  []string
	value any
}{
	{[]string{"topologySpreadConstraints"}, []any{map[string]any{"maxSkew": 0, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"}}},
	{[]string{"affinity"}, map[string]any{"podAntiAffinity": map[string]any{"requiredDuringSchedulingIgnoredDuringExecution": []any{map[string]any{"topologyKey": "", "labelSelector": map[string]any{}}}}}},
	{[]string{"hostname"}, "Host_1"},
	{[]string{"tolerations"}, []any{map[string]any{"key": "dedicated", "operator": "Exists", "value": "batch"}}},
	{[]string{"dnsConfig"}, map[string]any{"nameservers": []any{"not-an-ip"}}},
	{[]string{"mainContainer", "ports"}, []any{map[string]any{"containerPort": 0}}},
	{[]string{"mainContainer", "livenessProbe"}, map[string]any{"exec": map[string]any{"command": []any{"true"}}, "tcpSocket": map[string]any{"port": 8080}}},
	{[]string{"job", "podFailurePolicy"}, map[string]any{"rules": []any{map[string]any{"action": "FailJob", "onExitCodes": map[string]any{"operator": "In", "values": []any{0}}}}}},
}

// passthroughKeys are the keys of passthroughPod, sorted: a Chooser's choices must
// give the same document every time.
var passthroughKeys = func() []string {
	keys := make([]string, 0, len(passthroughPod))
	for k := range passthroughPod {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}()

// YAML writes values as a YAML document that any YAML parser reads back exactly: JSON
// (which is YAML), with the characters YAML cannot carry raw escaped.
func YAML(values map[string]any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(values); err != nil {
		return "", err
	}
	var out strings.Builder
	for _, r := range b.String() {
		if (r >= 0x7f && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.String(), nil
}
