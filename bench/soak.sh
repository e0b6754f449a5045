#!/usr/bin/env bash
# The soak: Kafka -> Kafka through the default connector for a long time at 70% of the rate the same gateway first
# reached, sampled every 10 s: resident memory, CPU, consumer lag, delivered rate and p99 latency over time, and at
# the end every id looked for on the output (lost, duplicated). Nothing may grow without bound; the report says
# whether anything did (the last quarter of the samples against the second).
#
# Usage: bench/soak.sh [--seconds S] [--rate N] [--results DIR] [more bench/run.sh options]
#   --seconds S   length (default 600)
#   --rate N      msgs/s instead of 70% of the measured maximum
#   --results DIR where soak-<time>.md, .csv and soak.png go (default bench/results)
#
# Plotting needs gnuplot (Debian: apt-get install gnuplot-nox); without it the table and CSV are still written.
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
SECONDS_TOTAL=600
RESULTS="$BENCH_DIR/results"
PASS=()
while (($#)); do
  case "$1" in
    --seconds) SECONDS_TOTAL="$2"; shift 2 ;;
    --rate) PASS+=(--soak-rate "$2"); shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done
mkdir -p "$RESULTS"

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
"$BENCH_DIR/run.sh" --soak "$SECONDS_TOTAL" --peers none --results "$RESULTS" "${PASS[@]}" 2>&1 | tee "$LOG"
md="$(grep '^results: ' "$LOG" | tail -1 | sed 's/^results: //')"
csv="$(grep '^soak csv: ' "$LOG" | tail -1 | sed 's/^soak csv: //')"
[[ -f "$md" && -f "$csv" ]] || { echo "soak: no results" >&2; exit 1; }

if command -v gnuplot >/dev/null 2>&1; then
  png="$RESULTS/soak.png"
  gnuplot <<EOF
set terminal pngcairo size 1000,900 font ",10"
set output "$png"
set datafile separator ","
set key top right
set grid
set xlabel "seconds"
set multiplot layout 3,1 title "Soak: Kafka -> Kafka (kafka-source), $(basename "$csv" .csv)"
set ylabel "MB / % of a core"
set yrange [0:*]
plot "$csv" using 1:7 with lines lw 2 title "RSS (MB)", "$csv" using 1:8 with lines title "CPU (% of one core)"
set ylabel "records"
plot "$csv" using 1:4 with lines lw 2 title "consumer lag (records)"
set ylabel "ms / msgs per s"
set y2tics
set ytics nomirror
set y2label "msgs/s"
plot "$csv" using 1:6 with lines lw 2 title "p99 latency (ms)", "$csv" using 1:5 with lines title "p50 latency (ms)", \
     "$csv" using 1:3 axes x1y2 with lines title "delivered (msgs/s, right axis)"
unset multiplot
EOF
  echo "plot: $png"
else
  echo "soak: gnuplot not found, no plot (apt-get install gnuplot-nox)" >&2
fi
echo "results: $md"
