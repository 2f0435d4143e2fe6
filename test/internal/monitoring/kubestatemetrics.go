package monitoring

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// KubeStateMetrics is a kube-state-metrics process on the host, watching a cluster
// through its kubeconfig.
type KubeStateMetrics struct {
	// Addr is host:port of its metrics endpoint (/metrics), the target to scrape.
	Addr string
	// TelemetryAddr is host:port of its own metrics (/metrics, /readyz).
	TelemetryAddr string
	proc          *process
}

// Logs is what the process has printed so far.
func (k *KubeStateMetrics) Logs() string { return k.proc.logs.String() }

// KubeStateMetricsResources are the resources kube-state-metrics watches unless the
// caller says otherwise: what the CronJob alerts use.
const KubeStateMetricsResources = "cronjobs,jobs"

// StartKubeStateMetricsE starts bin/kube-state-metrics against the cluster of kubeconfig,
// both listeners on free ports of 127.0.0.1, watching KubeStateMetricsResources (a
// --resources=... in extraArgs replaces them), and waits until it serves metrics. The
// process is stopped when the test ends, and its log printed if the test failed.
func StartKubeStateMetricsE(t testing.TB, kubeconfig string, extraArgs ...string) (*KubeStateMetrics, error) {
	t.Helper()
	if kubeconfig == "" {
		return nil, fmt.Errorf("kube-state-metrics needs a kubeconfig (it would otherwise try the in-cluster config)")
	}
	if _, err := os.Stat(kubeconfig); err != nil {
		return nil, fmt.Errorf("kube-state-metrics kubeconfig: %w", err)
	}
	resources := "--resources=" + KubeStateMetricsResources
	for _, a := range extraArgs {
		if strings.HasPrefix(a, "--resources=") {
			resources = ""
		}
	}
	args := func(ports []int) []string {
		a := []string{
			"--kubeconfig=" + kubeconfig,
			"--host=127.0.0.1", "--port=" + strconv.Itoa(ports[0]),
			"--telemetry-host=127.0.0.1", "--telemetry-port=" + strconv.Itoa(ports[1]),
		}
		if resources != "" {
			a = append(a, resources)
		}
		return append(a, extraArgs...)
	}
	// Ready: its own registry has metrics (/readyz) and the metrics endpoint answers with
	// the families of the watched resources.
	ready := func(ctx context.Context, ports []int) error {
		if _, err := httpGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/readyz", ports[1])); err != nil {
			return err
		}
		body, err := httpGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/metrics", ports[0]))
		if err != nil {
			return err
		}
		if !strings.Contains(string(body), "# HELP kube_") {
			return fmt.Errorf("no kube_ metric families yet")
		}
		return nil
	}
	p, ports, err := startServer(t, "kube-state-metrics", "kube-state-metrics", 2, time.Minute, args, ready)
	if err != nil {
		return nil, err
	}
	return &KubeStateMetrics{
		Addr:          fmt.Sprintf("127.0.0.1:%d", ports[0]),
		TelemetryAddr: fmt.Sprintf("127.0.0.1:%d", ports[1]),
		proc:          p,
	}, nil
}

// StartKubeStateMetrics is StartKubeStateMetricsE that fails the test on error.
func StartKubeStateMetrics(t testing.TB, kubeconfig string, extraArgs ...string) *KubeStateMetrics {
	t.Helper()
	k, err := StartKubeStateMetricsE(t, kubeconfig, extraArgs...)
	require.NoError(t, err)
	return k
}

// httpClient talks to the servers of this package, all on 127.0.0.1: never through a proxy.
var httpClient = &http.Client{Transport: &http.Transport{Proxy: nil}}

// httpGet returns the body of a 200 answer, and an error for anything else.
func httpGet(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("GET %s: %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	return body, nil
}
