#!/usr/bin/env bash
# Makes a real Go toolchain image, golang:1.19-bookworm, on the Docker daemon at DOCKER_HOST when
# it is absent, without a registry: Debian's golang-go (1.19 on bookworm) installed by debootstrap
# into a root filesystem, then `docker import`. gcc and libc6-dev are included, as in the official
# image, so cgo is on by default and the CGO rules meet a real builder.
# The root filesystem tarball is cached outside the repo, so a second run (or a run after the
# image was removed) only imports it.
#   bash scripts/go-image.sh            -> prints the image reference (last line of stdout)
set -euo pipefail

IMAGE="${DOCKSCOPE_GO_IMAGE:-golang:1.19-bookworm}"
CACHE="${DOCKSCOPE_GO_IMAGE_CACHE:-$HOME/.cache/dockscope-go-image}"
TARBALL="$CACHE/golang-1.19-bookworm-rootfs.tar"
GO_PATH_ENV='PATH=/usr/lib/go-1.19/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || docker_cli="$(command -v docker)"

log() { echo "go-image: $*" >&2; }

# Runs a noisy step, showing its output only when it fails.
quietly() {
  local output
  if ! output="$("$@" 2>&1)"; then echo "$output" >&2; return 1; fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The machine's own Debian mirror (the only one reachable in CI), deb.debian.org otherwise.
debian_mirror() {
  local uri
  uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
    /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

if "$docker_cli" image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is already on the daemon"
  echo "$IMAGE"
  exit 0
fi

if [ ! -s "$TARBALL" ]; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "apt-get install debootstrap"
    quietly as_root apt-get -o DPkg::Lock::Timeout=600 update
    quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y debootstrap
  fi
  mkdir -p "$CACHE"
  rootfs="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
  trap 'as_root rm -rf "$rootfs" "$TARBALL.partial"' EXIT
  log "debootstrap bookworm with golang-go into $rootfs (about a minute)"
  quietly as_root debootstrap --variant=minbase --include=golang-go,ca-certificates,gcc,libc6-dev \
    bookworm "$rootfs" "$(debian_mirror)"
  # apt's package cache is not part of a toolchain image.
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  as_root tar -C "$rootfs" -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
fi

log "docker import $TARBALL as $IMAGE"
"$docker_cli" import -c "ENV $GO_PATH_ENV" -m "golang 1.19 from Debian bookworm (scripts/go-image.sh)" \
  "$TARBALL" "$IMAGE" >&2
echo "$IMAGE"
