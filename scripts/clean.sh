#!/usr/bin/env bash
# Deletes the kind clusters of the demo and the tests, and dist/. The caches under
# ~/.cache/escron (tools, binaries, images) are kept: delete that directory by hand.
#
# usage: scripts/clean.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

for cluster in escron-demo escron-e2e; do
  if command -v kind >/dev/null && kind get clusters 2>/dev/null | grep -qx "$cluster"; then
    log "deleting kind cluster $cluster"
    kind delete cluster --name "$cluster"
  fi
done
rm -rf "$ROOT/dist"
