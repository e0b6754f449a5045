#!/usr/bin/env bash
# Flame graphs of the gateway's CPU: one bench/run.sh round per scenario with a JFR recording on the gateway
# (JFR's "profile" settings, Java code sampled every millisecond), drawn as a static SVG by FlameGraph (bench/src).
# The recording spans the gateway's whole life in that round: start-up, warm-up, the measured phase and the
# latency phase; the measured phase is most of it.
#
# Usage: bench/flame.sh [--scenarios LIST] [--records N] [--results DIR]
#   --scenarios LIST  comma-separated (default kafka,webhook)
#   --records N       measured events per scenario (default 100000; as many again are sent to warm up)
#   --results DIR     where flame-<scenario>.svg goes (default bench/results)
#   --keep DIR        also keep the recordings there (<scenario>.jfr, for `jfr print` or JDK Mission Control)
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
SCENARIOS=kafka,webhook
RECORDS=100000
RESULTS="$BENCH_DIR/results"
KEEP=""
while (($#)); do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --records) RECORDS="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "flame.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$RESULTS"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

IFS=, read -r -a list <<<"$SCENARIOS"
for scenario in "${list[@]}"; do
  jfr="$WORK/$scenario.jfr"
  BENCH_GATEWAY_JVM_OPTS="-XX:StartFlightRecording=filename=$jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
    "$BENCH_DIR/run.sh" --scenarios "$scenario" --rounds 1 --records "$RECORDS" --peers none --results "$WORK" \
    | grep -E "Junction +[0-9]" || true
  [[ -s "$jfr" ]] || { echo "flame.sh: no recording for $scenario" >&2; exit 1; }
  java -cp "$BENCH_DIR/target/junction-bench.jar" io.junction.bench.FlameGraph "$jfr" \
    "$RESULTS/flame-$scenario.svg" "Junction gateway, $scenario scenario ($(date -u +%Y-%m-%d), commit $(git -C "$BENCH_DIR" rev-parse --short HEAD))"
  if [[ -n "$KEEP" ]]; then mkdir -p "$KEEP" && cp "$jfr" "$KEEP/"; fi
done
