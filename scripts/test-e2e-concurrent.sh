#!/usr/bin/env bash
# Proves that cluster-tier runs never collide: sets the cluster tier up once, then
# starts two scripts/test-e2e.sh at the same time. Each creates a kind cluster of its
# own (escron-e2e-<random>, labelled with its pid, host and start time), leaves the
# other's alone, and deletes its own. It passes only when both runs pass; each run's
# output is kept in a log file it names.
#
# usage: scripts/test-e2e-concurrent.sh [go test flags for both runs]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# The set-up once, so that the two runs find tools and images ready.
CLUSTER_ENTRY=e2e
# shellcheck source=scripts/cluster-prereqs.sh
. "$ROOT/scripts/cluster-prereqs.sh"
[ "$HAVE_DOCKER" = true ] || die "two cluster-tier runs need a Docker engine"

logs=$(mktemp -d "${TMPDIR:-/tmp}/escron-e2e-concurrent.XXXXXX")
start=$(date +%s)
pids=()
for run in 1 2; do
  "$ROOT/scripts/test-e2e.sh" "$@" >"$logs/run-$run.log" 2>&1 &
  pids+=("$!")
  log "run $run started (pid $!), log: $logs/run-$run.log"
done
failed=0
for run in 1 2; do
  if wait "${pids[run - 1]}"; then
    step "run $run passed"
  else
    step "run $run failed; the end of its log:"
    tail -n 60 "$logs/run-$run.log" >&2
    failed=1
  fi
  grep -h -e 'e2e: creating kind cluster' -e 'e2e: deleting kind cluster' -e '^\(ok\|FAIL\)' "$logs/run-$run.log" | sed 's/^/     /' >&2 || true
done
[ "$failed" -eq 0 ] || die "concurrent cluster-tier runs failed (logs in $logs)"
log "both cluster-tier runs passed at the same time in $(( $(date +%s) - start )) s (logs in $logs)"
