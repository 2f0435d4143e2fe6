#!/usr/bin/env bash
# Makes a Docker engine available: installs Debian's docker.io when there is no engine,
# starts dockerd when none answers (machines without systemd), and waits until it does.
#
# usage: scripts/docker-up.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if docker info >/dev/null 2>&1; then
  step "Docker engine answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  apt_install docker.io
fi
command -v dockerd >/dev/null 2>&1 || die "no dockerd after installing docker.io"
need_root "starting dockerd"
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  log "starting the docker service"
  systemctl start docker
else
  log "starting dockerd (log: $CACHE/dockerd.log)"
  mkdir -p "$CACHE"
  # setsid: the engine outlives this script and the test run that started it.
  setsid nohup dockerd >>"$CACHE/dockerd.log" 2>&1 </dev/null &
fi
for _ in $(seq 60); do
  if docker info >/dev/null 2>&1; then
    step "Docker engine answers ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
tail -20 "$CACHE/dockerd.log" >&2 || true
die "dockerd did not answer within 60 s"
