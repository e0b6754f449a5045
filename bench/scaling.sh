#!/usr/bin/env bash
# How cost grows: Kafka -> Kafka (kafka-source) against the hand-written loop, as the payload grows (512 B, 4 KB,
# 64 KB), as the topics get more partitions (1, 3, 6), and as each side runs more consumers on 6 partitions (1, 2, 3:
# kafka-source's consumersCount, the loop's threads). Each point is one bench/run.sh run (same brokers, same
# JVM options, no peers); the points go into one markdown table and three PNG plots.
#
# Usage: bench/scaling.sh [--rounds N] [--results DIR]     (about 15 minutes here with one round)
#
# Writes DIR/scaling-<UTC time>.md, scaling-payload.png, scaling-partitions.png and scaling-consumers.png
# (DIR: bench/results).
# Plotting needs gnuplot (Debian: apt-get install gnuplot-nox); without it the table is still written.
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
ROUNDS=1
RESULTS="$BENCH_DIR/results"
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scaling: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$RESULTS"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT

# One point: bench/run.sh on the kafka scenario; prints "junction_msgs baseline_msgs junction_rss baseline_rss".
point() {
  local payload="$1" partitions="$2" records="$3" consumers="${4:-1}" out raw
  out="$("$BENCH_DIR/run.sh" --scenarios kafka --peers none --rounds "$ROUNDS" --records "$records" \
    --payload "$payload" --partitions "$partitions" --consumers "$consumers" --results "$DATA/md" 2>&1)" \
    || { echo "$out" >&2; return 1; }
  raw="$(grep '^raw: ' <<<"$out" | sed 's/^raw: //')"
  # Medians over the rounds of msgs/s and peak RSS, per contender (CSV: scenario,system,round,msgs_per_s,p50,p99,rss,...).
  awk -F, 'NR > 1 { v[$2] = v[$2] " " $4; r[$2] = r[$2] " " $7 }
    function median(s,   a, n, i, k, t) {
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) for (k = i; k > 1 && a[k - 1] + 0 > a[k] + 0; k--) { t = a[k]; a[k] = a[k - 1]; a[k - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END { printf "%.0f %.0f %.0f %.0f\n", median(v["junction"]), median(v["baseline"]), median(r["junction"]), median(r["baseline"]) }' "$raw"
}

{
  echo "# How cost grows: Kafka → Kafka, $STAMP"
  echo
  echo "Command: \`bench/scaling.sh --rounds $ROUNDS\`. Each row is one \`bench/run.sh --scenarios kafka\` run"
  echo "(medians of $ROUNDS round(s)): \`kafka-source\` → \`kafka-sink\` against the hand-written poll–send–commit loop,"
  echo "same brokers, same JVM options (config/jvm.options). MB/s counts payload bytes only."
  echo
  echo "## Payload size (3 partitions)"
  echo
  echo "| payload | events | Junction msgs/s | baseline msgs/s | Junction MB/s | baseline MB/s | ratio | Junction RSS MB | baseline RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$DATA/table.md"

: >"$DATA/payload.dat"
for payload in 512 4096 65536; do
  # About 50-100 MB per contender and round: long enough to measure, small enough for the local broker's disk.
  records=$(( payload == 512 ? 100000 : (payload == 4096 ? 20000 : 5000) ))
  echo "scaling: payload $payload B, $records events" >&2
  read -r j b jr br < <(point "$payload" 3 "$records")
  awk -v p="$payload" -v n="$records" -v j="$j" -v b="$b" -v jr="$jr" -v br="$br" 'BEGIN {
    printf "| %d B | %d | %d | %d | %.1f | %.1f | %.2f× | %d | %d |\n", p, n, j, b, j * p / 1e6, b * p / 1e6, j / b, jr, br }' \
    >>"$DATA/table.md"
  echo "$payload $j $b" >>"$DATA/payload.dat"
done

{
  echo
  echo "## Partitions (512-byte events, one consumer on each side)"
  echo
  echo "| partitions | Junction msgs/s | baseline msgs/s | ratio | Junction RSS MB | baseline RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|"
} >>"$DATA/table.md"
: >"$DATA/partitions.dat"
for partitions in 1 3 6; do
  echo "scaling: $partitions partitions" >&2
  read -r j b jr br < <(point 512 "$partitions" 50000)
  awk -v p="$partitions" -v j="$j" -v b="$b" -v jr="$jr" -v br="$br" 'BEGIN {
    printf "| %d | %d | %d | %.2f× | %d | %d |\n", p, j, b, j / b, jr, br }' >>"$DATA/table.md"
  echo "$partitions $j $b" >>"$DATA/partitions.dat"
done

{
  echo
  echo "## Consumers (6 partitions, 512-byte events; Junction: kafka-source consumersCount, baseline: loop threads)"
  echo
  echo "| consumers | Junction msgs/s | baseline msgs/s | ratio | Junction RSS MB | baseline RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|"
} >>"$DATA/table.md"
: >"$DATA/consumers.dat"
for consumers in 1 2 3; do
  echo "scaling: $consumers consumers on 6 partitions" >&2
  read -r j b jr br < <(point 512 6 50000 "$consumers")
  awk -v c="$consumers" -v j="$j" -v b="$b" -v jr="$jr" -v br="$br" 'BEGIN {
    printf "| %d | %d | %d | %.2f× | %d | %d |\n", c, j, b, j / b, jr, br }' >>"$DATA/table.md"
  echo "$consumers $j $b" >>"$DATA/consumers.dat"
done

if command -v gnuplot >/dev/null 2>&1; then
  gnuplot <<PLOT
set terminal pngcairo size 800,480 noenhanced
set grid
set key top left
set output "$RESULTS/scaling-payload.png"
set title "Kafka -> Kafka: throughput against payload size ($STAMP)"
set logscale x 2
set xlabel "payload (bytes)"
set ylabel "MB/s of payload"
plot "$DATA/payload.dat" using 1:(\$2*\$1/1e6) with linespoints lw 2 title "Junction (kafka-source)", \
     "$DATA/payload.dat" using 1:(\$3*\$1/1e6) with linespoints lw 2 title "baseline (poll-send-commit loop)"
unset logscale x
set output "$RESULTS/scaling-partitions.png"
set title "Kafka -> Kafka: throughput against partitions, 512-byte events ($STAMP)"
set xlabel "partitions"
set ylabel "events/s"
set xtics (1, 3, 6)
plot "$DATA/partitions.dat" using 1:2 with linespoints lw 2 title "Junction (kafka-source)", \
     "$DATA/partitions.dat" using 1:3 with linespoints lw 2 title "baseline (poll-send-commit loop)"
set output "$RESULTS/scaling-consumers.png"
set title "Kafka -> Kafka: throughput against consumers, 6 partitions, 512-byte events ($STAMP)"
set xlabel "consumers per contender"
set xtics (1, 2, 3)
plot "$DATA/consumers.dat" using 1:2 with linespoints lw 2 title "Junction (kafka-source, consumersCount)", \
     "$DATA/consumers.dat" using 1:3 with linespoints lw 2 title "baseline (loop threads, one producer)"
PLOT
  printf '\n![payload](scaling-payload.png)\n\n![partitions](scaling-partitions.png)\n\n![consumers](scaling-consumers.png)\n' \
    >>"$DATA/table.md"
else
  echo "scaling: gnuplot not found (apt-get install gnuplot-nox): table only, no plots" >&2
fi

cp "$DATA/table.md" "$RESULTS/scaling-$STAMP.md"
echo "results: $RESULTS/scaling-$STAMP.md"
