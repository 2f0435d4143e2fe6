#!/usr/bin/env bash
# Prepares this host for kind: kind runs its node containers with `docker run
# --privileged`. Where that works, nothing is changed (and a shim left from before is
# removed). Where it fails with "unable to apply caps" (a VM whose capability bounding
# set lacks CAP_SYS_RESOURCE), ./bin/docker becomes scripts/docker-shim, which kind then
# finds first in PATH; kind itself is used unmodified.
#
# usage: scripts/kind-host.sh IMAGE   (any local image with /bin/true; run as root, as kind's nodes are)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

image=${1:?usage: kind-host.sh IMAGE}
rm -f "$BIN/docker"
if out=$(docker run --rm --privileged --user 0 --entrypoint /bin/true "$image" 2>&1); then
  step "docker run --privileged works here: no shim"
  exit 0
fi
case "$out" in
  *"unable to apply caps"*)
    mkdir -p "$BIN"
    ln -s "$ROOT/scripts/docker-shim" "$BIN/docker"
    step "docker run --privileged fails here (capability bounding set: $(grep CapBnd /proc/self/status | cut -f2)); kind will use the shim $BIN/docker"
    ;;
  *)
    printf '%s\n' "$out" >&2
    die "docker run --privileged fails for another reason"
    ;;
esac
