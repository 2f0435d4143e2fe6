#!/usr/bin/env bash
# Installs into ./bin the pinned tools that the named entry points use, and nothing else
# (scripts/tools.list says which), linked from a cache keyed by version, so that a fresh
# clone on a warm machine is ready in a second. Cold, the builds run two at a time, the
# longest first (scripts/cold-times.tsv), so that the short ones fill the gaps.
#
# usage: scripts/tools.sh [ENTRY...]        the tools of ENTRY...; none: every tool
#        scripts/tools.sh --plan ENTRY...   builds nothing; prints one line a build step,
#                                           "build STEP" or "cached STEP"
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

plan=false
if [ "${1:-}" = --plan ]; then plan=true; shift; fi
if [ "$#" -eq 0 ]; then mapfile -t all < <(entries); set -- "${all[@]}"; fi
mapfile -t wanted < <(tools_of "$@")

# go_tool_dir NAME: the cache directory of a tool built from its Go module, keyed by its
# version and by the recipe below (and, for a tool of the project's module, by go.sum).
go_tool_dir() {
  local name version recipe key
  read -r name _ _ version recipe <<<"$(go_tool_spec "$1")"
  key=$recipe
  case " $recipe " in *" project "*) key="$recipe $(sha256sum <"$ROOT/go.sum")" ;; esac
  printf '%s/tools/%s-%s-%s\n' "$CACHE" "$name" "$version" "$(printf '%s' "$key" | sha256sum | cut -c1-8)"
}

# go_tool_spec NAME: "NAME MODULE PACKAGE VERSION [RECIPE...]" of each Go tool. The
# recipe's words: "project", built in the project's own module (go.mod names it as a tool
# and requires MODULE at VERSION), so that it compiles the same packages, at the same
# versions, as the tests that import MODULE, and each compiles once; the others are -X
# ldflags (lib.sh's ldflags_of).
go_tool_spec() {
  case $1 in
    # Helm's release builds stamp their version and the Kubernetes version they default
    # to (that of the client-go they are built with); a plain build would report v1.20.
    helm) echo "helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm $HELM3_VERSION project helm-version k8s-from-client-go" ;;
    kind) echo "kind sigs.k8s.io/kind sigs.k8s.io/kind $KIND_VERSION project" ;;
    kube-score) echo "kube-score github.com/zegl/kube-score github.com/zegl/kube-score/cmd/kube-score $KUBE_SCORE_VERSION" ;;
    helm-docs) echo "helm-docs github.com/norwoodj/helm-docs github.com/norwoodj/helm-docs/cmd/helm-docs $HELM_DOCS_VERSION" ;;
    ct) echo "ct github.com/helm/chart-testing/v3 github.com/helm/chart-testing/v3/ct $CHART_TESTING_VERSION" ;;
    actionlint) echo "actionlint github.com/rhysd/actionlint github.com/rhysd/actionlint/cmd/actionlint $ACTIONLINT_VERSION" ;;
    *) return 1 ;;
  esac
}

# go_tool NAME: builds the tool once into the cache (lib.sh's wrapper_module and
# build_into) and links it into ./bin.
go_tool() {
  local dir
  dir=$(go_tool_dir "$1")
  [ -x "$dir/$1" ] || with_lock "$dir.lock" build_go_tool "$1" "$dir" || return 1
  link "$dir/$1" "$1"
}
build_go_tool() {
  local name=$1 dir=$2 module pkg version recipe work=$ROOT required rc=0
  read -r _ module pkg version recipe <<<"$(go_tool_spec "$name")"
  [ ! -x "$dir/$name" ] || return 0
  step "building $pkg at $version"
  case " $recipe " in
    *" project "*)
      required=$(awk -v m="$module" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$ROOT/go.mod")
      [ "$required" = "$version" ] \
        || die "go.mod requires $module ${required:-(not at all)} and scripts/versions.env pins $version: make them agree"
      ;;
    *) work=$(mktemp -d) && wrapper_module "$work" "$pkg" -- "$module" "$version" || rc=$? ;;
  esac
  # A tool of the project's module compiles the Kubernetes packages the node's build does:
  # the two take turns (lib.sh's with_shared_compile).
  local turns=()
  [ "$work" != "$ROOT" ] || turns=(with_shared_compile "$name")
  # shellcheck disable=SC2086  # the recipe's words are words
  [ "$rc" -ne 0 ] || "${turns[@]}" build_into "$dir" "$work" "$name" "$name" -ldflags "-s -w $(ldflags_of "$module" "$version" $recipe)" "$pkg" || rc=$?
  [ "$work" = "$ROOT" ] || rm -rf "$work"
  [ "$rc" -eq 0 ] || die "could not build $pkg@$version through the Go module proxy"
}

