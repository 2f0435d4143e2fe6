package kubeapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the API server embeds the time zone database: so do we

	"github.com/robfig/cron/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	v1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// semantic runs the validation the API server applies to a new object once decoded and
// defaulted: its metadata for every kind, and the rules of the kinds escron renders.
// An object that does not decode into its Go type is left to the structural errors,
// which say why.
func semantic(gvk GVK, info *kindInfo, obj map[string]any) field.ErrorList {
	nameFn := nameRule(gvk, info.custom)
	if check := kindChecks[gvk]; check != nil && !info.custom {
		if errs, ok := check(obj, info.namespaced, nameFn); ok {
			return errs
		}
	}
	var meta metav1.ObjectMeta
	if m := obj["metadata"]; m != nil {
		if err := fromMap(m, &meta); err != nil {
			return nil
		}
	}
	return checkMetadata(&meta, info.namespaced, nameFn)
}

// kindCheck validates an object of a kind, metadata included; ok is false when the
// object does not decode into the kind's Go type.
type kindCheck func(obj map[string]any, namespaced bool, nameFn apivalidation.ValidateNameFunc) (errs field.ErrorList, ok bool)

// typed decodes an object into its Go type T, then checks its metadata and the rest.
func typed[T any, PT interface {
	*T
	metav1.Object
}](check func(PT) field.ErrorList) kindCheck {
	return func(obj map[string]any, namespaced bool, nameFn apivalidation.ValidateNameFunc) (field.ErrorList, bool) {
		t := PT(new(T))
		if err := fromMap(obj, t); err != nil {
			return nil, false
		}
		return append(checkMetadata(t, namespaced, nameFn), check(t)...), true
	}
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

var kindChecks = map[GVK]kindCheck{
	{Group: "batch", Version: "v1", Kind: "CronJob"}:                                typed(checkCronJob),
	{Group: "batch", Version: "v1", Kind: "Job"}:                                    typed(checkJob),
	{Version: "v1", Kind: "Pod"}:                                                    typed(checkPod),
	{Version: "v1", Kind: "ConfigMap"}:                                              typed(checkConfigMap),
	{Version: "v1", Kind: "Secret"}:                                                 typed(checkSecret),
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "Role"}:               typed(checkRole),
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole"}:        typed(checkClusterRole),
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "RoleBinding"}:        typed(checkRoleBinding),
	{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRoleBinding"}: typed(checkClusterRoleBinding),
}

// dnsSubdomainNames are the built-in kinds whose names are DNS-1123 subdomains.
var dnsSubdomainNames = sets.New(
	GVK{Group: "batch", Version: "v1", Kind: "CronJob"},
	GVK{Group: "batch", Version: "v1", Kind: "Job"},
	GVK{Version: "v1", Kind: "Pod"},
	GVK{Version: "v1", Kind: "PodTemplate"},
	GVK{Version: "v1", Kind: "ConfigMap"},
	GVK{Version: "v1", Kind: "Secret"},
	GVK{Version: "v1", Kind: "ServiceAccount"},
	GVK{Version: "v1", Kind: "ReplicationController"},
	GVK{Version: "v1", Kind: "PersistentVolumeClaim"},
	GVK{Version: "v1", Kind: "PersistentVolume"},
	GVK{Version: "v1", Kind: "LimitRange"},
	GVK{Version: "v1", Kind: "ResourceQuota"},
	GVK{Version: "v1", Kind: "Endpoints"},
	GVK{Version: "v1", Kind: "Node"},
)

// nameRule is how the API server validates the name of a kind's objects. Kinds not
// known here get the rule every name obeys: a path segment.
func nameRule(gvk GVK, custom bool) apivalidation.ValidateNameFunc {
	switch {
	case custom || dnsSubdomainNames.Has(gvk):
		return apivalidation.NameIsDNSSubdomain
	case gvk == GVK{Version: "v1", Kind: "Namespace"}:
		return apivalidation.NameIsDNSLabel
	case gvk == GVK{Version: "v1", Kind: "Service"}:
		return apivalidation.NameIsDNS1035Label
	}
	return path.ValidatePathSegmentName
}

