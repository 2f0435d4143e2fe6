// Package apiserver runs a real Kubernetes API server for the render tier, envtest
// style: etcd and kube-apiserver, the binaries of the node's Kubernetes build that
// scripts/tools.sh links into ./bin, one pair per test binary, with no controllers and
// no nodes. Renders are created in it with server-side dry-run (DryRun: All), so that
// the API server's own decoding, defaulting, validation and admission (Pod Security in
// warn mode) judge them, and nothing is stored.
//
// Two things differ from a cluster, on purpose: the ServiceAccount admission plugin is
// off (it refuses a pod whose ServiceAccount does not exist yet, and a dry-run creates
// none), and the caller is in system:masters (RBAC escalation checks pass).
package apiserver

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
	"github.com/escron/escron/test/internal/versions"
)

// Namespace is where DryRun creates namespaced objects: it warns (does not enforce) the
// Pod Security "restricted" profile, so that a violation is a warning the caller sees.
const Namespace = "escron"

// Server is a running etcd and kube-apiserver.
type Server struct {
	// Config reaches the API server as a member of system:masters.
	Config *rest.Config
	dir    string
	procs  []*exec.Cmd
	logs   []string
	http   *http.Client
	mapper *restmapper.DeferredDiscoveryRESTMapper
	dyn    *dynamic.DynamicClient
}

// Start starts etcd and kube-apiserver from ./bin, with their data and logs in dir,
// waits until the API server is ready, creates Namespace and installs the CRDs of
// ./bin/crds. Stop ends them.
func Start(dir string) (*Server, error) {
	s := &Server{dir: dir}
	if err := s.start(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) start() error {
	etcd, err := project.Tool("etcd")
	if err != nil {
		return err
	}
	apiserver, err := project.Tool("kube-apiserver")
	if err != nil {
		return err
	}
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	client, peer, secure := ports[0], ports[1], ports[2]
	if err := s.run(etcd,
		"--name=escron", "--data-dir="+filepath.Join(s.dir, "etcd"),
		"--listen-client-urls=http://127.0.0.1:"+client, "--advertise-client-urls=http://127.0.0.1:"+client,
		"--listen-peer-urls=http://127.0.0.1:"+peer, "--initial-advertise-peer-urls=http://127.0.0.1:"+peer,
		"--initial-cluster=escron=http://127.0.0.1:"+peer, "--unsafe-no-fsync", "--log-level=warn",
	); err != nil {
		return err
	}
	key, err := writeServiceAccountKey(filepath.Join(s.dir, "sa.key"))
	if err != nil {
		return err
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	tokens := filepath.Join(s.dir, "tokens.csv")
	if err := os.WriteFile(tokens, []byte(token+`,escron-test,escron-test,"system:masters"`+"\n"), 0o600); err != nil {
		return err
	}
	if err := s.run(apiserver,
		"--etcd-servers=http://127.0.0.1:"+client,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port="+secure,
		"--cert-dir="+filepath.Join(s.dir, "certs"),
		"--token-auth-file="+tokens, "--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+key, "--service-account-signing-key-file="+key,
		"--service-cluster-ip-range=10.0.0.0/24", "--allow-privileged=true",
		"--disable-admission-plugins=ServiceAccount", "--enable-priority-and-fairness=false",
		// No endpoints for the kubernetes Service: nothing here reaches the server through
		// it, and since 1.37 a loopback advertise address is refused when they are kept.
		"--endpoint-reconciler-type=none",
	); err != nil {
		return err
	}
	s.Config = &rest.Config{
		Host:            "https://127.0.0.1:" + secure,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{Insecure: true}, // its own self-signed certificate, on loopback
		QPS:             -1,                                   // no client-side throttling
	}
	if s.http, err = rest.HTTPClientFor(s.Config); err != nil {
		return err
	}
	if err := s.waitReady(90 * time.Second); err != nil {
		return err
	}
	if s.dyn, err = dynamic.NewForConfigAndClient(s.Config, s.http); err != nil {
		return err
	}
	disc, err := discovery.NewDiscoveryClientForConfigAndClient(s.Config, s.http)
	if err != nil {
		return err
	}
	// ./bin/kube-apiserver is the build of the run's minor (scripts/tools.sh links it):
	// a verdict of another version would judge the wrong API.
	info, err := disc.ServerVersion()
	if err != nil {
		return err
	}
	want, err := versions.KubernetesE()
	if err != nil {
		return err
	}
	if info.GitVersion != want {
		return fmt.Errorf("%s is Kubernetes %s, and this run judges with %s: run scripts/tools.sh render (with the same %s)", apiserver, info.GitVersion, want, versions.MinorEnv)
	}
	s.mapper = restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disc))
	if err := s.createNamespace(); err != nil {
		return err
	}
	return s.installCRDs()
}

// run starts a binary with its output in dir/<name>.log; it dies with the test binary.
func (s *Server) run(bin string, args ...string) error {
	name := filepath.Base(bin)
	log := filepath.Join(s.dir, name+".log")
	f, err := os.Create(log)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		return fmt.Errorf("starting %s: %w", name, err)
	}
	s.procs = append(s.procs, cmd)
	s.logs = append(s.logs, log)
	go func() { _ = cmd.Wait(); _ = f.Close() }()
	return nil
}

