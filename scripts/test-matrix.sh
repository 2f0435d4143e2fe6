#!/usr/bin/env bash
# The render tier and the cluster tier on each supported Kubernetes minor
# (KUBERNETES_MINORS in scripts/versions.env), one minor after the other:
# ESCRON_KUBERNETES_MINOR selects the API server that judges the renders and the
# Kubernetes of the kind node. A minor's first run compiles its Kubernetes, etcd,
# coredns and crictl (about 20 minutes cold on 2 cores, cached after that). A failed
# minor does not stop the others; the table at the end gives each minor's verdicts and
# times, and the exit status is non-zero when any tier failed.
#
# usage: scripts/test-matrix.sh [MINOR...]   (default: every supported minor)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ "${ESCRON_NODE_IMAGE:-offline}" = offline ] \
  || die "ESCRON_NODE_IMAGE=$ESCRON_NODE_IMAGE: the matrix builds the offline node image of each minor; unset it"
minors=("$@")
[ "${#minors[@]}" -gt 0 ] || read -r -a minors <<<"${KUBERNETES_MINORS//,/ }"
for m in "${minors[@]}"; do
  supported_minor "$m" || die "$m is not a minor escron supports ($KUBERNETES_MINORS)"
done

# verdict CMD...: runs CMD (its output to stderr, so that only the verdict is captured),
# prints "pass" or "FAIL (exit N)" and how long it took.
verdict() {
  local start rc=0
  start=$(date +%s)
  "$@" >&2 || rc=$?
  if [ "$rc" -eq 0 ]; then
    printf 'pass %s s' "$(( $(date +%s) - start ))"
  else
    printf 'FAIL(exit %s) %s s' "$rc" "$(( $(date +%s) - start ))"
  fi
}

summary=() failed=0
for m in "${minors[@]}"; do
  log "Kubernetes $m: render tier"
  render=$(ESCRON_KUBERNETES_MINOR=$m verdict "$ROOT/scripts/test-render.sh")
  log "Kubernetes $m: cluster tier"
  e2e=$(ESCRON_KUBERNETES_MINOR=$m verdict "$ROOT/scripts/test-e2e.sh")
  case "$render $e2e" in *FAIL*) failed=1 ;; esac
  summary+=("$(printf '%-6s %-24s %s' "$m" "$render" "$e2e")")
  step "Kubernetes $m: render tier $render, cluster tier $e2e"
done

log "matrix, $(( $(date +%s) - ESCRON_START )) s in all"
printf '%-6s %-24s %s\n' minor "render tier" "cluster tier"
printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ] || die "a tier failed on some minor (the table above)"
