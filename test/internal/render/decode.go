package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/releaseutil"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Objects are the typed objects of a rendered release, in the order Helm printed them.
type Objects struct {
	CronJobs            []*batchv1.CronJob
	Jobs                []*batchv1.Job
	ConfigMaps          []*corev1.ConfigMap
	ServiceAccounts     []*corev1.ServiceAccount
	Pods                []*corev1.Pod
	Roles               []*rbacv1.Role
	RoleBindings        []*rbacv1.RoleBinding
	ClusterRoles        []*rbacv1.ClusterRole
	ClusterRoleBindings []*rbacv1.ClusterRoleBinding
	PrometheusRules     []*PrometheusRule
	// Others are the objects of kinds escron does not render itself (extraObjects).
	Others []*unstructured.Unstructured
}

// PrometheusRule is the part of the Prometheus Operator's PrometheusRule that escron
// renders; decoding is strict, so a field it does not know fails.
type PrometheusRule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Groups []RuleGroup `json:"groups"`
	} `json:"spec"`
}

// RuleGroup is a group of Prometheus rules.
type RuleGroup struct {
	Name  string `json:"name"`
	Rules []Rule `json:"rules"`
}

// Rule is a Prometheus alerting rule.
type Rule struct {
	Alert       string            `json:"alert"`
	Expr        string            `json:"expr"`
	For         string            `json:"for,omitempty"`
	KeepFiring  string            `json:"keep_firing_for,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Decode splits a rendered manifest into documents and decodes each strictly into its
// typed object: a field unknown to the Kubernetes API, or in the wrong place, fails.
func Decode(manifest string) (*Objects, error) {
	docs := releaseutil.SplitManifests(manifest)
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(keys))
	objs := &Objects{}
	for _, k := range keys {
		doc := docs[k]
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		// One strict YAML parse per document (duplicate keys fail); both decodes read the JSON.
		js, err := yaml.YAMLToJSONStrict([]byte(doc))
		if err != nil {
			return nil, fmt.Errorf("document %s: %w\n%s", k, err, doc)
		}
		var meta metav1.TypeMeta
		if err := json.Unmarshal(js, &meta); err != nil {
			return nil, fmt.Errorf("document %s: %w\n%s", k, err, doc)
		}
		var target any
		switch meta.APIVersion + "/" + meta.Kind {
		case "batch/v1/CronJob":
			target = appendNew(&objs.CronJobs)
		case "v1/ConfigMap":
			target = appendNew(&objs.ConfigMaps)
		case "v1/ServiceAccount":
			target = appendNew(&objs.ServiceAccounts)
		case "v1/Pod":
			target = appendNew(&objs.Pods)
		case "batch/v1/Job":
			target = appendNew(&objs.Jobs)
		case "rbac.authorization.k8s.io/v1/Role":
			target = appendNew(&objs.Roles)
		case "rbac.authorization.k8s.io/v1/RoleBinding":
			target = appendNew(&objs.RoleBindings)
		case "rbac.authorization.k8s.io/v1/ClusterRole":
			target = appendNew(&objs.ClusterRoles)
		case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
			target = appendNew(&objs.ClusterRoleBindings)
		case "monitoring.coreos.com/v1/PrometheusRule":
			target = appendNew(&objs.PrometheusRules)
		default:
			if meta.APIVersion == "" || meta.Kind == "" {
				return nil, fmt.Errorf("document %s: no apiVersion or kind\n%s", k, doc)
			}
			o := &unstructured.Unstructured{}
			if err := o.UnmarshalJSON(js); err != nil {
				return nil, fmt.Errorf("document %s: %w\n%s", k, err, doc)
			}
			objs.Others = append(objs.Others, o)
			continue
		}
		if err := decodeStrict(js, target); err != nil {
			return nil, fmt.Errorf("%s in document %s does not decode strictly: %w\n%s", meta.Kind, k, err, doc)
		}
	}
	return objs, nil
}

// appendNew appends a new object to list and returns it, for decoding into.
func appendNew[T any](list *[]*T) *T {
	o := new(T)
	*list = append(*list, o)
	return o
}

// decodeStrict decodes JSON into target, failing on a field target's type does not have
// (an unknown or misplaced field) and on trailing data.
func decodeStrict(js []byte, target any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the object")
	}
	return nil
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// CronJob is the CronJob named name, or nil.
func (o *Objects) CronJob(name string) *batchv1.CronJob {
	for _, c := range o.CronJobs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ConfigMap is the ConfigMap named name, or nil.
func (o *Objects) ConfigMap(name string) *corev1.ConfigMap {
	for _, c := range o.ConfigMaps {
		if c.Name == name {
			return c
		}
	}
	return nil
}
