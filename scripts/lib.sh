#!/usr/bin/env bash
# Shared helpers for the scripts under scripts/. Source it; do not run it.
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/bin"
# Heavy artefacts (built binaries, images) live outside the work tree, keyed by version,
# so that a fresh clone on a warm machine reuses them.
CACHE="${ESCRON_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/escron}"

# shellcheck source=scripts/versions.env
. "$ROOT/scripts/versions.env"

export PATH="$BIN:$PATH"

log() { printf '==> %s\n' "$*" >&2; }
step() { printf '  -> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# timed LABEL CMD...: runs CMD and prints how long it took.
timed() {
  local label=$1 start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  step "$label: $(( $(date +%s) - start )) s"
  return "$rc"
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (or run it once with sudo)"
}

# apt_install PKG...: installs the Debian packages that are missing.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  need_root "installing ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

# link TARGET NAME: ./bin/NAME -> TARGET, left alone when it already points there, so
# that the tool scripts, run side by side (scripts/test.sh), never race on a link.
link() {
  [ "$(readlink "$BIN/$2" 2>/dev/null)" = "$1" ] || ln -sfn "$1" "$BIN/$2"
}
