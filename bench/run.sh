#!/usr/bin/env bash
# Junction benchmark: Junction's routes against hand-written baselines on the same local brokers, one command.
#
# Usage: bench/run.sh [--quick] [--records N] [--rounds N] [--scenarios kafka,kafka-batch,amqp,rabbitmq,webhook] [more options]
#
#   --quick              tiny inputs (200 events, 1 round): proves the harness works; results go to
#                        bench/results/raw/ (not committed) and latest.md is left alone
#   --records N          measured events per round and contender (default 100000)
#   --amqp-records N     the same for the amqp and rabbitmq scenarios (default 50000)
#   --warmup N           events before the measured ones, not counted (default as many as measured; quick 20)
#   --rounds N           rounds; each runs Junction and the baseline, alternating who goes first (default 3)
#   --scenarios LIST     comma-separated subset of kafka,kafka-batch,amqp,rabbitmq,webhook (default all)
#   --payload BYTES      event size (default 512)
#   --partitions N       partitions of every topic (default 3)
#   --latency-rate R     events/s of the latency phase of the broker scenarios (default 200)
#   --latency-seconds S  length of that phase (default 5; quick 0.5)
#   --concurrency N      HTTP connections of the webhook load (default 16)
#   --consumers N        Kafka consumers per contender in the kafka scenarios (default 1): kafka-source's
#                        consumersCount, the loop's threads
#   --soak S             instead of the scenarios: the soak (bench/soak.sh runs it and plots it): Kafka -> Kafka
#                        through kafka-source for S seconds at --soak-share (default 0.7) of the maximum the same
#                        gateway first drains from a backlog of 2 x --records, or at --soak-rate N msgs/s; sampled
#                        every --soak-interval seconds (default 10); writes soak-<time>.md and .csv, not latest.md
#   --timeout S          give up on a phase after S seconds without completion (default max(180, events/50))
#   --results DIR        where the markdown goes (default bench/results, quick: bench/results/raw)
#   --peers LIST         peers to run where a scenario has one: mirrormaker2 (kafka), camel-main (kafka,
#                        webhook), node-red (webhook; needs npm), or none (default all; quick: none)
#   --amqp-baseline-commit-every K (default 500), --kafka-baseline-per-record-sync
#                        analysis variants of the baselines (labelled as such in the results)
#
# Environment: BENCH_JVM_OPTS (JVM options of the gateway and the baselines, default config/jvm.options: what
# ./junction starts the gateway with),
# BENCH_GATEWAY_JVM_OPTS (extra options for the gateway only, e.g. a JFR recording), BENCH_REBUILD=1 (rebuild
# the bench tools even if they look up to date), JAVA_HOME, JUNCTION_STATE_DIR (as for deploy/local/brokers.sh).
#
# Steps: ensure the local brokers (deploy/local/brokers.sh ensure; never stops them), build the bench tools
# (bench/pom.xml -> bench/target/junction-bench.jar), copy target/quarkus-app to bench/target/gateway (so a
# rebuild of the gateway during the run does not matter), run, write bench/results/<UTC time>.md and latest.md.
# The last line printed is "results: <path of the markdown file>".
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
ROOT="$(cd -- "$BENCH_DIR/.." && pwd -P)"
STATE_DIR="${JUNCTION_STATE_DIR:-$ROOT/.junction}"
APP="$ROOT/target/quarkus-app"
GATEWAY_COPY="$BENCH_DIR/target/gateway"
BENCH_JAR="$BENCH_DIR/target/junction-bench.jar"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
# The flags ./junction starts the gateway with, so the results describe the gateway as users run it.
DEFAULT_JVM_OPTS="$(grep -v '^[[:space:]]*\(#\|$\)' "$ROOT/config/jvm.options" | tr '\n' ' ')"

die() { echo "bench: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

for arg in "$@"; do
  case "$arg" in
    -h|--help|help) usage; exit 0 ;;
  esac
done

[[ -f "$APP/quarkus-run.jar" ]] || die "no packaged gateway at $APP/quarkus-run.jar: run ./mvnw package -DskipTests first"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA_HOME or put java on the PATH)"

echo "bench: brokers (deploy/local/brokers.sh ensure)"
"$ROOT/deploy/local/brokers.sh" ensure

if [[ "${BENCH_REBUILD:-0}" == 1 || ! -f "$BENCH_JAR" ]] \
   || [[ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$BENCH_JAR" -print -quit)" ]]; then
  echo "bench: building the bench tools (mvnw -f bench/pom.xml package)"
  "$ROOT/mvnw" -q -B -f "$BENCH_DIR/pom.xml" package || die "building bench/pom.xml failed"
