#!/usr/bin/env bash
# Installs every pinned tool the project uses into ./bin (links into a cache keyed by
# version, so a fresh clone on a warm machine is ready in a second).
#
# usage: scripts/tools.sh [--with-kubectl]
#   --with-kubectl  also provide kubectl (compiled with the node binaries: slow when cold)
. "$(dirname "$0")/lib.sh"

mkdir -p "$BIN"

# go_tool NAME PACKAGE VERSION [BINARY [LDFLAGS]]: go-installs PACKAGE@VERSION once into the
# cache and links its BINARY (default: last element of PACKAGE) into ./bin as NAME.
go_tool() {
  local name=$1 pkg=$2 version=$3 binary=${4:-${2##*/}} ldflags=${5:-}
  local dir="$CACHE/tools/$name-$version"
  [ -z "$ldflags" ] || dir="$dir-$(printf '%s' "$ldflags" | sha256sum | cut -c1-8)"
  if [ ! -x "$dir/$binary" ]; then
    step "go install $pkg@$version"
    GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-trimpath timed "$name $version" go install -ldflags "-s -w $ldflags" "$pkg@$version" \
      || die "could not install $pkg@$version through the Go module proxy"
  fi
  ln -sfn "$dir/$binary" "$BIN/$name"
}

log "tools into $BIN (cache $CACHE/tools)"
# Helm's release builds stamp their version and the Kubernetes version they default to
# (that of their client-go, v0.37 -> 1.37); a plain go install would report v1.20.
helm3_ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM3_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for p in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  helm3_ldflags="$helm3_ldflags -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=37"
done
go_tool helm helm.sh/helm/v3/cmd/helm "$HELM3_VERSION" helm "$helm3_ldflags"
go_tool helm4 helm.sh/helm/v4/cmd/helm "$HELM4_VERSION" helm "-X helm.sh/helm/v4/internal/version.version=$HELM4_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
go_tool kind sigs.k8s.io/kind "$KIND_VERSION"
go_tool kubectl-validate sigs.k8s.io/kubectl-validate "$KUBECTL_VALIDATE_VERSION"
go_tool kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION"
go_tool helm-docs github.com/norwoodj/helm-docs/cmd/helm-docs "$HELM_DOCS_VERSION"
go_tool ct github.com/helm/chart-testing/v3/ct "$CHART_TESTING_VERSION"
go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
apt_install shellcheck yamllint

if [ "${1:-}" = --with-kubectl ]; then
  binaries=$("$ROOT/scripts/images/build-binaries.sh")
  ln -sfn "$binaries/kubectl" "$BIN/kubectl"
fi
step "ready: $(cd "$BIN" && echo *)"
