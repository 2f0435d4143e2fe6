package render_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/escron/escron/test/internal/apiserver"
	"github.com/escron/escron/test/internal/kubeapi"
)

// The test binary's one real API server, started by the first test that needs it and
// stopped by TestMain.
var (
	serverOnce sync.Once
	server     *apiserver.Server
	serverErr  error
	serverDir  string
)

// sharedAPIServer starts the shared API server on its first call.
func sharedAPIServer() (*apiserver.Server, error) {
	serverOnce.Do(func() {
		serverDir, serverErr = os.MkdirTemp("", "escron-apiserver-")
		if serverErr != nil {
			return
		}
		server, serverErr = apiserver.Start(serverDir)
	})
	return server, serverErr
}

func stopAPIServer() {
	if server != nil {
		server.Stop()
	}
	if serverDir != "" {
		_ = os.RemoveAll(serverDir)
	}
}

// judgement is the API server's verdict on each object of a manifest.
type judgement struct {
	object   string // Kind/name
	err      error  // the server's refusal
	dropped  []string
	warnings []string
}

// judge creates every object of manifest with server-side dry-run and compares what the
// server returns with what was sent. A test fails when the server cannot start (the
// render tier installs its binaries: scripts/tools.sh render).
func judge(t testing.TB, manifest string) []judgement {
	t.Helper()
	out, err := judgeManifest(manifest)
	require.NoError(t, err)
	return out
}

// judgeManifest is judge without a test: an error when the server does not start or
// the manifest does not decode.
func judgeManifest(manifest string) ([]judgement, error) {
	s, err := sharedAPIServer()
	if err != nil {
		return nil, fmt.Errorf("starting kube-apiserver and etcd: %w", err)
	}
	docs, errs := kubeapi.DecodeManifest(manifest)
	if len(errs) > 0 {
		return nil, fmt.Errorf("the manifest does not decode: %v", errs)
	}
	var out []judgement
	for _, d := range docs {
		obj := &unstructured.Unstructured{Object: d.Object}
		j := judgement{object: obj.GetKind() + "/" + obj.GetName()}
		v, err := s.DryRun(context.Background(), obj)
		j.err, j.warnings = err, v.Warnings
		if err == nil {
			sent := obj.DeepCopy()
			sent.SetNamespace(v.Returned.GetNamespace())
			j.dropped = apiserver.Dropped(sent.Object, v.Returned.Object)
		}
		out = append(out, j)
	}
	return out, nil
}

// cronJobJudgement is the verdict on the CronJob demo-escron of manifest.
func cronJobJudgement(t testing.TB, manifest string) judgement {
	t.Helper()
	for _, j := range judge(t, manifest) {
		if j.object == "CronJob/demo-escron" {
			return j
		}
	}
	t.Fatalf("no CronJob demo-escron in the manifest")
	return judgement{}
}

// announced: the API server's warnings that NOTES must carry, each as a part of the
// warning's text and the NOTES text that announces it.
var announced = []struct{ warning, notes string }{
	{"would violate PodSecurity", `do not meet the Pod Security Standards "restricted" profile`},
	{"a null labelSelector results in matching no pod", "has no labelSelector: it matches no pod"},
}

// unannounced are the warnings of ws that notes do not announce.
func unannounced(ws []string, notes string) []string {
	var out []string
next:
	for _, w := range ws {
		for _, a := range announced {
			if strings.Contains(w, a.warning) && strings.Contains(notes, a.notes) {
				continue next
			}
		}
		out = append(out, w)
	}
	return out
}

func (j judgement) String() string {
	return fmt.Sprintf("%s: refused: %v; dropped: %v; warnings: %v", j.object, j.err, j.dropped, j.warnings)
}
