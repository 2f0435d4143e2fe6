package schemagen

import (
	"fmt"
	"sort"
	"strings"
)

// Owner says how a Kubernetes field that the chart owns is set: through another values
// key (Key), or not at all (Key empty), and why.
type Owner struct {
	Key    string
	Reason string
}

// Mapping says where the fields of one Kubernetes type come from in a job's values:
// every field is owned by the chart, rendered by hand (Special), or passed through as
// given from Values.<field> (the rest). The enumeration test reads the same table.
type Mapping struct {
	Type    string           // OpenAPI component (io.k8s.api.core.v1.PodSpec)
	Values  string           // the values key that holds the fields ("" is the job itself)
	Owned   map[string]Owner // fields the chart sets
	Special []string         // fields set at Values.<field>, rendered by the templates by hand
}

const (
	cronJobSpec = "io.k8s.api.batch.v1.CronJobSpec"
	jobSpec     = "io.k8s.api.batch.v1.JobSpec"
	podSpec     = "io.k8s.api.core.v1.PodSpec"
	container   = "io.k8s.api.core.v1.Container"
	objectMeta  = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
)

// Mappings are the Kubernetes types whose every field a job's values can set.
var Mappings = []Mapping{
	{
		Type:    cronJobSpec,
		Values:  "cronjob",
		Owned:   map[string]Owner{"jobTemplate": {Key: "job", Reason: "the Job template is built from job and the pod keys"}},
		Special: []string{"schedule", "timeZone", "concurrencyPolicy", "suspend"},
	},
	{
		Type:   jobSpec,
		Values: "job",
		Owned:  map[string]Owner{"template": {Key: "", Reason: "the pod template is built from the job's pod keys (mainContainer, podLabels, ...)"}},
	},
	{
		Type:   podSpec,
		Values: "",
		Owned: map[string]Owner{
			"containers":                   {Key: "mainContainer", Reason: "the main container is mainContainer; more containers go in extraContainers"},
			"volumes":                      {Key: "extraVolumes", Reason: "configmaps adds the script volumes and a /tmp emptyDir; extraVolumes adds yours"},
			"securityContext":              {Key: "podSecurityContext", Reason: "named podSecurityContext beside mainContainer.securityContext"},
			"serviceAccountName":           {Key: "serviceAccount.name", Reason: "serviceAccount also creates the account"},
			"serviceAccount":               {Key: "serviceAccount.name", Reason: "a deprecated alias of serviceAccountName"},
			"automountServiceAccountToken": {Key: "serviceAccount.automount", Reason: "off unless the script calls the API"},
			"ephemeralContainers":          {Key: "", Reason: "the API server refuses ephemeral containers in a new pod: kubectl debug adds them to a running one"},
		},
		Special: []string{"restartPolicy", "initContainers", "imagePullSecrets"},
	},
	{
		Type:   container,
		Values: "mainContainer",
		Owned: map[string]Owner{
			"name":            {Key: "", Reason: "the main container is named main: podFailurePolicy rules and kubectl logs refer to it"},
			"image":           {Key: "mainContainer.image", Reason: "written as image, tag and digest"},
			"imagePullPolicy": {Key: "mainContainer.pullPolicy", Reason: "the friendly name of the seed's values"},
			"env":             {Key: "mainContainer.env", Reason: "a map NAME -> value or source, ordered so that $(VAR) references expand"},
			"volumeMounts":    {Key: "extraVolumeMounts", Reason: "configmaps mounts the scripts; extraVolumeMounts adds yours"},
		},
		Special: []string{"command", "args", "resources", "securityContext"},
	},
}

// MetaMappings say, for the ObjectMeta of the CronJob, its Job template and its pod
// template, which values keys set labels and annotations; every other ObjectMeta field
// is owned (MetaOwned).
var MetaMappings = []struct {
	Object, Labels, Annotations string
}{
	{"CronJob", "cronjob.labels", "cronjob.annotations"},
	{"Job template", "job.labels", "job.annotations"},
	{"pod template", "podLabels", "podAnnotations"},
}

