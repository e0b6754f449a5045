#!/usr/bin/env bash
# Start-up of the container image: from `podman run` to the first webhook answered 2xx, with the example routes and
# the local brokers, for the image as built (./junction image: aot-jar with its AOT cache) and, as the baseline, the
# same sources and base built without the cache (the fast-jar, as ./junction run starts it; built here once, as
# localhost/junction:no-aot). Interleaved runs. (-XX:AOTMode=off is no baseline: it also turns off the JDK's own
# class-data archive.)
# Usage: bench/image-startup.sh [RUNS]   (default 5; medians and the ratio go to bench/results/image-startup-*.md)
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P)"
cd "$ROOT"
RUNS="${1:-5}"
IMAGE="${JUNCTION_IMAGE:-localhost/junction:latest}"
BASELINE=localhost/junction:no-aot
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/container/containers.conf}"
HTTP_PORT=18481
MANAGEMENT_PORT=19481
NAME="junction-bench-$$"
mkdir -p bench/results
deploy/local/brokers.sh ensure >/dev/null
trap 'podman rm -f "$NAME" >/dev/null 2>&1 || true' EXIT
podman image exists "$IMAGE" || { echo "no $IMAGE: run ./junction image first" >&2; exit 1; }
podman image exists "$BASELINE" || JUNCTION_IMAGE=$BASELINE JUNCTION_IMAGE_AOT=false \
  JUNCTION_IMAGE_ARCHIVE="$ROOT/target/image/no-aot.tar" deploy/container/build-image.sh >&2

# once IMAGE: prints the milliseconds from `podman run` to the first 2xx webhook, then the RSS in MB
once() {
  local t0 ms rss
  t0=$(date +%s%N)
  podman run -d --name "$NAME" --network host --read-only -v "$ROOT/routes/examples:/routes:ro" \
    -e QUARKUS_HTTP_PORT=$HTTP_PORT -e QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT -e JUNCTION_RELOAD_ENABLED=false \
    "$1" >/dev/null
  until curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"bench":"image"}' \
      "http://127.0.0.1:$HTTP_PORT/webhooks/events" 2>/dev/null; do
    [[ "$(podman inspect -f '{{.State.Running}}' "$NAME")" == true ]] || { podman logs "$NAME" | tail -20 >&2; exit 1; }
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$(podman inspect -f '{{.State.Pid}}' "$NAME")/status")
  podman rm -f -t 30 "$NAME" >/dev/null
  echo "$ms $rss"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
declare -A TIMES RSS
for ((r = 1; r <= RUNS; r++)); do
  for mode in off auto; do
    read -r ms rss < <(once "$([[ $mode == off ]] && echo "$BASELINE" || echo "$IMAGE")")
    TIMES[$mode]+="$ms "
    RSS[$mode]+="$rss "
    echo "run $r cache $mode: ${ms} ms to the first webhook, RSS ${rss} MB" >&2
  done
done
off=$(echo "${TIMES[off]}" | median)
aot=$(echo "${TIMES[auto]}" | median)
out="bench/results/image-startup-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Image start-up: podman run to the first webhook answered 2xx"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $IMAGE, example routes, local brokers, $RUNS runs each (interleaved), medians."
  echo
  echo "| variant | first webhook (ms) | vs no cache | RSS after it (MB) | runs (ms) |"
  echo "|---|---|---|---|---|"
  printf '| fast-jar, no cache (baseline) | %s | 1.00× | %s | %s|\n' "$off" "$(echo "${RSS[off]}" | median)" "${TIMES[off]}"
  printf '| aot-jar with the AOT cache (the image) | %s | %.2f× | %s | %s|\n' "$aot" "$(echo "$aot / $off" | bc -l)" \
    "$(echo "${RSS[auto]}" | median)" "${TIMES[auto]}"
} | tee "$out"
echo "written: $out" >&2
