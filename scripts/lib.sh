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

# link TARGET NAME: ./bin/NAME -> TARGET, left alone when it already points there and
# otherwise swapped in by one rename, so that scripts run side by side (scripts/test.sh,
# two clusters' runs) never race on a link nor find it missing.
link() {
  [ "$(readlink "$BIN/$2" 2>/dev/null)" != "$1" ] || return 0
  mkdir -p "$BIN"
  ln -sfn "$1" "$BIN/.$2.$$" && mv -fT "$BIN/.$2.$$" "$BIN/$2"
}

# wrapper_module DIR IMPORT... -- MODULE VERSION...: writes a throw-away module into DIR
# that requires each MODULE at VERSION and imports each IMPORT, and tidies it. Tools are
# built through one, not with `go install pkg@version`, which reads the module's version
# list: the module proxy refuses that list for some modules here.
wrapper_module() {
  local dir=$1 imports=() i
  shift
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do imports+=("$1"); shift; done
  shift
  {
    printf 'module escron.local/tools\n\ngo 1.24\n\nrequire (\n'
    while [ "$#" -gt 0 ]; do printf '\t%s %s\n' "$1" "$2"; shift 2; done
    printf ')\n'
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for i in "${imports[@]}"; do printf '\t_ "%s"\n' "$i"; done
    printf ')\n'
  } >"$dir/tools.go"
  # go mod tidy lists every module it downloads: show its output only when it fails.
  local out
  out=$(cd "$dir" && go mod tidy 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
}

# module_dir MODULE VERSION: the module's source directory in the module cache.
module_dir() {
  go mod download -json "$1@$2" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}

# build_into DEST WORK LABEL OUT GOBUILDARGS...: `go build -trimpath GOBUILDARGS` in the
# wrapper module WORK, timed as LABEL, writing OUT (a file name, or "" for one file per
# package) into a fresh directory beside DEST, which then replaces DEST. An interrupted
# build, or one running beside another, never leaves DEST half-filled.
build_into() {
  local dest=$1 work=$2 label=$3 out=$4 tmp
  shift 4
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp -d "$dest.tmp.XXXXXX") && chmod 755 "$tmp"
  if ! (cd "$work" && CGO_ENABLED=0 timed "$label" go build -trimpath -o "$tmp/$out" "$@"); then
    rm -rf "$tmp"
    return 1
  fi
  # When a build beside this one got there first, its result stays and this one goes.
  { rm -rf "$dest" && mv -T "$tmp" "$dest"; } 2>/dev/null || rm -rf "$tmp"
}
