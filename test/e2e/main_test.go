// Package e2e_test is the cluster tier: it installs escron into a real kind cluster
// and watches the CronJob controller schedule Jobs and the Jobs run the scripts.
//
// Environment:
//
//	ESCRON_NODE_IMAGE         node image; empty: kind's upstream kindest/node, by digest
//	ESCRON_JOB_IMAGE          image the test jobs run (default docker.io/library/busybox:1.37.0)
//	ESCRON_JOB_IMAGE_ARCHIVE  `docker save` archive of that image, loaded into the nodes
//	ESCRON_KIND_CLUSTER       reuse this running cluster instead of creating one
//	ESCRON_KEEP_CLUSTER=1     do not delete the cluster at the end
//	CI=true                   a missing Docker engine or cluster fails instead of skipping
package e2e_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/escron/escron/test/internal/kindcluster"
	"github.com/escron/escron/test/internal/project"
)

const defaultJobImage = "docker.io/library/busybox:1.37.0"

// suite is what TestMain set up for the tests.
var suite struct {
	cluster    *kindcluster.Cluster
	jobImage   string
	skipReason string // set when no cluster could be had outside CI
}

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func logf(format string, args ...any) {
	fmt.Printf("e2e: "+format+"\n", args...)
}

func runSuite(m *testing.M) int {
	project.UseProjectBin()
	inCI := os.Getenv("CI") == "true"
	suite.jobImage = envOr("ESCRON_JOB_IMAGE", defaultJobImage)

	if reason := dockerMissing(); reason != "" {
		if inCI {
			fmt.Fprintf(os.Stderr, "FAIL: the cluster tier needs a Docker engine and CI=true: %s\n", reason)
			return 1
		}
		suite.skipReason = reason + " (run scripts/docker-up.sh, or make test, which starts one)"
		return m.Run()
	}

	name, reuse := os.Getenv("ESCRON_KIND_CLUSTER"), true
	if name == "" {
		name, reuse = "escron-e2e", false
	}
	kubeconfigDir, err := os.MkdirTemp("", "escron-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(kubeconfigDir)
	c, err := kindcluster.Up(kindcluster.Options{
		Name:           name,
		NodeImage:      os.Getenv("ESCRON_NODE_IMAGE"),
		ConfigPath:     project.Path("ci", "kind-config.yaml"),
		Reuse:          reuse,
		KubeconfigPath: filepath.Join(kubeconfigDir, "kubeconfig"),
		Log:            logf,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: no kind cluster: %v\n", err)
		return 1
	}
	suite.cluster = c
	if c.Created && os.Getenv("ESCRON_KEEP_CLUSTER") != "1" {
		defer func() {
			logf("deleting kind cluster %s", c.Name)
			if err := c.Delete(); err != nil {
				logf("deleting kind cluster %s: %v", c.Name, err)
			}
		}()
	}
	if archive := os.Getenv("ESCRON_JOB_IMAGE_ARCHIVE"); archive != "" {
		start := time.Now()
		if err := c.LoadImageArchive(archive); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
			return 1
		}
		logf("job image %s loaded into the nodes in %s", suite.jobImage, time.Since(start).Round(time.Millisecond))
	}

	code := m.Run()
	if code != 0 {
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("escron-e2e-logs-%d", time.Now().Unix()))
		if err := c.CollectLogs(dir); err != nil {
			logf("collecting cluster logs: %v", err)
		} else {
			logf("cluster logs collected in %s", dir)
		}
	}
	return code
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

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// requireCluster skips the test, saying why, when TestMain could not get a cluster
// outside CI (in CI that already failed the run).
func requireCluster(t *testing.T) {
	t.Helper()
	if suite.cluster == nil {
		t.Skipf("no kind cluster: %s", suite.skipReason)
	}
}
