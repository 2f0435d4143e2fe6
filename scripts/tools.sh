#!/usr/bin/env bash
# Installs every pinned tool the project uses into ./bin: links into a cache keyed by
# version, so a fresh clone on a warm machine is ready in a second.
#
# usage: scripts/tools.sh [--with-kubectl]
#   --with-kubectl  also provide kubectl (compiled with the node binaries: slow when cold)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$BIN"

# go_tool NAME MODULE PACKAGE VERSION [LDFLAGS]: builds PACKAGE of MODULE at VERSION once
# into the cache (lib.sh's wrapper_module and build_into) and links it into ./bin as NAME.
go_tool() {
  local name=$1 module=$2 pkg=$3 version=$4 ldflags=${5:-}
  local dir="$CACHE/tools/$name-$version"
  [ -z "$ldflags" ] || dir="$dir-$(printf '%s' "$ldflags" | sha256sum | cut -c1-8)"
  if [ ! -x "$dir/$name" ]; then
    step "building $pkg at $version"
    local work
    work=$(mktemp -d)
    { wrapper_module "$work" "$pkg" -- "$module" "$version" \
      && build_into "$dir" "$work" "$name $version" "$name" -ldflags "-s -w $ldflags" "$pkg"; } \
      || { rm -rf "$work"; die "could not build $pkg@$version through the Go module proxy"; }
    rm -rf "$work"
  fi
  link "$dir/$name" "$name"
}

# kube_openapi: the Kubernetes $KUBERNETES_VERSION OpenAPI v3 schemas of the kinds escron
# renders (core, batch, RBAC), from the k8s.io/kubernetes module, laid out for
# kubectl-validate --local-schemas (its built-in schemas stop at 1.30). The values schema
# generator and the render tier's validator read them too.
kube_openapi() {
  local dir="$CACHE/tools/kube-openapi-$KUBERNETES_VERSION" src
  if [ ! -f "$dir/apis/rbac.authorization.k8s.io/v1.json" ]; then
    src=$(module_dir k8s.io/kubernetes "$KUBERNETES_VERSION")
    [ -d "$src/api/openapi-spec/v3" ] || die "no OpenAPI specs in k8s.io/kubernetes@$KUBERNETES_VERSION"
    mkdir -p "$dir/api" "$dir/apis/batch" "$dir/apis/rbac.authorization.k8s.io"
    cp "$src/api/openapi-spec/v3/api__v1_openapi.json" "$dir/api/v1.json"
    cp "$src/api/openapi-spec/v3/apis__batch__v1_openapi.json" "$dir/apis/batch/v1.json"
    cp "$src/api/openapi-spec/v3/apis__rbac.authorization.k8s.io__v1_openapi.json" "$dir/apis/rbac.authorization.k8s.io/v1.json"
  fi
  link "$dir" kube-openapi
}

log "tools into $BIN (cache $CACHE/tools)"
# Helm's release builds stamp their version and the Kubernetes version they default to
# (that of their client-go, v0.37 -> 1.37); a plain build would report v1.20.
helm3_ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM3_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for p in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  helm3_ldflags="$helm3_ldflags -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=37"
done
go_tool helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm "$HELM3_VERSION" "$helm3_ldflags"
go_tool helm4 helm.sh/helm/v4 helm.sh/helm/v4/cmd/helm "$HELM4_VERSION" "-X helm.sh/helm/v4/internal/version.version=$HELM4_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
go_tool kind sigs.k8s.io/kind sigs.k8s.io/kind "$KIND_VERSION"
go_tool kubectl-validate sigs.k8s.io/kubectl-validate sigs.k8s.io/kubectl-validate "$KUBECTL_VALIDATE_VERSION"
go_tool kube-score github.com/zegl/kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION"
go_tool helm-docs github.com/norwoodj/helm-docs github.com/norwoodj/helm-docs/cmd/helm-docs "$HELM_DOCS_VERSION"
go_tool ct github.com/helm/chart-testing/v3 github.com/helm/chart-testing/v3/ct "$CHART_TESTING_VERSION"
go_tool actionlint github.com/rhysd/actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
kube_openapi
apt_install shellcheck yamllint

# kube-state-metrics, prometheus and promtool, and the PrometheusRule CRD (bin/crds), for
# the alert tests (test/render, test/internal/monitoring).
"$ROOT/scripts/monitoring-tools.sh"

if [ "${1:-}" = --with-kubectl ]; then
  binaries=$("$ROOT/scripts/images/build-binaries.sh")
  link "$binaries/kubectl" kubectl
fi
step "ready: $(cd "$BIN" && echo *)"
