#!/usr/bin/env bash
# The render tier: renders the chart (Helm SDK, helm v3 and v4 CLIs) and asserts on
# typed objects, a real API server's verdict (server-side dry-run in kube-apiserver and
# etcd of the node's Kubernetes build), goldens, lint, shellcheck and kube-score.
#
# usage: scripts/test-render.sh [go test flags]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" render
log "render tier"
cd "$ROOT"
# Two go test runs side by side: test/internal/render and test/render share a name, so
# their binaries need directories of their own.
go_test internal -count=1 "$@" ./test/internal/... &
internal=$!
rc=0
go_test tiers -count=1 "$@" ./test/render/... ./test/repo/... || rc=$?
wait "$internal" || rc=$?
exit "$rc"
