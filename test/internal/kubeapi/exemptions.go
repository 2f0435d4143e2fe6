package kubeapi

// RequiredExempt says whether a field that the OpenAPI documents mark required is one
// the API server accepts when absent (builtinRequiredExemptions): the values schema
// generator (schemagen) leaves it optional too. component is the OpenAPI component's
// name, such as io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.
func RequiredExempt(component, field string) bool {
	return builtinRequiredExemptions[component+"."+field]
}
