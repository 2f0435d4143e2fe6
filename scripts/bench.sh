#!/usr/bin/env bash
# The render benchmark: 100 render-and-assert cases per op, in-process (Helm SDK) and
# through the helm v3 command line, then the ratio of the two.
#
# usage: scripts/bench.sh [count]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh"
cd "$ROOT"
log "BenchmarkRender100 (${1:-3} runs each)"
out=$(go test -run '^$' -bench 'BenchmarkRender100' -benchtime "${1:-3}x" ./test/render/ | tee /dev/stderr)
for mode in "" -parallel; do
  sdk=$(awk -v m="Render100/sdk$mode-" 'index($1, m) == 10 {print $3}' <<<"$out")
  cli=$(awk -v m="Render100/cli$mode-" 'index($1, m) == 10 {print $3}' <<<"$out")
  awk -v s="$sdk" -v c="$cli" -v m="${mode#-}" 'BEGIN { printf "100 cases%s: in-process %.2f s, helm CLI %.2f s, CLI/in-process %.1fx\n", (m ? " (" m ")" : ""), s/1e9, c/1e9, c/s }'
done
