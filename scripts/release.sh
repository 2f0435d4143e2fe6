#!/usr/bin/env bash
# Releases the chart: checks the version, packages it reproducibly, signs it (Helm
# provenance), pushes it to an OCI registry and merges it into the chart repository's
# index.yaml (every earlier version kept), then tags the commit escron-VERSION. Nothing
# is published until every check has passed and the archive is signed; the OCI push comes
# before the index, and a failed push leaves the index, the repository and the tags as
# they were.
#
# usage: scripts/release.sh VERSION            (make release VERSION=x.y.z)
# environment:
#   ESCRON_SIGN_KEYRING, ESCRON_SIGN_KEY  the OpenPGP secret keyring and key name (required)
#   ESCRON_RELEASE_REPO_DIR  the published chart repository, a directory (the GitHub Pages
#                            branch's checkout in CI; default dist/repo)
#   ESCRON_RELEASE_REPO_URL  the URL that repository is served at (default: relative URLs)
#   ESCRON_RELEASE_OCI       oci://HOST/PATH to push to (empty: no OCI push)
#   ESCRON_RELEASE_PLAIN_HTTP=1  the registry speaks plain HTTP (a local one)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

version=${1:-}
[ -n "$version" ] || die "usage: make release VERSION=x.y.z"
if [ -z "${ESCRON_SIGN_KEYRING:-}" ] || [ -z "${ESCRON_SIGN_KEY:-}" ]; then
  die "ESCRON_SIGN_KEYRING and ESCRON_SIGN_KEY are not set: a release is signed (an OpenPGP secret keyring and the key's name)"
fi
[ -r "$ESCRON_SIGN_KEYRING" ] || die "ESCRON_SIGN_KEYRING is $ESCRON_SIGN_KEYRING: no such readable file"
repo_dir=${ESCRON_RELEASE_REPO_DIR:-$ROOT/dist/repo}
oci=${ESCRON_RELEASE_OCI:-}
plain=()
if [ "${ESCRON_RELEASE_PLAIN_HTTP:-}" = 1 ]; then plain=(--plain-http); fi

"$ROOT/scripts/tools.sh" release
cd "$ROOT"

log "release $version: checks"
[ -z "$(git status --porcelain)" ] || die "the work tree has changes that are not committed: a release is made from a commit (git status)"
if git rev-parse -q --verify "refs/tags/escron-$version" >/dev/null &&
  [ "$(git rev-parse "escron-$version^{commit}")" != "$(git rev-parse HEAD)" ]; then
  die "tag escron-$version already names another commit: $version is released"
fi
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# test/cmd/release, built once per source (it links Helm's SDK: seconds on 2 cores).
release="$CACHE/bin/release-$( (go version; cat go.mod go.sum test/cmd/release/*.go) | sha256sum | cut -c1-12)"
if [ ! -x "$release" ]; then
  mkdir -p "$CACHE/bin"
  go build -o "$release.$$" ./test/cmd/release && mv "$release.$$" "$release"
fi
last=$("$release" check -chart charts/escron -version "$version" -index "$repo_dir/index.yaml")
step "last released: $last"
if [ -n "$oci" ] && helm show chart "$oci/escron" --version "$version" "${plain[@]}" >/dev/null 2>&1; then
  die "$oci/escron:$version is already in the registry: $version is released"
fi

epoch=$(git log -1 --format=%ct)
log "package and sign (files dated at the commit, $epoch)"
mkdir -p "$stage/out"
"$release" package -chart charts/escron -out "$stage/out" -epoch "$epoch" \
  -keyring "$ESCRON_SIGN_KEYRING" -key "$ESCRON_SIGN_KEY" >/dev/null
archive="$stage/out/escron-$version.tgz"
if [ ! -f "$archive" ] || [ ! -f "$archive.prov" ]; then die "no signed archive escron-$version.tgz was written"; fi
step "$(sha256sum "$archive" | cut -d' ' -f1)  escron-$version.tgz"

mkdir -p "$stage/index"
cp "$archive" "$archive.prov" "$stage/index/"
merge=()
if [ -f "$repo_dir/index.yaml" ]; then merge=(--merge "$repo_dir/index.yaml"); fi
helm repo index "$stage/index" "${merge[@]}" ${ESCRON_RELEASE_REPO_URL:+--url "$ESCRON_RELEASE_REPO_URL"}

if [ -n "$oci" ]; then
  log "helm push to $oci (with its provenance)"
  helm push "$archive" "$oci" "${plain[@]}" >&2 || die "helm push to $oci failed: nothing was published (the index and the tags are as they were)"
fi

log "publish into $repo_dir"
mkdir -p "$repo_dir"
for f in "escron-$version.tgz" "escron-$version.tgz.prov"; do
  cp "$stage/index/$f" "$repo_dir/.$f.tmp" && mv "$repo_dir/.$f.tmp" "$repo_dir/$f"
done
[ -f "$repo_dir/artifacthub-repo.yml" ] || cp ci/artifacthub-repo.yml "$repo_dir/artifacthub-repo.yml"
cp "$stage/index/index.yaml" "$repo_dir/.index.yaml.tmp" && mv "$repo_dir/.index.yaml.tmp" "$repo_dir/index.yaml"
git rev-parse -q --verify "refs/tags/escron-$version" >/dev/null || git tag "escron-$version" HEAD
log "released escron $version: $repo_dir/index.yaml${oci:+, $oci/escron:$version}, tag escron-$version"
