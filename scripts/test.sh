#!/usr/bin/env bash
# The whole test suite, from a fresh clone: tools, lint, the render tier and the
# cluster tier (with the Docker engine and images it needs).
#
# usage: scripts/test.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$ROOT/scripts/lint.sh"
"$ROOT/scripts/test-render.sh"
"$ROOT/scripts/test-e2e.sh"
log "all tests passed in $(( $(date +%s) - start )) s"
