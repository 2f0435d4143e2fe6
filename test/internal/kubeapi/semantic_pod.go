package kubeapi

import (
	"fmt"
	"math"
	"path"
	"reflect"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	v1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// This file re-implements the part of the API server's pod validation (for Pods and the
// pod templates of Jobs and CronJobs) that a chart can get wrong. The API server first
// defaults the object and drops the fields of features that are off by default in 1.34;
// the checks below accept what those defaults fill in (an empty imagePullPolicy,
// protocol, dnsPolicy...) and dropDisabledFields removes what is dropped.

const maxFileMode = 0o777

// checkPod validates a Pod on creation.
func checkPod(pod *corev1.Pod) field.ErrorList {
	p := field.NewPath("spec")
	if len(pod.Spec.EphemeralContainers) > 0 {
		return field.ErrorList{field.Forbidden(p.Child("ephemeralContainers"), "cannot be set on create")}
	}
	errs := checkPodSpec(&pod.Spec, p)
	for i, c := range pod.Spec.Containers {
		if strings.TrimSpace(c.Image) != c.Image {
			errs = append(errs, field.Invalid(p.Child("containers").Index(i).Child("image"), c.Image, "must not have leading or trailing whitespace"))
		}
	}
	for i, c := range pod.Spec.InitContainers {
		if strings.TrimSpace(c.Image) != c.Image {
			errs = append(errs, field.Invalid(p.Child("initContainers").Index(i).Child("image"), c.Image, "must not have leading or trailing whitespace"))
		}
	}
	return errs
}

// checkPodTemplate validates the pod template of a Job or a CronJob.
func checkPodTemplate(t *corev1.PodTemplateSpec, p *field.Path) field.ErrorList {
	meta := p.Child("metadata")
	errs := v1validation.ValidateLabels(t.Labels, meta.Child("labels"))
	errs = append(errs, apivalidation.ValidateAnnotations(t.Annotations, meta.Child("annotations"))...)
	if len(t.Spec.EphemeralContainers) > 0 {
		errs = append(errs, field.Forbidden(p.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
	}
	return append(errs, checkPodSpec(&t.Spec, p.Child("spec"))...)
}

// dropDisabledFields removes, as the API server does before validating, the fields of
// features that are off by default in Kubernetes 1.34, so that they are neither checked
// nor counted.
func dropDisabledFields(spec *corev1.PodSpec) {
	spec.HostnameOverride = nil // HostnameOverride (alpha)
	// ImageVolume (beta, off): image volumes go, with their mounts.
	images := sets.New[string]()
	volumes := spec.Volumes[:0:0]
	for _, v := range spec.Volumes {
		if v.Image != nil {
			images.Insert(v.Name)
			continue
		}
		volumes = append(volumes, v)
	}
	spec.Volumes = volumes
	for i := range spec.Volumes {
		if pr := spec.Volumes[i].Projected; pr != nil {
			for j := range pr.Sources {
				pr.Sources[j].ClusterTrustBundle = nil // ClusterTrustBundleProjection (beta, off)
				pr.Sources[j].PodCertificate = nil     // PodCertificateRequest (alpha)
			}
		}
	}
	drop := func(c *corev1.Container, init bool) {
		// ContainerRestartRules (alpha): an init container keeps restartPolicy Always
		// (a sidecar), any other restartPolicy and restartPolicyRules go.
		if !init || (c.RestartPolicy != nil && *c.RestartPolicy != corev1.ContainerRestartPolicyAlways) {
			c.RestartPolicy = nil
		}
		c.RestartPolicyRules = nil
		for i := range c.Env {
			if c.Env[i].ValueFrom != nil {
				c.Env[i].ValueFrom.FileKeyRef = nil // EnvFiles (alpha)
			}
		}
		if c.Lifecycle != nil && c.Lifecycle.StopSignal != nil { // ContainerStopSignals (alpha)
			c.Lifecycle.StopSignal = nil
			if c.Lifecycle.PostStart == nil && c.Lifecycle.PreStop == nil {
				c.Lifecycle = nil
			}
		}
		if len(images) > 0 {
			mounts := c.VolumeMounts[:0:0]
			for _, m := range c.VolumeMounts {
				if !images.Has(m.Name) {
					mounts = append(mounts, m)
				}
			}
			c.VolumeMounts = mounts
		}
	}
	for i := range spec.InitContainers {
		drop(&spec.InitContainers[i], true)
	}
	for i := range spec.Containers {
		drop(&spec.Containers[i], false)
	}
}

func checkPodSpec(spec *corev1.PodSpec, p *field.Path) field.ErrorList {
	dropDisabledFields(spec)
	volumes, errs := checkVolumes(spec.Volumes, p.Child("volumes"))

	gracePeriod := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if spec.TerminationGracePeriodSeconds != nil {
		gracePeriod = *spec.TerminationGracePeriodSeconds
	}
	claims := sets.New[string]()
	for _, c := range spec.ResourceClaims {
		claims.Insert(c.Name)
	}
	hostUsers := spec.HostUsers == nil || *spec.HostUsers
	pc := podContext{volumes: volumes, claims: claims, gracePeriod: gracePeriod, hostUsers: hostUsers}

	// Containers: names unique across containers and init containers.
	names := sets.New[string]()
	cp := p.Child("containers")
	if len(spec.Containers) == 0 {
		errs = append(errs, field.Required(cp, "a pod needs at least one container"))
	}
	for i := range spec.Containers {
		c := &spec.Containers[i]
		ip := cp.Index(i)
		errs = append(errs, pc.container(c, ip, true)...)
		if names.Has(c.Name) {
			errs = append(errs, field.Duplicate(ip.Child("name"), c.Name))
		}
		names.Insert(c.Name)
	}
	// An init container with restartPolicy Always is a sidecar (native since 1.33).
	ip := p.Child("initContainers")
	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		cp := ip.Index(i)
		sidecar := c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
		errs = append(errs, pc.container(c, cp, sidecar)...)
		if !sidecar {
			for name, set := range map[string]bool{
				"lifecycle":      c.Lifecycle != nil,
				"livenessProbe":  c.LivenessProbe != nil,
				"readinessProbe": c.ReadinessProbe != nil,
				"startupProbe":   c.StartupProbe != nil,
			} {
				if set {
					errs = append(errs, field.Forbidden(cp.Child(name), "may not be set for init containers without restartPolicy=Always"))
				}
			}
		}
		if c.Name != "" && names.Has(c.Name) {
			errs = append(errs, field.Duplicate(cp.Child("name"), c.Name))
		}
		names.Insert(c.Name)
	}

	if !hostUsers {
		for name, set := range map[string]bool{"hostNetwork": spec.HostNetwork, "hostPID": spec.HostPID, "hostIPC": spec.HostIPC} {
			if set {
				errs = append(errs, field.Forbidden(p.Child(name), "when `hostUsers` is false"))
			}
		}
	}
	errs = append(errs, oneOf(p.Child("restartPolicy"), string(spec.RestartPolicy), true, "Always", "OnFailure", "Never")...)
	errs = append(errs, oneOf(p.Child("dnsPolicy"), string(spec.DNSPolicy), true, "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")...)
	errs = append(errs, checkDNSConfig(spec, p.Child("dnsConfig"))...)
	errs = append(errs, v1validation.ValidateLabels(spec.NodeSelector, p.Child("nodeSelector"))...)
	errs = append(errs, checkPodSecurityContext(spec, p)...)
	if spec.ServiceAccountName != "" {
		errs = append(errs, invalid(p.Child("serviceAccountName"), spec.ServiceAccountName, validation.IsDNS1123Subdomain)...)
	}
	if spec.ActiveDeadlineSeconds != nil && (*spec.ActiveDeadlineSeconds < 1 || *spec.ActiveDeadlineSeconds > math.MaxInt32) {
		errs = append(errs, field.Invalid(p.Child("activeDeadlineSeconds"), *spec.ActiveDeadlineSeconds, validation.InclusiveRangeError(1, math.MaxInt32)))
	}
	if spec.Hostname != "" {
		errs = append(errs, invalid(p.Child("hostname"), spec.Hostname, validation.IsDNS1123Label)...)
	}
	if spec.Subdomain != "" {
		errs = append(errs, invalid(p.Child("subdomain"), spec.Subdomain, validation.IsDNS1123Label)...)
	}
	if spec.PriorityClassName != "" {
		errs = append(errs, invalid(p.Child("priorityClassName"), spec.PriorityClassName, validation.IsDNS1123Subdomain)...)
	}
	if spec.RuntimeClassName != nil {
		errs = append(errs, invalid(p.Child("runtimeClassName"), *spec.RuntimeClassName, validation.IsDNS1123Subdomain)...)
	}
	if spec.PreemptionPolicy != nil {
		errs = append(errs, oneOf(p.Child("preemptionPolicy"), string(*spec.PreemptionPolicy), false, "PreemptLowerPriority", "Never")...)
	}
	for i, alias := range spec.HostAliases {
		for j, h := range alias.Hostnames {
			errs = append(errs, invalid(p.Child("hostAliases").Index(i).Child("hostnames").Index(j), h, validation.IsDNS1123Subdomain)...)
		}
	}
	errs = append(errs, checkTolerations(spec.Tolerations, p.Child("tolerations"))...)
	errs = append(errs, checkTopologySpread(spec.TopologySpreadConstraints, p.Child("topologySpreadConstraints"))...)
	for i, g := range spec.ReadinessGates {
		errs = append(errs, invalid(p.Child("readinessGates").Index(i).Child("conditionType"), string(g.ConditionType), validation.IsQualifiedName)...)
	}
	return errs
}

// podContext is what a container's validation needs to know of its pod.
type podContext struct {
	volumes     map[string]corev1.VolumeSource
	claims      sets.Set[string]
	gracePeriod int64
	hostUsers   bool
}

// container validates a container, regular or init; probes and lifecycle are checked
// when allowed (regular containers and sidecars), forbidden by the caller otherwise.
func (pc podContext) container(c *corev1.Container, p *field.Path, handlers bool) field.ErrorList {
	var errs field.ErrorList
	if c.Name == "" {
		errs = append(errs, field.Required(p.Child("name"), ""))
	} else {
		errs = append(errs, invalid(p.Child("name"), c.Name, validation.IsDNS1123Label)...)
	}
	if c.Image == "" {
		errs = append(errs, field.Required(p.Child("image"), ""))
	}
	errs = append(errs, oneOf(p.Child("imagePullPolicy"), string(c.ImagePullPolicy), true, "Always", "IfNotPresent", "Never")...)
	errs = append(errs, oneOf(p.Child("terminationMessagePolicy"), string(c.TerminationMessagePolicy), true, "File", "FallbackToLogsOnError")...)
	errs = append(errs, checkPorts(c.Ports, p.Child("ports"))...)
	errs = append(errs, checkEnv(c.Env, p.Child("env"))...)
	errs = append(errs, checkEnvFrom(c.EnvFrom, p.Child("envFrom"))...)
	errs = append(errs, pc.mounts(c, p.Child("volumeMounts"))...)
	errs = append(errs, pc.resources(&c.Resources, p.Child("resources"))...)
	errs = append(errs, checkSecurityContext(c.SecurityContext, p.Child("securityContext"), pc.hostUsers)...)
	if handlers {
		if c.Lifecycle != nil {
			if c.Lifecycle.PostStart != nil {
				errs = append(errs, pc.handler(lifecycleHandler(c.Lifecycle.PostStart), p.Child("lifecycle", "postStart"))...)
			}
			if c.Lifecycle.PreStop != nil {
				errs = append(errs, pc.handler(lifecycleHandler(c.Lifecycle.PreStop), p.Child("lifecycle", "preStop"))...)
			}
		}
		errs = append(errs, pc.probe(c.LivenessProbe, p.Child("livenessProbe"), true)...)
		errs = append(errs, pc.probe(c.ReadinessProbe, p.Child("readinessProbe"), false)...)
		if c.ReadinessProbe != nil && c.ReadinessProbe.TerminationGracePeriodSeconds != nil {
			errs = append(errs, field.Invalid(p.Child("readinessProbe", "terminationGracePeriodSeconds"), *c.ReadinessProbe.TerminationGracePeriodSeconds, "must not be set for readinessProbes"))
		}
		errs = append(errs, pc.probe(c.StartupProbe, p.Child("startupProbe"), true)...)
	}
	return errs
}

func checkPorts(ports []corev1.ContainerPort, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := sets.New[string]()
	for i, port := range ports {
		ip := p.Index(i)
		if port.Name != "" {
			if msgs := validation.IsValidPortName(port.Name); len(msgs) > 0 {
				errs = append(errs, field.Invalid(ip.Child("name"), port.Name, strings.Join(msgs, "; ")))
			} else if names.Has(port.Name) {
				errs = append(errs, field.Duplicate(ip.Child("name"), port.Name))
			}
			names.Insert(port.Name)
		}
		if port.ContainerPort == 0 {
			errs = append(errs, field.Required(ip.Child("containerPort"), ""))
		} else {
			errs = append(errs, invalidInt(ip.Child("containerPort"), int64(port.ContainerPort), validation.IsValidPortNum(int(port.ContainerPort)))...)
		}
		if port.HostPort != 0 {
			errs = append(errs, invalidInt(ip.Child("hostPort"), int64(port.HostPort), validation.IsValidPortNum(int(port.HostPort)))...)
		}
		errs = append(errs, oneOf(ip.Child("protocol"), string(port.Protocol), true, "TCP", "UDP", "SCTP")...)
	}
	return errs
}

// envFieldPaths are the pod fields an environment variable's fieldRef may name.
var envFieldPaths = sets.New("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
	"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")

var subscriptedFieldPath = regexp.MustCompile(`^(metadata\.(?:labels|annotations))\['(.*)'\]$`)

// envResourceFields are the resources an environment variable's resourceFieldRef may name.
var envResourceFields = sets.New("limits.cpu", "limits.memory", "limits.ephemeral-storage",
	"requests.cpu", "requests.memory", "requests.ephemeral-storage")

func checkEnv(env []corev1.EnvVar, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, e := range env {
		ip := p.Index(i)
		if e.Name == "" {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		} else {
			// 1.34 (RelaxedEnvironmentVariableValidation, GA): printable ASCII but '='.
			errs = append(errs, invalid(ip.Child("name"), e.Name, validation.IsRelaxedEnvVarName)...)
		}
		if e.ValueFrom == nil {
			continue
		}
		vp := ip.Child("valueFrom")
		sources := 0
		if ref := e.ValueFrom.FieldRef; ref != nil {
			sources++
			errs = append(errs, checkFieldRef(ref, vp.Child("fieldRef"))...)
		}
		if ref := e.ValueFrom.ResourceFieldRef; ref != nil {
			sources++
			rp := vp.Child("resourceFieldRef")
			switch {
			case ref.Resource == "":
				errs = append(errs, field.Required(rp.Child("resource"), ""))
			case !envResourceFields.Has(ref.Resource) && !strings.HasPrefix(ref.Resource, "requests.hugepages-") && !strings.HasPrefix(ref.Resource, "limits.hugepages-"):
				errs = append(errs, field.NotSupported(rp.Child("resource"), ref.Resource, sets.List(envResourceFields)))
			}
		}
		if ref := e.ValueFrom.ConfigMapKeyRef; ref != nil {
			sources++
			errs = append(errs, checkKeyRef(ref.Name, ref.Key, vp.Child("configMapKeyRef"))...)
		}
		if ref := e.ValueFrom.SecretKeyRef; ref != nil {
			sources++
			errs = append(errs, checkKeyRef(ref.Name, ref.Key, vp.Child("secretKeyRef"))...)
		}
		switch {
		case sources == 0:
			errs = append(errs, field.Invalid(vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
		case e.Value != "":
			errs = append(errs, field.Invalid(vp, "", "may not be specified when `value` is not empty"))
		case sources > 1:
			errs = append(errs, field.Invalid(vp, "", "may not have more than one field specified at a time"))
		}
	}
	return errs
}

func checkFieldRef(ref *corev1.ObjectFieldSelector, p *field.Path) field.ErrorList {
	// apiVersion defaults to v1.
	if ref.APIVersion != "" && ref.APIVersion != "v1" {
		return field.ErrorList{field.Invalid(p.Child("fieldPath"), ref.FieldPath, "error converting fieldPath: unsupported pod version: "+ref.APIVersion)}
	}
	if ref.FieldPath == "" {
		return field.ErrorList{field.Required(p.Child("fieldPath"), "")}
	}
	if m := subscriptedFieldPath.FindStringSubmatch(ref.FieldPath); m != nil {
		key := m[2]
		if m[1] == "metadata.annotations" {
			key = strings.ToLower(key)
		}
		return invalid(p, key, validation.IsQualifiedName)
	}
	if !envFieldPaths.Has(ref.FieldPath) {
		return field.ErrorList{field.NotSupported(p.Child("fieldPath"), ref.FieldPath, sets.List(envFieldPaths))}
	}
	return nil
}

func checkKeyRef(name, key string, p *field.Path) field.ErrorList {
	errs := invalid(p.Child("name"), name, validation.IsDNS1123Subdomain)
	if key == "" {
		return append(errs, field.Required(p.Child("key"), ""))
	}
	return append(errs, invalid(p.Child("key"), key, validation.IsConfigMapKey)...)
}

func checkEnvFrom(envFrom []corev1.EnvFromSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, e := range envFrom {
		ip := p.Index(i)
		if e.Prefix != "" {
			errs = append(errs, invalid(ip.Child("prefix"), e.Prefix, validation.IsRelaxedEnvVarName)...)
		}
		sources := 0
		if e.ConfigMapRef != nil {
			sources++
			if e.ConfigMapRef.Name == "" {
				errs = append(errs, field.Required(ip.Child("configMapRef", "name"), ""))
			} else {
				errs = append(errs, invalid(ip.Child("configMapRef", "name"), e.ConfigMapRef.Name, namePrefix)...)
			}
		}
		if e.SecretRef != nil {
			sources++
			if e.SecretRef.Name == "" {
				errs = append(errs, field.Required(ip.Child("secretRef", "name"), ""))
			} else {
				errs = append(errs, invalid(ip.Child("secretRef", "name"), e.SecretRef.Name, namePrefix)...)
			}
		}
		switch {
		case sources == 0:
			errs = append(errs, field.Invalid(p, "", "must specify one of: `configMapRef` or `secretRef`"))
		case sources > 1:
			errs = append(errs, field.Invalid(p, "", "may not have more than one field specified at a time"))
		}
	}
	return errs
}

// namePrefix is how the API server checks the object an envFrom source names: as a
// name prefix (a DNS subdomain that may end with '-').
func namePrefix(name string) []string { return apivalidation.NameIsDNSSubdomain(name, true) }

func (pc podContext) mounts(c *corev1.Container, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	paths := sets.New[string]()
	for i, m := range c.VolumeMounts {
		ip := p.Index(i)
		if m.Name == "" {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		}
		if _, ok := pc.volumes[m.Name]; !ok {
			errs = append(errs, field.NotFound(ip.Child("name"), m.Name))
		}
		if m.MountPath == "" {
			errs = append(errs, field.Required(ip.Child("mountPath"), ""))
		}
		if paths.Has(m.MountPath) {
			errs = append(errs, field.Invalid(ip.Child("mountPath"), m.MountPath, "must be unique"))
		}
		paths.Insert(m.MountPath)
		if m.SubPath != "" {
			errs = append(errs, descendingPath(m.SubPath, ip.Child("subPath"))...)
		}
		if m.SubPathExpr != "" {
			if m.SubPath != "" {
				errs = append(errs, field.Invalid(ip.Child("subPathExpr"), m.SubPathExpr, "subPathExpr and subPath are mutually exclusive"))
			}
			errs = append(errs, descendingPath(m.SubPathExpr, ip.Child("subPathExpr"))...)
		}
		if m.MountPropagation != nil {
			mp := ip.Child("mountPropagation")
			errs = append(errs, oneOf(mp, string(*m.MountPropagation), false, "Bidirectional", "HostToContainer", "None")...)
			privileged := c.SecurityContext != nil && c.SecurityContext.Privileged != nil && *c.SecurityContext.Privileged
			if *m.MountPropagation == corev1.MountPropagationBidirectional && !privileged {
				errs = append(errs, field.Forbidden(mp, "Bidirectional mount propagation is available only to privileged containers"))
			}
		}
	}
	return errs
}

// descendingPath is a path that stays inside its volume: relative, without "..".
func descendingPath(target string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if path.IsAbs(target) {
		errs = append(errs, field.Invalid(p, target, "must be a relative path"))
	}
	for _, part := range strings.Split(target, "/") {
		if part == ".." {
			errs = append(errs, field.Invalid(p, target, "must not contain '..'"))
			break
		}
	}
	return errs
}

// localPath is the path of a file in a volume (a configMap or secret item): a
// descending path that does not start with "..".
func localPath(target string, p *field.Path) field.ErrorList {
	errs := descendingPath(target, p)
	if strings.HasPrefix(target, "..") && !strings.HasPrefix(target, "../") {
		errs = append(errs, field.Invalid(p, target, "must not start with '..'"))
	}
	return errs
}

// checkVolumes validates the pod's volumes and gives the valid ones by name, for the
// volume mounts to find.
func checkVolumes(volumes []corev1.Volume, p *field.Path) (map[string]corev1.VolumeSource, field.ErrorList) {
	var errs field.ErrorList
	valid := make(map[string]corev1.VolumeSource, len(volumes))
	seen := sets.New[string]()
	for i := range volumes {
		v := &volumes[i]
		ip := p.Index(i)
		var el field.ErrorList
		if v.Name == "" {
			el = append(el, field.Required(ip.Child("name"), ""))
		} else {
			el = append(el, invalid(ip.Child("name"), v.Name, validation.IsDNS1123Label)...)
		}
		if seen.Has(v.Name) {
			el = append(el, field.Duplicate(ip.Child("name"), v.Name))
		}
		el = append(el, checkVolumeSource(&v.VolumeSource, ip)...)
		if len(el) == 0 {
			valid[v.Name] = v.VolumeSource
			seen.Insert(v.Name)
		}
		errs = append(errs, el...)
	}
	return valid, errs
}

func checkVolumeSource(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	// A volume without a source is defaulted to an emptyDir; more than one is refused.
	if set := setPointerFields(reflect.ValueOf(s).Elem()); len(set) > 1 {
		errs = append(errs, field.Forbidden(p.Child(set[1]), "may not specify more than 1 volume type"))
	}
	if s.EmptyDir != nil && s.EmptyDir.SizeLimit != nil && s.EmptyDir.SizeLimit.Sign() < 0 {
		errs = append(errs, field.Forbidden(p.Child("emptyDir", "sizeLimit"), "SizeLimit field must be a valid resource quantity"))
	}
	if s.HostPath != nil && s.HostPath.Path == "" {
		errs = append(errs, field.Required(p.Child("hostPath", "path"), ""))
	}
	if s.PersistentVolumeClaim != nil && s.PersistentVolumeClaim.ClaimName == "" {
		errs = append(errs, field.Required(p.Child("persistentVolumeClaim", "claimName"), ""))
	}
	if cm := s.ConfigMap; cm != nil {
		cp := p.Child("configMap")
		if cm.Name == "" {
			errs = append(errs, field.Required(cp.Child("name"), ""))
		}
		errs = append(errs, fileMode(cm.DefaultMode, cp.Child("defaultMode"))...)
		errs = append(errs, checkItems(cm.Items, cp.Child("items"), nil)...)
	}
	if sec := s.Secret; sec != nil {
		sp := p.Child("secret")
		if sec.SecretName == "" {
			errs = append(errs, field.Required(sp.Child("secretName"), ""))
		}
		errs = append(errs, fileMode(sec.DefaultMode, sp.Child("defaultMode"))...)
		errs = append(errs, checkItems(sec.Items, sp.Child("items"), nil)...)
	}
	if d := s.DownwardAPI; d != nil {
		dp := p.Child("downwardAPI")
		errs = append(errs, fileMode(d.DefaultMode, dp.Child("defaultMode"))...)
		errs = append(errs, checkDownwardFiles(d.Items, dp.Child("items"), nil)...)
	}
	if pr := s.Projected; pr != nil {
		pp := p.Child("projected")
		errs = append(errs, fileMode(pr.DefaultMode, pp.Child("defaultMode"))...)
		// The files of all sources share the volume: their paths must differ.
		paths := sets.New[string]()
		for i := range pr.Sources {
			src := &pr.Sources[i]
			sp := pp.Child("sources").Index(i)
			if set := setPointerFields(reflect.ValueOf(src).Elem()); len(set) > 1 {
				errs = append(errs, field.Forbidden(sp, "may not specify more than 1 volume type per source"))
			}
			if src.ConfigMap != nil {
				if src.ConfigMap.Name == "" {
					errs = append(errs, field.Required(sp.Child("configMap", "name"), ""))
				}
				errs = append(errs, checkItems(src.ConfigMap.Items, sp.Child("configMap", "items"), paths)...)
			}
			if src.Secret != nil {
				if src.Secret.Name == "" {
					errs = append(errs, field.Required(sp.Child("secret", "name"), ""))
				}
				errs = append(errs, checkItems(src.Secret.Items, sp.Child("secret", "items"), paths)...)
			}
			if src.DownwardAPI != nil {
				errs = append(errs, checkDownwardFiles(src.DownwardAPI.Items, sp.Child("downwardAPI", "items"), paths)...)
			}
			if t := src.ServiceAccountToken; t != nil {
				tp := sp.Child("serviceAccountToken")
				if t.ExpirationSeconds != nil && *t.ExpirationSeconds < 600 {
					errs = append(errs, field.Invalid(tp.Child("expirationSeconds"), *t.ExpirationSeconds, "may not specify a duration less than 10 minutes"))
				}
				if t.ExpirationSeconds != nil && *t.ExpirationSeconds > 1<<32 {
					errs = append(errs, field.Invalid(tp.Child("expirationSeconds"), *t.ExpirationSeconds, "may not specify a duration larger than 2^32 seconds"))
				}
				if t.Path == "" {
					errs = append(errs, field.Required(tp.Child("path"), ""))
				} else {
					errs = append(errs, localPath(t.Path, tp.Child("path"))...)
				}
			}
		}
	}
	return errs
}

// setPointerFields names (by JSON name) the pointer fields of a struct that are set: the
// members of a one-of such as VolumeSource.
func setPointerFields(v reflect.Value) []string {
	var set []string
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			set = append(set, name)
		}
	}
	return set
}

// checkItems validates the items of a configMap or secret volume (or projection). Only
// projections refuse two items with the same path (paths is then the volume's set).
func checkItems(items []corev1.KeyToPath, p *field.Path, paths sets.Set[string]) field.ErrorList {
	var errs field.ErrorList
	for i, it := range items {
		ip := p.Index(i)
		if it.Key == "" {
			errs = append(errs, field.Required(ip.Child("key"), ""))
		}
		if it.Path == "" {
			errs = append(errs, field.Required(ip.Child("path"), ""))
		}
		errs = append(errs, localPath(it.Path, ip.Child("path"))...)
		errs = append(errs, fileMode(it.Mode, ip.Child("mode"))...)
		if paths != nil && it.Path != "" {
			if paths.Has(it.Path) {
				errs = append(errs, field.Invalid(ip.Child("path"), it.Path, "conflicting duplicate paths"))
			}
			paths.Insert(it.Path)
		}
	}
	return errs
}

func checkDownwardFiles(files []corev1.DownwardAPIVolumeFile, p *field.Path, paths sets.Set[string]) field.ErrorList {
	var errs field.ErrorList
	for i, f := range files {
		ip := p.Index(i)
		if f.Path == "" {
			errs = append(errs, field.Required(ip.Child("path"), ""))
		}
		errs = append(errs, localPath(f.Path, ip.Child("path"))...)
		errs = append(errs, fileMode(f.Mode, ip.Child("mode"))...)
		switch {
		case f.FieldRef != nil && f.ResourceFieldRef != nil:
			errs = append(errs, field.Invalid(ip, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
		case f.FieldRef == nil && f.ResourceFieldRef == nil:
			errs = append(errs, field.Required(ip, "one of fieldRef and resourceFieldRef is required"))
		}
		if paths != nil && f.Path != "" {
			if paths.Has(f.Path) {
				errs = append(errs, field.Invalid(ip.Child("path"), f.Path, "conflicting duplicate paths"))
			}
			paths.Insert(f.Path)
		}
	}
	return errs
}

func fileMode(mode *int32, p *field.Path) field.ErrorList {
	if mode != nil && (*mode < 0 || *mode > maxFileMode) {
		return field.ErrorList{field.Invalid(p, *mode, "must be a number between 0 and 0777 (octal), both inclusive")}
	}
	return nil
}

// resources validates a container's requests and limits.
func (pc podContext) resources(r *corev1.ResourceRequirements, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	lp, rp := p.Child("limits"), p.Child("requests")
	computeOrMemory, hugePages := false, false
	note := func(name corev1.ResourceName) {
		switch {
		case name == corev1.ResourceCPU || name == corev1.ResourceMemory:
			computeOrMemory = true
		case isHugePages(name):
			hugePages = true
		}
	}
	for name, q := range r.Limits {
		errs = append(errs, checkResourceValue(name, q, lp.Key(string(name)))...)
		note(name)
	}
	for name, q := range r.Requests {
		errs = append(errs, checkResourceValue(name, q, rp.Key(string(name)))...)
		note(name)
		limit, ok := r.Limits[name]
		overcommit := isNativeResource(name) && !isHugePages(name)
		switch {
		case ok && !overcommit && q.Cmp(limit) != 0:
			errs = append(errs, field.Invalid(rp, q.String(), fmt.Sprintf("must be equal to %s limit of %s", name, limit.String())))
		case ok && q.Cmp(limit) > 0:
			errs = append(errs, field.Invalid(rp, q.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, limit.String())))
		case !ok && !overcommit:
			errs = append(errs, field.Required(lp, "Limit must be set for non overcommitable resources"))
		}
	}
	if hugePages && !computeOrMemory {
		errs = append(errs, field.Forbidden(p, "HugePages require cpu or memory"))
	}
	claims := sets.New[string]()
	for i, c := range r.Claims {
		cp := p.Child("claims").Index(i)
		switch {
		case c.Name == "":
			errs = append(errs, field.Required(cp, ""))
		case !pc.claims.Has(c.Name):
			errs = append(errs, field.NotFound(cp, c.Name))
		}
		key := c.Name + "/" + c.Request
		if claims.Has(key) {
			errs = append(errs, field.Duplicate(cp, key))
		}
		claims.Insert(key)
	}
	return errs
}

// checkResourceValue validates a container resource's name and quantity.
func checkResourceValue(name corev1.ResourceName, q resource.Quantity, p *field.Path) field.ErrorList {
	s := string(name)
	if msgs := validation.IsQualifiedName(s); len(msgs) > 0 {
		return field.ErrorList{field.Invalid(p, s, strings.Join(msgs, "; "))}
	}
	var errs field.ErrorList
	switch {
	case !strings.Contains(s, "/"):
		if name != corev1.ResourceCPU && name != corev1.ResourceMemory && name != corev1.ResourceEphemeralStorage && !isHugePages(name) {
			errs = append(errs, field.Invalid(p, s, "must be a standard resource for containers"))
		}
	case !isNativeResource(name) && !isExtendedResource(name):
		errs = append(errs, field.Invalid(p, s, "doesn't follow extended resource name standard"))
	}
	if q.Sign() < 0 {
		errs = append(errs, field.Invalid(p, q.String(), "must be greater than or equal to 0"))
	}
	if q.MilliValue()%1000 != 0 && isExtendedResource(name) {
		errs = append(errs, field.Invalid(p, q.String(), "must be an integer"))
	}
	return errs
}

func isHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// isNativeResource: unprefixed, or in the kubernetes.io domain.
func isNativeResource(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), "kubernetes.io/")
}

// isExtendedResource: a prefixed name outside kubernetes.io that is valid as a quota
// key (requests.<name>).
func isExtendedResource(name corev1.ResourceName) bool {
	if isNativeResource(name) || strings.HasPrefix(string(name), corev1.DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+string(name))) == 0
}

