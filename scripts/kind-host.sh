#!/usr/bin/env bash
# Prepares this host for kind: kind runs its node containers with `docker run
# --privileged`. Where that works, nothing is changed (and a shim left from before is
# removed). Where it fails with "unable to apply caps" (a VM whose capability bounding
# set lacks CAP_SYS_RESOURCE), ./bin/docker becomes scripts/docker-shim, which kind then
# finds first in PATH; kind itself is used unmodified. Runs at the same time agree, and
# the link is swapped in one rename (lib.sh's link), so a run using it never finds it
# missing.
#
# usage: scripts/kind-host.sh IMAGE   (any local image with /bin/true; run as root, as kind's nodes are)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

image=${1:?usage: kind-host.sh IMAGE}
# The probe runs the real docker, the first in PATH that is not the shim's link.
real=""
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
  [ -n "$dir" ] && [ "$(cd "$dir" 2>/dev/null && pwd)" != "$BIN" ] && [ -x "$dir/docker" ] && { real="$dir/docker"; break; }
done
[ -n "$real" ] || die "no docker in PATH"
if out=$("$real" run --rm --privileged --user 0 --entrypoint /bin/true "$image" 2>&1); then
  rm -f "$BIN/docker"
  step "docker run --privileged works here: no shim"
  exit 0
fi
case "$out" in
  *"unable to apply caps"*)
    link "$ROOT/scripts/docker-shim" docker
    step "docker run --privileged fails here (capability bounding set: $(grep CapBnd /proc/self/status | cut -f2)); kind will use the shim $BIN/docker"
    ;;
  *)
    printf '%s\n' "$out" >&2
    die "docker run --privileged fails for another reason"
    ;;
esac
