#!/usr/bin/env bash
# Builds the gateway's OCI image with podman: no daemon, no registry (./junction image runs this).
#   1. The base image, once: Debian bookworm (minbase, through debootstrap from Debian's mirror) with a Java runtime,
#      imported into podman. With a JDK 25 on this machine (JUNCTION_IMAGE_JDK, default Temurin 25), the runtime is
#      a jlink of it (localhost/junction-base:bookworm-jdk25); without one, Debian's OpenJDK 17 JRE
#      (localhost/junction-base:bookworm-jre17). Needs root and debootstrap.
#   2. The gateway on top of it (deploy/container/Containerfile).
#   3. On Java 25+, an AOT cache (JEP 483/514/515) from a training run of that image: the example routes against
#      the local brokers, one webhook, SIGTERM; the JVM writes the cache as it exits, and a last layer
#      (Containerfile.aot) adds it and starts with it. The cache needs the aot-jar packaging (classes on the JVM's
#      own class path), built into target/image-app. Set JUNCTION_IMAGE_AOT=false to skip this step.
#   4. The image is tagged localhost/junction:latest and written as an OCI archive: target/junction-image.tar
#      (podman load / skopeo copy / docker load it).
# Environment: JUNCTION_BASE_IMAGE (any image with a JRE 17+ on its PATH, e.g. eclipse-temurin:25-jre where a
# registry is reachable), JUNCTION_IMAGE (the tag), JUNCTION_IMAGE_ARCHIVE, JUNCTION_IMAGE_JDK, JUNCTION_IMAGE_AOT,
# DEBIAN_MIRROR, CONTAINERS_CONF (podman settings; defaults to deploy/container/containers.conf).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd -P)"
cd "$ROOT"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/container/containers.conf}"
IMAGE="${JUNCTION_IMAGE:-localhost/junction:latest}"
JDK="${JUNCTION_IMAGE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
AOT="${JUNCTION_IMAGE_AOT:-true}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ARCHIVE="${JUNCTION_IMAGE_ARCHIVE:-$ROOT/target/junction-image.tar}"
WORK="$ROOT/target/image"

die() { echo "image: $*" >&2; exit 1; }
say() { echo "image: $*" >&2; }

# The modules the gateway uses (java.se) and those its libraries reach by name: Unsafe (Netty, Kafka), JMX and
# JFR (metrics), Kerberos/SASL (Kafka, AMQP), DNS (JNDI lookups), zip file systems, extra charsets, EC and PKCS#11.
MODULES=java.se,jdk.unsupported,jdk.management,jdk.management.jfr,jdk.jfr,jdk.security.auth,jdk.security.jgss,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.net

command -v podman >/dev/null || die "podman is needed (Debian/Ubuntu: apt-get install podman runc)"
[[ -f target/quarkus-app/quarkus-run.jar ]] || die "no build in target/quarkus-app: run ./junction build first"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

if [[ -n "${JUNCTION_BASE_IMAGE:-}" ]]; then
  BASE="$JUNCTION_BASE_IMAGE"
elif [[ -x "$JDK/bin/jlink" && "$(java_major "$JDK")" -ge 25 ]]; then
  BASE=localhost/junction-base:bookworm-jdk25
else
  BASE=localhost/junction-base:bookworm-jre17
fi

if [[ "$BASE" == localhost/junction-base:* ]] && ! podman image exists "$BASE"; then
  command -v debootstrap >/dev/null || die "building $BASE needs debootstrap (apt-get install debootstrap), or set JUNCTION_BASE_IMAGE"
  [[ $EUID -eq 0 ]] || die "building $BASE needs root (debootstrap); or set JUNCTION_BASE_IMAGE to an image with a JRE 17+"
  rootfs="$WORK/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$WORK"
  say "building $BASE from $MIRROR (once; a few minutes)"
  include=()
  [[ "$BASE" == *jre17 ]] && include=(--include=openjdk-17-jre-headless)
  debootstrap --variant=minbase "${include[@]}" bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || die "debootstrap failed: see $WORK/debootstrap.log"
  # Package caches and documentation are not needed at run time.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  if [[ "$BASE" == *jdk25 ]]; then
    "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
      --generate-cds-archive --output "$rootfs/opt/java" || die "jlink of $JDK failed"
    path=/opt/java/bin:$path
  fi
  tar -C "$rootfs" -c . | podman import --quiet --change "ENV PATH=$path" - "$BASE" >/dev/null
  rm -rf "$rootfs"