// handler is what probes and lifecycle hooks share: one action of several kinds.
type handler struct {
	exec      *corev1.ExecAction
	httpGet   *corev1.HTTPGetAction
	tcpSocket *corev1.TCPSocketAction
	grpc      *corev1.GRPCAction
	sleep     *corev1.SleepAction
}

func lifecycleHandler(h *corev1.LifecycleHandler) handler {
	return handler{exec: h.Exec, httpGet: h.HTTPGet, tcpSocket: h.TCPSocket, sleep: h.Sleep}
}

func (pc podContext) handler(h handler, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	n := 0
	one := func(name string) bool {
		n++
		if n > 1 {
			errs = append(errs, field.Forbidden(p.Child(name), "may not specify more than 1 handler type"))
			return false
		}
		return true
	}
	if h.exec != nil && one("exec") && len(h.exec.Command) == 0 {
		errs = append(errs, field.Required(p.Child("exec", "command"), ""))
	}
	if h.httpGet != nil && one("httpGet") {
		hp := p.Child("httpGet")
		errs = append(errs, portNumOrName(h.httpGet.Port.IntValue(), h.httpGet.Port.StrVal, h.httpGet.Port.Type == intstr.String, hp.Child("port"))...)
		errs = append(errs, oneOf(hp.Child("scheme"), string(h.httpGet.Scheme), true, "HTTP", "HTTPS")...)
		for _, header := range h.httpGet.HTTPHeaders {
			errs = append(errs, invalid(hp.Child("httpHeaders"), header.Name, validation.IsHTTPHeaderName)...)
		}
	}
	if h.tcpSocket != nil && one("tcpSocket") {
		port := h.tcpSocket.Port
		errs = append(errs, portNumOrName(port.IntValue(), port.StrVal, port.Type == intstr.String, p.Child("tcpSocket", "port"))...)
	}
	if h.grpc != nil && one("grpc") {
		errs = append(errs, portNumOrName(int(h.grpc.Port), "", false, p.Child("grpc", "port"))...)
	}
	if h.sleep != nil && one("sleep") {
		if s := h.sleep.Seconds; s < 0 || s > pc.gracePeriod {
			errs = append(errs, field.Invalid(p.Child("sleep"), s, fmt.Sprintf("must be non-negative and less than terminationGracePeriodSeconds (%d)", pc.gracePeriod)))
		}
	}
	if n == 0 {
		errs = append(errs, field.Required(p, "must specify a handler type"))
	}
	return errs
}

