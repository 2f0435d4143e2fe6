#!/usr/bin/env bash
# Gets everything a cluster entry point needs: its tools, a Docker engine, the images
# that ESCRON_NODE_IMAGE chooses, and the host's kind quirk handled. The tools, the
# engine and the images are set up side by side (the node binaries compile once, for
# kubectl and the node image alike). Sourced by scripts/test-e2e.sh and
# scripts/demo.sh, after they set CLUSTER_ENTRY (their line in scripts/tools.list); it
# sets for them:
#   HAVE_DOCKER        true, or false when no engine could be had outside CI (the
#                      cluster tests then skip, saying why)
#   NODE_IMAGE         the kind node image
#   JOB_IMAGE          the image the jobs run
#   JOB_IMAGE_ARCHIVE  a `docker save` archive of JOB_IMAGE to load into the nodes, or
#                      "" when the nodes pull JOB_IMAGE
# ESCRON_NODE_IMAGE means, here as in Go (test/internal/kindcluster/images.go), which
# reads the same two files:
#   offline (default)   the images scripts/images/build-images.sh builds; it writes
#                       them to $CACHE/images/offline.env
#   upstream            KIND_UPSTREAM_NODE_IMAGE and BUSYBOX_IMAGE (scripts/versions.env),
#                       for machines that reach a registry
#   an image reference  that node image, and BUSYBOX_IMAGE
#
# usage: CLUSTER_ENTRY=demo|e2e; . scripts/cluster-prereqs.sh
# shellcheck disable=SC2034  # the variables are set for the scripts that source this file
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
: "${CLUSTER_ENTRY:?set CLUSTER_ENTRY (demo or e2e) before sourcing cluster-prereqs.sh}"

"$ROOT/scripts/tools.sh" "$CLUSTER_ENTRY" &
tools_pid=$!
HAVE_DOCKER=false NODE_IMAGE="" JOB_IMAGE="" JOB_IMAGE_ARCHIVE=""
images_rc=0
if "$ROOT/scripts/docker-up.sh"; then
  HAVE_DOCKER=true
  case "${ESCRON_NODE_IMAGE:-offline}" in
    offline)
      "$ROOT/scripts/images/build-images.sh" >/dev/null || images_rc=$?
      # shellcheck source=/dev/null
      [ "$images_rc" -ne 0 ] || . "$CACHE/images/offline.env"
      ;;
    upstream) NODE_IMAGE=$KIND_UPSTREAM_NODE_IMAGE JOB_IMAGE=$BUSYBOX_IMAGE ;;
    *) NODE_IMAGE=$ESCRON_NODE_IMAGE JOB_IMAGE=$BUSYBOX_IMAGE ;;
  esac
fi
wait "$tools_pid" || die "the tools of $CLUSTER_ENTRY could not be installed"
[ "$images_rc" -eq 0 ] || die "the offline images could not be built"
if [ "$HAVE_DOCKER" = true ]; then
  if [ -z "$JOB_IMAGE_ARCHIVE" ]; then
    # The nodes pull it; the host needs it for kind-host.sh's probe.
    step "pulling the job image $JOB_IMAGE"
    docker pull -q "$JOB_IMAGE" >/dev/null
  fi
  "$ROOT/scripts/kind-host.sh" "$JOB_IMAGE"
else
  [ "${CI:-}" != true ] || die "CI=true and no Docker engine: the cluster tier cannot run"
  log "no Docker engine: the cluster tests will skip, saying why"
fi