fi

# Peers: tools users already run, each installed from its public registry into bench/target/peers: a JVM peer
# (bench/peers/NAME/pom.xml) from Maven Central as a classpath file NAME.classpath, a Node.js peer
# (bench/peers/NAME/package.json and package-lock.json) from npm with npm ci into NAME/. Only the peers the run
# will start: none for --quick (unless --peers asks), --peers none or --soak.
PEERS_DIR="$BENCH_DIR/target/peers"
PEERS="$(printf '%s\n' "$@" | awk 'p { print; exit } /^--peers$/ { p = 1 } /^--peers=/ { sub(/^--peers=/, ""); print; exit }')"
if [[ -z "$PEERS" ]]; then
  if [[ " $* " == *" --quick "* || " $* " == *" --soak "* ]]; then PEERS=none; else PEERS=all; fi
fi
wants_peer() { [[ "$PEERS" == all || ",$PEERS," == *",$1,"* ]]; }
for dir in "$BENCH_DIR"/peers/*/; do
  name="$(basename "$dir")"
  wants_peer "$name" || continue
  mkdir -p "$PEERS_DIR"
  if [[ -f "$dir/pom.xml" ]]; then
    cp_file="$PEERS_DIR/$name.classpath"
    if [[ ! -s "$cp_file" || "$dir/pom.xml" -nt "$cp_file" ]]; then
      echo "bench: resolving peer $name (mvnw -f bench/peers/$name/pom.xml)"
      "$ROOT/mvnw" -q -B -f "$dir/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" \
        || die "resolving peer $name failed"
    fi
  elif [[ -f "$dir/package.json" ]]; then
    target="$PEERS_DIR/$name"
    if [[ ! -d "$target/node_modules" || "$dir/package-lock.json" -nt "$target/node_modules" ]]; then
      command -v npm >/dev/null 2>&1 \
        || die "peer $name needs Node.js and npm (or leave it out: --peers with the other peers, or none)"
      echo "bench: installing peer $name (npm ci from bench/peers/$name)"
      rm -rf "$target" && mkdir -p "$target"
      cp "$dir/package.json" "$dir/package-lock.json" "$target/"
      (cd "$target" && npm ci --no-audit --no-fund --omit=optional --loglevel=error) || die "installing peer $name failed"
    fi
  fi
done

# Run a copy of the gateway: target/quarkus-app may be rebuilt while the benchmark runs.
copy_gateway() {
  rm -rf "$GATEWAY_COPY"
  mkdir -p "$GATEWAY_COPY"
  cp -a "$APP/." "$GATEWAY_COPY/" 2>/dev/null \
    && [[ -f "$GATEWAY_COPY/quarkus-run.jar" && -f "$GATEWAY_COPY/quarkus/quarkus-application.dat" ]] \
    && [[ -n "$(ls -A "$GATEWAY_COPY/lib/main" 2>/dev/null)" ]]
}
copied=0
for _ in 1 2 3 4 5 6; do
  if copy_gateway; then copied=1; break; fi
  echo "bench: $APP looks incomplete (being rebuilt?), retrying in 10 s" >&2
  sleep 10
done
((copied)) || die "could not copy a complete gateway from $APP"
echo "bench: gateway copied to ${GATEWAY_COPY#"$ROOT"/} (built $(date -u -r "$GATEWAY_COPY/quarkus-run.jar" +%FT%TZ))"
# The connectors are snapshotted with the gateway: an edit made after the last build must not meet an older jar.
CONNECTORS_COPY="$BENCH_DIR/target/connectors"
rm -rf "$CONNECTORS_COPY" && cp -a "$ROOT/connectors" "$CONNECTORS_COPY"

WORK="$BENCH_DIR/target/run/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$WORK"
# Keep the logs of the last five runs.
ls -1dt "$BENCH_DIR"/target/run/*/ 2>/dev/null | tail -n +6 | xargs -r rm -rf

cd "$ROOT"
exec "$JAVA" -Xmx512m -Dbench.command="bench/run.sh${*:+ $*}" -jar "$BENCH_JAR" \
  --root "$ROOT" --app "$GATEWAY_COPY" --bench-jar "$BENCH_JAR" --work "$WORK" --state "$STATE_DIR" \
  --java "$JAVA" --jvm-opts="${BENCH_JVM_OPTS:-$DEFAULT_JVM_OPTS}" --gateway-jvm-opts="${BENCH_GATEWAY_JVM_OPTS:-}" \
  --connectors "$CONNECTORS_COPY" --peers-dir "$PEERS_DIR" "$@"
