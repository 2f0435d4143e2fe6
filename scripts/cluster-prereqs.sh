#!/usr/bin/env bash
# Gets everything the cluster tier needs, then prints, as shell assignments, the
# environment the tier runs with (eval it): a Docker engine, the offline node and job
# images (built or taken from the cache), and the host's kind quirk handled.
# With ESCRON_NODE_IMAGE=upstream it uses kind's upstream node image and a pulled
# busybox instead of the offline images (machines that reach a registry).
#
# usage: prereqs=$(scripts/cluster-prereqs.sh) && eval "$prereqs"
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" --with-kubectl >&2
# The OCI registry the consumer tests push the chart to (Debian's distribution registry).
apt_install docker-registry >&2
if ! "$ROOT/scripts/docker-up.sh" >&2; then
  [ "${CI:-}" != true ] || die "CI=true and no Docker engine: the cluster tier cannot run"
  log "no Docker engine: the cluster tests will skip, saying why"
  exit 0
fi
if [ "${ESCRON_NODE_IMAGE:-}" = upstream ]; then
  log "upstream node image (kind's kindest/node) and docker.io/library/busybox:1.37.0"
  docker pull -q docker.io/library/busybox:1.37.0 >&2
  "$ROOT/scripts/kind-host.sh" docker.io/library/busybox:1.37.0 >&2
  echo "export ESCRON_NODE_IMAGE= ESCRON_JOB_IMAGE=docker.io/library/busybox:1.37.0 ESCRON_JOB_IMAGE_ARCHIVE="
  exit 0
fi
env_file=$(mktemp)
"$ROOT/scripts/images/build-images.sh" "$env_file" >&2
# shellcheck source=/dev/null
. "$env_file"
rm -f "$env_file"
"$ROOT/scripts/kind-host.sh" "$ESCRON_JOB_IMAGE" >&2
echo "export ESCRON_NODE_IMAGE=$ESCRON_NODE_IMAGE ESCRON_JOB_IMAGE=$ESCRON_JOB_IMAGE ESCRON_JOB_IMAGE_ARCHIVE=$ESCRON_JOB_IMAGE_ARCHIVE"
