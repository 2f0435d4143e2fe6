#!/usr/bin/env bash
# Builds, or restores from the cache, the two images the offline kind tier needs:
#   the kind node image: Debian bookworm + systemd + containerd, Kubernetes compiled from
#     source, the control-plane images preloaded (nothing is pulled at cluster creation);
#   the job image: a POSIX shell, curl and jq from Debian packages, a non-root user.
# Both are keyed by a hash of their recipe (versions, package lists, these scripts).
#
# Its result is one file, $CACHE/images/offline.env, written when both images are
# ready: NODE_IMAGE, JOB_IMAGE and JOB_IMAGE_ARCHIVE (the job image's `docker save`
# archive, loaded into the nodes), as KEY=VALUE lines that scripts/cluster-prereqs.sh
# sources and the Go tests read (kindcluster.ResolveImagesE). It prints the file too.
#
# usage: scripts/images/build-images.sh          builds, restores or reuses both images
#        scripts/images/build-images.sh --plan   builds nothing: "build STEP" or
#                                                "cached STEP" for each build step
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=scripts/images/packages.env
. "$ROOT/scripts/images/packages.env"

images_dir="$ROOT/scripts/images"
# The recipe's key: versions, package lists, and the contents of scripts/images with
# paths relative to it, so that clones in other directories share the cache.
key=$( (cat "$ROOT/scripts/versions.env"; cd "$images_dir" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12)
node_image="escron/kind-node:$KUBERNETES_VERSION-$key"
job_image="escron/job:$key"
node_cache="$CACHE/images/kind-node-$KUBERNETES_VERSION-$key.tar.zst"
job_cache="$CACHE/images/job-$key.tar"
env_file="$CACHE/images/offline.env"
mkdir -p "$CACHE/images"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# build TAG CONTEXT: docker build, its output shown only when it fails.
build() {
  local out
  out=$(docker build -t "$1" "$2" 2>&1) || { printf '%s\n' "$out" >&2; die "docker build of $1 failed"; }
}

work=$(mktemp -d)
trap 'rm -rf "$work"; docker rm -f "escron-preload-$key" >/dev/null 2>&1 || true' EXIT

# component_image TAG BINARY_PATH IN_IMAGE_PATH: a FROM-scratch image holding one static binary.
component_image() {
  local tag=$1 binary=$2 path=$3 ctx
  ctx="$work/ctx-$(basename "$path")"
  mkdir -p "$ctx"
  cp "$binary" "$ctx/binary"
  printf 'FROM scratch\nCOPY binary %s\nENV PATH=/usr/local/bin:/usr/bin:/bin\nENTRYPOINT ["%s"]\n' "$path" "$path" >"$ctx/Dockerfile"
  build "$tag" "$ctx"
}

# rootfs_started NAME PACKAGES: starts the root filesystem build of NAME in the
# background (debootstrap mostly waits for the mirror and the disk, so it runs beside
# the compile); rootfs_wait NAME sets ROOTFS to its tarball once built (in this shell:
# only it can wait for the build).
rootfs_started() {
  "$images_dir/build-rootfs.sh" "$1" "$2" >"$work/rootfs-$1" &
  echo $! >"$work/rootfs-$1.pid"
}
rootfs_wait() {
  wait "$(cat "$work/rootfs-$1.pid")" || die "the $1 root filesystem failed"
  ROOTFS=$(cat "$work/rootfs-$1")
}

build_node_image() {
  local binaries rootfs base="escron/node-base:$key" ctx="$work/node" images=()
  binaries=$("$images_dir/build-binaries.sh")
  rootfs_wait node
  rootfs=$ROOTFS
  step "importing the node root filesystem"
  docker import "$rootfs" "$base" >/dev/null

  step "control-plane images (registry.k8s.io names, as kubeadm $KUBERNETES_VERSION expects)"
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    component_image "registry.k8s.io/$c:$KUBERNETES_VERSION" "$binaries/$c" "/usr/local/bin/$c"
    images+=("registry.k8s.io/$c:$KUBERNETES_VERSION")
  done
  component_image "registry.k8s.io/etcd:${ETCD_VERSION#v}-0" "$binaries/etcd" /usr/local/bin/etcd
  component_image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "$binaries/coredns" /coredns
  component_image "registry.k8s.io/pause:$PAUSE_IMAGE_TAG" "$binaries/pause" /pause
  images+=("registry.k8s.io/etcd:${ETCD_VERSION#v}-0" "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "registry.k8s.io/pause:$PAUSE_IMAGE_TAG")
  # kube-proxy drives iptables: it runs on the node's root filesystem.
  mkdir -p "$work/proxy" && cp "$binaries/kube-proxy" "$work/proxy/"
  printf 'FROM %s\nCOPY kube-proxy /usr/local/bin/kube-proxy\n' "$base" >"$work/proxy/Dockerfile"
  build "registry.k8s.io/kube-proxy:$KUBERNETES_VERSION" "$work/proxy"
  images+=("registry.k8s.io/kube-proxy:$KUBERNETES_VERSION")
  mkdir -p "$work/preload"
  docker save "${images[@]}" -o "$work/preload/images.tar"

  step "node image: files, Kubernetes binaries, systemd units"
  mkdir -p "$ctx/bin"
  cp -a "$images_dir/node/files" "$ctx/files"
  echo "$KUBERNETES_VERSION" >"$ctx/files/kind/version"
  sed -i "s#@PAUSE_IMAGE_TAG@#$PAUSE_IMAGE_TAG#" "$ctx/files/etc/containerd/config.toml"
  cp "$binaries/kubeadm" "$binaries/kubelet" "$binaries/kubectl" "$binaries/crictl" "$ctx/bin/"
  sed "s#@BASE@#$base#" "$images_dir/node/Dockerfile" >"$ctx/Dockerfile"
  build "escron/node-stage:$key" "$ctx"

  step "preloading $(( ${#images[@]} )) images into the node's containerd"
  docker run -d --name "escron-preload-$key" -v "$work/preload:/preload:ro" \
    --entrypoint containerd "escron/node-stage:$key" >/dev/null
  for _ in $(seq 30); do
    docker exec "escron-preload-$key" ctr version >/dev/null 2>&1 && break
    sleep 1
  done
  docker exec "escron-preload-$key" ctr -n k8s.io images import --no-unpack --all-platforms --digests /preload/images.tar >/dev/null
  step "$(docker exec "escron-preload-$key" ctr -n k8s.io images ls -q | grep -c '^registry.k8s.io/') registry.k8s.io images in the node's containerd"
  docker stop "escron-preload-$key" >/dev/null
  docker commit --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' --change 'CMD []' \
    "escron-preload-$key" "$node_image" >/dev/null
  docker rm "escron-preload-$key" >/dev/null
  docker rmi "escron/node-stage:$key" "${images[@]}" >/dev/null 2>&1 || true

  step "caching the node image in $node_cache"
  # Called through timed, where set -e does not apply: a failed save (a full disk) must
  # not put a truncated archive in the cache, which every later run would try to load.
  if ! { docker save "$node_image" | zstd -q -T0 -3 -o "$node_cache.tmp" && mv "$node_cache.tmp" "$node_cache"; }; then
    rm -f "$node_cache.tmp"
    return 1
  fi
}

build_job_image() {
  local rootfs
  rootfs_wait job
  rootfs=$ROOTFS
  docker import "$rootfs" "escron/job-base:$key" >/dev/null
  mkdir -p "$work/job"
  sed "s#@BASE@#escron/job-base:$key#" "$images_dir/job/Dockerfile" >"$work/job/Dockerfile"
  build "$job_image" "$work/job"
  if ! { docker save "$job_image" -o "$job_cache.tmp" && mv "$job_cache.tmp" "$job_cache"; }; then
    rm -f "$job_cache.tmp"
    return 1
  fi
}

node_ready() { have_image "$node_image" || [ -f "$node_cache" ]; }
if [ "${1:-}" = --plan ]; then
  if node_ready; then
    echo "cached node-image"
  else
    "$images_dir/build-binaries.sh" --plan
    "$images_dir/build-rootfs.sh" --plan node "$NODE_PACKAGES"
    echo "build node-image"
  fi
  if [ -f "$job_cache" ]; then echo "cached job-image"; else
    "$images_dir/build-rootfs.sh" --plan job "$JOB_PACKAGES"
    echo "build job-image"
  fi
  exit 0
fi

apt_install zstd debootstrap
log "offline images (recipe $key)"
node_ready || rootfs_started node "$NODE_PACKAGES"
[ -f "$job_cache" ] || rootfs_started job "$JOB_PACKAGES"
if have_image "$node_image"; then
  step "node image present: $node_image"
elif [ -f "$node_cache" ]; then
  timed "node image restored from $node_cache" sh -c "zstd -dc '$node_cache' | docker load -q >/dev/null"
else
  timed "node image built: $node_image" build_node_image
fi
if [ -f "$job_cache" ]; then
  have_image "$job_image" || docker load -q -i "$job_cache" >/dev/null
  step "job image present: $job_image"
else
  timed "job image built: $job_image" build_job_image
fi
# Images and archives of other recipes are large (about 1 GB and 300 MB each): keep
# only this recipe's. Rebuilds also leave untagged layers behind.
docker image ls --format '{{.Repository}}:{{.Tag}}' \
  | grep -E '^escron/(kind-node|node-base|job|job-base):' | grep -v -e "-$key\$" -e ":$key\$" \
  | xargs -r docker rmi >/dev/null 2>&1 || true
find "$CACHE/images" -maxdepth 1 -type f \( -name 'kind-node-*.tar.zst' -o -name 'job-*.tar' \) \
  ! -name "*-$key.*" -delete
docker image prune -f >/dev/null 2>&1 || true

cat >"$env_file.$$" <<ENV
NODE_IMAGE=$node_image
JOB_IMAGE=$job_image
JOB_IMAGE_ARCHIVE=$job_cache
ENV
mv "$env_file.$$" "$env_file"
step "images written to $env_file"
cat "$env_file"
