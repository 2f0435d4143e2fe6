#!/usr/bin/env bash
# The whole test suite, from a fresh clone: the cluster tier starts at once (its set-up,
# the node's Kubernetes build and images, is the longest step), and beside it lint and
# its tools, then the render tier (whose API server comes from that same Kubernetes
# build, so on a cold machine it starts when the build is done). A tool both sides need
# is built once (the second waits for it). The cluster tier's lines are prefixed "e2e| ".
#
# usage: scripts/test.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

start=$ESCRON_START
log "the cluster tier starts beside lint and the render tier (its lines: e2e| ...)"
("$ROOT/scripts/test-e2e.sh" 2>&1 | sed -u 's/^/e2e| /') &
e2e=$!
lint_rc=0 render_rc=0
"$ROOT/scripts/tools.sh" lint
"$ROOT/scripts/lint.sh" || lint_rc=$?
"$ROOT/scripts/test-render.sh" || render_rc=$?
step "lint and render tier done after $(( $(date +%s) - start )) s (exit $lint_rc, $render_rc); waiting for the cluster tier"
e2e_rc=0
wait "$e2e" || e2e_rc=$?
[ "$lint_rc" -eq 0 ] || die "lint failed (exit $lint_rc)"
[ "$render_rc" -eq 0 ] || die "the render tier failed (exit $render_rc)"
[ "$e2e_rc" -eq 0 ] || die "the cluster tier failed (exit $e2e_rc)"
log "all tests passed in $(( $(date +%s) - start )) s"