func portNumOrName(num int, name string, isName bool, p *field.Path) field.ErrorList {
	if isName {
		return invalid(p, name, validation.IsValidPortName)
	}
	return invalidInt(p, int64(num), validation.IsValidPortNum(num))
}

// probe validates a probe after its defaults (timeoutSeconds 1, periodSeconds 10,
// successThreshold 1, failureThreshold 3 when zero); liveness and startup probes need
// a successThreshold of 1.
func (pc podContext) probe(pr *corev1.Probe, p *field.Path, successOne bool) field.ErrorList {
	if pr == nil {
		return nil
	}
	errs := pc.handler(handler{exec: pr.Exec, httpGet: pr.HTTPGet, tcpSocket: pr.TCPSocket, grpc: pr.GRPC}, p)
	for name, v := range map[string]int32{
		"initialDelaySeconds": pr.InitialDelaySeconds,
		"timeoutSeconds":      pr.TimeoutSeconds,
		"periodSeconds":       pr.PeriodSeconds,
		"successThreshold":    pr.SuccessThreshold,
		"failureThreshold":    pr.FailureThreshold,
	} {
		errs = append(errs, apivalidation.ValidateNonnegativeField(int64(v), p.Child(name))...)
	}
	if successOne && pr.SuccessThreshold != 0 && pr.SuccessThreshold != 1 {
		errs = append(errs, field.Invalid(p.Child("successThreshold"), pr.SuccessThreshold, "must be 1"))
	}
	if pr.TerminationGracePeriodSeconds != nil && *pr.TerminationGracePeriodSeconds <= 0 {
		errs = append(errs, field.Invalid(p.Child("terminationGracePeriodSeconds"), *pr.TerminationGracePeriodSeconds, "must be greater than 0"))
	}
	return errs
}

