package kubeapi_test

import (
	"testing"

	"github.com/escron/escron/test/internal/kubeapi"
)

// BenchmarkValidate validates the CronJob fixture, a typical object of the chart, once
// the documents are loaded.
func BenchmarkValidate(b *testing.B) {
	v := validator(b)
	o := fixture(b, "cronjob.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if errs := v.Validate(o); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkPodSecurity evaluates the fixture's pod against the restricted profile.
func BenchmarkPodSecurity(b *testing.B) {
	o := fixture(b, "cronjob.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if errs := kubeapi.CheckPodSecurity(o); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkLoad parses and compiles the OpenAPI documents.
func BenchmarkLoad(b *testing.B) {
	dir := documents(b)
	for b.Loop() {
		if _, err := kubeapi.Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}