// waitReady polls /readyz until it answers ok, or fails with the logs' last lines.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		for _, p := range s.procs {
			if p.ProcessState != nil {
				return fmt.Errorf("%s exited (%s)%s", filepath.Base(p.Path), p.ProcessState, s.tails())
			}
		}
		resp, err := s.http.Get(s.Config.Host + "/readyz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("/readyz: %s: %s", resp.Status, lastLines(string(body), 5))
		}
		last = err
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("the API server was not ready after %s: %v%s", limit, last, s.tails())
}

// tails is the last lines of each process's log, for an error message.
func (s *Server) tails() string {
	var b strings.Builder
	for _, l := range s.logs {
		data, _ := os.ReadFile(l)
		fmt.Fprintf(&b, "\n--- %s (last lines):\n%s", l, lastLines(string(data), 15))
	}
	return b.String()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Stop ends the processes. Their data stays in the directory given to Start.
func (s *Server) Stop() {
	for i := len(s.procs) - 1; i >= 0; i-- {
		if p := s.procs[i].Process; p != nil {
			_ = p.Kill()
		}
	}
}

func (s *Server) createNamespace() error {
	cs, err := kubernetes.NewForConfigAndClient(s.Config, s.http)
	if err != nil {
		return err
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: Namespace, Labels: map[string]string{
		"pod-security.kubernetes.io/warn":         "restricted",
		"pod-security.kubernetes.io/warn-version": "latest",
	}}}
	_, err = cs.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{})
	return err
}

// installCRDs creates every CRD of ./bin/crds and waits until each is established.
func (s *Server) installCRDs() error {
	dir, err := project.Tool("crds")
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no CRDs in %s (%v)", dir, err)
	}
	crds := schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var obj unstructured.Unstructured
		if err := yaml.Unmarshal(data, &obj.Object); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if _, err := s.dyn.Resource(crds).Create(context.Background(), &obj, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating the CRD of %s: %w", f, err)
		}
		if err := s.waitEstablished(crds, obj.GetName()); err != nil {
			return err
		}
	}
	s.mapper.Reset()
	return nil
}

func (s *Server) waitEstablished(crds schema.GroupVersionResource, name string) error {
	for range 120 {
		got, err := s.dyn.Resource(crds).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil {
			conds, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
			for _, c := range conds {
				if m, ok := c.(map[string]any); ok && m["type"] == "Established" && m["status"] == "True" {
					return nil
				}
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("CRD %s was not established after 30 s", name)
}

// Verdict is what the API server made of one object created with dry-run.
type Verdict struct {
	// Returned is the object as the server would have stored it (defaults applied).
	Returned *unstructured.Unstructured
	// Warnings are the server's warnings (Pod Security, deprecations).
	Warnings []string
}

// DryRun creates obj with server-side dry-run and strict field validation (an unknown
// or duplicate field is an error), in Namespace when the kind is namespaced. The error
// is the server's refusal.
func (s *Server) DryRun(ctx context.Context, obj *unstructured.Unstructured) (Verdict, error) {
	gvk := obj.GroupVersionKind()
	mapping, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return Verdict{}, fmt.Errorf("%s %s: the API server serves no such kind: %w", gvk, obj.GetName(), err)
	}
	obj = obj.DeepCopy()
	warnings := &collector{}
	cfg := rest.CopyConfig(s.Config)
	cfg.WarningHandler = warnings
	dyn, err := dynamic.NewForConfigAndClient(cfg, s.http)
	if err != nil {
		return Verdict{}, err
	}
	var res dynamic.ResourceInterface = dyn.Resource(mapping.Resource)
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		obj.SetNamespace(Namespace)
		res = dyn.Resource(mapping.Resource).Namespace(Namespace)
	}
	got, err := res.Create(ctx, obj, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: "Strict"})
	if err != nil {
		return Verdict{Warnings: warnings.list}, err
	}
	return Verdict{Returned: got, Warnings: warnings.list}, nil
}

type collector struct {
	mu   sync.Mutex
	list []string
}

func (c *collector) HandleWarningHeader(code int, _ string, text string) {
	if code != 299 || text == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, text)
}

func freePorts(n int) ([]string, error) {
	var ports []string
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	}
	return ports, nil
}

// writeServiceAccountKey writes a new RSA key, which signs and verifies service
// account tokens (the API server requires one).
func writeServiceAccountKey(path string) (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	der := x509.MarshalPKCS1PrivateKey(key)
	return path, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der}), 0o600)
}

func randomToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// WriteKubeconfig writes a kubeconfig at path that reaches the server as Config does, for
// a process of its own (kube-state-metrics, kubectl) to watch or change what it holds.
func (s *Server) WriteKubeconfig(path string) error {
	return os.WriteFile(path, fmt.Appendf(nil, `apiVersion: v1
kind: Config
clusters: [{name: escron-test, cluster: {server: %q, insecure-skip-tls-verify: true}}]
users: [{name: escron-test, user: {token: %q}}]
contexts: [{name: escron-test, context: {cluster: escron-test, user: escron-test, namespace: %q}}]
current-context: escron-test
`, s.Config.Host, s.Config.BearerToken, Namespace), 0o600)
}
