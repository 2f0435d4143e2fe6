package schemagen

// RequiredExemptions are fields the OpenAPI documents mark required that the API
// server accepts when absent: it decodes them to a zero value that its validation
// accepts, or defaults them (or, for status fields, never sees them: escron's objects
// are created without a status). The values schema leaves them optional, and kubeapi's
// structural check does not report them missing. test/render's
// TestRequiredExemptionsAgainstTheAPIServer checks each one against the real API server
// of the run's minor (through the values, or extraObjects for kinds escron does not
// shape); a field behind a feature gate is no exemption once the gate is on.
var RequiredExemptions = map[string]bool{
	"io.k8s.api.rbac.v1.RoleRef.apiGroup":                                 true, // defaulted
	"io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status":   true, // defaulted to True
	"io.k8s.api.batch.v1.PodFailurePolicy.rules":                          true, // no rules is valid
	"io.k8s.api.core.v1.HTTPHeader.value":                                 true, // "" is valid
	"io.k8s.api.core.v1.Sysctl.value":                                     true, // not validated
	"io.k8s.api.core.v1.SleepAction.seconds":                              true, // 0 is valid since 1.34
	"io.k8s.api.core.v1.ISCSIVolumeSource.lun":                            true, // 0 is valid
	"io.k8s.api.core.v1.PreferredSchedulingTerm.preference":               true, // an empty term is valid
	"io.k8s.api.core.v1.LimitRangeSpec.limits":                            true, // no limits is valid
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.containerName":   true, // status
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.resourceName":    true, // status
	"io.k8s.api.core.v1.ContainerExtendedResourceRequest.requestName":     true, // status
	"io.k8s.api.core.v1.PodExtendedResourceClaimStatus.requestMappings":   true, // status
	"io.k8s.api.core.v1.PodExtendedResourceClaimStatus.resourceClaimName": true, // status
}

// RequiredExempt says whether field of the OpenAPI component (such as
// io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern) is in RequiredExemptions.
func RequiredExempt(component, field string) bool {
	return RequiredExemptions[component+"."+field]
}
