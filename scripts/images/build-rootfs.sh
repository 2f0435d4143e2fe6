#!/usr/bin/env bash
# Builds a Debian root filesystem tarball with debootstrap (variant minbase), cached by
# suite and package list. The mirror is read from this machine's apt sources.
#
# usage: scripts/images/build-rootfs.sh NAME PACKAGE[,PACKAGE...]   prints the tarball path
#        scripts/images/build-rootfs.sh --plan NAME PACKAGES   "build rootfs-NAME" or "cached rootfs-NAME"
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"

plan=false
if [ "${1:-}" = --plan ]; then plan=true; shift; fi

name=${1:?usage: build-rootfs.sh NAME PACKAGES}
packages=${2:?usage: build-rootfs.sh NAME PACKAGES}
key=$(printf '%s %s %s' "$DEBIAN_SUITE" "$packages" "$(sha256sum <"$0" | cut -c1-12)" | sha256sum | cut -c1-12)
out="$CACHE/rootfs/$name-$DEBIAN_SUITE-$key.tar"
if [ "$plan" = true ]; then
  if [ -f "$out" ]; then echo "cached rootfs-$name"; else echo "build rootfs-$name"; fi
  exit 0
fi
if [ -f "$out" ]; then
  step "root filesystem $name cached: $out"
  echo "$out"
  exit 0
fi

# debian_mirror: the first Debian archive URI in the apt sources (deb822 or one-line style).
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$DEBIAN_SUITE" '
      /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = uri }
      /^$/ { uri = "" } END { if (found) print found }' "$f"
  done | head -n1 | grep . && return 0
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk -v suite="$DEBIAN_SUITE" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i == suite) { print $(i - 1); exit } }' \
    | sed 's/^\[.*\]$//' | grep . | head -n1
}

apt_install debootstrap
need_root "debootstrap"
mirror=$(debian_mirror) || die "no Debian $DEBIAN_SUITE archive in /etc/apt/sources.list*"
dir=$(mktemp -d "$CACHE/rootfs/.work-$name-XXXX" 2>/dev/null || { mkdir -p "$CACHE/rootfs"; mktemp -d "$CACHE/rootfs/.work-$name-XXXX"; })
trap 'rm -rf "$dir"' EXIT
log "debootstrap $DEBIAN_SUITE ($name) from the machine's apt mirror, with: $packages"
timed "debootstrap $name" debootstrap --variant=minbase --include="$packages" "$DEBIAN_SUITE" "$dir/root" "$mirror" >"$dir/log" 2>&1 \
  || { tail -30 "$dir/log" >&2; die "debootstrap $name failed"; }
# Trim what a container never uses.
rm -rf "$dir/root"/var/cache/apt/archives/*.deb "$dir/root"/var/lib/apt/lists/* \
  "$dir/root"/usr/share/doc/* "$dir/root"/usr/share/man/* "$dir/root"/usr/share/locale/*
tar -C "$dir/root" --numeric-owner -cf "$out.tmp" .
mv "$out.tmp" "$out"
step "root filesystem $name: $(du -h "$out" | cut -f1)"
echo "$out"