fi

base_major=$(podman run --rm --network none "$BASE" java -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ {print $2}')
[[ "$base_major" =~ ^[0-9]+$ && "$base_major" -ge 17 ]] || die "$BASE has no Java 17+ on its PATH"
[[ "$AOT" == true && "$base_major" -lt 25 ]] && { say "$BASE has Java $base_major: no AOT cache (needs 25+)"; AOT=false; }

app=target/quarkus-app
if [[ "$AOT" == true ]]; then
  command -v curl >/dev/null || die "the AOT cache's training run needs curl (or set JUNCTION_IMAGE_AOT=false)"
  # The same compiled classes, packaged for the JVM's own class loaders (those are the ones a cache can hold);
  # only the Quarkus build goal runs, so nothing else under target/ changes.
  say "packaging aot-jar into target/image-app"
  ./mvnw -B -q quarkus:build -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=image-app >&2 \
    || die "the aot-jar packaging failed"
  app=target/image-app
fi

# A context of exactly what the image holds: never the broker data or downloads beside the sources.
ctx="$WORK/context"
rm -rf "$ctx"
mkdir -p "$ctx/config"
cp -r "$app" "$ctx/app"
cp -r connectors "$ctx/connectors"
cp config/application.properties "$ctx/config/"
podman build --quiet --build-arg BASE="$BASE" -f deploy/container/Containerfile -t "$IMAGE" "$ctx" >/dev/null

if [[ "$AOT" == true ]]; then
  # Training: the image itself (same JDK, same class path) runs the example routes against the local brokers until
  # it has answered one webhook, then stops on SIGTERM and writes the cache.
  deploy/local/brokers.sh ensure >/dev/null
  aot="$WORK/aot"
  rm -rf "$aot"
  mkdir -p "$aot"
  chmod 0777 "$aot"
  http=18490 management=19490 name="junction-training-$$"
  say "training the AOT cache (example routes, local brokers)"
  podman run -d --name "$name" --network host -v "$ROOT/routes/examples:/routes:ro" -v "$aot:/aot" \
    -e QUARKUS_HTTP_PORT=$http -e QUARKUS_MANAGEMENT_PORT=$management -e JUNCTION_RELOAD_ENABLED=false \
    --entrypoint java "$IMAGE" -XX:AOTCacheOutput=/aot/app.aot -XX:MaxRAMPercentage=70 \
    -jar /opt/junction/app/quarkus-run.jar run --routes /routes >/dev/null
  trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
  served=false
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"training":true}' \
        "http://127.0.0.1:$http/webhooks/events" 2>/dev/null; then
      served=true
      break
    fi
    [[ "$(podman inspect -f '{{.State.Running}}' "$name")" == true ]] || break
    sleep 0.2
  done
  [[ "$served" == true ]] || { podman logs "$name" 2>&1 | tail -30 >&2; die "the training run served no webhook"; }
  podman stop -t 180 "$name" >/dev/null
  [[ -s "$aot/app.aot" ]] || { podman logs "$name" 2>&1 | tail -30 >&2; die "the training run wrote no AOT cache"; }
  podman rm -f "$name" >/dev/null
  trap - EXIT
  podman build --quiet --build-arg APP_IMAGE="$IMAGE" -f "$ROOT/deploy/container/Containerfile.aot" -t "$IMAGE" "$aot" >/dev/null
  say "AOT cache of $(( $(stat -c %s "$aot/app.aot") / 1024 / 1024 )) MB added"
fi

rm -f "$ARCHIVE"
podman save --quiet --format oci-archive -o "$ARCHIVE" "$IMAGE"
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "image: $IMAGE ($((size / 1024 / 1024)) MB, Java $base_major$([[ "$AOT" == true ]] && echo ", AOT cache")), archive $ARCHIVE"
