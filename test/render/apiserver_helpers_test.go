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

// apiServer is the shared API server; a test fails when it cannot start (the render
// tier installs its binaries: scripts/tools.sh render).
func apiServer(t testing.TB) *apiserver.Server {
	t.Helper()
	serverOnce.Do(func() {
		serverDir, serverErr = os.MkdirTemp("", "escron-apiserver-")
		if serverErr != nil {
			return
		}
		server, serverErr = apiserver.Start(serverDir)
	})
	require.NoError(t, serverErr, "starting kube-apiserver and etcd")
	return server
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
// server returns with what was sent.
func judge(t testing.TB, manifest string) []judgement {
	t.Helper()
	s := apiServer(t)
	docs, errs := kubeapi.DecodeManifest(manifest)
	require.Empty(t, errs, "the manifest decodes")
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
	return out
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

// podSecurityWarnings are the warnings of the Pod Security admission among ws.
func podSecurityWarnings(ws []string) []string {
	var out []string
	for _, w := range ws {
		if strings.Contains(w, "PodSecurity") {
			out = append(out, w)
		}
	}
	return out
}

func (j judgement) String() string {
	return fmt.Sprintf("%s: refused: %v; dropped: %v; warnings: %v", j.object, j.err, j.dropped, j.warnings)
}
