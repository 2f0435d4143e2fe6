package e2e_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/shell"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/escron/escron/test/internal/project"
)

// The cluster tier's layer over the helm and kubectl CLIs (run through terratest's
// shell module) and client-go, with the names and behaviour of terratest's helm and k8s
// modules, which the tests used before: X fails the test, XE returns the error. Not
// those modules: terratest's k8s module imports its aws module, and through it 48 MB of
// AWS SDK Go source, which a cold make test compiled (300 s of CPU) for tests that
// never talk to AWS.

// kubectlOptions is a namespace of the test cluster: the kubeconfig and the namespace.
type kubectlOptions struct {
	ConfigPath string
	Namespace  string
}

// helmOpts are the options of a helm command: the cluster and namespace, the chart's
// version (--version, for a chart from a repository), the values files (--values, in
// order), the environment (a consumer's helm homes) and the extra arguments of each
// subcommand ("install": {"--wait"}).
type helmOpts struct {
	KubectlOptions *kubectlOptions
	Version        string
	ValuesFiles    []string
	EnvVars        map[string]string
	ExtraArgs      map[string][]string
}

// runHelmCommandE runs `helm CMD --kubeconfig K --namespace N ARGS...` (bin/helm; no
// --namespace of the options when ARGS has one) and returns its stdout and stderr.
func runHelmCommandE(t *testing.T, o *helmOpts, cmd string, args ...string) (string, error) {
	t.Helper()
	helm, err := project.Tool("helm")
	if err != nil {
		return "", err
	}
	full := []string{cmd}
	if k := o.KubectlOptions; k != nil {
		full = append(full, "--kubeconfig", k.ConfigPath)
		if !slices.Contains(args, "--namespace") {
			full = append(full, "--namespace", k.Namespace)
		}
	}
	full = append(full, args...)
	return shell.RunCommandAndGetOutputE(t, shell.Command{Command: helm, Args: full, Env: o.EnvVars, Logger: logger.Discard})
}

// chartRef is chart as helm takes it: a directory or archive as an absolute path, a
// repository or OCI reference as it is.
func chartRef(chart string) string {
	if abs, err := filepath.Abs(chart); err == nil {
		if _, err := os.Stat(abs); err == nil {
			return abs
		}
	}
	return chart
}

// valuesArgs are the --values flags of the options' values files.
func valuesArgs(o *helmOpts) []string {
	var args []string
	for _, f := range o.ValuesFiles {
		args = append(args, "--values", f)
	}
	return args
}

// chartArgs are the install and upgrade arguments: the subcommand's extra arguments,
// --version, --values of each values file, RELEASE and CHART.
func chartArgs(o *helmOpts, cmd, chart, release string) []string {
	args := slices.Clone(o.ExtraArgs[cmd])
	if o.Version != "" {
		args = append(args, "--version", o.Version)
	}
	args = append(args, valuesArgs(o)...)
	if cmd == "upgrade" {
		args = append(args, "--install")
	}
	return append(args, release, chartRef(chart))
}

// helmInstallE runs `helm install [install args] [--version V] [--values F...] RELEASE CHART`.
func helmInstallE(t *testing.T, o *helmOpts, chart, release string) error {
	t.Helper()
	_, err := runHelmCommandE(t, o, "install", chartArgs(o, "install", chart, release)...)
	return err
}

// helmUpgradeE runs `helm upgrade [upgrade args] [--version V] [--values F...] --install
// RELEASE CHART`.
func helmUpgradeE(t *testing.T, o *helmOpts, chart, release string) error {
	t.Helper()
	_, err := runHelmCommandE(t, o, "upgrade", chartArgs(o, "upgrade", chart, release)...)
	return err
}

// helmRollbackE runs `helm rollback RELEASE REVISION`.
func helmRollbackE(t *testing.T, o *helmOpts, release, revision string) error {
	t.Helper()
	_, err := runHelmCommandE(t, o, "rollback", append(slices.Clone(o.ExtraArgs["rollback"]), release, revision)...)
	return err
}

// helmDeleteE runs `helm delete RELEASE` (its history goes too).
func helmDeleteE(t *testing.T, o *helmOpts, release string) error {
	t.Helper()
	_, err := runHelmCommandE(t, o, "delete", append(slices.Clone(o.ExtraArgs["delete"]), release)...)
	return err
}

// runKubectlE runs `kubectl --kubeconfig K --namespace N ARGS...` (bin/kubectl) and
// returns its stdout and stderr.
func runKubectlE(t *testing.T, kopts *kubectlOptions, args ...string) (string, error) {
	t.Helper()
	kubectl, err := project.Tool("kubectl")
	if err != nil {
		return "", err
	}
	full := append([]string{"--kubeconfig", kopts.ConfigPath, "--namespace", kopts.Namespace}, args...)
	return shell.RunCommandAndGetOutputE(t, shell.Command{Command: kubectl, Args: full, Logger: logger.Discard})
}

// kubernetesClientE is a client-go clientset of the options' cluster.
func kubernetesClientE(kopts *kubectlOptions) (*kubernetes.Clientset, error) {
	config, err := clientcmd.BuildConfigFromFlags("", kopts.ConfigPath)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", kopts.ConfigPath, err)
	}
	return kubernetes.NewForConfig(config)
}

// getCronJobE is the CronJob of that name in the options' namespace.
func getCronJobE(t *testing.T, kopts *kubectlOptions, name string) (*batchv1.CronJob, error) {
	t.Helper()
	cs, err := kubernetesClientE(kopts)
	if err != nil {
		return nil, err
	}
	return cs.BatchV1().CronJobs(kopts.Namespace).Get(context.Background(), name, metav1.GetOptions{})
}

// getCronJob is getCronJobE that fails the test on an error.
func getCronJob(t *testing.T, kopts *kubectlOptions, name string) *batchv1.CronJob {
	t.Helper()
	cj, err := getCronJobE(t, kopts, name)
	require.NoError(t, err)
	return cj
}

// getJobE is the Job of that name in the options' namespace.
func getJobE(t *testing.T, kopts *kubectlOptions, name string) (*batchv1.Job, error) {
	t.Helper()
	cs, err := kubernetesClientE(kopts)
	if err != nil {
		return nil, err
	}
	return cs.BatchV1().Jobs(kopts.Namespace).Get(context.Background(), name, metav1.GetOptions{})
}

// getJob is getJobE that fails the test on an error.
func getJob(t *testing.T, kopts *kubectlOptions, name string) *batchv1.Job {
	t.Helper()
	job, err := getJobE(t, kopts, name)
	require.NoError(t, err)
	return job
}
