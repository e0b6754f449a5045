#!/usr/bin/env bash
# Where start-up time goes: the gateway (fast-jar, JDK 17, config/jvm.options) started RUNS times with the one route
# of the start-up comparison (bench/routes/webhook-to-kafka.yaml: webhook-source -> kafka-sink) and the local
# brokers, each phase timed from the gateway's own log lines against the launch and the first 202:
#   JVM and Quarkus boot      launch -> Quarkus' "started in" (CDI, Vert.x and the HTTP servers, Camel's context)
#   Camel context start       -> Camel's "started in" (components, the dead-letter route, no user routes yet)
#   route files read/checked  parsing and checking every route and connector file (GatewayRoutes, its own figure)
#   routes applied            adding and starting the routes (GatewayRoutes, its own figure)
#   to the first 202          the rest, until a webhook is answered 202: the Kafka producer's first connection
#                             and metadata, the first request's class loading
# Usage: bench/startup-breakdown.sh [RUNS]   (default 5; medians go to bench/results/startup-breakdown-*.md)
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P)"
cd "$ROOT"
RUNS="${1:-5}"
APP="$ROOT/target/quarkus-app/quarkus-run.jar"
[[ -f "$APP" ]] || ./mvnw -B -q package -DskipTests
deploy/local/brokers.sh ensure >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/routes"
sed -e 's|@@PATH@@|/webhooks/startup|' -e 's|@@OUT_TOPIC@@|bench-startup-route|' bench/routes/webhook-to-kafka.yaml \
  >"$WORK/routes/webhook-to-kafka.yaml"
JVM_OPTS="$(grep -v '^[[:space:]]*\(#\|$\)' config/jvm.options | tr '\n' ' ')"
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%3N)
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=18490 QUARKUS_MANAGEMENT_PORT=19490 JUNCTION_ADMIN_TOKEN=bench \
    java $JVM_OPTS -jar "$APP" run --routes "$WORK/routes" >"$WORK/run-$i.log" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:18490/webhooks/startup \
      -H 'Content-Type: application/json' -d '{"startup":true}' 2>/dev/null)" == 202 ]]; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/run-$i.log" >&2; exit 1; }
    sleep 0.02
  done
  echo "$start $(date +%s%3N)" >"$WORK/run-$i.times"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
OUT="bench/results/startup-breakdown-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$WORK" "$RUNS" "$OUT" "$(git rev-parse --short HEAD)" <<'PY'
import re, statistics, sys, datetime
work, runs, out, commit = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
phases = ["JVM and Quarkus boot", "Camel context start", "route files read and checked", "routes applied",
          "to the first 202"]
rows = {p: [] for p in phases}; totals = []
def at(line, day):
    h, m, s = line[:12].split(":")
    return day + (int(h) * 3600 + int(m) * 60 + float(s)) * 1000
for i in range(1, runs + 1):
    start, first = map(int, open(f"{work}/run-{i}.times").read().split())
    day = start - start % 86400000
    lines = open(f"{work}/run-{i}.log").read().splitlines()
    find = lambda pat: next(l for l in lines if re.search(pat, l))
    quarkus = at(find(r"\[io\.quarkus\].* started in"), day)
    camel = at(find(r"Apache Camel .* started in"), day)
    applied = find(r"Routes applied.*files read and checked in")
    apply_ms = int(re.search(r"\((\d+) ms\)", applied).group(1))
    read_ms = int(re.search(r"checked in (\d+) ms", applied).group(1))
    done = at(applied, day)
    for p, v in zip(phases, [quarkus - start, camel - quarkus, read_ms, apply_ms, first - done]):
        rows[p].append(v)
    totals.append(first - start)
with open(out, "w") as f:
    f.write(f"# Where start-up time goes, {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC\n\n")
    f.write(f"Command: `bench/startup-breakdown.sh {runs}` at commit {commit}: the gateway (fast-jar, JDK 17, "
            "config/jvm.options) with bench/routes/webhook-to-kafka.yaml, started and stopped "
            f"{runs} times; medians. Phases from the gateway's own log lines (see the script's header). The rest "
            "between Camel's start and the route files (the reload watcher, the connectors directory listing) "
            "is in neither row.\n\n")
    f.write("| phase | median ms | share of the total | per run ms |\n|---|---:|---:|---|\n")
    total = statistics.median(totals)
    for p in phases:
        m = statistics.median(rows[p])
        f.write(f"| {p} | {m:.0f} | {100 * m / total:.0f}% | {' / '.join(f'{v:.0f}' for v in rows[p])} |\n")
    f.write(f"| **launch to the first 202** | **{total:.0f}** | 100% | {' / '.join(str(v) for v in totals)} |\n")
print(open(out).read())
PY
