// Package render renders the escron chart the ways users do, in-process with the Helm
// SDK (fast) and through the helm v3 and v4 command lines, and decodes the output
// strictly into typed Kubernetes objects.
package render

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/shell"
	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/cli/values"
	"helm.sh/helm/v3/pkg/getter"

	"github.com/escron/escron/test/internal/fixtures"
	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/versions"
)

// KubeVersion is the Kubernetes version charts are rendered for: the one the kind tier
// runs (KUBERNETES_VERSION of scripts/versions.env).
func KubeVersion() (string, error) { return versions.KubernetesE() }

// Options say what to render. The zero value renders the chart's defaults.
type Options struct {
	ChartDir    string   // default: charts/escron
	ReleaseName string   // default: "demo"
	Namespace   string   // default: "default"
	ValuesFiles []string // passed in order, as -f
	Values      string   // YAML applied after ValuesFiles, as one more -f
	// SetValues are applied last, as --set KEY=VALUE (typed as the CLI types them).
	SetValues []string
	// KubeVersion is the cluster's version the chart sees (--kube-version); default
	// KubeVersion(), the version the kind tier runs.
	KubeVersion string
	// FreshSchema makes SDK validate the values as Helm itself does, compiling the
	// schema again, instead of with the compiled schema it keeps (the default).
	FreshSchema bool
}

func (o Options) withDefaults() Options {
	if o.ChartDir == "" {
		o.ChartDir = project.ChartDir()
	}
	if o.ReleaseName == "" {
		o.ReleaseName = "demo"
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	return o
}

// valuesFiles is ValuesFiles plus Values written to a file (fixtures.ValuesFiles) of a
// temporary directory, and a function that removes it. Not under t.TempDir(): its path
// holds the test's name, and helm splits --values on commas.
func (o Options) valuesFiles() ([]string, func(), error) {
	files := append([]string(nil), o.ValuesFiles...)
	if o.Values == "" {
		return files, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "escron-values-")
	if err != nil {
		return nil, nil, err
	}
	remove := func() { _ = os.RemoveAll(dir) }
	written, err := fixtures.ValuesFiles(dir, o.Values)
	if err != nil {
		remove()
		return nil, nil, err
	}
	return append(files, written...), remove, nil
}

// Result is a rendered release: the manifests as `helm template` prints them, and the NOTES.
type Result struct {
	Manifest string
	Notes    string
}

// SDK renders in-process exactly as `helm template` does (an install, dry-run and
// client-only): values merged by the CLI's own code, schema validated, kubeVersion
// checked. The chart is loaded once per directory and its schemas compiled once
// (schemaValidate); Options.FreshSchema leaves the validation to Helm, as the CLI does.
func SDK(o Options) (Result, error) {
	o = o.withDefaults()
	files, cleanup, err := o.valuesFiles()
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	chrt, err := loadChart(o.ChartDir)
	if err != nil {
		return Result{}, err
	}
	vals, err := (&values.Options{ValueFiles: files, Values: o.SetValues}).MergeValues(getter.Providers{})
	if err != nil {
		return Result{}, err
	}
	version := o.KubeVersion
	if version == "" {
		if version, err = KubeVersion(); err != nil {
			return Result{}, err
		}
	}
	kubeVersion, err := chartutil.ParseKubeVersion(version)
	if err != nil {
		return Result{}, err
	}
	install := action.NewInstall(&action.Configuration{Log: func(string, ...interface{}) {}})
	install.DryRun, install.DryRunOption = true, "true"
	install.ClientOnly = true
	install.Replace = true
	install.ReleaseName = o.ReleaseName
	install.Namespace = o.Namespace
	install.KubeVersion = kubeVersion
	if !o.FreshSchema {
		// What install.Run does before its own validation, then the same validation
		// with compiled schemas kept between renders.
		if err := chartutil.ProcessDependenciesWithMerge(chrt, vals); err != nil {
			return Result{}, err
		}
		coalesced, err := chartutil.CoalesceValues(chrt, vals)
		if err != nil {
			return Result{}, err
		}
		if err := schemaValidate(chrt, coalesced); err != nil {
			return Result{}, err
		}
		install.SkipSchemaValidation = true
	}
	rel, err := install.Run(chrt, vals)
	if err != nil {
		return Result{}, err
	}
	var b strings.Builder
	fmt.Fprintln(&b, strings.TrimSpace(rel.Manifest))
	for _, h := range rel.Hooks {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", h.Path, h.Manifest)
	}
	return Result{Manifest: b.String(), Notes: rel.Info.Notes}, nil
}

var charts sync.Map // chart directory -> *loaded

type loaded struct {
	once  sync.Once
	chart *chart.Chart
	err   error
}

// loadChart is the chart in dir, loaded once; each call gets its own copy of the chart
// tree, since an install enables or removes dependencies in place.
func loadChart(dir string) (*chart.Chart, error) {
	v, _ := charts.LoadOrStore(dir, &loaded{})
	l := v.(*loaded)
	l.once.Do(func() { l.chart, l.err = loader.Load(dir) })
	if l.err != nil {
		return nil, l.err
	}
	return copyChart(l.chart), nil
}

func copyChart(c *chart.Chart) *chart.Chart {
	cp := *c
	deps := make([]*chart.Chart, 0, len(c.Dependencies()))
	for _, d := range c.Dependencies() {
		deps = append(deps, copyChart(d))
	}
	cp.SetDependencies(deps...)
	return &cp
}

// Args are the arguments of `helm template` for these options and values files, the
// same for helm v3 and v4.
func (o Options) Args(files []string) ([]string, error) {
	version := o.KubeVersion
	if version == "" {
		var err error
		if version, err = KubeVersion(); err != nil {
			return nil, err
		}
	}
	args := []string{"template", o.ReleaseName, o.ChartDir, "--namespace", o.Namespace, "--kube-version", version}
	for _, f := range files {
		args = append(args, "--values", f)
	}
	for _, s := range o.SetValues {
		args = append(args, "--set", s)
	}
	return args, nil
}

// CLI renders with the helm v3 command line (bin/helm), through terratest's shell.
func CLI(t testing.TB, o Options) (string, error) { return command(t, "helm", o) }

// Helm4 renders with the helm v4 command line (bin/helm4).
func Helm4(t testing.TB, o Options) (string, error) { return command(t, "helm4", o) }

func command(t testing.TB, tool string, o Options) (string, error) {
	o = o.withDefaults()
	bin, err := project.Tool(tool)
	if err != nil {
		return "", err
	}
	files, cleanup, err := o.valuesFiles()
	if err != nil {
		return "", err
	}
	defer cleanup()
	args, err := o.Args(files)
	if err != nil {
		return "", err
	}
	return shell.RunCommandAndGetStdOutE(t, shell.Command{Command: bin, Args: args, Logger: logger.Discard})
}
