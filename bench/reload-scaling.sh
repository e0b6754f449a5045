#!/usr/bin/env bash
# Reload cost against the size of the route set: how long an edited route takes to answer with its new behaviour,
# how long the gateway takes to start, and its memory, with 10 routes (the baseline, measured in the same run) and
# with more. No broker is needed: every route answers HTTP through a filter, a transform and a connector
# (log-sink), so it is checked like a real route.
#
# Usage: bench/reload-scaling.sh [--sizes 10,100,1000] [--edits N] [--quick] [--results DIR]
#
#   --sizes LIST   route-set sizes, one route per file; the first is the baseline (default 10,100,1000)
#   --edits N      edits measured per size, each on a different file (default 15; quick 3)
#   --quick        sizes 10,50 and 3 edits: proves the harness works; results go to bench/results/raw/
#   --results DIR  where the markdown goes (default bench/results)
#
# Each edit rewrites one route file with a new answer and polls that route's URL every few milliseconds until
# the new answer comes back; the time from the write to that answer is the figure, watcher debounce
# (junction.reload.debounce, 150 ms) included, as a user sees it. Medians over the edits; ratios against the
# baseline size. Needs the packaged gateway (./mvnw package -DskipTests; JUNCTION_APP=path/quarkus-run.jar runs
# another build, e.g. to compare two versions) and curl. Last line: "results: <path>".
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
ROOT="$(cd -- "$BENCH_DIR/.." && pwd -P)"
APP="${JUNCTION_APP:-$ROOT/target/quarkus-app/quarkus-run.jar}"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

sizes="10,100,1000"; edits=15; quick=0; results="$BENCH_DIR/results"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --edits) edits="$2"; shift 2 ;;
    --quick) quick=1; sizes="10,50"; edits=3; results="$BENCH_DIR/results/raw"; shift ;;
    --results) results="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "reload-scaling: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$APP" ]] || { echo "reload-scaling: no packaged gateway at $APP: run ./mvnw package -DskipTests first" >&2; exit 1; }

cd "$ROOT" # config/application.properties is read from the working directory
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$BENCH_DIR/target/reload/$stamp"
mkdir -p "$work" "$results"
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

route() { # id answer
  cat <<ROUTE
- route:
    id: $1
    from:
      uri: platform-http
      parameters:
        path: /r/$1
      steps:
        - filter:
            simple: \${header.skip} == null
            steps:
              - setBody:
                  constant: "$2"
              - to:
                  uri: kamelet:log-sink
                  parameters:
                    loggerName: bench.$1
                    level: DEBUG
ROUTE
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%d\n", (a[NR/2]+a[NR/2+1])/2}}'; }

declare -A live start rss
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

IFS=',' read -r -a size_list <<< "$sizes"
for n in "${size_list[@]}"; do
  dir="$work/routes-$n"; mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do route "r$i" "v0" > "$dir/r$i.yaml"; done
  http=$(free_port); mgmt=$(free_port)
  t0=$(now_ms)
  QUARKUS_HTTP_PORT=$http QUARKUS_MANAGEMENT_PORT=$mgmt JUNCTION_HEALTH_KAFKA_ENABLED=false \
    JUNCTION_DEAD_LETTER_ENABLED=false "$JAVA" -Xmx512m -jar "$APP" run --routes "$dir" \
    --connectors "$ROOT/connectors" > "$work/gateway-$n.log" 2>&1 &
  pid=$!
  # Started = ready (every route of the set started) and the last route answers.
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$mgmt/q/health/ready" || true)" == "200" \
      && "$(curl -s -m 1 "http://127.0.0.1:$http/r/r$n" || true)" == "v0" ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "reload-scaling: gateway with $n routes exited, log: $work/gateway-$n.log" >&2; exit 1; }
    (( $(now_ms) - t0 < 300000 )) || { echo "reload-scaling: gateway with $n routes not ready in 300 s" >&2; exit 1; }
    sleep 0.05
  done
  start[$n]=$(( $(now_ms) - t0 ))
  : > "$work/live-$n.txt"
  for ((e = 1; e <= edits; e++)); do
    id="r$(( (e * 7919) % n + 1 ))"
    sleep 1 # let the previous reload settle; not part of any figure
    t=$(now_ms)
    route "$id" "v$e" > "$dir/$id.yaml.tmp" && mv "$dir/$id.yaml.tmp" "$dir/$id.yaml"
    until [[ "$(curl -s -m 1 "http://127.0.0.1:$http/r/$id" || true)" == "v$e" ]]; do
      (( $(now_ms) - t < 60000 )) || { echo "reload-scaling: edit of $id with $n routes not live in 60 s" >&2; exit 1; }
      sleep 0.005
    done
    echo $(( $(now_ms) - t )) >> "$work/live-$n.txt"
  done
  live[$n]=$(median < "$work/live-$n.txt")
  rss[$n]=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  echo "reload-scaling: $n routes: start ${start[$n]} ms, edit live ${live[$n]} ms (median of $edits), RSS ${rss[$n]} MB"
done

base="${size_list[0]}"
out="$results/reload-$stamp.md"
{
  echo "# Reload scaling, $stamp"
  echo
  echo "One route per file (platform-http, filter, setBody, kamelet:log-sink), no broker. Edit live: from writing one file to its route answering"
  echo "with the new behaviour, watcher debounce (150 ms) included; median of $edits edits. Ratios against $base routes."
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1)."
  echo
  echo "| routes | edit live (ms) | × $base routes | start until ready and every route answers (ms) | × $base routes | RSS after the edits (MB) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for n in "${size_list[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "${live[$n]}" \
      "$(awk -v a="${live[$n]}" -v b="${live[$base]}" 'BEGIN {printf "%.2f", a / b}')" "${start[$n]}" \
      "$(awk -v a="${start[$n]}" -v b="${start[$base]}" 'BEGIN {printf "%.2f", a / b}')" "${rss[$n]}"
  done
  echo
  echo "Every edit, ms: $(for n in "${size_list[@]}"; do printf '%s: %s; ' "$n" "$(paste -sd, "$work/live-$n.txt")"; done)"
} > "$out"
echo "results: $out"
