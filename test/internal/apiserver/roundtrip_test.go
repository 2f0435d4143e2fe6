package apiserver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"sigs.k8s.io/yaml"
)

func obj(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDropped(t *testing.T) {
	for _, c := range []struct {
		name, sent, returned string
		want                 []string
	}{
		{"defaults added are no difference", "spec: {a: 1}", "spec: {a: 1, b: default}", nil},
		{"a dropped field", "spec: {a: 1, hostnameOverride: h}", "spec: {a: 1}", []string{"spec.hostnameOverride: dropped"}},
		{"empty maps, lists and nulls may go", "spec: {a: {}, b: [], c: null, d: 1}", "spec: {d: 1}", nil},
		{"quantities compare by value", "r: {cpu: 0.5, memory: 1Gi, n: 2}", "r: {cpu: 500m, memory: 1073741824, n: \"2\"}", nil},
		{"a changed value", "spec: {policy: Never}", "spec: {policy: Always}", []string{"spec.policy: sent Never, the server returned Always"}},
		{"a list shortened", "v: [{name: a}, {name: b}]", "v: [{name: a}]", []string{"v: sent 2 items, the server kept 1"}},
		{"items appended by admission", "t: [{key: a}]", "t: [{key: a}, {key: b}]", nil},
		{"zero scalars may go (omitempty)", "spec: {value: \"\", hostNetwork: false, n: 0, keep: 1}", "spec: {keep: 1}", nil},
		{"a set scalar may not", "spec: {hostNetwork: true}", "spec: {}", []string{"spec.hostNetwork: dropped"}},
		{"deep in a list", "v: [{name: a, image: {reference: x}}]", "v: [{name: a}]", []string{"v[0].image: dropped"}},
		{"a dotted key is quoted", "labels: {app.kubernetes.io/name: x}", "labels: {}", []string{`labels["app.kubernetes.io/name"]: dropped`}},
		{"a map became something else", "spec: {a: {b: 1}}", "spec: {a: 3}", []string{"spec.a: sent a map of 1 keys, the server kept none"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Dropped(obj(t, c.sent), obj(t, c.returned)))
		})
	}
}
