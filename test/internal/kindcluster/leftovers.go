package kindcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/kind/pkg/cluster"
)

// The node labels that record which run created a cluster (set through the kind config,
// so they exist from the cluster's first moment; `kubectl get nodes --show-labels`).
const (
	LabelHost    = "e2e.escron/run-host"    // the creating process's host name
	LabelPID     = "e2e.escron/run-pid"     // its pid on that host
	LabelStarted = "e2e.escron/run-started" // when it started, in Unix seconds
	LabelKeep    = "e2e.escron/keep"        // "true": kept for inspection (ESCRON_KEEP_CLUSTER=1)
)

// Owner is the run that created a cluster.
type Owner struct {
	Host    string
	PID     int
	Started time.Time
	Keep    bool
}

var processStarted = time.Now()

// Self is this process as the owner of the clusters it creates.
func Self(keep bool) Owner {
	return Owner{Host: hostname(), PID: os.Getpid(), Started: processStarted, Keep: keep}
}

// Labels are the node labels that record the owner.
func (o Owner) Labels() map[string]string {
	labels := map[string]string{
		LabelHost:    o.Host,
		LabelPID:     strconv.Itoa(o.PID),
		LabelStarted: strconv.FormatInt(o.Started.Unix(), 10),
	}
	if o.Keep {
		labels[LabelKeep] = "true"
	}
	return labels
}

// ownerFromLabels reads an Owner back; ok is false when the labels do not hold one.
func ownerFromLabels(labels map[string]string) (Owner, bool) {
	pid, err1 := strconv.Atoi(labels[LabelPID])
	started, err2 := strconv.ParseInt(labels[LabelStarted], 10, 64)
	if labels[LabelHost] == "" || err1 != nil || err2 != nil {
		return Owner{}, false
	}
	return Owner{Host: labels[LabelHost], PID: pid, Started: time.Unix(started, 0), Keep: labels[LabelKeep] == "true"}, true
}

var labelValueRE = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// hostname is the host name as a label value (at most 63 characters, alphanumeric at both ends).
func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "unknown"
	}
	h = labelValueRE.ReplaceAllString(h, "-")
	if len(h) > 63 {
		h = h[:63]
	}
	return strings.Trim(h, "-._")
}

// Policy says which leftovers a removal may take. A cluster whose creating run is alive
// is never removed; nor is one created on another host, whose runs cannot be checked.
type Policy struct {
	// MinAge: a cluster of a dead run is removed only when the run started that long ago.
	MinAge time.Duration
	// UnknownAge: a cluster whose owner cannot be read (no labels, or no answering API
	// server, as when a run died while creating it) is removed only when its node
	// container is that old, longer than any run lasts.
	UnknownAge time.Duration
	// Kept: also remove the clusters that dead runs kept for inspection.
	Kept bool
}

var (
	// AtRunStart is what a test run removes before it creates its cluster.
	AtRunStart = Policy{MinAge: 5 * time.Minute, UnknownAge: time.Hour}
	// Clean is what `make clean` removes: every test cluster no live run holds.
	Clean = Policy{MinAge: 0, UnknownAge: time.Hour, Kept: true}
)

// Leftover is a test cluster and what the policy decided about it.
type Leftover struct {
	Name   string
	Remove bool
	Why    string
}

// decide applies the policy to a cluster with a known owner (ok) or an unknown one
// whose node container was created at created.
func (p Policy) decide(owner Owner, ok bool, created, now time.Time, self string, alive func(Owner) bool) (bool, string) {
	if !ok {
		age := now.Sub(created).Round(time.Second)
		if created.IsZero() || age < p.UnknownAge {
			return false, fmt.Sprintf("owner unknown, created %s ago: kept until it is %s old", age, p.UnknownAge)
		}
		return true, fmt.Sprintf("owner unknown, created %s ago", age)
	}
	run := fmt.Sprintf("run %d on %s, started %s", owner.PID, owner.Host, owner.Started.Format(time.RFC3339))
	switch {
	case owner.Host != self:
		return false, run + ": another host, whose runs cannot be checked"
	case alive(owner):
		return false, run + ": alive"
	case owner.Keep && !p.Kept:
		return false, run + ": kept for inspection (make clean deletes it)"
	case now.Sub(owner.Started) < p.MinAge:
		return false, run + fmt.Sprintf(": gone, but started less than %s ago", p.MinAge)
	}
	if owner.Keep {
		return true, run + ": gone, and kept for inspection until now"
	}
	return true, run + ": gone"
}

