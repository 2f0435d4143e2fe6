#!/usr/bin/env bash
# The render benchmarks: 100 render-and-assert cases per op, in-process (Helm SDK, with
# and without the compiled schema kept) and through the helm v3 command line; then
# `helm template` of escron's default values against that of the chart `helm create`
# makes, the same number of times each; then the oracle's rate, in inputs judged a
# second (render, OpenAPI structure and the real API server's dry-run), over the sweep's
# 300 inputs.
#
# usage: scripts/bench.sh [count]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" bench
cd "$ROOT"
runs=${1:-3}
log "BenchmarkRender100 ($runs runs each)"
out=$(go test -run '^$' -bench 'BenchmarkRender100' -benchtime "${runs}x" ./test/render/ | tee /dev/stderr)
ns() { awk -v m="Render100/$1-" 'index($1, m) == 10 {print $3}' <<<"$out"; }
for mode in "" -parallel; do
  awk -v s="$(ns "sdk$mode")" -v c="$(ns "cli$mode")" -v m="${mode#-}" 'BEGIN { printf "100 cases%s: in-process %.2f s, helm CLI %.2f s, CLI/in-process %.1fx\n", (m ? " (" m ")" : ""), s/1e9, c/1e9, c/s }'
done
awk -v s="$(ns sdk)" -v f="$(ns sdk-fresh-schema)" 'BEGIN { printf "100 cases in-process, the schema compiled on every render as Helm does: %.2f s (%.1f ms a render more)\n", f/1e9, (f-s)/1e8 }'

log "helm template, 20 runs each: escron's defaults and the chart of helm create"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && helm create created >/dev/null)
time_runs() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq 20); do helm template bench "$1" >/dev/null; done
  end=$(date +%s%N)
  echo $(( (end - start) / 20 / 1000000 ))
}
escron=$(time_runs "$ROOT/charts/escron")
created=$(time_runs "$work/created")
awk -v e="$escron" -v c="$created" 'BEGIN { printf "helm template: escron %d ms, helm create chart %d ms, ratio %.2fx (target: within 1.5x)\n", e, c, e/c }'

log "BenchmarkOracle: the sweep's 300 inputs, judged by the real API server"
out=$(go test -run '^$' -bench 'BenchmarkOracle' -benchtime 300x ./test/render/ | tee /dev/stderr)
awk '$1 ~ /^BenchmarkOracle/ { printf "oracle: %.1f inputs/s, 300 inputs in %.1f s (target: 60 s)\n", $5, 300 * $3 / 1e9 }' <<<"$out"
