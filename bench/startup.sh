#!/usr/bin/env bash
# Start-up benchmark: time from launching the gateway to the first webhook answered 2xx, with the example routes
# (routes/examples) and the local brokers, for each way of starting the same sources:
#   jdk17               fast-jar on JDK 17: what ./junction run and the image do today (the baseline)
#   jdk17-aotjar        aot-jar packaging (a flat class path the JVM's own class loaders can archive), JDK 17
#   jdk17-appcds        aot-jar, JDK 17, with an AppCDS archive (-XX:SharedArchiveFile)
#   jdk25-aot           aot-jar, JDK 25, with an AOT cache (-XX:AOTCache; JEP 483, 514, 515)
# and, against stock Camel, one route (webhook -> Kafka, 202 after the send) that both can run:
#   junction-route      fast-jar on JDK 17 with bench/routes/webhook-to-kafka.yaml (webhook-source -> kafka-sink)
#   camel-main-route    stock Camel Main 4.17 (bench/peers/camel-main) with the same route in plain Camel YAML
#                       (platform-http -> kafka), as the benchmark's camel-main peer runs it
# Every variant runs with config/jvm.options (what ./junction uses). Both archives come from a training run that
# starts the gateway, serves one webhook and stops (SIGTERM): the JVM writes them at exit. Both packagings are built
# here, into target/startup-bench (target/quarkus-app is left alone); Camel Main is resolved from Maven Central.
# Usage: bench/startup.sh [RUNS]   (default 5; medians and ratios go to bench/results/startup-*.md)
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P)"
cd "$ROOT"
RUNS="${1:-5}"
JDK17="${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
WORK="$ROOT/target/startup-bench"
JVM_OPTS="$(grep -v '^[[:space:]]*\(#\|$\)' config/jvm.options | tr '\n' ' ')"
HTTP_PORT=18480
MANAGEMENT_PORT=19480
mkdir -p "$WORK" bench/results
deploy/local/brokers.sh ensure >/dev/null

for type in fast-jar aot-jar; do
  echo "building $type into $WORK/$type" >&2
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=$type -Dquarkus.package.output-directory=startup-bench/$type >&2
done

CAMEL_CP_FILE="$ROOT/bench/target/peers/camel-main.classpath"
if [[ ! -s "$CAMEL_CP_FILE" || bench/peers/camel-main/pom.xml -nt "$CAMEL_CP_FILE" ]]; then
  echo "resolving stock Camel Main (bench/peers/camel-main/pom.xml)" >&2
  mkdir -p "$(dirname "$CAMEL_CP_FILE")"
  ./mvnw -B -q -f bench/peers/camel-main/pom.xml dependency:build-classpath -Dmdep.outputFile="$CAMEL_CP_FILE" >&2
fi
# The one-route pair: the same topic for both (created by the first webhook of the preparing run below).
ROUTE_TOPIC=bench-startup-route
mkdir -p "$WORK/junction-route" "$WORK/camel-main-route"
sed -e 's|@@PATH@@|/webhooks/events|' -e "s|@@OUT_TOPIC@@|$ROUTE_TOPIC|" bench/routes/webhook-to-kafka.yaml \
  >"$WORK/junction-route/webhook-to-kafka.yaml"
sed -e 's|@@PATH@@|/webhooks/events|' -e "s|@@OUT_TOPIC@@|$ROUTE_TOPIC|" bench/peers/camel-main/webhook-to-kafka.yaml \
  >"$WORK/camel-main-route/route.yaml"
