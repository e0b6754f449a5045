#!/usr/bin/env bash
# Builds the gateway's OCI image with podman: no daemon, no registry (./junction image runs this).
#   1. The base image, once: Debian bookworm (minbase) with OpenJDK 17's JRE, from Debian's mirror through
#      debootstrap, imported as localhost/junction-base:bookworm-jre17. Needs root and debootstrap.
#   2. The gateway on top of it (deploy/container/Containerfile), tagged localhost/junction:latest.
#   3. An OCI archive of that image: target/junction-image.tar (podman load / skopeo copy / docker load it).
# Environment: JUNCTION_BASE_IMAGE (any image with a JRE 17+ on its PATH, e.g. eclipse-temurin:17-jre where a
# registry is reachable), JUNCTION_IMAGE (the tag), DEBIAN_MIRROR, CONTAINERS_CONF (podman settings; defaults to
# deploy/container/containers.conf).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)"
cd "$ROOT"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/container/containers.conf}"
BASE="${JUNCTION_BASE_IMAGE:-localhost/junction-base:bookworm-jre17}"
IMAGE="${JUNCTION_IMAGE:-localhost/junction:latest}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ARCHIVE="$ROOT/target/junction-image.tar"

die() { echo "image: $*" >&2; exit 1; }

command -v podman >/dev/null || die "podman is needed (Debian/Ubuntu: apt-get install podman runc)"
[[ -f target/quarkus-app/quarkus-run.jar ]] || die "no build in target/quarkus-app: run ./junction build first"

if [[ "$BASE" == localhost/junction-base:* ]] && ! podman image exists "$BASE"; then
  command -v debootstrap >/dev/null || die "building $BASE needs debootstrap (apt-get install debootstrap), or set JUNCTION_BASE_IMAGE"
  [[ $EUID -eq 0 ]] || die "building $BASE needs root (debootstrap); or set JUNCTION_BASE_IMAGE to an image with a JRE 17+"
  rootfs="$ROOT/target/image/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$ROOT/target/image"
  echo "image: building $BASE from $MIRROR (once; a few minutes)" >&2
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" "$MIRROR" >"$ROOT/target/image/debootstrap.log" 2>&1 \
    || die "debootstrap failed: see target/image/debootstrap.log"
  # Package caches and documentation are not needed at run time.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE" >/dev/null
  rm -rf "$rootfs"
fi

# A context of exactly what the image holds: never the broker data or downloads beside the sources.
ctx="$ROOT/target/image/context"
rm -rf "$ctx"
mkdir -p "$ctx/config"
cp -r target/quarkus-app "$ctx/app"
cp -r connectors "$ctx/connectors"
cp config/application.properties "$ctx/config/"
podman build --quiet --build-arg BASE="$BASE" -f deploy/container/Containerfile -t "$IMAGE" "$ctx" >/dev/null
rm -f "$ARCHIVE"
podman save --quiet --format oci-archive -o "$ARCHIVE" "$IMAGE"
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "image: $IMAGE ($((size / 1024 / 1024)) MB), archive $ARCHIVE"
