#!/usr/bin/env bash
# The property test, searching: Go's fuzzer drives the values generator
# (test/internal/valuesgen) through FuzzRender, and every input must satisfy the oracle
# (test/render/oracle_test.go). A failing input is kept under
# test/render/testdata/fuzz/FuzzRender: commit it, it becomes a regression test.
#
# usage: scripts/fuzz.sh [duration, default 10m]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" fuzz
cd "$ROOT"
log "fuzzing FuzzRender for ${1:-10m}"
go test ./test/render/ -run '^$' -fuzz '^FuzzRender$' -fuzztime "${1:-10m}"
