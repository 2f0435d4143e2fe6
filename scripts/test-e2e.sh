#!/usr/bin/env bash
# The cluster tier: sets up what it needs (scripts/cluster-prereqs.sh), then runs the
# Go tests of test/e2e, which create a kind cluster, run escron in it and delete it.
#
# usage: scripts/test-e2e.sh [go test flags]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# An assignment, not eval "$(...)": a failing set-up must stop this script.
prereqs=$("$ROOT/scripts/cluster-prereqs.sh")
eval "$prereqs"
log "cluster tier (node image: ${ESCRON_NODE_IMAGE:-kind upstream})"
cd "$ROOT"
go test -count=1 -timeout 30m -v "$@" ./test/e2e/... 2>&1 | grep -v -e '^=== \(RUN\|PAUSE\|CONT\)'
