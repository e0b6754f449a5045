#!/usr/bin/env bash
# Start-up benchmark: time from launching the gateway to the first webhook answered 2xx, with the example routes
# (routes/examples) and the local brokers, for each way of starting the same sources:
#   jdk17               fast-jar on JDK 17: what ./junction run and the image do today (the baseline)
#   jdk17-aotjar        aot-jar packaging (a flat class path the JVM's own class loaders can archive), JDK 17
#   jdk17-appcds        aot-jar, JDK 17, with an AppCDS archive (-XX:SharedArchiveFile)
#   jdk25-aot           aot-jar, JDK 25, with an AOT cache (-XX:AOTCache; JEP 483, 514, 515)
# Both archives come from a training run that starts the gateway, serves one webhook and stops (SIGTERM): the JVM
# writes them at exit. Both packagings are built here, into target/startup-bench (target/quarkus-app is left alone).
# Usage: bench/startup.sh [RUNS]   (default 5; medians and ratios to jdk17 go to bench/results/startup-*.md)
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P)"
cd "$ROOT"
RUNS="${1:-5}"
JDK17="${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
WORK="$ROOT/target/startup-bench"
HTTP_PORT=18480
MANAGEMENT_PORT=19480
mkdir -p "$WORK" bench/results
deploy/local/brokers.sh ensure >/dev/null

for type in fast-jar aot-jar; do
  echo "building $type into $WORK/$type" >&2
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=$type -Dquarkus.package.output-directory=startup-bench/$type >&2
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start JAVA_HOME PACKAGING FLAGS...: launches the gateway in the background, sets PID
start() {
  local jdk="$1" type="$2"; shift 2
  QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT JUNCTION_RELOAD_ENABLED=false \
    "$jdk/bin/java" "$@" -jar "$WORK/$type/quarkus-run.jar" run --routes routes/examples >"$WORK/gateway.log" 2>&1 &
  PID=$!
}

# first_webhook: prints the milliseconds from T0 (epoch ms) until a webhook is answered 2xx. One poller process
# (a request every 20 ms) so that polling takes no CPU worth measuring from the gateway starting beside it.
first_webhook() {
  python3 - "$T0" "$HTTP_PORT" "$PID" <<'PY' || { tail -20 "$WORK/gateway.log" >&2; return 1; }
import http.client, os, sys, time
t0, port, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
deadline = time.time() + 120
while time.time() < deadline:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("POST", "/webhooks/events", b'{"bench":"startup"}', {"Content-Type": "application/json"})
        if 200 <= c.getresponse().status < 300:
            print(int(time.time() * 1000) - t0)
            sys.exit(0)
    except OSError:
        pass
    os.kill(pid, 0)  # the gateway died: stop
    time.sleep(0.02)
sys.exit(1)
PY
}

stop() { kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }

train() {
  T0=$(now_ms); start "$@"; first_webhook >/dev/null; stop
}

echo "training: AppCDS (JDK 17), AOT cache (JDK 25)" >&2
rm -f "$WORK/app.jsa" "$WORK/app.aot"
train "$JDK17" aot-jar -XX:ArchiveClassesAtExit="$WORK/app.jsa"
train "$JDK25" aot-jar -XX:AOTCacheOutput="$WORK/app.aot"
ls -la "$WORK/app.jsa" "$WORK/app.aot" >&2

declare -A FLAGS=(
  [jdk17]="$JDK17|fast-jar|"
  [jdk17-aotjar]="$JDK17|aot-jar|"
  [jdk17-appcds]="$JDK17|aot-jar|-XX:SharedArchiveFile=$WORK/app.jsa"
  [jdk25-aot]="$JDK25|aot-jar|-XX:AOTCache=$WORK/app.aot"
)
ORDER=(jdk17 jdk17-aotjar jdk17-appcds jdk25-aot)
declare -A TIMES RSS
for ((r = 1; r <= RUNS; r++)); do
  for v in "${ORDER[@]}"; do   # interleaved, so that machine noise spreads over every variant alike
    IFS='|' read -r jdk type flag <<<"${FLAGS[$v]}"
    T0=$(now_ms)
    # shellcheck disable=SC2086
    start "$jdk" "$type" $flag
    ms=$(first_webhook)
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
    stop
    TIMES[$v]+="$ms "
    RSS[$v]+="$rss "
    echo "run $r $v: ${ms} ms to the first webhook, RSS ${rss} MB" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
base=$(echo "${TIMES[jdk17]}" | median)
out="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Start-up: launch to the first webhook answered 2xx"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, example routes, local brokers, $RUNS runs each (interleaved), medians."
  echo "JDK 17: $("$JDK17/bin/java" -version 2>&1 | head -1). JDK 25: $("$JDK25/bin/java" -version 2>&1 | head -1)."
  echo "Archives from one training run each: AppCDS $(du -m "$WORK/app.jsa" | cut -f1) MB, AOT cache $(du -m "$WORK/app.aot" | cut -f1) MB."
  echo
  echo "| variant | first webhook (ms) | vs jdk17 | RSS after it (MB) | runs (ms) |"
  echo "|---|---|---|---|---|"
  for v in "${ORDER[@]}"; do
    m=$(echo "${TIMES[$v]}" | median)
    printf '| %s | %s | %.2f× | %s | %s|\n' "$v" "$m" "$(echo "$m / $base" | bc -l)" "$(echo "${RSS[$v]}" | median)" "${TIMES[$v]}"
  done
} | tee "$out"
echo "written: $out" >&2
