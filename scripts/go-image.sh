#!/usr/bin/env bash
# Makes a real Go toolchain image, golang:1.19-bookworm, on the Docker daemon at DOCKER_HOST when
# it is absent, without a registry: Debian's golang-go (1.19 on bookworm) installed by debootstrap
# into a root filesystem, then `docker import`. Unlike the real image it has no C compiler. Go 1.19
# still turns cgo on by default (only Go 1.20+ turns it off without a compiler) and links package
# net against libc from its precompiled standard library, so a naive build works and makes a
# dynamically linked binary; a build that must recompile runtime/cgo (-trimpath or -a with cgo
# on) fails for want of gcc. CGO_ENABLED=0 builds recompile std once (~1-2 min here).
# The root filesystem tarball is cached outside the repo, so a second run (or a run after the
# image was removed) only imports it.
# It also makes the runtime image Dockscope's Go quick fix targets,
# gcr.io/distroless/static-debian12:nonroot, from the same Debian files distroless's static image
# is made of: CA certificates, tzdata, passwd/group with the nonroot user (65532), /tmp and
# /home/nonroot, USER 65532 — nothing else (no shell, no libc). A local stand-in, since nothing
# can be pulled here; a machine with a registry pulls the real one.
#   bash scripts/go-image.sh            -> prints the image reference (last line of stdout)
set -euo pipefail

IMAGE="${DOCKSCOPE_GO_IMAGE:-golang:1.19-bookworm}"
CACHE="${DOCKSCOPE_GO_IMAGE_CACHE:-$HOME/.cache/dockscope-go-image}"
PACKAGES=golang-go,ca-certificates
# The package list is part of the cache key: changing it makes a new root filesystem.
TARBALL="$CACHE/golang-1.19-bookworm-$(printf '%s' "$PACKAGES" | md5sum | cut -c1-8)-rootfs.tar"
# As in the official image: GOPATH=/go (so /go/pkg/mod is the module cache) with /go/bin on PATH.
GO_PATH_ENV='PATH=/go/bin:/usr/lib/go-1.19/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# Bumped whenever the image's configuration changes, so an older import is replaced.
RECIPE=2
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || docker_cli="$(command -v docker)"

started=$SECONDS
# Each phase says when it starts and how long the run has taken so far (debootstrap takes 1-5
# minutes depending on the mirror and the machine's load).
log() { echo "go-image: [$((SECONDS - started))s] $*" >&2; }

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

RUNTIME_IMAGE="${DOCKSCOPE_RUNTIME_IMAGE:-gcr.io/distroless/static-debian12:nonroot}"

have_image() {
  [ "$("$docker_cli" image inspect --format '{{ index .Config.Labels "dockscope.image-recipe" }}' "$1" 2>/dev/null)" = "$RECIPE" ]
}

if have_image "$IMAGE" && have_image "$RUNTIME_IMAGE"; then
  log "$IMAGE and $RUNTIME_IMAGE are already on the daemon"
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
  # A name of its own: two runs at once each write their own file, and the rename is atomic, so
  # neither reads the other's half-written tarball.
  partial="$(mktemp "$TARBALL.partial.XXXXXX")"
  trap 'as_root rm -rf "$rootfs" "$partial"' EXIT
  log "debootstrap bookworm with golang-go into $rootfs (downloads ~90 MB of packages; 1-5 minutes)"
  quietly as_root debootstrap --variant=minbase --include="$PACKAGES" \
    bookworm "$rootfs" "$(debian_mirror)"
  log "debootstrap done; packing the root filesystem"
  # apt's package cache is not part of a toolchain image.
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  as_root tar -C "$rootfs" -cf "$partial" .
  mv -f "$partial" "$TARBALL"
fi

if ! have_image "$IMAGE"; then
  log "docker import $TARBALL as $IMAGE"
  "$docker_cli" import -c "ENV $GO_PATH_ENV" -c 'ENV GOPATH=/go' -c "LABEL dockscope.image-recipe=$RECIPE" -m "golang 1.19 from Debian bookworm (scripts/go-image.sh)" \
    "$TARBALL" "$IMAGE" >/dev/null
fi

if ! have_image "$RUNTIME_IMAGE"; then
  log "making $RUNTIME_IMAGE from the Debian root filesystem's certificates and tzdata"
  static="$(mktemp -d)"
  as_root tar -C "$static" -xf "$TARBALL" ./etc/ssl/certs/ca-certificates.crt ./usr/share/zoneinfo
  mkdir -p "$static/tmp" "$static/home/nonroot" "$static/root"
  chmod 1777 "$static/tmp"
  chmod 700 "$static/root"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$static/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$static/etc/group"
  as_root chown -R 0:0 "$static"
  as_root chown 65532:65532 "$static/home/nonroot"
  as_root tar -C "$static" --numeric-owner -c . | "$docker_cli" import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    -c 'USER 65532' -c 'WORKDIR /home/nonroot' -c "LABEL dockscope.image-recipe=$RECIPE" \
    -m "static runtime (CA certificates, tzdata, passwd) made by scripts/go-image.sh" - "$RUNTIME_IMAGE" >/dev/null
  as_root rm -rf "$static"
fi
log "done: $IMAGE and $RUNTIME_IMAGE" 
echo "$IMAGE"
