package kubeapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// PodTemplate is a pod an object runs: a Pod itself, or the pod template of a workload.
type PodTemplate struct {
	// Path is where the pod is in its object, as a JSON path: "" for a Pod,
	// "spec.template" for a Job, "spec.jobTemplate.spec.template" for a CronJob.
	Path string
	Meta metav1.ObjectMeta
	Spec corev1.PodSpec
}

// PodTemplates gives the pods of an object: those of a Pod, a Job, a CronJob, a
// PodTemplate, a ReplicationController or an apps/v1 workload; none for other kinds.
// It fails when the object does not decode into its Go type (Validate says why).
func PodTemplates(obj map[string]any) ([]PodTemplate, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	gvk := ParseAPIVersion(apiVersion, kind)
	decode := func(out any) error {
		if err := fromMap(obj, out); err != nil {
			return fmt.Errorf("kubeapi: %s %s does not decode: %w", gvk, objectName(obj), err)
		}
		return nil
	}
	template := func(path string, t *corev1.PodTemplateSpec) []PodTemplate {
		return []PodTemplate{{Path: path, Meta: t.ObjectMeta, Spec: t.Spec}}
	}
	switch {
	case gvk == GVK{Version: "v1", Kind: "Pod"}:
		var o corev1.Pod
		if err := decode(&o); err != nil {
			return nil, err
		}
		return []PodTemplate{{Meta: o.ObjectMeta, Spec: o.Spec}}, nil
	case gvk == GVK{Group: "batch", Version: "v1", Kind: "CronJob"}:
		var o batchv1.CronJob
		if err := decode(&o); err != nil {
			return nil, err
		}
		return template("spec.jobTemplate.spec.template", &o.Spec.JobTemplate.Spec.Template), nil
	case gvk == GVK{Group: "batch", Version: "v1", Kind: "Job"}:
		var o batchv1.Job
		if err := decode(&o); err != nil {
			return nil, err
		}
		return template("spec.template", &o.Spec.Template), nil
	case gvk == GVK{Version: "v1", Kind: "PodTemplate"}:
		var o corev1.PodTemplate
		if err := decode(&o); err != nil {
			return nil, err
		}
		return template("template", &o.Template), nil
	case gvk == GVK{Version: "v1", Kind: "ReplicationController"}:
		var o corev1.ReplicationController
		if err := decode(&o); err != nil {
			return nil, err
		}
		if o.Spec.Template == nil {
			return nil, nil
		}
		return template("spec.template", o.Spec.Template), nil
	case gvk.Group == "apps" && gvk.Version == "v1":
		// Deployment, StatefulSet, DaemonSet and ReplicaSet share spec.template.
		var o struct {
			Spec struct {
				Template corev1.PodTemplateSpec `json:"template"`
			} `json:"spec"`
		}
		switch gvk.Kind {
		case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet":
		default:
			return nil, nil
		}
		if err := decode(&o); err != nil {
			return nil, err
		}
		return template("spec.template", &o.Spec.Template), nil
	}
	return nil, nil
}

var (
	evaluatorOnce sync.Once
	evaluator     policy.Evaluator
	evaluatorErr  error
)

// restrictedLatest is the level a namespace labelled
// pod-security.kubernetes.io/enforce=restricted enforces.
var restrictedLatest = psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}

// PodSecurity evaluates a pod against the Pod Security Standards "restricted" profile,
// latest version, as the PodSecurity admission plugin does, and says what it forbids:
// one line per failed check, "reason (detail)"; nil when the pod is admitted.
func PodSecurity(meta metav1.ObjectMeta, spec corev1.PodSpec) []string {
	evaluatorOnce.Do(func() {
		evaluator, evaluatorErr = policy.NewEvaluator(policy.DefaultChecks(), nil)
	})
	if evaluatorErr != nil {
		return []string{"kubeapi: Pod Security evaluator: " + evaluatorErr.Error()}
	}
	var out []string
	for _, r := range evaluator.EvaluatePod(restrictedLatest, &meta, &spec) {
		if r.Allowed {
			continue
		}
		msg := r.ForbiddenReason
		if r.ForbiddenDetail != "" {
			msg += " (" + r.ForbiddenDetail + ")"
		}
		out = append(out, msg)
	}
	return out
}

// CheckPodSecurity evaluates every pod of an object (see PodTemplates) against the
// "restricted" profile; its errors are *Error naming the pod's spec. Kept apart from
// Validate: the API server only enforces it in namespaces that ask for it, so a caller
// may let an object opt out.
func CheckPodSecurity(obj map[string]any) []error {
	kind, _ := obj["kind"].(string)
	name := objectName(obj)
	pods, err := PodTemplates(obj)
	if err != nil {
		return []error{&Error{Kind: kind, Name: name, Detail: err.Error()}}
	}
	var errs []error
	for _, pod := range pods {
		path := "spec"
		if pod.Path != "" {
			path = pod.Path + ".spec"
		}
		for _, msg := range PodSecurity(pod.Meta, pod.Spec) {
			errs = append(errs, &Error{Kind: kind, Name: name, Path: path, Detail: `violates PodSecurity "restricted:latest": ` + msg})
		}
	}
	return errs
}

// fromMap decodes a JSON-like value into a Go API type (a pointer), unknown fields
// ignored: with apimachinery's unstructured converter, or through JSON for values the
// converter does not take (json.Number).
func fromMap(v any, out any) error {
	if m, ok := v.(map[string]any); ok {
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, out); err == nil {
			return nil
		}
		reflect.ValueOf(out).Elem().SetZero()
	}
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(js, out)
}
