// Package render renders the escron chart the ways users do, in-process with the Helm
// SDK (fast) and through the helm v3 and v4 command lines, and decodes the output
// strictly into typed Kubernetes objects.
package render

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gruntwork-io/terratest/modules/helm"
	"github.com/gruntwork-io/terratest/modules/k8s"
	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/shell"
	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/cli/values"
	"helm.sh/helm/v3/pkg/getter"

	"github.com/escron/escron/test/internal/project"
)

// KubeVersion is the Kubernetes version charts are rendered for: the one the kind tier runs.
const KubeVersion = "v1.34.4"

// Options say what to render. The zero value renders the chart's defaults.
type Options struct {
	ChartDir    string   // default: charts/escron
	ReleaseName string   // default: "demo"
	Namespace   string   // default: "default"
	ValuesFiles []string // passed in order, as -f
	Values      string   // YAML applied after ValuesFiles, as one more -f
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

// valuesFiles is ValuesFiles plus Values written to a temporary file, and a function
// that removes that file.
func (o Options) valuesFiles() ([]string, func(), error) {
	files := append([]string(nil), o.ValuesFiles...)
	if o.Values == "" {
		return files, func() {}, nil
	}
	f, err := os.CreateTemp("", "escron-values-*.yaml")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { _ = os.Remove(f.Name()) }
	if _, err := f.WriteString(o.Values); err != nil {
		cleanup()
		return nil, nil, err
	}
	if err := f.Close(); err != nil {
		cleanup()
		return nil, nil, err
	}
	return append(files, f.Name()), cleanup, nil
}

// Result is a rendered release: the manifests as `helm template` prints them, and the NOTES.
type Result struct {
	Manifest string
	Notes    string
}

// SDK renders in-process exactly as `helm template` does (an install, dry-run and
// client-only): values merged by the CLI's own code, schema validated, kubeVersion checked.
func SDK(o Options) (Result, error) {
	o = o.withDefaults()
	files, cleanup, err := o.valuesFiles()
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	chrt, err := loader.Load(o.ChartDir)
	if err != nil {
		return Result{}, err
	}
	vals, err := (&values.Options{ValueFiles: files}).MergeValues(getter.Providers{})
	if err != nil {
		return Result{}, err
	}
	kubeVersion, err := chartutil.ParseKubeVersion(KubeVersion)
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

// CLIArgs are the arguments of `helm template` for these options, the same for helm v3 and v4.
func CLIArgs(o Options, files []string) []string {
	args := []string{"template", o.ReleaseName, o.ChartDir, "--namespace", o.Namespace, "--kube-version", KubeVersion}
	for _, f := range files {
		args = append(args, "--values", f)
	}
	return args
}

// CLI renders with the helm v3 command line, through terratest (which runs the helm
// that is first in PATH: call project.UseProjectBin first).
func CLI(t testing.TB, o Options) (string, error) {
	o = o.withDefaults()
	files, cleanup, err := o.valuesFiles()
	if err != nil {
		return "", err
	}
	defer cleanup()
	opts := &helm.Options{
		ValuesFiles:    files,
		KubectlOptions: k8s.NewKubectlOptions("", "", o.Namespace),
		Logger:         logger.Discard,
	}
	return helm.RenderTemplateE(t, opts, o.ChartDir, o.ReleaseName, nil, "--kube-version", KubeVersion)
}

// Helm4 renders with the helm v4 command line (bin/helm4).
func Helm4(t testing.TB, o Options) (string, error) {
	o = o.withDefaults()
	helm4, err := project.Tool("helm4")
	if err != nil {
		return "", err
	}
	files, cleanup, err := o.valuesFiles()
	if err != nil {
		return "", err
	}
	defer cleanup()
	return shell.RunCommandAndGetStdOutE(t, shell.Command{
		Command: helm4,
		Args:    CLIArgs(o, files),
		Logger:  logger.Discard,
	})
}