# kube_openapi: the OpenAPI v3 schemas of the kinds escron renders (core, batch, RBAC)
# of every supported Kubernetes version, from the k8s.io/kubernetes modules, one
# directory per version and one file per group and version in it (v1.37.2/api/v1.json,
# v1.37.2/apis/batch/v1.json, ...). The values schema generator reads the newest (and
# the older ones, for the minor that brought each field); the render tier's structural
# validator reads the run's own.
kube_openapi_dir() { echo "$CACHE/tools/kube-openapi-$(kube_versions | sha256sum | cut -c1-12)"; }
kube_openapi() {
  local dir src v tmp
  dir=$(kube_openapi_dir)
  if [ ! -f "$dir/.complete" ]; then
    tmp=$(mktemp -d "$dir.tmp.XXXXXX")
    for v in $(kube_versions); do
      step "OpenAPI documents of Kubernetes $v"
      src=$(module_dir k8s.io/kubernetes "$v")
      [ -d "$src/api/openapi-spec/v3" ] || die "no OpenAPI specs in k8s.io/kubernetes@$v"
      mkdir -p "$tmp/$v/api" "$tmp/$v/apis/batch" "$tmp/$v/apis/rbac.authorization.k8s.io"
      cp "$src/api/openapi-spec/v3/api__v1_openapi.json" "$tmp/$v/api/v1.json"
      cp "$src/api/openapi-spec/v3/apis__batch__v1_openapi.json" "$tmp/$v/apis/batch/v1.json"
      cp "$src/api/openapi-spec/v3/apis__rbac.authorization.k8s.io__v1_openapi.json" "$tmp/$v/apis/rbac.authorization.k8s.io/v1.json"
    done
    touch "$tmp/.complete"
    { rm -rf "$dir" && mv -T "$tmp" "$dir"; } 2>/dev/null || rm -rf "$tmp"
  fi
  link "$dir" kube-openapi
}

# The kinds of tool: Debian packages, the node's Kubernetes build (kubectl, and the
# render tier's kube-apiserver and etcd), scripts/joint-tools.sh's builds, and Go tools.
is_node_binary() { case $1 in kubectl | kube-apiserver | etcd) return 0 ;; esac; return 1; }
is_apt() { case $1 in shellcheck | yamllint | docker-registry) return 0 ;; esac; return 1; }
is_joint() { case $1 in helm4 | prometheus | promtool | kube-state-metrics | crds) return 0 ;; esac; return 1; }

# step_of TOOL: the build step (of scripts/cold-times.tsv) that makes TOOL; the tools of
# one step are installed by one job.
step_of() {
  case $1 in
    kubectl | kube-apiserver | etcd) echo kubernetes ;;
    # crds is controller-gen's run, and controller-gen is of the joint build: one job, so
    # that no build slot sits waiting for the joint build's lock.
    helm4 | prometheus | promtool | crds) echo joint ;;
    *) echo "$1" ;;
  esac
}

# install NAME: one tool, built or linked.
install() {
  case $1 in
    kubectl | kube-apiserver | etcd) link "$("$ROOT/scripts/images/build-binaries.sh")/$1" "$1" ;;
    kube-openapi) kube_openapi ;;
    *) if is_joint "$1"; then "$ROOT/scripts/joint-tools.sh" "$1"; else go_tool "$1"; fi ;;
  esac
}

# plan_steps: one line a build step of the wanted tools, "build STEP" or "cached STEP".
plan_steps() {
  local t
  for t in "${wanted[@]}"; do
    if is_apt "$t"; then
      command -v "$t" >/dev/null 2>&1 && echo "cached $t" || echo "build $t"
    elif is_node_binary "$t"; then
      "$ROOT/scripts/images/build-binaries.sh" --plan
    elif is_joint "$t"; then
      "$ROOT/scripts/joint-tools.sh" --plan "$t"
    elif [ "$t" = kube-openapi ]; then
      [ -f "$(kube_openapi_dir)/.complete" ] && echo "cached $t" || echo "build $t"
    else
      [ -x "$(go_tool_dir "$t")/$t" ] && echo "cached $t" || echo "build $t"
    fi
  done | awk '!seen[$2]++'
}

if [ "$plan" = true ]; then
  plan_steps
  exit 0
fi

mkdir -p "$BIN"
log "tools of ${*} into $BIN (cache $CACHE/tools)"
apt=() builds=()
for t in "${wanted[@]}"; do
  if is_apt "$t"; then apt+=("$t"); else builds+=("$t"); fi
done
[ "${#apt[@]}" -eq 0 ] || apt_install "${apt[@]}"
# One job a build step (scripts/cold-times.tsv), installing that step's tools; the
# longest steps first, at most ESCRON_BUILD_JOBS (2) at once. A step that is cached takes
# a second, so warm runs are not held up by the order.
declare -A step_tools=()
for t in "${builds[@]}"; do s=$(step_of "$t"); step_tools[$s]+=" $t"; done
mapfile -t steps < <(for s in "${!step_tools[@]}"; do printf '%s %s\n' "$(cold_seconds "$s")" "$s"; done | sort -rn | cut -d' ' -f2)
# install_step STEP: the tools of STEP, one after the other (the first builds them).
install_step() {
  local t
  for t in ${step_tools[$1]}; do install "$t" || return 1; done
}
declare -A names=() rcs=()
# reap: waits for one build to end and keeps its exit status.
reap() {
  local done_pid="" rc=0
  wait -n -p done_pid || rc=$?
  [ -z "$done_pid" ] || rcs[$done_pid]=$rc
}
for s in "${steps[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "${ESCRON_BUILD_JOBS:-2}" ]; do reap; done
  install_step "$s" &
  names[$!]=$s
done
failed=()
for pid in "${!names[@]}"; do
  if [ -z "${rcs[$pid]+set}" ]; then
    rcs[$pid]=0
    wait "$pid" || rcs[$pid]=$?
  fi
  [ "${rcs[$pid]}" -eq 0 ] || failed+=("${names[$pid]}")
done
[ "${#failed[@]}" -eq 0 ] || die "could not install: ${failed[*]}"
step "ready: $(cd "$BIN" && echo *)"
