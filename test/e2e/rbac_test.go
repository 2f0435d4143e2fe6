package e2e_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// listPodsProbe lists the pods of the job's namespace through the API server with the
// ServiceAccount's token (curl where the image has it, busybox wget elsewhere) and prints
// the HTTP status. A connection that fails (no status: the node's service rules for a
// new pod can lag on a busy machine) is tried again, up to 10 times, 3 s apart.
const listPodsProbe = `#!/bin/sh
set -u
sa=/var/run/secrets/kubernetes.io/serviceaccount
url="https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$(cat "$sa/namespace")/pods"
for try in 1 2 3 4 5 6 7 8 9 10; do
  if command -v curl >/dev/null 2>&1; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$sa/ca.crt" -H "Authorization: Bearer $(cat "$sa/token")" "$url")
  else
    code=$(wget -S -O /dev/null --no-check-certificate --header "Authorization: Bearer $(cat "$sa/token")" "$url" 2>&1 | awk '/HTTP\//{c=$2} END{print c}')
  fi
  case $code in ''|000) echo "try $try: no answer from the API server"; sleep 3 ;; *) break ;; esac
done
echo "list pods: HTTP $code"
`

// TestRBACRules: a job whose rbac.rules allow listing pods lists them through the API
// with its own ServiceAccount's token; the same job without the rule gets 403.
func TestRBACRules(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "rbac", scriptValues(listPodsProbe), `serviceAccount: {create: true, automount: true}
jobs:
  allowed:
    rbac:
      rules: [{apiGroups: [""], resources: [pods], verbs: [list]}]
  denied: {}
`)
	assert.Contains(t, runFromCronJob(t, kopts, "rbac-escron-allowed", "allowed-now"), "list pods: HTTP 200", "the Role lets it list pods")
	assert.Contains(t, runFromCronJob(t, kopts, "rbac-escron-denied", "denied-now"), "list pods: HTTP 403", "no rule, no access: its own ServiceAccount, not the other job's")
}
