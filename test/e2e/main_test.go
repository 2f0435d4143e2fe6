// Package e2e_test is the cluster tier: it installs escron into a real kind cluster
// and watches the CronJob controller schedule Jobs and the Jobs run the scripts.
//
// Environment (the same through make test-e2e and through go test ./test/e2e):
//
//	ESCRON_NODE_IMAGE      offline (default): the images make test-e2e builds (else the tests
//	                       skip, or fail with CI=true, saying so); upstream: kind's kindest/node
//	                       for the pinned Kubernetes minor and busybox, pulled; or a node
//	                       image reference (with busybox); see kindcluster.ResolveImagesE
//	ESCRON_KIND_CLUSTER    reuse this running cluster instead of creating one
//	ESCRON_KEEP_CLUSTER=1  keep the cluster (and a failed test's namespace) for inspection
//	CI=true                a missing Docker engine, image or cluster fails instead of skipping
//
// Each run creates a cluster of its own (escron-e2e-<random>), labelled with its host,
// pid and start time, and first removes the clusters that dead runs left behind.
package e2e_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/escron/escron/test/internal/kindcluster"
	"github.com/escron/escron/test/internal/project"
)

// suite is what TestMain set up for the tests.
var suite struct {
	cluster    *kindcluster.Cluster
	images     kindcluster.Images
	keep       bool   // ESCRON_KEEP_CLUSTER=1
	skipReason string // set when no cluster could be had outside CI
}

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func logf(format string, args ...any) {
	fmt.Printf("e2e: "+format+"\n", args...)
}

// parallelTests is how many tests run at once unless -parallel says otherwise: the tests
// mostly wait for the cluster (a minute boundary, a pod), not for the CPU, so they all
// run at once (21 tests and 9 parallel subtests) and the scheduled tests share one minute
// boundary. At 16, the last tests to start (the upgrade subtests) waited for a slot and
// ended the run.
const parallelTests = "32"

func runSuite(m *testing.M) int {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", parallelTests)
	}
	project.UseProjectBin()
	suite.keep = os.Getenv("ESCRON_KEEP_CLUSTER") == "1"
	// Without a cluster, the tests skip saying why; with CI=true the run fails.
	noCluster := func(reason string) int {
		if os.Getenv("CI") == "true" {
			fmt.Fprintf(os.Stderr, "FAIL: CI=true and the cluster tier cannot run: %s\n", reason)
			return 1
		}
		suite.skipReason = reason
		return m.Run()
	}
	if reason := dockerMissing(); reason != "" {
		return noCluster(reason + " (run scripts/docker-up.sh, or make test-e2e, which starts one)")
	}
	images, err := kindcluster.ResolveImagesE(os.Getenv(kindcluster.NodeImageEnv))
	if errors.Is(err, kindcluster.ErrOfflineImagesMissing) {
		return noCluster(err.Error())
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %s: %v\n", kindcluster.NodeImageEnv, err)
		return 1
	}
	suite.images = images
	logf("%s=%s: node image %s, job image %s", kindcluster.NodeImageEnv, images.Setting, images.Node, images.Job)

	kubeconfigDir, err := os.MkdirTemp("", "escron-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(kubeconfigDir)
	name := os.Getenv("ESCRON_KIND_CLUSTER")
	c, err := kindcluster.UpE(kindcluster.Options{
		Name:           name,
		Reuse:          name != "",
		NodeImage:      images.Node,
		ConfigPath:     project.Path("ci", "kind-config.yaml"),
		Keep:           suite.keep,
		KubeconfigPath: filepath.Join(kubeconfigDir, "kubeconfig"),
		Log:            logf,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: no kind cluster: %v\n", err)
		return 1
	}
	suite.cluster = c
	if c.Created {
		defer func() {
			if suite.keep {
				logf("keeping kind cluster %s: kind export kubeconfig --name %s; make clean deletes it", c.Name, c.Name)
				return
			}
			logf("deleting kind cluster %s", c.Name)
			if err := c.DeleteE(); err != nil {
				logf("deleting kind cluster %s: %v", c.Name, err)
			}
		}()
	}
	if err := installCRDs(c.KubeconfigPath); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		return 1
	}
	if images.JobArchive != "" {
		start := time.Now()
		if err := c.LoadImageArchiveE(images.JobArchive); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
			return 1
		}
		logf("job image %s loaded into the nodes in %s", images.Job, time.Since(start).Round(time.Millisecond))
	}

	code := m.Run()
	if code != 0 {
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("%s-logs-%d", c.Name, time.Now().Unix()))
		if err := c.CollectLogsE(dir); err != nil {
			logf("collecting cluster logs: %v", err)
		} else {
			logf("cluster logs collected in %s", dir)
		}
	}
	return code
}

// installCRDs installs the CRDs of the kinds the chart renders beyond Kubernetes' own
// (bin/crds: the PrometheusRule of alerts.enabled), as a cluster running the Prometheus
// operator has them, and waits until the API server serves them.
func installCRDs(kubeconfig string) error {
	link, err := project.Tool("crds")
	if err != nil {
		return err
	}
	crds, err := filepath.EvalSymlinks(link) // kubectl -f reads a directory, not a link to one
	if err != nil {
		return err
	}
	kubectl, err := project.Tool("kubectl")
	if err != nil {
		return err
	}
	start := time.Now()
	for _, args := range [][]string{
		{"apply", "--server-side", "-f", crds},
		{"wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"},
	} {
		out, err := exec.Command(kubectl, append([]string{"--kubeconfig", kubeconfig}, args...)...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	logf("CRDs of %s installed in %s", link, time.Since(start).Round(time.Millisecond))
	return nil
}

// dockerMissing says why no Docker engine can be used, or "".
func dockerMissing() string {
	if _, err := exec.LookPath("docker"); err != nil {
		return "no docker command in PATH"
	}
	if out, err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		return fmt.Sprintf("the Docker engine does not answer: %s", firstLine(string(out)))
	}
	return ""
}

// requireCluster skips the test, saying why, when TestMain could not get a cluster
// outside CI (in CI that already failed the run).
func requireCluster(t *testing.T) {
	t.Helper()
	if suite.cluster == nil {
		t.Skipf("no kind cluster: %s", suite.skipReason)
	}
}