func checkSecurityContext(sc *corev1.SecurityContext, p *field.Path, hostUsers bool) field.ErrorList {
	if sc == nil {
		return nil
	}
	var errs field.ErrorList
	if sc.RunAsUser != nil {
		errs = append(errs, invalidInt(p.Child("runAsUser"), *sc.RunAsUser, validation.IsValidUserID(*sc.RunAsUser))...)
	}
	if sc.RunAsGroup != nil {
		errs = append(errs, invalidInt(p.Child("runAsGroup"), *sc.RunAsGroup, validation.IsValidGroupID(*sc.RunAsGroup))...)
	}
	if sc.ProcMount != nil && *sc.ProcMount == corev1.UnmaskedProcMount && hostUsers {
		errs = append(errs, field.Invalid(p.Child("procMount"), string(*sc.ProcMount), "`hostUsers` must be false to use `Unmasked`"))
	}
	errs = append(errs, checkSeccomp(sc.SeccompProfile, p.Child("seccompProfile"))...)
	errs = append(errs, checkAppArmor(sc.AppArmorProfile, p.Child("appArmorProfile"))...)
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		if sc.Privileged != nil && *sc.Privileged {
			errs = append(errs, field.Invalid(p, field.OmitValueType{}, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
		}
		if sc.Capabilities != nil {
			for _, c := range sc.Capabilities.Add {
				if c == "CAP_SYS_ADMIN" {
					errs = append(errs, field.Invalid(p, field.OmitValueType{}, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
				}
			}
		}
	}
	return errs
}

func checkPodSecurityContext(spec *corev1.PodSpec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if spec.ShareProcessNamespace != nil && *spec.ShareProcessNamespace && spec.HostPID {
		errs = append(errs, field.Invalid(p.Child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"))
	}
	sc := spec.SecurityContext
	if sc == nil {
		return errs
	}
	sp := p.Child("securityContext")
	if sc.FSGroup != nil {
		errs = append(errs, invalidInt(sp.Child("fsGroup"), *sc.FSGroup, validation.IsValidGroupID(*sc.FSGroup))...)
	}
	if sc.RunAsUser != nil {
		errs = append(errs, invalidInt(sp.Child("runAsUser"), *sc.RunAsUser, validation.IsValidUserID(*sc.RunAsUser))...)
	}
	if sc.RunAsGroup != nil {
		errs = append(errs, invalidInt(sp.Child("runAsGroup"), *sc.RunAsGroup, validation.IsValidGroupID(*sc.RunAsGroup))...)
	}
	for i, g := range sc.SupplementalGroups {
		errs = append(errs, invalidInt(sp.Child("supplementalGroups").Index(i), g, validation.IsValidGroupID(g))...)
	}
	if sc.FSGroupChangePolicy != nil {
		errs = append(errs, oneOf(sp.Child("fsGroupChangePolicy"), string(*sc.FSGroupChangePolicy), false, "OnRootMismatch", "Always")...)
	}
	if sc.SupplementalGroupsPolicy != nil {
		errs = append(errs, oneOf(sp.Child("supplementalGroupsPolicy"), string(*sc.SupplementalGroupsPolicy), false, "Merge", "Strict")...)
	}
	errs = append(errs, checkSeccomp(sc.SeccompProfile, sp.Child("seccompProfile"))...)
	return append(errs, checkAppArmor(sc.AppArmorProfile, sp.Child("appArmorProfile"))...)
}

func checkSeccomp(sp *corev1.SeccompProfile, p *field.Path) field.ErrorList {
	if sp == nil {
		return nil
	}
	var errs field.ErrorList
	switch sp.Type {
	case corev1.SeccompProfileTypeLocalhost:
		if sp.LocalhostProfile == nil {
			errs = append(errs, field.Required(p.Child("localhostProfile"), "must be set when seccomp type is Localhost"))
		} else {
			errs = append(errs, descendingPath(*sp.LocalhostProfile, p.Child("localhostProfile"))...)
		}
		return errs
	case "":
		errs = append(errs, field.Required(p.Child("type"), "type is required when seccompProfile is set"))
	case corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined:
	default:
		errs = append(errs, field.NotSupported(p.Child("type"), sp.Type, []corev1.SeccompProfileType{"Localhost", "RuntimeDefault", "Unconfined"}))
	}
	if sp.LocalhostProfile != nil {
		errs = append(errs, field.Invalid(p.Child("localhostProfile"), *sp.LocalhostProfile, "can only be set when seccomp type is Localhost"))
	}
	return errs
}

func checkAppArmor(ap *corev1.AppArmorProfile, p *field.Path) field.ErrorList {
	if ap == nil {
		return nil
	}
	switch ap.Type {
	case corev1.AppArmorProfileTypeLocalhost:
		if ap.LocalhostProfile == nil || strings.TrimSpace(*ap.LocalhostProfile) == "" {
			return field.ErrorList{field.Required(p.Child("localhostProfile"), "must be set when AppArmor type is Localhost")}
		}
		if strings.TrimSpace(*ap.LocalhostProfile) != *ap.LocalhostProfile {
			return field.ErrorList{field.Invalid(p.Child("localhostProfile"), *ap.LocalhostProfile, "must not be padded with whitespace")}
		}
	case corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined:
		if ap.LocalhostProfile != nil {
			return field.ErrorList{field.Invalid(p.Child("localhostProfile"), *ap.LocalhostProfile, "can only be set when AppArmor type is Localhost")}
		}
	case "":
		return field.ErrorList{field.Required(p.Child("type"), "")}
	default:
		return field.ErrorList{field.NotSupported(p.Child("type"), ap.Type, []corev1.AppArmorProfileType{"Localhost", "RuntimeDefault", "Unconfined"})}
	}
	return nil
}

func checkDNSConfig(spec *corev1.PodSpec, p *field.Path) field.ErrorList {
	if spec.DNSPolicy == corev1.DNSNone {
		if spec.DNSConfig == nil {
			return field.ErrorList{field.Required(p, "must provide `dnsConfig` when `dnsPolicy` is None")}
		}
		if len(spec.DNSConfig.Nameservers) == 0 {
			return field.ErrorList{field.Required(p.Child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")}
		}
	}
	c := spec.DNSConfig
	if c == nil {
		return nil
	}
	var errs field.ErrorList
	if len(c.Nameservers) > 3 {
		errs = append(errs, field.Invalid(p.Child("nameservers"), field.OmitValueType{}, "must not have more than 3 nameservers"))
	}
	if len(c.Searches) > 32 {
		errs = append(errs, field.Invalid(p.Child("searches"), field.OmitValueType{}, "must not have more than 32 search paths"))
	}
	if len(strings.Join(c.Searches, " ")) > 2048 {
		errs = append(errs, field.Invalid(p.Child("searches"), field.OmitValueType{}, "must not have more than 2048 characters (including spaces) in the search list"))
	}
	for i, s := range c.Searches {
		if s != "." {
			errs = append(errs, invalid(p.Child("searches").Index(i), strings.TrimSuffix(s, "."), validation.IsDNS1123SubdomainWithUnderscore)...)
		}
	}
	for i, o := range c.Options {
		if o.Name == "" {
			errs = append(errs, field.Required(p.Child("options").Index(i), "must not be empty"))
		}
	}
	return errs
}

func checkTolerations(tolerations []corev1.Toleration, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, t := range tolerations {
		ip := p.Index(i)
		if t.Key != "" {
			errs = append(errs, v1validation.ValidateLabelName(t.Key, ip.Child("key"))...)
		}
		if t.Key == "" && t.Operator != corev1.TolerationOpExists {
			errs = append(errs, field.Invalid(ip.Child("operator"), string(t.Operator), "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
			errs = append(errs, field.Invalid(ip.Child("effect"), string(t.Effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			if msgs := validation.IsValidLabelValue(t.Value); len(msgs) > 0 {
				errs = append(errs, field.Invalid(ip.Child("operator"), t.Value, strings.Join(msgs, ";")))
			}
		case corev1.TolerationOpExists:
			if t.Value != "" {
				errs = append(errs, field.Invalid(ip.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		default:
			errs = append(errs, field.NotSupported(ip.Child("operator"), t.Operator, []corev1.TolerationOperator{"Equal", "Exists"}))
		}
		if t.Effect != "" {
			errs = append(errs, oneOf(ip.Child("effect"), string(t.Effect), false, "NoSchedule", "PreferNoSchedule", "NoExecute")...)
		}
	}
	return errs
}

func checkTopologySpread(constraints []corev1.TopologySpreadConstraint, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := sets.New[string]()
	for i, c := range constraints {
		ip := p.Index(i)
		if c.MaxSkew <= 0 {
			errs = append(errs, field.Invalid(ip.Child("maxSkew"), c.MaxSkew, "must be greater than zero"))
		}
		if c.TopologyKey == "" {
			errs = append(errs, field.Required(ip.Child("topologyKey"), "can not be empty"))
		}
		errs = append(errs, oneOf(ip.Child("whenUnsatisfiable"), string(c.WhenUnsatisfiable), false, "DoNotSchedule", "ScheduleAnyway")...)
		key := c.TopologyKey + "\x00" + string(c.WhenUnsatisfiable)
		if seen.Has(key) {
			errs = append(errs, field.Duplicate(ip.Child("{topologyKey, whenUnsatisfiable}"), fmt.Sprintf("{%v, %v}", c.TopologyKey, c.WhenUnsatisfiable)))
		}
		seen.Insert(key)
		if c.MinDomains != nil {
			if *c.MinDomains <= 0 {
				errs = append(errs, field.Invalid(ip.Child("minDomains"), *c.MinDomains, "must be greater than zero"))
			}
			if c.WhenUnsatisfiable != corev1.DoNotSchedule {
				errs = append(errs, field.Invalid(ip.Child("minDomains"), *c.MinDomains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not "+string(c.WhenUnsatisfiable)))
			}
		}
		if c.NodeAffinityPolicy != nil {
			errs = append(errs, oneOf(ip.Child("nodeAffinityPolicy"), string(*c.NodeAffinityPolicy), false, "Honor", "Ignore")...)
		}
		if c.NodeTaintsPolicy != nil {
			errs = append(errs, oneOf(ip.Child("nodeTaintsPolicy"), string(*c.NodeTaintsPolicy), false, "Honor", "Ignore")...)
		}
		errs = append(errs, v1validation.ValidateLabelSelector(c.LabelSelector, v1validation.LabelSelectorValidationOptions{}, ip.Child("labelSelector"))...)
	}
	return errs
}

// oneOf reports a value outside the allowed ones; an empty value is allowed when the API
// server defaults it (emptyOK), required otherwise.
func oneOf(p *field.Path, value string, emptyOK bool, allowed ...string) field.ErrorList {
	if value == "" {
		if emptyOK {
			return nil
		}
		return field.ErrorList{field.Required(p, "")}
	}
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return field.ErrorList{field.NotSupported(p, value, allowed)}
}

// invalid reports the messages of a string check (validation.IsDNS1123Label...).
func invalid(p *field.Path, value string, check func(string) []string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range check(value) {
		errs = append(errs, field.Invalid(p, value, msg))
	}
	return errs
}

func invalidInt(p *field.Path, value int64, msgs []string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range msgs {
		errs = append(errs, field.Invalid(p, value, msg))
	}
	return errs
}
