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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Objects are the typed objects of a rendered release, in the order Helm printed them.
type Objects struct {
	CronJobs        []*batchv1.CronJob
	ConfigMaps      []*corev1.ConfigMap
	ServiceAccounts []*corev1.ServiceAccount
	Pods            []*corev1.Pod
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
			o := &batchv1.CronJob{}
			objs.CronJobs, target = append(objs.CronJobs, o), o
		case "v1/ConfigMap":
			o := &corev1.ConfigMap{}
			objs.ConfigMaps, target = append(objs.ConfigMaps, o), o
		case "v1/ServiceAccount":
			o := &corev1.ServiceAccount{}
			objs.ServiceAccounts, target = append(objs.ServiceAccounts, o), o
		case "v1/Pod":
			o := &corev1.Pod{}
			objs.Pods, target = append(objs.Pods, o), o
		default:
			return nil, fmt.Errorf("document %s: unexpected %s %s", k, meta.APIVersion, meta.Kind)
		}
		if err := decodeStrict(js, target); err != nil {
			return nil, fmt.Errorf("%s in document %s does not decode strictly: %w\n%s", meta.Kind, k, err, doc)
		}
	}
	return objs, nil
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

// Count is the number of objects.
func (o *Objects) Count() int {
	return len(o.CronJobs) + len(o.ConfigMaps) + len(o.ServiceAccounts) + len(o.Pods)
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
