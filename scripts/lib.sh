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
# The Kubernetes minor this run builds and runs, and its pins (see scripts/versions.env).
# supported_minor M: whether M is one of KUBERNETES_MINORS.
supported_minor() { case ",$KUBERNETES_MINORS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
ESCRON_KUBERNETES_MINOR=${ESCRON_KUBERNETES_MINOR:-$KUBERNETES_MINOR}
supported_minor "$ESCRON_KUBERNETES_MINOR" || {
  printf 'error: ESCRON_KUBERNETES_MINOR=%s is not a minor escron supports (%s)\n' "$ESCRON_KUBERNETES_MINOR" "$KUBERNETES_MINORS" >&2
  exit 1
}
export ESCRON_KUBERNETES_MINOR
_pins=${ESCRON_KUBERNETES_MINOR//./_}
_pin() { local v="$1_$_pins"; printf '%s' "${!v}"; }
KUBERNETES_VERSION=$(_pin KUBERNETES)
KUBE_STAGING_VERSION=v0.${KUBERNETES_VERSION#v1.}
ETCD_VERSION=$(_pin ETCD)
COREDNS_VERSION=$(_pin COREDNS)
CRICTL_VERSION=$(_pin CRICTL)
PAUSE_IMAGE_TAG=$(_pin PAUSE)
unset -f _pin
# kube_versions: the pinned Kubernetes version of every supported minor, oldest first.
kube_versions() {
  local m v
  for m in ${KUBERNETES_MINORS//,/ }; do v="KUBERNETES_${m//./_}"; printf '%s\n' "${!v}"; done
}

export PATH="$BIN:$PATH"
# Go without cgo and with -trimpath for everything the scripts build, test binaries
# included. With cgo, the plugin package (which the Kubernetes libraries bring into the
# tests) sends every test binary through the system linker (13 s of CPU a warm make
# test); the tools and the node's binaries are built this way already (static, as their
# releases are). -trimpath: no build depends on the clone's path, so every clone shares
# the build cache and the test binaries go_test keeps.
export CGO_ENABLED=0
case " ${GOFLAGS:-} " in *" -trimpath "*) ;; *) export GOFLAGS="-trimpath${GOFLAGS:+ $GOFLAGS}" ;; esac

# go_test NAME GOTESTARGS...: go test GOTESTARGS, keeping the test binaries in
# $CACHE/testbin/NAME (one directory a set of packages whose names differ): go test -o
# does not link again a binary that is up to date, which is most of what a warm run
# would spend linking (17 binaries, 25 s of CPU). Its work directory is on the same
# file system, so that a binary goes into place by a rename: two runs at once never
# write a binary while the other runs it.
go_test() {
  local dir="$CACHE/testbin/$1"
  shift
  mkdir -p "$dir" "$CACHE/testbin/.work"
  GOTMPDIR="$CACHE/testbin/.work" go test -o "$dir/" "$@"
}
# When the entry point started, for the running total that timed prints.
ESCRON_START=${ESCRON_START:-$(date +%s)}
export ESCRON_START

log() { printf '==> %s\n' "$*" >&2; }
step() { printf '  -> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# timed LABEL CMD...: runs CMD and prints how long it took.
timed() {
  local label=$1 start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  step "$label: $(( $(date +%s) - start )) s (at $(( $(date +%s) - ESCRON_START )) s)"
  return "$rc"
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (or run it once with sudo)"
}

# apt_install PKG...: installs the Debian packages that are missing. Scripts run side by
# side (tools, images, the Docker engine) take turns: one apt at a time.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  need_root "installing ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  (
    flock 8
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
      apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  ) 8>/run/lock/escron-apt.lock || die "could not install ${missing[*]}"
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

# with_lock LOCKFILE CMD...: CMD (a function too) while holding LOCKFILE, so that two
# scripts side by side that want the same build make it once: the second waits, then
# finds it done.
with_lock() {
  local lock=$1
  shift
  mkdir -p "$(dirname "$lock")"
  ( flock 7 && "$@" ) 7>"$lock"
}

# with_shared_compile LABEL CMD...: CMD while no other build of the packages the
# project's module shares with the node's Kubernetes runs (scripts/images/build-binaries.sh
# says which). The Go build cache only helps the second of two builds of a package:
# side by side, both would compile it. LABEL says what waits, when it has to.
with_shared_compile() {
  local label=$1 lock="$CACHE/.shared-compile.lock"
  shift
  mkdir -p "$CACHE"
  (
    if ! flock -n 7; then
      step "$label waits for the build that compiles the Kubernetes packages it shares (then finds them compiled)"
      flock 7
    fi
    "$@"
  ) 7>"$lock"
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

# ldflags_of MODULE VERSION RECIPE...: the -X flags a recipe word stands for, as the
# tool's release build sets them (scripts/tools.sh and scripts/joint-tools.sh).
ldflags_of() {
  local module=$1 version=$2 word minor p flags=""
  shift 2
  for word in "$@"; do
    case $word in
      helm-version) flags="$flags -X $module/internal/version.version=$version -X $module/internal/version.gitTreeState=clean" ;;
      k8s-from-client-go)
        minor=$(go mod download -json "$module@$version" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p' | xargs sed -n 's#^\s*k8s.io/client-go v0\.\([0-9]*\)\..*#\1#p')
        [ -n "$minor" ] || die "no k8s.io/client-go in $module@$version's go.mod"
        for p in "$module/pkg/chartutil" "$module/pkg/lint/rules"; do
          flags="$flags -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$minor"
        done
        ;;
    esac
  done
  printf '%s' "$flags"
}

# entries: the entry points of scripts/tools.list.
entries() {
  awk '!/^#/ && NF { print $1 }' "$ROOT/scripts/tools.list"
}

# tools_of ENTRY...: the tools of the entry points in scripts/tools.list, each once,
# with @entry expanded.
tools_of() {
  local e line t
  for e in "$@"; do
    line=$(awk -v e="$e" '!/^#/ && $1 == e { $1 = ""; print; found = 1 } END { exit !found }' "$ROOT/scripts/tools.list") \
      || die "no entry point $e in scripts/tools.list (entries: $(entries | tr '\n' ' '))"
    for t in $line; do
      case $t in @*) tools_of "${t#@}" ;; *) echo "$t" ;; esac
    done
  done | awk '!seen[$0]++'
}

