#!/usr/bin/env bash
# The whole test suite, from a fresh clone: tools, lint, then the render tier and the
# cluster tier (with the Docker engine and images it needs) side by side: the cluster
# tier mostly waits (for minute boundaries, pods, alerts), so the render tier runs
# meanwhile. The cluster tier's lines are prefixed "e2e| ".
#
# usage: scripts/test.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$ROOT/scripts/lint.sh"
log "the cluster tier starts beside the render tier (its lines: e2e| ...)"
("$ROOT/scripts/test-e2e.sh" 2>&1 | sed -u 's/^/e2e| /') &
e2e=$!
render_rc=0
"$ROOT/scripts/test-render.sh" || render_rc=$?
step "render tier done after $(( $(date +%s) - start )) s (exit $render_rc); waiting for the cluster tier"
e2e_rc=0
wait "$e2e" || e2e_rc=$?
[ "$render_rc" -eq 0 ] || die "the render tier failed (exit $render_rc)"
[ "$e2e_rc" -eq 0 ] || die "the cluster tier failed (exit $e2e_rc)"
log "all tests passed in $(( $(date +%s) - start )) s"
