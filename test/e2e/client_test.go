package e2e_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// kubernetesClient reads one namespace of the test cluster.
type kubernetesClient struct {
	cs *kubernetes.Clientset
	ns string
}

// jobPods are the pods of a Job, oldest first.
func (c *kubernetesClient) jobPods(t *testing.T, jobName string) []corev1.Pod {
	t.Helper()
	pods, err := c.cs.CoreV1().Pods(c.ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + jobName})
	require.NoError(t, err)
	sort.Slice(pods.Items, func(i, j int) bool {
		return pods.Items[i].CreationTimestamp.Before(&pods.Items[j].CreationTimestamp)
	})
	return pods.Items
}

// podLog is the main container's log, or the error reading it.
func (c *kubernetesClient) podLog(pod string) string {
	raw, err := c.cs.CoreV1().Pods(c.ns).GetLogs(pod, &corev1.PodLogOptions{Container: "main"}).DoRaw(context.Background())
	if err != nil {
		return "(no log: " + err.Error() + ")\n"
	}
	return string(raw)
}

// dumpDiagnostics prints a Job's pods with their states and logs, and the namespace's events.
func (c *kubernetesClient) dumpDiagnostics(t *testing.T, jobName string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("pods of Job " + jobName + ":\n")
	for _, pod := range c.jobPods(t, jobName) {
		b.WriteString("- " + pod.Name + " phase " + string(pod.Status.Phase) + "\n")
		for _, s := range pod.Status.ContainerStatuses {
			if s.State.Waiting != nil {
				b.WriteString("  waiting: " + s.State.Waiting.Reason + " " + s.State.Waiting.Message + "\n")
			}
			if s.State.Terminated != nil {
				b.WriteString("  terminated: " + s.State.Terminated.Reason + " " + s.State.Terminated.Message + "\n")
			}
		}
		b.WriteString("  log:\n" + indent(c.podLog(pod.Name)))
	}
	events, err := c.cs.CoreV1().Events(c.ns).List(context.Background(), metav1.ListOptions{})
	if err == nil {
		b.WriteString("events in " + c.ns + ":\n")
		for _, e := range events.Items {
			b.WriteString("  " + e.InvolvedObject.Kind + "/" + e.InvolvedObject.Name + " " + e.Reason + ": " + e.Message + "\n")
		}
	}
	t.Log(b.String())
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "    " + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
