#!/usr/bin/env bash
# Mutation test of the chart (a maintainer's check, not part of make test): makes
# one-line bugs in charts/escron (test/cmd/mutate/operators.go), runs the render tier
# once per mutant, niced, two at a time, and prints the score and the survivors.
# Mutants no test could ever tell apart from the chart are listed, with the reason,
# in test/cmd/mutate/equivalent.txt. Exits 1 below a 95% score.
#
# usage: scripts/mutate.sh [flags of test/cmd/mutate: -max N, -j N, -only REGEXP, -list, -strict]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" mutate
cd "$ROOT"
log "mutation test of the chart (test/cmd/mutate)"
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
nice -n 19 go build -o "$tool/mutate" ./test/cmd/mutate
nice -n 19 "$tool/mutate" "$@"