// checkMetadata validates an object's metadata on creation: name, namespace, labels,
// annotations (and their total size), owner references, finalizers. A namespaced object
// without a namespace gets the request's; a cluster-scoped object's namespace is
// dropped.
func checkMetadata(meta metav1.Object, namespaced bool, nameFn apivalidation.ValidateNameFunc) field.ErrorList {
	ns := meta.GetNamespace()
	defer meta.SetNamespace(ns)
	switch {
	case !namespaced:
		meta.SetNamespace("")
	case ns == "":
		meta.SetNamespace(metav1.NamespaceDefault)
	}
	return apivalidation.ValidateObjectMetaAccessor(meta, namespaced, nameFn, field.NewPath("metadata"))
}

// maxCronJobName leaves room for the 11 characters the CronJob controller appends to
// name a Job (a Job's name being at most 63 characters).
const maxCronJobName = 52

func checkCronJob(cj *batchv1.CronJob) field.ErrorList {
	var errs field.ErrorList
	if len(cj.Name) > maxCronJobName {
		errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), cj.Name, fmt.Sprintf("must be no more than %d characters", maxCronJobName)))
	}
	p := field.NewPath("spec")
	s := &cj.Spec
	if s.Schedule == "" {
		errs = append(errs, field.Required(p.Child("schedule"), ""))
	} else {
		errs = append(errs, checkSchedule(s.Schedule, p.Child("schedule"))...)
	}
	if s.TimeZone != nil {
		errs = append(errs, checkTimeZone(*s.TimeZone, p.Child("timeZone"))...)
	}
	errs = append(errs, oneOf(p.Child("concurrencyPolicy"), string(s.ConcurrencyPolicy), true, "Allow", "Forbid", "Replace")...)
	errs = append(errs, nonNegative(p, map[string]*int32{
		"successfulJobsHistoryLimit": s.SuccessfulJobsHistoryLimit,
		"failedJobsHistoryLimit":     s.FailedJobsHistoryLimit,
	})...)
	if s.StartingDeadlineSeconds != nil {
		errs = append(errs, apivalidation.ValidateNonnegativeField(*s.StartingDeadlineSeconds, p.Child("startingDeadlineSeconds"))...)
	}
	tp := p.Child("jobTemplate", "spec")
	errs = append(errs, checkJobSpec(&s.JobTemplate.Spec, tp)...)
	if s.JobTemplate.Spec.Selector != nil {
		errs = append(errs, field.Invalid(tp.Child("selector"), field.OmitValueType{}, "`selector` will be auto-generated"))
	}
	if m := s.JobTemplate.Spec.ManualSelector; m != nil && *m {
		errs = append(errs, field.NotSupported(tp.Child("manualSelector"), true, []string{"nil", "false"}))
	}
	return errs
}