// MetaOwned are the ObjectMeta fields the chart sets or Kubernetes does.
var MetaOwned = map[string]string{
	"name":                       "the chart names every object from the release, nameOverride/fullnameOverride and the job's key",
	"namespace":                  "the release's namespace",
	"generateName":               "names are fixed, so that an upgrade updates the objects",
	"uid":                        "set by the API server",
	"resourceVersion":            "set by the API server",
	"generation":                 "set by the API server",
	"creationTimestamp":          "set by the API server",
	"deletionTimestamp":          "set by the API server",
	"deletionGracePeriodSeconds": "set by the API server",
	"managedFields":              "set by the API server",
	"selfLink":                   "set by the API server (deprecated)",
	"ownerReferences":            "set by Kubernetes: the CronJob owns its Jobs, a Job its pods",
	"finalizers":                 "set by controllers; a finalizer in a template would block the deletion of every Job",
}

// oneOf are Kubernetes types whose fields are alternatives or belong together: a job's
// value replaces the root's whole, instead of merging field by field. Types marked
// x-kubernetes-map-type atomic or x-kubernetes-unions in the OpenAPI are added to these.
var oneOf = map[string]bool{
	"io.k8s.api.core.v1.Probe":                true, // exec, httpGet, tcpSocket or grpc
	"io.k8s.api.core.v1.LifecycleHandler":     true, // exec, httpGet, sleep or tcpSocket
	"io.k8s.api.core.v1.EnvVarSource":         true, // one source
	"io.k8s.api.core.v1.ResourceRequirements": true, // as given, defaults only when unset
}

