package kubeapi

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/escron/escron/test/internal/project"
)

// kubectlValidateBuiltin is the newest Kubernetes version whose schemas are built into
// kubectl-validate v0.0.4. It only makes the tool start offline: the KUBERNETES_VERSION
// schemas given with --local-schemas, and the CRDs given with --local-crds, are
// consulted first (test/render's TestKubectlValidateUsesKube134Schemas proves it).
const kubectlValidateBuiltin = "1.30"

// KubectlValidateE validates manifest files offline with bin/kubectl-validate, the
// command line beside this package's in-process validator: against the Kubernetes
// OpenAPI schemas of bin/kube-openapi (scripts/tools.sh takes them from the
// k8s.io/kubernetes module) and the CRDs of bin/crds (scripts/monitoring-tools.sh), each
// when it is linked. An empty kubeconfig keeps it from consulting whatever cluster is
// current. It returns the tool's output, and an error holding it when a file is invalid.
func KubectlValidateE(files ...string) (string, error) {
	tool, err := project.Tool("kubectl-validate")
	if err != nil {
		return "", err
	}
	args := []string{"--version", kubectlValidateBuiltin}
	if schemas, err := project.Tool("kube-openapi"); err == nil {
		args = append(args, "--local-schemas", schemas)
	}
	if crds, err := project.Tool("crds"); err == nil {
		args = append(args, "--local-crds", crds)
	}
	kubeconfig, err := os.CreateTemp("", "no-cluster-*")
	if err != nil {
		return "", err
	}
	_ = kubeconfig.Close()
	defer os.Remove(kubeconfig.Name())
	cmd := exec.Command(tool, append(args, files...)...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("kubectl-validate %s: %w\n%s", strings.Join(files, " "), err, out)
	}
	return string(out), nil
}
