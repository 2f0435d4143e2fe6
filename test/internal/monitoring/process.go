// Package monitoring runs the monitoring tools that scripts/joint-tools.sh builds
// into ./bin (kube-state-metrics, prometheus, promtool, the PrometheusRule CRD) for the
// alert tests: promtool's rule checks and unit tests, kube-state-metrics and Prometheus as
// host processes bound to 127.0.0.1, Prometheus' alert and rule API, and the conversion of
// a rendered PrometheusRule into a Prometheus rule file.
//
// Helpers that can fail come in pairs, as in terratest: FooE returns the error, Foo fails
// the test.
package monitoring

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/escron/escron/test/internal/project"
)

// Tools are what scripts/joint-tools.sh links into ./bin: the binaries, and crds,
// the directory of the PrometheusRule CRD.
var Tools = []string{"kube-state-metrics", "prometheus", "promtool", "crds"}

// NeedTools stops the test when any of the named tools (all of Tools when none is named)
// is not in ./bin. With CI=true it fails the test, since CI builds them first (make tools
// runs scripts/joint-tools.sh); elsewhere it skips, saying how to build them.
func NeedTools(t testing.TB, names ...string) {
	t.Helper()
	needTools(t, os.Getenv("CI") == "true", project.Tool, names...)
}

// needTools is NeedTools with the CI switch and the tool lookup given.
func needTools(t testing.TB, ci bool, lookup func(string) (string, error), names ...string) {
	t.Helper()
	if len(names) == 0 {
		names = Tools
	}
	var missing []string
	for _, n := range names {
		if _, err := lookup(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("%s not in %s: run make tools (scripts/joint-tools.sh builds the monitoring tools; cold: about 13 minutes on 2 cores)",
		strings.Join(missing, ", "), project.Path("bin"))
	if ci {
		t.Fatalf("CI=true and %s", msg)
		return
	}
	t.Skip(msg)
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// process is a server started by a test and stopped, by its own pid, when the test ends.
type process struct {
	name string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
	err  error // from Wait, once done is closed
}

// startProcess starts bin with args, its output captured, and registers its stop and, when
// the test failed, the printing of its log with t.Cleanup.
func startProcess(t testing.TB, name, bin string, args ...string) (*process, error) {
	t.Helper()
	p := &process{name: name, cmd: exec.Command(bin, args...), logs: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("%s (pid %d) log:\n%s", p.name, p.cmd.Process.Pid, p.logs.String())
		}
	})
	return p, nil
}

// exited reports whether the process has ended, and how.
func (p *process) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// stop sends SIGTERM to the process's own pid, then SIGKILL after 10 s, and waits for it.
func (p *process) stop() {
	if done, _ := p.exited(); done {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// freePorts returns n distinct TCP ports on 127.0.0.1 that were free a moment ago.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// errAddrInUse says that a server lost the race for a free port: start it again.
var errAddrInUse = errors.New("address already in use")

// startServer starts a server on nports free ports of 127.0.0.1 (args builds its
// arguments from them) and waits until ready(ctx, ports) succeeds. A server that loses
// its port to another process between freePorts and its bind is started again.
func startServer(t testing.TB, name, tool string, nports int, timeout time.Duration,
	args func(ports []int) []string, ready func(ctx context.Context, ports []int) error,
) (*process, []int, error) {
	t.Helper()
	bin, err := project.Tool(tool)
	if err != nil {
		return nil, nil, err
	}
	for attempt := 1; ; attempt++ {
		ports, err := freePorts(nports)
		if err != nil {
			return nil, nil, err
		}
		p, err := startProcess(t, name, bin, args(ports)...)
		if err != nil {
			return nil, nil, err
		}
		err = waitReady(p, timeout, func(ctx context.Context) error { return ready(ctx, ports) })
		if err == nil {
			return p, ports, nil
		}
		p.stop()
		if errors.Is(err, errAddrInUse) && attempt < 3 {
			continue
		}
		return nil, nil, err
	}
}

// waitReady polls ready every 250 ms until it succeeds, the process exits, or timeout.
func waitReady(p *process, timeout time.Duration, ready func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	var last error
	for {
		if done, werr := p.exited(); done {
			logs := p.logs.String()
			if strings.Contains(logs, "address already in use") {
				return fmt.Errorf("%s: %w", p.name, errAddrInUse)
			}
			return fmt.Errorf("%s exited before it was ready (%v):\n%s", p.name, werr, logs)
		}
		attemptCtx, cancelAttempt := context.WithTimeout(ctx, 2*time.Second)
		last = ready(attemptCtx)
		cancelAttempt()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s: %v", p.name, time.Since(start).Round(time.Millisecond), last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