// podFields are the job-level keys that are PodSpec fields passed through as given.
func (s *Spec) passthrough(m Mapping) ([]string, error) {
	fields, err := s.Fields(m.Type)
	if err != nil {
		return nil, err
	}
	special := map[string]bool{}
	for _, f := range m.Special {
		special[f] = true
	}
	var out []string
	for _, f := range fields {
		if _, owned := m.Owned[f]; !owned && !special[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Passthrough is, for a mapping's type, the fields rendered as given.
func (s *Spec) Passthrough(m Mapping) ([]string, error) { return s.passthrough(m) }

// mapping is the entry of Mappings for a type.
func mapping(typ string) Mapping {
	for _, m := range Mappings {
		if m.Type == typ {
			return m
		}
	}
	panic("no mapping for " + typ)
}

// fieldsExcept converts the properties of a Kubernetes type but the owned ones.
func (c *converter) fieldsExcept(typ string, owned map[string]Owner) map[string]any {
	sch, err := c.spec.Schema(typ)
	if err != nil {
		c.fail(err)
		return map[string]any{}
	}
	props, _ := sch["properties"].(map[string]any)
	out := map[string]any{}
	for name, p := range props {
		if _, skip := owned[name]; skip {
			continue
		}
		out[name] = c.node(p.(map[string]any), false)
	}
	c.markSince(typ, out)
	return out
}

// withDescriptions adds the first sentence of each Kubernetes field's description.
func (c *converter) withDescriptions(typ string, props map[string]any) {
	for name, p := range props {
		prop, err := c.spec.Property(typ, name)
		if err != nil {
			continue
		}
		if d := Description(prop); d != "" {
			if m, ok := p.(map[string]any); ok {
				m["description"] = d
			}
		}
	}
}

var (
	str       = func() map[string]any { return scalar("string") }
	boolean   = func() map[string]any { return scalar("boolean") }
	stringMap = func() map[string]any { return mapOf(scalar("string")) }
)

// withDescription is s with the description of old.
func withDescription(s map[string]any, old any) map[string]any {
	if o, ok := old.(map[string]any); ok && o["description"] != nil {
		s["description"] = o["description"]
	}
	return s
}

func intRange(min, max int64) map[string]any {
	s := scalar("integer")
	s["minimum"], s["maximum"] = min, max
	return s
}

const (
	maxInt32 = 1<<31 - 1
	maxInt64 = 1<<63 - 1
)

// jobProperties are the keys of one job: the root values and each jobs.KEY.
func (c *converter) jobProperties() map[string]any {
	cron := c.fieldsExcept(cronJobSpec, mapping(cronJobSpec).Owned)
	c.withDescriptions(cronJobSpec, cron)
	// Rules the templates check, with messages that say what is allowed.
	cron["schedule"], cron["timeZone"], cron["concurrencyPolicy"] = str(), str(), str()
	cron["suspend"] = boolean()
	cron["successfulJobsHistoryLimit"] = intRange(0, maxInt32)
	cron["failedJobsHistoryLimit"] = intRange(0, maxInt32)
	cron["startingDeadlineSeconds"] = intRange(0, maxInt64)
	cron["labels"], cron["annotations"] = stringMap(), stringMap()

	job := c.fieldsExcept(jobSpec, mapping(jobSpec).Owned)
	c.withDescriptions(jobSpec, job)
	for _, f := range []string{"backoffLimit", "completions", "parallelism", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"} {
		job[f] = intRange(0, maxInt32)
	}
	// Kubernetes takes 0 (every run stops at once; NOTES say so); the pod's own is 1 up.
	job["activeDeadlineSeconds"] = intRange(0, maxInt64)
	job["labels"], job["annotations"] = stringMap(), stringMap()

	main := c.fieldsExcept(container, mapping(container).Owned)
	c.withDescriptions(container, main)
	word := map[string]any{"type": []any{"string", "number", "boolean"}}
	main["command"], main["args"] = listOf(word), listOf(word)
	main["image"], main["tag"], main["digest"], main["pullPolicy"] = str(), str(), str(), str()
	sourceProps := c.fieldsExcept("io.k8s.api.core.v1.EnvVarSource", nil)
	main["env"] = mapOf(map[string]any{
		"type":                 []any{"string", "number", "boolean", "object", "null"},
		"additionalProperties": false,
		"properties":           sourceProps,
		"minProperties":        1,
		"maxProperties":        1,
	})

	item := object(map[string]any{
		"subPath": str(),
		"content": str(),
		"mode":    intRange(0, 0o777),
	})
	c.defs["escron.configmapItem"] = item
	itemRef := map[string]any{"$ref": "#/definitions/escron.configmapItem"}
	c.defs["escron.configmap"] = object(map[string]any{
		"mountpath":         str(),
		"existingConfigMap": str(),
		"existingSecret":    str(),
		"data":              mapOf(itemRef),
		"binaryData":        mapOf(itemRef),
	})

	containerItem := c.node(map[string]any{"$ref": "#/components/schemas/" + container}, true)
	props := map[string]any{
		"restartPolicy":      str(),
		"cronjob":            object(cron),
		"job":                object(job),
		"configmaps":         mapOf(map[string]any{"$ref": "#/definitions/escron.configmap"}),
		"mainContainer":      object(main),
		"podSecurityContext": c.ref("io.k8s.api.core.v1.PodSecurityContext"),
		"podLabels":          stringMap(),
		"podAnnotations":     stringMap(),
		"serviceAccount": object(map[string]any{
			"create":      boolean(),
			"name":        str(),
			"annotations": stringMap(),
			"labels":      stringMap(),
			"automount":   boolean(),
		}),
		"rbac": object(map[string]any{
			"rules":        listOf(c.node(map[string]any{"$ref": "#/components/schemas/io.k8s.api.rbac.v1.PolicyRule"}, true)),
			"clusterRules": listOf(c.node(map[string]any{"$ref": "#/components/schemas/io.k8s.api.rbac.v1.PolicyRule"}, true)),
		}),
		"extraVolumes":      listOf(c.node(map[string]any{"$ref": "#/components/schemas/io.k8s.api.core.v1.Volume"}, true)),
		"extraVolumeMounts": listOf(c.node(map[string]any{"$ref": "#/components/schemas/io.k8s.api.core.v1.VolumeMount"}, true)),
		"initContainers":    listOf(containerItem),
		"extraContainers":   listOf(containerItem),
		"imagePullSecrets": listOf(map[string]any{
			"type":                 []any{"string", "object"},
			"additionalProperties": false,
			"properties":           map[string]any{"name": map[string]any{"type": "string"}},
		}),
		"alerts": object(map[string]any{
			"enabled":       boolean(),
			"failed":        boolean(),
			"maxAge":        str(),
			"severity":      str(),
			"labels":        stringMap(),
			"annotations":   stringMap(),
			"maxDuration":   str(),
			"groupBy":       listOf(str()),
			"keepFiringFor": str(),
			"metricsAbsent": boolean(),
		}),
		"runOnInstall": boolean(),
	}
	pod := mapping(podSpec)
	passthrough, err := c.spec.passthrough(pod)
	if err != nil {
		c.fail(err)
	}
	podProps := map[string]any{}
	for _, f := range passthrough {
		p, _ := c.spec.Property(podSpec, f)
		podProps[f] = c.node(p, false)
	}
	c.withDescriptions(podSpec, podProps)
	c.markSince(podSpec, podProps)
	// Bounds the API server enforces on the pod's own fields (from 1 to 2^31-1 for the
	// deadline, although an int64). A negative grace period the server stores as 1, not
	// as written: refused (values.yaml says so).
	podProps["activeDeadlineSeconds"] = withDescription(intRange(1, maxInt32), podProps["activeDeadlineSeconds"])
	podProps["terminationGracePeriodSeconds"] = withDescription(intRange(0, maxInt64), podProps["terminationGracePeriodSeconds"])
	for f, p := range podProps {
		if _, clash := props[f]; clash {
			c.fail(fmt.Errorf("PodSpec field %s clashes with an escron key", f))
		}
		props[f] = p
	}
	return props
}

// chartProperties are the keys that exist only at the root.
func (c *converter) chartProperties() map[string]any {
	return map[string]any{
		"enabled":           boolean(),
		"global":            map[string]any{"type": []any{"object", "null"}},
		"nameOverride":      str(),
		"fullnameOverride":  str(),
		"commonLabels":      stringMap(),
		"commonAnnotations": stringMap(),
		"extraObjects":      listOf(map[string]any{"type": []any{"object", "string"}}),
		"tests":             object(map[string]any{"enabled": boolean()}),
		"prometheusRule":    object(map[string]any{"labels": stringMap(), "annotations": stringMap()}),
		"jobs":              mapOf(map[string]any{"$ref": "#/definitions/escron.jobEntry"}),
	}
}

// atomicPaths are the values paths, below a job, whose value a job's entry replaces
// whole instead of merging field by field: one-of Kubernetes objects reached through
// objects (lists replace anyway), and the env entries.
func (c *converter) atomicPaths() []string {
	paths := map[string]bool{"mainContainer.env.*": true}
	var walk func(typ, path string, depth int)
	walk = func(typ, path string, depth int) {
		sch, err := c.spec.Schema(typ)
		if err != nil || depth > 8 {
			return
		}
		props, _ := sch["properties"].(map[string]any)
		for _, name := range sortedKeys(props) {
			p := props[name].(map[string]any)
			ref := RefName(p)
			if ref == "" || !c.isObjectDef(ref) {
				continue
			}
			child := name
			if path != "" {
				child = path + "." + name
			}
			if c.isAtomic(ref) {
				paths[child] = true
				continue
			}
			walk(ref, child, depth+1)
		}
	}
	for _, m := range Mappings {
		sch, _ := c.spec.Schema(m.Type)
		props, _ := sch["properties"].(map[string]any)
		for _, name := range sortedKeys(props) {
			if _, owned := m.Owned[name]; owned {
				continue
			}
			ref := RefName(props[name].(map[string]any))
			if ref == "" || !c.isObjectDef(ref) {
				continue
			}
			path := name
			if m.Values != "" {
				path = m.Values + "." + name
			}
			if c.isAtomic(ref) {
				paths[path] = true
				continue
			}
			walk(ref, path, 1)
		}
	}
	walk("io.k8s.api.core.v1.PodSecurityContext", "podSecurityContext", 1)
	out := sortedKeys(paths)
	return out
}

func (c *converter) isAtomic(typ string) bool {
	if oneOf[typ] {
		return true
	}
	sch, err := c.spec.Schema(typ)
	if err != nil {
		return false
	}
	if sch["x-kubernetes-map-type"] == "atomic" {
		return true
	}
	_, unions := sch["x-kubernetes-unions"]
	return unions
}

// keyList joins keys for a template list (splitList " ").
func keyList(keys []string) string {
	s := append([]string(nil), keys...)
	sort.Strings(s)
	return strings.Join(s, " ")
}