# cold_seconds STEP: what STEP took cold on 2 cores (scripts/cold-times.tsv), or 0.
cold_seconds() {
  awk -v s="$1" '!/^#/ && $1 == s { print $2; found = 1 } END { if (!found) print 0 }' "$ROOT/scripts/cold-times.tsv"
}

# print_plan TITLE FILE TOTAL: the first screen of an entry point. FILE has a line a
# step, "build STEP" or "cached STEP"; each step to build is shown with what it took
# cold, and the whole cold run with the figure of TOTAL (a step of cold-times.tsv).
print_plan() {
  local title=$1 file=$2 total=$3
  awk -v title="$title" -v total="$total" -v times="$ROOT/scripts/cold-times.tsv" '
    BEGIN { while ((getline l < times) > 0) if (l !~ /^#/) { split(l, f, " "); t[f[1]] = f[2] } }
    $1 == "build" { todo[++n] = $2 }
    $1 == "cached" { cached[++c] = $2 }
    END {
      if (n == 0 || (n == 1 && todo[1] == "cluster")) {
        printf "==> %s: warm, nothing to build (%d steps cached); a cluster and a Job: about %d s\n", title, c, t["cluster"]
        exit
      }
      printf "==> %s: cold, %d steps to build (what each took cold on 2 cores, scripts/cold-times.tsv):\n", title, n
      for (i = 1; i <= n; i++) printf "      %-20s %5d s\n", todo[i], t[todo[i]]
      if (c) { printf "    cached:"; for (i = 1; i <= c; i++) printf " %s", cached[i]; printf "\n" }
      printf "    steps run side by side; cold from empty caches the whole run took %d min here\n", (t[total] + 30) / 60
    }' "$file" >&2
}