cat >"$WORK/camel-main-route/application.properties" <<PROPS
camel.main.name=camel-main-peer
camel.main.routes-include-pattern=file:$WORK/camel-main-route/route.yaml
camel.component.kafka.brokers=127.0.0.1:9092
camel.component.kafka.request-required-acks=all
camel.component.kafka.enable-idempotence=true
camel.server.enabled=true
camel.server.host=127.0.0.1
camel.server.port=$HTTP_PORT
PROPS

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start JAVA_HOME PACKAGING|camel-main ROUTES FLAGS...: launches the gateway (or Camel Main) in the background,
# sets PID
start() {
  local jdk="$1" type="$2" routes="$3"; shift 3
  # shellcheck disable=SC2086
  if [[ "$type" == camel-main ]]; then
    "$jdk/bin/java" $JVM_OPTS "$@" -cp "$(cat "$CAMEL_CP_FILE")" org.apache.camel.main.Main \
      -pl "file:$WORK/camel-main-route/application.properties" >"$WORK/gateway.log" 2>&1 &
  else
    QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT JUNCTION_RELOAD_ENABLED=false \
      "$jdk/bin/java" $JVM_OPTS "$@" -jar "$WORK/$type/quarkus-run.jar" run --routes "$routes" >"$WORK/gateway.log" 2>&1 &
  fi
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
train "$JDK17" aot-jar routes/examples -XX:ArchiveClassesAtExit="$WORK/app.jsa"
train "$JDK25" aot-jar routes/examples -XX:AOTCacheOutput="$WORK/app.aot"
train "$JDK17" camel-main -   # creates the one-route pair's topic, so that neither timed run waits for that
ls -la "$WORK/app.jsa" "$WORK/app.aot" >&2

declare -A FLAGS=(
  [jdk17]="$JDK17|fast-jar|routes/examples|"
  [jdk17-aotjar]="$JDK17|aot-jar|routes/examples|"
  [jdk17-appcds]="$JDK17|aot-jar|routes/examples|-XX:SharedArchiveFile=$WORK/app.jsa"
  [jdk25-aot]="$JDK25|aot-jar|routes/examples|-XX:AOTCache=$WORK/app.aot"
  [junction-route]="$JDK17|fast-jar|$WORK/junction-route|"
  [camel-main-route]="$JDK17|camel-main|-|"
)
ORDER=(jdk17 jdk17-aotjar jdk17-appcds jdk25-aot junction-route camel-main-route)
declare -A TIMES RSS
for ((r = 1; r <= RUNS; r++)); do
  for v in "${ORDER[@]}"; do   # interleaved, so that machine noise spreads over every variant alike
    IFS='|' read -r jdk type routes flag <<<"${FLAGS[$v]}"
    T0=$(now_ms)
    # shellcheck disable=SC2086
    start "$jdk" "$type" "$routes" $flag
    ms=$(first_webhook)
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
    stop
    TIMES[$v]+="$ms "
    RSS[$v]+="$rss "
    echo "run $r $v: ${ms} ms to the first webhook, RSS ${rss} MB" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# row VARIANT BASE: one table row, the ratio against BASE's median
row() {
  local m b
  m=$(echo "${TIMES[$1]}" | median)
  b=$(echo "${TIMES[$2]}" | median)
  printf '| %s | %s | %.2f× | %s | %s|\n' "$1" "$m" "$(echo "$m / $b" | bc -l)" "$(echo "${RSS[$1]}" | median)" "${TIMES[$1]}"
}
out="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Start-up: launch to the first webhook answered 2xx"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, local brokers, $RUNS runs each (interleaved), medians; every JVM with"
  echo "config/jvm.options (\`$JVM_OPTS\`)."
  echo "JDK 17: $("$JDK17/bin/java" -version 2>&1 | head -1). JDK 25: $("$JDK25/bin/java" -version 2>&1 | head -1)."
  echo "Archives from one training run each: AppCDS $(du -m "$WORK/app.jsa" | cut -f1) MB, AOT cache $(du -m "$WORK/app.aot" | cut -f1) MB."
  echo
  echo "## The example routes (routes/examples), four ways of starting the gateway"
  echo
  echo "| variant | first webhook (ms) | vs jdk17 | RSS after it (MB) | runs (ms) |"
  echo "|---|---|---|---|---|"
  for v in jdk17 jdk17-aotjar jdk17-appcds jdk25-aot; do row "$v" jdk17; done
  echo
  echo "## One route, Junction against stock Camel Main 4.17 (webhook → Kafka, 202 after the send, JDK 17, plain JVM)"
  echo
  echo "| variant | first webhook (ms) | vs camel-main-route | RSS after it (MB) | runs (ms) |"
  echo "|---|---|---|---|---|"
  for v in junction-route camel-main-route; do row "$v" camel-main-route; done
} | tee "$out"
echo "written: $out" >&2
