package kubeapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/escron/escron/test/internal/kubeapi"
)

// TestPodSecurity: the "restricted" profile on the CronJob fixture's pod.
func TestPodSecurity(t *testing.T) {
	cases := []struct {
		check string
		edit  func(o map[string]any)
		want  string // a substring of one violation; "" when admitted
	}{
		{check: "restricted: the chart's pod is admitted"},
		{check: "restricted: runAsNonRoot", edit: func(o map[string]any) {
			set(o, podSpec+".securityContext.runAsNonRoot", del)
			set(o, mainCtr+".securityContext.runAsNonRoot", del)
		}, want: "runAsNonRoot != true"},
		{check: "restricted: allowPrivilegeEscalation false", edit: func(o map[string]any) {
			set(o, mainCtr+".securityContext.allowPrivilegeEscalation", true)
		}, want: `allowPrivilegeEscalation != false (container "main" must set securityContext.allowPrivilegeEscalation=false)`},
		{check: "restricted: capabilities dropped (init containers too)", edit: func(o map[string]any) {
			set(o, initCtr+".securityContext.capabilities", del)
		}, want: `unrestricted capabilities (container "wait-for-es" must set securityContext.capabilities.drop=["ALL"])`},
		{check: "restricted: seccomp profile", edit: func(o map[string]any) {
			set(o, podSpec+".securityContext.seccompProfile", del)
		}, want: "seccompProfile"},
		{check: "restricted: volume types", edit: func(o map[string]any) {
			set(o, podSpec+".volumes[2]", y(t, "{name: host, hostPath: {path: /var/log}}"))
		}, want: `restricted volume types (volume "host" uses restricted volume type "hostPath")`},
		{check: "baseline: host namespaces", edit: func(o map[string]any) { set(o, podSpec+".hostNetwork", true) },
			want: "host namespaces (hostNetwork=true)"},
		{check: "restricted: a native sidecar is checked like a container", edit: func(o map[string]any) {
			set(o, initCtr+".restartPolicy", "Always")
			set(o, initCtr+".securityContext.allowPrivilegeEscalation", del)
		}, want: `allowPrivilegeEscalation != false (container "wait-for-es"`},
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			o := fixture(t, "cronjob.yaml")
			if tc.edit != nil {
				tc.edit(o)
			}
			errs := kubeapi.CheckPodSecurity(o)
			if tc.want == "" {
				assert.Empty(t, messages(errs))
				return
			}
			msgs := messages(errs)
			assert.True(t, containsOne(msgs, tc.want), "no violation holds %q:\n%s", tc.want, strings.Join(msgs, "\n"))
			assert.True(t, strings.HasPrefix(msgs[0], cronName+podSpec+`: violates PodSecurity "restricted:latest": `), msgs[0])
		})
	}
}

func TestPodSecurityTyped(t *testing.T) {
	spec := corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}
	out := kubeapi.PodSecurity(metav1.ObjectMeta{Name: "p"}, spec)
	assert.NotEmpty(t, out, "a pod without a security context is not restricted")
	no, yes := false, true
	spec.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: &yes, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
	spec.Containers[0].SecurityContext = &corev1.SecurityContext{AllowPrivilegeEscalation: &no, Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}
	assert.Empty(t, kubeapi.PodSecurity(metav1.ObjectMeta{Name: "p"}, spec))
}

func TestPodTemplates(t *testing.T) {
	cases := []struct {
		check, doc string
		path       string // "" with want 0: no pods
		want       int
	}{
		{"CronJob: the job template's pod", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: b}]}}}}}\n", "spec.jobTemplate.spec.template", 1},
		{"Job: the template", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a, image: b}]}}}\n", "spec.template", 1},
		{"Pod: itself", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}\n", "", 1},
		{"Deployment: the template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: b}]}}}\n", "spec.template", 1},
		{"ConfigMap: no pods", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			pods, err := kubeapi.PodTemplates(object(t, tc.doc))
			require.NoError(t, err)
			require.Len(t, pods, tc.want)
			if tc.want > 0 {
				assert.Equal(t, tc.path, pods[0].Path)
				assert.Equal(t, "a", pods[0].Spec.Containers[0].Name)
			}
		})
	}
	_, err := kubeapi.PodTemplates(object(t, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: 3}\n"))
	assert.ErrorContains(t, err, "v1 Pod p does not decode")
}
