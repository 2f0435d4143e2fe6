#!/usr/bin/env bash
# The cluster tier: sets up what it needs (scripts/cluster-prereqs.sh), then runs the
# Go tests of test/e2e, which create a kind cluster of their own (escron-e2e-<random>),
# run escron in it and delete it. ESCRON_NODE_IMAGE reaches go test as the user set
# it: the Go side gives it the same meaning (see scripts/cluster-prereqs.sh).
#
# usage: scripts/test-e2e.sh [go test flags]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
CLUSTER_ENTRY=e2e
# shellcheck source=scripts/cluster-prereqs.sh
. "$ROOT/scripts/cluster-prereqs.sh"

log "cluster tier (ESCRON_NODE_IMAGE=${ESCRON_NODE_IMAGE:-offline}: node image ${NODE_IMAGE:-none}, job image ${JOB_IMAGE:-none})"
cd "$ROOT"
go_test e2e -count=1 -timeout 30m -v "$@" ./test/e2e/... 2>&1 | grep -v -e '^=== \(RUN\|PAUSE\|CONT\)'