// checkSchedule accepts what the API server accepts on creation: a schedule
// robfig/cron's standard parser reads, without a TZ= or CRON_TZ= time zone (the
// timeZone field says it).
func checkSchedule(schedule string, p *field.Path) (errs field.ErrorList) {
	defer func() {
		if r := recover(); r != nil {
			errs = append(errs, field.Invalid(p, schedule, fmt.Sprintf("the schedule parser fails on it: %v", r)))
		}
	}()
	if _, err := cron.ParseStandard(schedule); err != nil {
		errs = append(errs, field.Invalid(p, schedule, err.Error()))
	}
	if strings.Contains(schedule, "TZ") {
		errs = append(errs, field.Invalid(p, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
	}
	return errs
}

// timeZonePart is what the API server allows between the slashes of a time zone name
// (IANA's rules, tolerating digits and '+').
func timeZonePart(s string) bool {
	if s == "" || len(s) > 14 || s == "." || s == ".." || strings.HasPrefix(s, "-") {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_+", r)
		if !ok {
			return false
		}
	}
	return true
}

func checkTimeZone(tz string, p *field.Path) field.ErrorList {
	if tz == "" {
		return field.ErrorList{field.Invalid(p, tz, "timeZone must be nil or non-empty string")}
	}
	for _, part := range strings.Split(tz, "/") {
		if !timeZonePart(part) {
			return field.ErrorList{field.Invalid(p, tz, "unknown time zone "+tz)}
		}
	}
	var errs field.ErrorList
	if strings.EqualFold(tz, "Local") {
		errs = append(errs, field.Invalid(p, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"))
	}
	if err := loadLocation(tz); err != nil {
		errs = append(errs, field.Invalid(p, tz, err.Error()))
	}
	return errs
}

// locations caches what time.LoadLocation says of a time zone (it reads a file).
var locations sync.Map

func loadLocation(tz string) error {
	if err, ok := locations.Load(tz); ok {
		return err.(*locationError).err
	}
	_, err := time.LoadLocation(tz)
	locations.Store(tz, &locationError{err})
	return err
}

type locationError struct{ err error }

func nonNegative(p *field.Path, fields map[string]*int32) field.ErrorList {
	var errs field.ErrorList
	for name, v := range fields {
		if v != nil {
			errs = append(errs, apivalidation.ValidateNonnegativeField(int64(*v), p.Child(name))...)
		}
	}
	return errs
}

// Limits of a JobSpec.
const (
	maxParallelismIndexed      = 100_000
	maxFailedIndexesIndexed    = 100_000
	completionsSoftLimit       = 100_000
	maxParallelismHighCount    = 10_000
	maxFailedIndexesHighCount  = 10_000
	maxPodFailurePolicyRules   = 20
	maxOnExitCodesValues       = 255
	maxOnPodConditionsPatterns = 20
	maxManagedByLength         = 63
)

// checkJobSpec validates the spec of a Job or of a CronJob's job template.
func checkJobSpec(s *batchv1.JobSpec, p *field.Path) field.ErrorList {
	errs := nonNegative(p, map[string]*int32{
		"parallelism":             s.Parallelism,
		"completions":             s.Completions,
		"backoffLimit":            s.BackoffLimit,
		"ttlSecondsAfterFinished": s.TTLSecondsAfterFinished,
		"backoffLimitPerIndex":    s.BackoffLimitPerIndex,
		"maxFailedIndexes":        s.MaxFailedIndexes,
	})
	if s.ActiveDeadlineSeconds != nil {
		errs = append(errs, apivalidation.ValidateNonnegativeField(*s.ActiveDeadlineSeconds, p.Child("activeDeadlineSeconds"))...)
	}
	if s.MaxFailedIndexes != nil && s.BackoffLimitPerIndex == nil {
		errs = append(errs, field.Required(p.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
	}
	if s.ManagedBy != nil {
		errs = append(errs, validation.IsDomainPrefixedPath(p.Child("managedBy"), *s.ManagedBy)...)
		if len(*s.ManagedBy) > maxManagedByLength {
			errs = append(errs, field.TooLong(p.Child("managedBy"), "", maxManagedByLength))
		}
	}
	indexed := s.CompletionMode != nil && *s.CompletionMode == batchv1.IndexedCompletion
	if s.CompletionMode != nil {
		errs = append(errs, oneOf(p.Child("completionMode"), string(*s.CompletionMode), false, "NonIndexed", "Indexed")...)
	}
	if indexed {
		errs = append(errs, checkIndexed(s, p)...)
	} else {
		if s.BackoffLimitPerIndex != nil {
			errs = append(errs, field.Invalid(p.Child("backoffLimitPerIndex"), *s.BackoffLimitPerIndex, "requires indexed completion mode"))
		}
		if s.MaxFailedIndexes != nil {
			errs = append(errs, field.Invalid(p.Child("maxFailedIndexes"), *s.MaxFailedIndexes, "requires indexed completion mode"))
		}
		if s.SuccessPolicy != nil {
			errs = append(errs, field.Invalid(p.Child("successPolicy"), field.OmitValueType{}, "requires indexed completion mode"))
		}
	}
	if s.SuccessPolicy != nil && indexed && len(s.SuccessPolicy.Rules) == 0 {
		errs = append(errs, field.Required(p.Child("successPolicy", "rules"), "at least one rules must be specified when the successPolicy is specified"))
	}
	if s.PodFailurePolicy != nil {
		errs = append(errs, checkPodFailurePolicy(s, p.Child("podFailurePolicy"))...)
	}
	if r := s.PodReplacementPolicy; r != nil {
		if s.PodFailurePolicy != nil {
			errs = append(errs, oneOf(p.Child("podReplacementPolicy"), string(*r), false, "Failed")...)
		} else {
			errs = append(errs, oneOf(p.Child("podReplacementPolicy"), string(*r), false, "Failed", "TerminatingOrFailed")...)
		}
	}
	tp := p.Child("template")
	errs = append(errs, checkPodTemplate(&s.Template, tp)...)
	// An empty restartPolicy is defaulted to Always, which a Job refuses.
	rp := tp.Child("spec", "restartPolicy")
	switch rest := s.Template.Spec.RestartPolicy; {
	case rest == "" || rest == corev1.RestartPolicyAlways:
		errs = append(errs, field.Required(rp, `valid values: "OnFailure", "Never"`))
	case rest != corev1.RestartPolicyOnFailure && rest != corev1.RestartPolicyNever:
		errs = append(errs, field.NotSupported(rp, rest, []corev1.RestartPolicy{"OnFailure", "Never"}))
	case s.PodFailurePolicy != nil && rest != corev1.RestartPolicyNever:
		errs = append(errs, field.Invalid(rp, rest, `only "Never" is supported when podFailurePolicy is specified`))
	}
	return errs
}

func checkIndexed(s *batchv1.JobSpec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if s.Completions == nil {
		errs = append(errs, field.Required(p.Child("completions"), "when completion mode is Indexed"))
	}
	if s.Parallelism != nil && *s.Parallelism > maxParallelismIndexed {
		errs = append(errs, field.Invalid(p.Child("parallelism"), *s.Parallelism, fmt.Sprintf("must be less than or equal to %d when completion mode is Indexed", maxParallelismIndexed)))
	}
	if s.Completions != nil && s.MaxFailedIndexes != nil && *s.MaxFailedIndexes > *s.Completions {
		errs = append(errs, field.Invalid(p.Child("maxFailedIndexes"), *s.MaxFailedIndexes, "must be less than or equal to completions"))
	}
	if s.MaxFailedIndexes != nil && *s.MaxFailedIndexes > maxFailedIndexesIndexed {
		errs = append(errs, field.Invalid(p.Child("maxFailedIndexes"), *s.MaxFailedIndexes, fmt.Sprintf("must be less than or equal to %d", maxFailedIndexesIndexed)))
	}
	if s.Completions != nil && *s.Completions > completionsSoftLimit && s.BackoffLimitPerIndex != nil {
		if s.MaxFailedIndexes == nil {
			errs = append(errs, field.Required(p.Child("maxFailedIndexes"), fmt.Sprintf("must be specified when completions is above %d", completionsSoftLimit)))
		} else if *s.MaxFailedIndexes > maxFailedIndexesHighCount {
			errs = append(errs, field.Invalid(p.Child("maxFailedIndexes"), *s.MaxFailedIndexes, fmt.Sprintf("must be less than or equal to %d when completions are above %d and used with backoff limit per index", maxFailedIndexesHighCount, completionsSoftLimit)))
		}
		if s.Parallelism != nil && *s.Parallelism > maxParallelismHighCount {
			errs = append(errs, field.Invalid(p.Child("parallelism"), *s.Parallelism, fmt.Sprintf("must be less than or equal to %d when completions are above %d and used with backoff limit per index", maxParallelismHighCount, completionsSoftLimit)))
		}
	}
	return errs
}

func checkPodFailurePolicy(s *batchv1.JobSpec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	rules := s.PodFailurePolicy.Rules
	rp := p.Child("rules")
	if len(rules) > maxPodFailurePolicyRules {
		errs = append(errs, field.TooMany(rp, len(rules), maxPodFailurePolicyRules))
	}
	containers := sets.New[string]()
	for _, c := range s.Template.Spec.Containers {
		containers.Insert(c.Name)
	}
	for _, c := range s.Template.Spec.InitContainers {
		containers.Insert(c.Name)
	}
	for i, r := range rules {
		ip := rp.Index(i)
		switch {
		case r.Action == "":
			errs = append(errs, field.Required(ip.Child("action"), `valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`))
		case r.Action == batchv1.PodFailurePolicyActionFailIndex:
			if s.BackoffLimitPerIndex == nil {
				errs = append(errs, field.Invalid(ip.Child("action"), string(r.Action), "requires the backoffLimitPerIndex to be set"))
			}
		default:
			errs = append(errs, oneOf(ip.Child("action"), string(r.Action), false, "Count", "FailIndex", "FailJob", "Ignore")...)
		}
		if e := r.OnExitCodes; e != nil {
			errs = append(errs, checkOnExitCodes(e, ip.Child("onExitCodes"), containers)...)
		}
		if len(r.OnPodConditions) > maxOnPodConditionsPatterns {
			errs = append(errs, field.TooMany(ip.Child("onPodConditions"), len(r.OnPodConditions), maxOnPodConditionsPatterns))
		}
		for j, c := range r.OnPodConditions {
			cp := ip.Child("onPodConditions").Index(j)
			errs = append(errs, invalid(cp.Child("type"), string(c.Type), validation.IsQualifiedName)...)
			// status defaults to True.
			errs = append(errs, oneOf(cp.Child("status"), string(c.Status), true, "False", "True", "Unknown")...)
		}
		switch {
		case r.OnExitCodes != nil && len(r.OnPodConditions) > 0:
			errs = append(errs, field.Invalid(ip, field.OmitValueType{}, "specifying both OnExitCodes and OnPodConditions is not supported"))
		case r.OnExitCodes == nil && len(r.OnPodConditions) == 0:
			errs = append(errs, field.Invalid(ip, field.OmitValueType{}, "specifying one of OnExitCodes and OnPodConditions is required"))
		}
	}
	return errs
}

func checkOnExitCodes(e *batchv1.PodFailurePolicyOnExitCodesRequirement, p *field.Path, containers sets.Set[string]) field.ErrorList {
	var errs field.ErrorList
	if e.Operator == "" {
		errs = append(errs, field.Required(p.Child("operator"), `valid values: ["In" "NotIn"]`))
	} else {
		errs = append(errs, oneOf(p.Child("operator"), string(e.Operator), false, "In", "NotIn")...)
	}
	if e.ContainerName != nil && !containers.Has(*e.ContainerName) {
		errs = append(errs, field.Invalid(p.Child("containerName"), *e.ContainerName, "must be one of the container or initContainer names in the pod template"))
	}
	vp := p.Child("values")
	switch {
	case len(e.Values) == 0:
		errs = append(errs, field.Invalid(vp, field.OmitValueType{}, "at least one value is required"))
	case len(e.Values) > maxOnExitCodesValues:
		errs = append(errs, field.TooMany(vp, len(e.Values), maxOnExitCodesValues))
	}
	seen := sets.New[int32]()
	ordered := true
	for j, v := range e.Values {
		if e.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && v == 0 {
			errs = append(errs, field.Invalid(vp.Index(j), v, "must not be 0 for the In operator"))
		}
		if seen.Has(v) {
			errs = append(errs, field.Duplicate(vp.Index(j), v))
		}
		seen.Insert(v)
		if j > 0 && e.Values[j-1] > v {
			ordered = false
		}
	}
	if !ordered {
		errs = append(errs, field.Invalid(vp, field.OmitValueType{}, "must be ordered"))
	}
	return errs
}

// Labels the API server gives a Job's pod template (and its selector) when it generates
// the selector.
var (
	jobNameLabels       = []string{"job-name", batchv1.JobNameLabel}
	controllerUIDLabels = []string{"controller-uid", batchv1.ControllerUidLabel}
)

// generatedUID stands for the uid the API server gives a new Job.
const generatedUID = "00000000-0000-0000-0000-000000000000"

func checkJob(job *batchv1.Job) field.ErrorList {
	p := field.NewPath("spec")
	s := &job.Spec
	errs := checkJobSpec(s, p)
	tl := p.Child("template", "metadata", "labels")
	podLabels := labels.Set{}
	for k, v := range s.Template.Labels {
		podLabels[k] = v
	}
	selector := s.Selector
	if m := s.ManualSelector; m == nil || !*m {
		// The API server labels the pods with the Job's name and uid and selects them by
		// uid; labels set to other values make the Job invalid.
		for _, k := range jobNameLabels {
			if v, ok := podLabels[k]; ok && v != job.Name {
				errs = append(errs, field.Invalid(tl.Key(k), v, fmt.Sprintf("must be '%s'", job.Name)))
			}
			podLabels[k] = job.Name
		}
		for _, k := range controllerUIDLabels {
			if v, ok := podLabels[k]; ok {
				errs = append(errs, field.Invalid(tl.Key(k), v, "must be the uid the API server gives the Job: leave it unset"))
			}
			podLabels[k] = generatedUID
		}
		if selector != nil {
			selector = selector.DeepCopy()
			if selector.MatchLabels == nil {
				selector.MatchLabels = map[string]string{}
			}
			if _, ok := selector.MatchLabels[batchv1.ControllerUidLabel]; !ok {
				selector.MatchLabels[batchv1.ControllerUidLabel] = generatedUID
			}
		}
	} else if selector == nil {
		errs = append(errs, field.Required(p.Child("selector"), ""))
	}
	if selector != nil {
		errs = append(errs, v1validation.ValidateLabelSelector(s.Selector, v1validation.LabelSelectorValidationOptions{}, p.Child("selector"))...)
		if sel, err := metav1.LabelSelectorAsSelector(selector); err == nil && !sel.Matches(podLabels) {
			errs = append(errs, field.Invalid(tl, field.OmitValueType{}, "`selector` does not match template `labels`"))
		}
	}
	if indexed := s.CompletionMode != nil && *s.CompletionMode == batchv1.IndexedCompletion; indexed && s.Completions != nil && *s.Completions > 0 {
		// Indexed pods are named <job>-<index>, a DNS label.
		host := fmt.Sprintf("%s-%d", job.Name, *s.Completions-1)
		if len(validation.IsDNS1123Label(host)) > 0 {
			errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), job.Name, "will not able to create pod with invalid DNS label: "+host))
		}
	}
	return errs
}

// maxConfigSize is the most data a ConfigMap or a Secret holds (1 MiB).
const maxConfigSize = 1 << 20

func checkConfigMap(cm *corev1.ConfigMap) field.ErrorList {
	var errs field.ErrorList
	size := 0
	for k, v := range cm.Data {
		errs = append(errs, invalid(field.NewPath("data").Key(k), k, validation.IsConfigMapKey)...)
		if _, ok := cm.BinaryData[k]; ok {
			errs = append(errs, field.Invalid(field.NewPath("data").Key(k), k, "duplicate of key present in binaryData"))
		}
		size += len(v)
	}
	for k, v := range cm.BinaryData {
		errs = append(errs, invalid(field.NewPath("binaryData").Key(k), k, validation.IsConfigMapKey)...)
		size += len(v)
	}
	if size > maxConfigSize {
		// The API server reports it on the whole object; data and binaryData count.
		errs = append(errs, field.TooLong(field.NewPath("data"), "", maxConfigSize))
	}
	return errs
}

func checkSecret(sec *corev1.Secret) field.ErrorList {
	// stringData is written into data (its keys win) before validation.
	data := map[string][]byte{}
	for k, v := range sec.Data {
		data[k] = v
	}
	for k, v := range sec.StringData {
		data[k] = []byte(v)
	}
	dp := field.NewPath("data")
	var errs field.ErrorList
	size := 0
	for k, v := range data {
		errs = append(errs, invalid(dp.Key(k), k, validation.IsConfigMapKey)...)
		size += len(v)
	}
	if size > maxConfigSize {
		errs = append(errs, field.TooLong(dp, "", maxConfigSize))
	}
	has := func(k string) bool { _, ok := data[k]; return ok }
	switch sec.Type {
	case corev1.SecretTypeServiceAccountToken:
		if sec.Annotations[corev1.ServiceAccountNameKey] == "" {
			errs = append(errs, field.Required(field.NewPath("metadata", "annotations").Key(corev1.ServiceAccountNameKey), ""))
		}
	case corev1.SecretTypeDockercfg, corev1.SecretTypeDockerConfigJson:
		key := corev1.DockerConfigKey
		if sec.Type == corev1.SecretTypeDockerConfigJson {
			key = corev1.DockerConfigJsonKey
		}
		if !has(key) {
			errs = append(errs, field.Required(dp.Key(key), ""))
		} else if err := json.Unmarshal(data[key], &map[string]any{}); err != nil {
			errs = append(errs, field.Invalid(dp.Key(key), "<secret contents redacted>", err.Error()))
		}
	case corev1.SecretTypeBasicAuth:
		if !has(corev1.BasicAuthUsernameKey) && !has(corev1.BasicAuthPasswordKey) {
			errs = append(errs, field.Required(dp.Key(corev1.BasicAuthUsernameKey), ""), field.Required(dp.Key(corev1.BasicAuthPasswordKey), ""))
		}
	case corev1.SecretTypeSSHAuth:
		if len(data[corev1.SSHAuthPrivateKey]) == 0 {
			errs = append(errs, field.Required(dp.Key(corev1.SSHAuthPrivateKey), ""))
		}
	case corev1.SecretTypeTLS:
		for _, k := range []string{corev1.TLSCertKey, corev1.TLSPrivateKeyKey} {
			if !has(k) {
				errs = append(errs, field.Required(dp.Key(k), ""))
			}
		}
	}
	return errs
}

func checkRole(r *rbacv1.Role) field.ErrorList {
	return checkRules(r.Rules, true)
}

func checkClusterRole(r *rbacv1.ClusterRole) field.ErrorList {
	errs := checkRules(r.Rules, false)
	if a := r.AggregationRule; a != nil {
		sp := field.NewPath("aggregationRule", "clusterRoleSelectors")
		if len(a.ClusterRoleSelectors) == 0 {
			errs = append(errs, field.Required(sp, "at least one clusterRoleSelector required if aggregationRule is non-nil"))
		}
		for i := range a.ClusterRoleSelectors {
			errs = append(errs, v1validation.ValidateLabelSelector(&a.ClusterRoleSelectors[i], v1validation.LabelSelectorValidationOptions{}, sp.Index(i))...)
		}
	}
	return errs
}

func checkRules(rules []rbacv1.PolicyRule, namespaced bool) field.ErrorList {
	var errs field.ErrorList
	for i, r := range rules {
		p := field.NewPath("rules").Index(i)
		if len(r.Verbs) == 0 {
			errs = append(errs, field.Required(p.Child("verbs"), "verbs must contain at least one value"))
		}
		if len(r.NonResourceURLs) > 0 {
			if namespaced {
				errs = append(errs, field.Invalid(p.Child("nonResourceURLs"), field.OmitValueType{}, "namespaced rules cannot apply to non-resource URLs"))
			}
			if len(r.APIGroups) > 0 || len(r.Resources) > 0 || len(r.ResourceNames) > 0 {
				errs = append(errs, field.Invalid(p.Child("nonResourceURLs"), field.OmitValueType{}, "rules cannot apply to both regular resources and non-resource URLs"))
			}
			continue
		}
		if len(r.APIGroups) == 0 {
			errs = append(errs, field.Required(p.Child("apiGroups"), "resource rules must supply at least one api group"))
		}
		if len(r.Resources) == 0 {
			errs = append(errs, field.Required(p.Child("resources"), "resource rules must supply at least one resource"))
		}
	}
	return errs
}

func checkRoleBinding(b *rbacv1.RoleBinding) field.ErrorList {
	return checkBinding(b.RoleRef, b.Subjects, true)
}

func checkClusterRoleBinding(b *rbacv1.ClusterRoleBinding) field.ErrorList {
	return checkBinding(b.RoleRef, b.Subjects, false)
}

func checkBinding(ref rbacv1.RoleRef, subjects []rbacv1.Subject, namespaced bool) field.ErrorList {
	var errs field.ErrorList
	rp := field.NewPath("roleRef")
	// apiGroup defaults to rbac.authorization.k8s.io.
	if ref.APIGroup != "" && ref.APIGroup != rbacv1.GroupName {
		errs = append(errs, field.NotSupported(rp.Child("apiGroup"), ref.APIGroup, []string{rbacv1.GroupName}))
	}
	kinds := []string{"ClusterRole"}
	if namespaced {
		kinds = []string{"Role", "ClusterRole"}
	}
	errs = append(errs, oneOf(rp.Child("kind"), ref.Kind, false, kinds...)...)
	if ref.Name == "" {
		errs = append(errs, field.Required(rp.Child("name"), ""))
	} else {
		errs = append(errs, invalid(rp.Child("name"), ref.Name, func(s string) []string { return path.ValidatePathSegmentName(s, false) })...)
	}
	for i, s := range subjects {
		sp := field.NewPath("subjects").Index(i)
		if s.Name == "" {
			errs = append(errs, field.Required(sp.Child("name"), ""))
		}
		switch s.Kind {
		case rbacv1.ServiceAccountKind:
			if s.Name != "" {
				errs = append(errs, invalid(sp.Child("name"), s.Name, validation.IsDNS1123Subdomain)...)
			}
			if s.APIGroup != "" {
				errs = append(errs, field.NotSupported(sp.Child("apiGroup"), s.APIGroup, []string{""}))
			}
			if !namespaced && s.Namespace == "" {
				errs = append(errs, field.Required(sp.Child("namespace"), ""))
			}
		case rbacv1.UserKind, rbacv1.GroupKind:
			// apiGroup defaults to rbac.authorization.k8s.io.
			if s.APIGroup != "" && s.APIGroup != rbacv1.GroupName {
				errs = append(errs, field.NotSupported(sp.Child("apiGroup"), s.APIGroup, []string{rbacv1.GroupName}))
			}
		default:
			errs = append(errs, field.NotSupported(sp.Child("kind"), s.Kind, []string{rbacv1.ServiceAccountKind, rbacv1.UserKind, rbacv1.GroupKind}))
		}
	}
	return errs
}