// processAlive says whether the run's process still runs: its pid exists and was not
// taken by a process that started after the run.
func processAlive(o Owner) bool {
	if o.PID <= 0 {
		return false
	}
	if err := syscall.Kill(o.PID, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if started, ok := processStartTime(o.PID); ok && started.After(o.Started.Add(time.Minute)) {
		return false
	}
	return true
}

// processStartTime reads when a process started from /proc (Linux); ok is false elsewhere.
func processStartTime(pid int) (time.Time, bool) {
	stat, err1 := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	sys, err2 := os.ReadFile("/proc/stat")
	if err1 != nil || err2 != nil {
		return time.Time{}, false
	}
	// Field 22, starttime, in clock ticks (USER_HZ, 100) after boot; fields are counted
	// after the command name, which is in parentheses and may hold blanks.
	_, after, found := strings.Cut(string(stat), ") ")
	fields := strings.Fields(after)
	if !found || len(fields) < 20 {
		return time.Time{}, false
	}
	ticks, err := strconv.ParseInt(fields[19], 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	for _, line := range strings.Split(string(sys), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			boot, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.Unix(boot, 0).Add(time.Duration(ticks) * 10 * time.Millisecond), true
		}
	}
	return time.Time{}, false
}

// isTestCluster says whether a cluster name is one a test run creates (NamePrefix, or
// NamePrefix alone, as runs named it before each had its own).
func isTestCluster(name string) bool {
	return name == NamePrefix || strings.HasPrefix(name, NamePrefix+"-")
}

// RemoveLeftoversE decides, for every test cluster on this Docker engine, whether the
// policy removes it, removes those, and logs each decision.
func RemoveLeftoversE(p Policy, log func(format string, args ...any)) ([]Leftover, error) {
	provider := newProvider()
	names, err := provider.List()
	if err != nil {
		return nil, fmt.Errorf("listing kind clusters: %w", err)
	}
	var out []Leftover
	var errs []error
	for _, name := range names {
		if !isTestCluster(name) {
			continue
		}
		owner, ok := readOwner(provider, name)
		var created time.Time // read only when the owner cannot be: decide needs it then
		if !ok {
			created = nodeCreated(provider, name)
		}
		remove, why := p.decide(owner, ok, created, time.Now(), hostname(), processAlive)
		out = append(out, Leftover{Name: name, Remove: remove, Why: why})
		if !remove {
			log("kind cluster %s stays: %s", name, why)
			continue
		}
		log("deleting kind cluster %s: %s", name, why)
		if err := provider.Delete(name, ""); err != nil {
			errs = append(errs, fmt.Errorf("deleting kind cluster %s: %w", name, err))
		}
	}
	return out, errors.Join(errs...)
}

// readOwner reads the owner labels of a cluster's nodes through its API server.
func readOwner(provider *cluster.Provider, name string) (Owner, bool) {
	raw, err := provider.KubeConfig(name, false)
	if err != nil {
		return Owner{}, false
	}
	config, err := clientcmd.RESTConfigFromKubeConfig([]byte(raw))
	if err != nil {
		return Owner{}, false
	}
	config.Timeout = 10 * time.Second
	cs, err := kubernetes.NewForConfig(config)
	if err != nil {
		return Owner{}, false
	}
	nodes, err := cs.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{LabelSelector: LabelPID})
	if err != nil || len(nodes.Items) == 0 {
		return Owner{}, false
	}
	return ownerFromLabels(nodes.Items[0].Labels)
}

// nodeCreated is when the cluster's oldest node container was created (zero if unknown).
func nodeCreated(provider *cluster.Provider, name string) time.Time {
	nodes, err := provider.ListNodes(name)
	if err != nil {
		return time.Time{}
	}
	var oldest time.Time
	for _, node := range nodes {
		out, err := exec.Command("docker", "inspect", "--format", "{{.Created}}", node.String()).Output()
		if err != nil {
			continue
		}
		created, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(out)))
		if err == nil && (oldest.IsZero() || created.Before(oldest)) {
			oldest = created
		}
	}
	return oldest
}
