package e2e_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/escron/escron/test/internal/project"
)

// TestHelmTestHook: with tests.enabled, `helm test` runs the job once from its own pod
// template and passes only when the script exits 0; a passing run's pod is deleted.
func TestHelmTestHook(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	cases := []struct {
		name, script string
		pass         bool
	}{
		{"passing script", "#!/bin/sh\necho hook run ok\n", true},
		{"failing script", "#!/bin/sh\necho hook run fails\nexit 3\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kopts := newNamespace(t)
			opts := helmOptions(t, kopts, scriptValues(tc.script), "tests:\n  enabled: true\n")
			t.Log("helm install hooked (tests.enabled)")
			require.NoError(t, helmInstallE(t, opts, project.ChartDir(), "hooked"))
			pods := clientset(t, kopts).cs.CoreV1().Pods(kopts.Namespace)
			if tc.pass {
				out, err := runHelmE(t, opts, "test", "hooked", "--namespace", kopts.Namespace)
				require.NoError(t, err, out)
				assert.Contains(t, out, "Phase:          Succeeded")
				t.Log("the passing test's pod is gone")
				_, err = pods.Get(context.Background(), "hooked-escron-test", metav1.GetOptions{})
				assert.True(t, apierrors.IsNotFound(err), "the hook-succeeded delete policy removes the pod")
				return
			}
			// A failed test's pod stays, so --logs shows why the script failed.
			out, err := runHelmE(t, opts, "test", "hooked", "--namespace", kopts.Namespace, "--logs")
			require.Error(t, err, out)
			assert.Contains(t, out, "Phase:          Failed")
			assert.Contains(t, out, "hook run fails", "helm test --logs shows the failing script's output")
			t.Log("the failing test's pod stays")
			_, err = pods.Get(context.Background(), "hooked-escron-test", metav1.GetOptions{})
			assert.NoError(t, err, "a failed test's pod stays for inspection")
		})
	}
}
