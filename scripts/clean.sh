#!/usr/bin/env bash
# Deletes the demo's kind cluster (escron-demo), the test clusters of cluster-tier runs
# that are gone (kept ones included; never one a live run holds: see
# test/internal/kindcluster/leftovers.go), and dist/. The caches under ~/.cache/escron
# (tools, binaries, images) are kept: delete that directory by hand.
#
# usage: scripts/clean.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  if command -v kind >/dev/null && kind get clusters 2>/dev/null | grep -qx escron-demo; then
    log "deleting kind cluster escron-demo"
    kind delete cluster --name escron-demo
  fi
  log "test clusters of runs that are gone"
  (cd "$ROOT" && go run ./test/internal/kindcluster/reap)
fi
rm -rf "$ROOT/dist"
