#!/usr/bin/env bash
# Compiles, from Go sources fetched through the module proxy, every binary the offline
# kind node image needs: Kubernetes (kubeadm, kubelet, kubectl, kube-apiserver,
# kube-controller-manager, kube-scheduler, kube-proxy), etcd, coredns (with the plugins
# kubeadm's Corefile uses), crictl and a pause program of our own. Output: $CACHE/binaries/<key>/, reused when present.
#
# usage: scripts/images/build-binaries.sh          prints the output directory on stdout
#        scripts/images/build-binaries.sh --plan   builds nothing: "build STEP" or
#                                                  "cached STEP" for each of the four builds
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"

# requires GOMOD: "MODULE VERSION", a line a requirement of the go.mod file GOMOD.
requires() {
  awk '/^require \(/ { block = 1; next } block && /^\)/ { block = 0; next }
    /^require [^(]/ { print $2, $3; next } block && $2 ~ /^v/ { print $1, $2 }' "$1"
}

# shared_requires: the project's go.mod requires the k8s.io modules of this very
# Kubernetes (its default minor): then the helm CLI and the tests, built in the project's
# module, import hundreds of the packages this build compiles (k8s.io/apimachinery,
# api, client-go, kubectl and what they import: 37 of the helm CLI's 42 MB of Go source).
# A package compiles once for both only when every module under it is at the same
# version in both builds, so this build requires, beside k8s.io/kubernetes, each module
# that both go.mod files require at the project's version ("MODULE VERSION" lines; the
# module graph keeps the higher of the two). For another minor it prints nothing.
shared_requires() {
  local gomod
  awk -v v="$KUBE_STAGING_VERSION" '$1 == "k8s.io/api" && $2 == v { found = 1 } END { exit !found }' \
    <(requires "$ROOT/go.mod") || return 0
  gomod=$(go list -m -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
  [ -f "$gomod" ] || die "cannot download the go.mod of k8s.io/kubernetes@$KUBERNETES_VERSION through the module proxy"
  awk 'FNR == NR { theirs[$1] = 1; next } $1 in theirs' <(requires "$gomod") <(requires "$ROOT/go.mod") | sort
}
SHARED=$(shared_requires)

# Keyed by the versions (the shared requirements' too) and by the contents (not the paths)
# of this recipe, so that clones in other directories share the cache.
KEY="k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-coredns-$COREDNS_VERSION-crictl-$CRICTL_VERSION-$(cat "$ROOT/scripts/images/build-binaries.sh" "$ROOT/scripts/images/pause/main.go" "$ROOT/scripts/images/coredns/main.go" <(echo "$SHARED") | sha256sum | cut -c1-12)"
OUT="$CACHE/binaries/$KEY"
if [ "${1:-}" = --plan ]; then
  state=build
  [ ! -f "$OUT/.complete" ] || state=cached
  printf '%s %s\n' "$state" kubernetes "$state" etcd "$state" coredns "$state" crictl
  exit 0
fi
# One build of a key at a time: a second caller (the tools and the images are set up
# side by side) waits for the first and then finds its result.
mkdir -p "$CACHE/binaries"
exec 9>"$CACHE/binaries/.lock-$KEY"
if [ ! -f "$OUT/.complete" ] && ! flock -n 9; then
  step "waiting for the node binaries another build is compiling"
  flock 9
fi
if [ -f "$OUT/.complete" ]; then
  step "binaries cached in $OUT"
  echo "$OUT"
  exit 0
fi
WORK="$CACHE/binaries/.work-$KEY"
rm -rf "$OUT" "$WORK"
mkdir -p "$OUT" "$WORK"
export CGO_ENABLED=0 GOFLAGS=-trimpath

# wrapper DIR MODULE VERSION: starts a throw-away module in DIR that requires MODULE@VERSION,
# taking the go and godebug lines of MODULE's own go.mod.
wrapper() {
  local dir=$1 module=$2 version=$3 gomod
  mkdir -p "$dir"
  gomod=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [ -f "$gomod" ] || die "cannot download $module@$version through the module proxy"
  {
    echo "module escron.local/build"
    grep -E '^go [0-9]' "$gomod"
    sed -n '/^godebug (/,/^)/p; /^godebug [a-z]/p' "$gomod"
    echo "require $module $version"
  } >"$dir/go.mod"
  echo "$gomod"
}

# tools_file DIR PKG...: a build-tagged file importing the command packages to build.
tools_file() {
  local dir=$1 p
  shift
  { echo '//go:build tools'; echo; echo 'package build'; echo; echo 'import ('
    for p in "$@"; do echo "	_ \"$p\""; done
    echo ')'; } >"$dir/tools.go"
}

build_kubernetes() {
  local dir="$WORK/kubernetes" gomod minor cmds=() c
  gomod=$(wrapper "$dir" k8s.io/kubernetes "$KUBERNETES_VERSION")
  # k8s.io/kubernetes replaces its staging modules with ./staging: point them at the published ones.
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\1#p' "$gomod" | while read -r m; do
    echo "replace $m => $m $KUBE_STAGING_VERSION"
  done >>"$dir/go.mod"
  [ -z "$SHARED" ] || printf 'require %s\n' "${SHARED//$'\n'/$'\nrequire '}" >>"$dir/go.mod"
  for c in kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do
    cmds+=("k8s.io/kubernetes/cmd/$c")
  done
  tools_file "$dir" "${cmds[@]}"
  (cd "$dir" && go mod tidy >/dev/null 2>&1) || (cd "$dir" && go mod tidy)
  minor=${KUBERNETES_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$KUBERNETES_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld="$ld -X $p.gitTreeState=clean -X $p.gitCommit=escron-offline-build -X $p.buildDate=2026-01-01T00:00:00Z"
  done
  # With packages shared with the project's module, the two builds take turns.
  local turns=()
  [ -z "$SHARED" ] || turns=(with_shared_compile "the Kubernetes build")
  (cd "$dir" && "${turns[@]}" go build -tags providerless -ldflags "$ld" -o "$OUT/" "${cmds[@]}")
}

build_etcd() {
  local dir="$WORK/etcd"
  wrapper "$dir" go.etcd.io/etcd/server/v3 "$ETCD_VERSION" >/dev/null
  tools_file "$dir" go.etcd.io/etcd/server/v3
  (cd "$dir" && go mod tidy >/dev/null && go build -ldflags "-s -w" -o "$OUT/etcd" go.etcd.io/etcd/server/v3)
}

# CoreDNS with the plugins of kubeadm's Corefile only (scripts/images/coredns/main.go):
# half the packages of the whole of CoreDNS.
build_coredns() {
  local dir="$WORK/coredns"
  wrapper "$dir" github.com/coredns/coredns "$COREDNS_VERSION" >/dev/null
  cp "$ROOT/scripts/images/coredns/main.go" "$dir/"
  (cd "$dir" && go mod tidy >/dev/null && go build -ldflags "-s -w" -o "$OUT/coredns" .)
}

build_crictl() {
  local dir="$WORK/crictl"
  wrapper "$dir" sigs.k8s.io/cri-tools "$CRICTL_VERSION" >/dev/null
  tools_file "$dir" sigs.k8s.io/cri-tools/cmd/crictl
  (cd "$dir" && go mod tidy >/dev/null && go build -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" -o "$OUT/crictl" sigs.k8s.io/cri-tools/cmd/crictl)
}

log "compiling node binaries into $OUT (cold: about $(( ($(cold_seconds kubernetes) + 30) / 60 )) minutes on 2 cores)"
(cd "$ROOT/scripts/images/pause" && go build -ldflags "-s -w" -o "$OUT/pause" .)
# Kubernetes is most of it; the three small builds run beside it, one after the other,
# and fill the gaps its compile leaves (module downloads, links).
( timed "etcd $ETCD_VERSION" build_etcd && timed "coredns $COREDNS_VERSION" build_coredns \
  && timed "crictl $CRICTL_VERSION" build_crictl ) &
small=$!
k8s_rc=0 small_rc=0
timed "kubernetes $KUBERNETES_VERSION (7 commands)" build_kubernetes || k8s_rc=$?
wait "$small" || small_rc=$?
[ "$k8s_rc" -eq 0 ] || die "the Kubernetes build failed"
[ "$small_rc" -eq 0 ] || die "the etcd, coredns or crictl build failed"
rm -rf "$WORK"
touch "$OUT/.complete"
echo "$OUT"
