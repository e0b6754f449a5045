#!/usr/bin/env bash
# Junction local real-broker stack, no Docker needed.
#
# Runs Apache Kafka (KRaft, single combined broker/controller), Apache ActiveMQ Artemis, a Zipkin server
# (the trace backend) and Apicurio Registry (the schema registry) as plain background JVM processes built from
# Maven Central artifacts, bound to 127.0.0.1 only. State, logs and pid files live under $JUNCTION_STATE_DIR (default: <repo root>/.junction).
#
# Usage: deploy/local/brokers.sh <command> [kafka|artemis|zipkin|registry|all]
#   start   [which]  fetch if needed, start in the background, wait until the broker answers
#   stop    [which]  SIGTERM, wait up to $STOP_TIMEOUT s, then SIGKILL
#   status           one line per broker, plus reachability of RabbitMQ, Mosquitto and PostgreSQL
#   ensure  [which]  start what is not running and remember what this call started
#   release [which]  stop only what `ensure` started
#   reset   [which]  stop and delete broker data and generated config (keeps downloads)
#   fetch   [which]  only download / prepare
#   smoke   [which]  round-trip one message through each running broker with real clients
#   help
#
# See deploy/local/README.md for the environment overrides.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"

STATE_DIR="${JUNCTION_STATE_DIR:-$REPO_ROOT/.junction}"
mkdir -p -- "$STATE_DIR"
STATE_DIR="$(cd -- "$STATE_DIR" && pwd -P)"

HOST=127.0.0.1
KAFKA_VERSION="${KAFKA_VERSION:-4.1.2}"
ARTEMIS_VERSION="${ARTEMIS_VERSION:-2.40.0}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
ARTEMIS_AMQP_PORT="${ARTEMIS_AMQP_PORT:-5673}"
ARTEMIS_CORE_PORT="${ARTEMIS_CORE_PORT:-61616}"
ARTEMIS_USER="${ARTEMIS_USER:-junction}"
ARTEMIS_PASSWORD="${ARTEMIS_PASSWORD:-junction}"
ARTEMIS_MEMORY="${ARTEMIS_MEMORY:-512M}"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
ZIPKIN_HEAP="${ZIPKIN_HEAP:--Xmx256m}"
REGISTRY_VERSION="${REGISTRY_VERSION:-3.3.3}"
REGISTRY_PORT="${REGISTRY_PORT:-8085}"
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-9085}"
REGISTRY_HEAP="${REGISTRY_HEAP:--Xmx384m}"
KAFKA_HEAP="${KAFKA_HEAP:--Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
START_TIMEOUT="${START_TIMEOUT:-90}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
MOSQUITTO_PORT="${MOSQUITTO_PORT:-1883}"
POSTGRES_PORT="${POSTGRES_PORT:-5432}"

if [[ -z "${MVN:-}" ]]; then
  if [[ -x "$REPO_ROOT/mvnw" ]]; then MVN="$REPO_ROOT/mvnw"; else MVN=mvn; fi
fi
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_CONFIG="$KAFKA_DIR/config"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_SERVER_PROPS="$KAFKA_CONFIG/server.properties"

ARTEMIS_DIR="$STATE_DIR/artemis"
ARTEMIS_DIST="$ARTEMIS_DIR/dist"
ARTEMIS_HOME_DIR="$ARTEMIS_DIST/apache-artemis-$ARTEMIS_VERSION"
ARTEMIS_INSTANCE="$ARTEMIS_DIR/instance"
ARTEMIS_LOG="$ARTEMIS_DIR/artemis.log"
ARTEMIS_PID="$ARTEMIS_DIR/artemis.pid"

ZIPKIN_DIR="$STATE_DIR/zipkin"
ZIPKIN_JAR="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
ZIPKIN_LOG="$ZIPKIN_DIR/zipkin.log"
ZIPKIN_PID="$ZIPKIN_DIR/zipkin.pid"

REGISTRY_DIR="$STATE_DIR/registry"
REGISTRY_HOME="$REGISTRY_DIR/apicurio-registry-$REGISTRY_VERSION"
REGISTRY_JAR="$REGISTRY_HOME/quarkus-run.jar"
REGISTRY_LOG="$REGISTRY_DIR/registry.log"
REGISTRY_PID="$REGISTRY_DIR/registry.pid"

ENSURE_MARKER="$STATE_DIR/ensure-started"
LOCK_FILE="$STATE_DIR/.lock"

# ----------------------------------------------------------------------------------------------------
# helpers

info() { printf '%s\n' "$*"; }
warn() { printf 'brokers.sh: WARNING: %s\n' "$*" >&2; }
die() { printf 'brokers.sh: ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# Serialise mutating commands between concurrent invocations (e.g. two test runs calling ensure).
# fd 9 is closed in every broker we launch, so the lock is never inherited by a long-running JVM.
take_lock() {
  exec 9>"$LOCK_FILE"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "could not lock $LOCK_FILE within 300 s (another brokers.sh is busy)"
  fi
}

# port_open PORT: does something accept TCP connections on 127.0.0.1:PORT?
port_open() {
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash, on purpose
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# pid_of PIDFILE MATCH: print the pid if the pid file names a live process whose command line contains
# MATCH (guards against stale pid files and pid reuse); print nothing otherwise.
pid_of() {
  local pidfile="$1" match="$2" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$match"* ]] || return 0
  fi
  printf '%s\n' "$pid"
}

# rotate LOGFILE: keep the previous run's log as LOGFILE.1 so readiness checks see only this run.
rotate() {
  if [[ -s "$1" ]]; then mv -f -- "$1" "$1.1"; fi
  : >"$1"
}

run_mvn() {
  info "  running: (cd $REPO_ROOT && $MVN -q -B $*)"
  # Output is captured and shown only on failure (Maven 3.8.x prints stray ANSI resets even under -q -B).
  local out
  if ! out="$(cd "$REPO_ROOT" && "$MVN" -q -B -Dstyle.color=never "$@" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "maven failed (output above; re-run the command without -q for more detail)"
  fi
}

# stop_process NAME PIDFILE MATCH
stop_process() {
  local name="$1" pidfile="$2" match="$3" pid waited=0
  pid="$(pid_of "$pidfile" "$match")"
  if [[ -z "$pid" ]]; then
    rm -f -- "$pidfile"
    info "$name: not running"
    return 0
  fi
  info "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= STOP_TIMEOUT * 4)); then
      warn "$name: pid $pid still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  rm -f -- "$pidfile"
  info "$name: stopped"
}

# launch DIR LOGFILE PIDFILE CMD...: start CMD detached (own session, immune to SIGHUP, stdin from
# /dev/null), stdout+stderr appended to LOGFILE; the pid written is the JVM's own pid because every
# step (subshell -> setsid -> nohup -> artemis script) execs rather than forks.
launch() {
  local dir="$1" logfile="$2" pidfile="$3"
  shift 3
  local -a detach=(nohup)
  if command -v setsid >/dev/null 2>&1; then detach=(setsid nohup); fi
  (
    cd "$dir"
    exec 9>&- </dev/null >>"$logfile" 2>&1
    exec "${detach[@]}" "$@"
  ) &
  printf '%s\n' "$!" >"$pidfile"
}

fail_start() {
  local name="$1" logfile="$2" pidfile="$3" match="$4" reason="$5"
  printf 'brokers.sh: ERROR: %s: %s\n' "$name" "$reason" >&2
  if [[ -s "$logfile" ]]; then
    printf -- '--- last lines of %s ---\n' "$logfile" >&2
    tail -n 25 -- "$logfile" >&2 || true
    printf -- '--- end of log (full log: %s) ---\n' "$logfile" >&2
  fi
  if [[ -n "$(pid_of "$pidfile" "$match")" ]]; then
    STOP_TIMEOUT=10 stop_process "$name" "$pidfile" "$match" >&2
  fi
  rm -f -- "$pidfile"
  exit 1
}

# await_probe NAME PID PROBE LOGFILE PIDFILE MATCH WHAT: wait until PROBE succeeds; stop with the log's end when the
# process exits or START_TIMEOUT passes.
await_probe() {
  local name="$1" pid="$2" probe="$3" logfile="$4" pidfile="$5" match="$6" what="$7" deadline=$((SECONDS + START_TIMEOUT))
  until "$probe"; do
    kill -0 "$pid" 2>/dev/null || fail_start "$name" "$logfile" "$pidfile" "$match" "the server process exited during startup"
    ((SECONDS < deadline)) || fail_start "$name" "$logfile" "$pidfile" "$match" "$what not answering after ${START_TIMEOUT}s"
    sleep 0.5
  done
}

# http_status NAME PID PROBE ADDR WHAT: one status line for a server that answers over HTTP.
http_status() {
  local name="$1" pid="$2" probe="$3" addr="$4" what="$5"
  if [[ -n "$pid" ]] && "$probe"; then
    printf '%-9s %-12s pid %-8s %s\n' "$name" running "$pid" "$addr"
  elif [[ -n "$pid" ]]; then
    printf '%-9s %-12s pid %-8s %s\n' "$name" not-ready "$pid" "$addr (process alive, $what not answering)"
  else
    printf '%-9s %-12s pid %-8s %s\n' "$name" stopped - "$addr"
  fi
}

check_port_free() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "$name: $HOST:$port is already in use by another process (not one this script started from $STATE_DIR); stop it or override the port"
  fi
}

# ----------------------------------------------------------------------------------------------------
# Kafka

kafka_match() { printf '%s' "$KAFKA_SERVER_PROPS"; }
kafka_pid() { pid_of "$KAFKA_PID" "$(kafka_match)"; }

kafka_fetch() {
  if [[ -f "$KAFKA_LIB/.kafka-version" && "$(cat "$KAFKA_LIB/.kafka-version")" == "$KAFKA_VERSION" ]]; then
    kafka_write_tool_config
    return 0
  fi
  if [[ -n "$(kafka_pid)" ]]; then
    die "kafka: running with a different library version than KAFKA_VERSION=$KAFKA_VERSION; stop it first"
  fi
  info "kafka: fetching Apache Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIB"
  local tmp="$KAFKA_DIR/lib.tmp"
  rm -rf -- "$tmp"
  mkdir -p -- "$tmp"
  run_mvn -f "$SCRIPT_DIR/kafka-pom.xml" dependency:copy-dependencies \
    "-DoutputDirectory=$tmp" "-Dkafka.version=$KAFKA_VERSION"
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after fetch"
  compgen -G "$tmp/slf4j-api-2.*.jar" >/dev/null || die "kafka: slf4j-api 2.x missing after fetch (logging would be silent)"
  printf '%s\n' "$KAFKA_VERSION" >"$tmp/.kafka-version"
  rm -rf -- "$KAFKA_LIB"
  mv -- "$tmp" "$KAFKA_LIB"
  kafka_write_tool_config
  info "kafka: $(find "$KAFKA_LIB" -name '*.jar' | wc -l) jars in $KAFKA_LIB"
}

# Logging/client config used by kafka-tool.sh and by the readiness probe.
kafka_write_tool_config() {
  mkdir -p -- "$KAFKA_CONFIG"
  cat >"$KAFKA_CONFIG/tools-log4j2.properties" <<'EOF'
# Generated by deploy/local/brokers.sh: command-line tools log WARN and above to stderr.
status = warn
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
EOF
  cat >"$KAFKA_CONFIG/probe-admin.properties" <<'EOF'
# Generated by deploy/local/brokers.sh: short timeouts for the readiness probe.
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF
}

# Regenerated on every start so that port overrides take effect. Extra or overriding settings go in
# $KAFKA_CONFIG/server-extra.properties (appended verbatim; later keys win).
kafka_write_config() {
  mkdir -p -- "$KAFKA_CONFIG" "$KAFKA_DATA"
  cat >"$KAFKA_SERVER_PROPS" <<EOF
# Generated by deploy/local/brokers.sh on every start; do not edit, use server-extra.properties.
process.roles=broker,controller
node.id=1
# Static single-voter quorum: no --standalone / dynamic-quorum formatting needed.
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
EOF
  if [[ -f "$KAFKA_CONFIG/server-extra.properties" ]]; then
    { printf '\n# --- server-extra.properties ---\n'; cat "$KAFKA_CONFIG/server-extra.properties"; } >>"$KAFKA_SERVER_PROPS"
  fi
  cat >"$KAFKA_CONFIG/log4j2.properties" <<'EOF'
# Generated by deploy/local/brokers.sh: broker logs INFO to stdout, which is redirected to kafka.log.
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
}

kafka_java() {
  "$JAVA" "-Dlog4j2.configurationFile=$KAFKA_CONFIG/tools-log4j2.properties" -cp "$KAFKA_LIB/*" "$@"
}

kafka_format() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    return 0
  fi
  local cluster_id out
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')"
  [[ -n "$cluster_id" ]] || die "kafka: StorageTool random-uuid printed nothing"
  info "kafka: formatting storage in $KAFKA_DATA (cluster id $cluster_id)"
  if ! out="$(kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_SERVER_PROPS" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "kafka: storage format failed"
  fi
  printf '%s\n' "$cluster_id" >"$KAFKA_DIR/cluster.id"
}

# A real Admin metadata round trip (TopicCommand --list) against the PLAINTEXT listener.
kafka_probe() {
  timeout 30 "$JAVA" -Xmx128m "-Dlog4j2.configurationFile=$KAFKA_CONFIG/tools-log4j2.properties" \
    -cp "$KAFKA_LIB/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$HOST:$KAFKA_PORT" --command-config "$KAFKA_CONFIG/probe-admin.properties" --list \
    >/dev/null 2>&1
}

kafka_wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_start kafka "$KAFKA_LOG" "$KAFKA_PID" "$(kafka_match)" "the broker process exited during startup"
    fi
    if port_open "$KAFKA_PORT" && kafka_probe; then
      return 0
    fi
    sleep 0.5
  done
  fail_start kafka "$KAFKA_LOG" "$KAFKA_PID" "$(kafka_match)" \
    "not ready after ${START_TIMEOUT}s (no metadata answer on $HOST:$KAFKA_PORT); see $KAFKA_LOG"
}

kafka_start() {
  local pid t0=$SECONDS
  pid="$(kafka_pid)"
  if [[ -n "$pid" ]]; then
    if port_open "$KAFKA_PORT"; then
      info "kafka: already running (pid $pid) on $HOST:$KAFKA_PORT"
      return 0
    fi
    info "kafka: pid $pid is alive but $HOST:$KAFKA_PORT does not answer yet; waiting"
    kafka_wait_ready "$pid"
    info "kafka: ready (pid $pid) on $HOST:$KAFKA_PORT"
    return 0
  fi
  rm -f -- "$KAFKA_PID"
  check_port_free kafka "$KAFKA_PORT"
  check_port_free "kafka controller" "$KAFKA_CONTROLLER_PORT"
  kafka_fetch
  kafka_write_config
  kafka_format
  rotate "$KAFKA_LOG"
  local -a heap=() extra=()
  read -r -a heap <<<"$KAFKA_HEAP"
  read -r -a extra <<<"$KAFKA_JVM_OPTS"
  info "kafka: starting Kafka $KAFKA_VERSION on $HOST:$KAFKA_PORT (log: $KAFKA_LOG)"
  launch "$KAFKA_DIR" "$KAFKA_LOG" "$KAFKA_PID" \
    "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$KAFKA_CONFIG/log4j2.properties" "-Dkafka.logs.dir=$KAFKA_DIR" \
    "${extra[@]}" -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_SERVER_PROPS"
  pid="$(cat "$KAFKA_PID")"
  kafka_wait_ready "$pid"
  info "kafka: ready (pid $pid) on $HOST:$KAFKA_PORT after $((SECONDS - t0))s"
}

kafka_stop() { stop_process kafka "$KAFKA_PID" "$(kafka_match)"; }

kafka_reset() {
  kafka_stop
  rm -rf -- "$KAFKA_DATA" "$KAFKA_DIR/cluster.id" "$KAFKA_LOG" "$KAFKA_LOG.1" \
    "$KAFKA_SERVER_PROPS" "$KAFKA_CONFIG/log4j2.properties"
  info "kafka: data deleted (kept $KAFKA_LIB and $KAFKA_CONFIG/server-extra.properties if any)"
}

kafka_status() {
  local pid
  pid="$(kafka_pid)"
  if [[ -n "$pid" ]]; then
    if port_open "$KAFKA_PORT"; then
      printf '%-9s %-12s pid %-8s %s\n' kafka running "$pid" "PLAINTEXT $HOST:$KAFKA_PORT, controller $HOST:$KAFKA_CONTROLLER_PORT"
    else
      printf '%-9s %-12s pid %-8s %s\n' kafka not-ready "$pid" "PLAINTEXT $HOST:$KAFKA_PORT (process alive, port not answering: starting or stopping)"
    fi
  else
    local note=""
    if port_open "$KAFKA_PORT"; then note=" (port in use by a process not managed here)"; fi
    printf '%-9s %-12s pid %-8s %s\n' kafka stopped - "PLAINTEXT $HOST:$KAFKA_PORT$note"
  fi
}

kafka_smoke() {
  [[ -n "$(kafka_pid)" ]] || die "kafka: not running (start it first)"
  local topic="junction-smoke-$$-$RANDOM" value="hello-$RANDOM$RANDOM" got
  info "kafka: smoke test on topic $topic"
  kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" \
    --create --topic "$topic" --partitions 1 --replication-factor 1 >/dev/null
  printf '%s\n' "$value" | kafka_java org.apache.kafka.tools.ConsoleProducer \
    --bootstrap-server "$HOST:$KAFKA_PORT" --topic "$topic"
  got="$(kafka_java org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$HOST:$KAFKA_PORT" \
    --topic "$topic" --from-beginning --max-messages 1 --timeout-ms 20000 2>/dev/null || true)"
  kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" \
    --delete --topic "$topic" >/dev/null || true
  [[ "$got" == "$value" ]] || die "kafka: smoke test failed: produced '$value', consumed '$got'"
  info "kafka: smoke OK (produced and consumed '$value')"
}

# ----------------------------------------------------------------------------------------------------
# Artemis

artemis_match() { printf '%s' "-Dartemis.instance=$ARTEMIS_INSTANCE"; }
artemis_pid() { pid_of "$ARTEMIS_PID" "$(artemis_match)"; }

artemis_fetch() {
  if [[ -x "$ARTEMIS_HOME_DIR/bin/artemis" ]]; then
    return 0
  fi
  info "artemis: fetching Apache ActiveMQ Artemis $ARTEMIS_VERSION from Maven Central into $ARTEMIS_DIST"
  local tmp="$ARTEMIS_DIST/.download"
  rm -rf -- "$tmp"
  mkdir -p -- "$tmp"
  # dependency:copy needs no project; the helper pom only pins the plugin version.
  run_mvn -f "$SCRIPT_DIR/kafka-pom.xml" dependency:copy \
    "-Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" "-DoutputDirectory=$tmp"
  local tarball="$tmp/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz"
  [[ -f "$tarball" ]] || die "artemis: $tarball missing after fetch"
  tar -xzf "$tarball" -C "$tmp"
  [[ -x "$tmp/apache-artemis-$ARTEMIS_VERSION/bin/artemis" ]] || die "artemis: unexpected tarball layout in $tarball"
  rm -rf -- "$ARTEMIS_HOME_DIR"
  mv -- "$tmp/apache-artemis-$ARTEMIS_VERSION" "$ARTEMIS_HOME_DIR"
  rm -rf -- "$tmp"
}

artemis_stamp() {
  printf '%s %s %s\n' "$ARTEMIS_VERSION" "$ARTEMIS_USER" "$(printf '%s' "$ARTEMIS_PASSWORD" | sha256sum | cut -d' ' -f1)"
}

artemis_create() {
  local stamp_file="$ARTEMIS_INSTANCE/.junction-stamp"
  if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$(artemis_stamp)" ]]; then
    return 0
  fi
  local -a force=()
  if [[ -d "$ARTEMIS_INSTANCE" ]]; then
    info "artemis: version or credentials changed, re-creating the instance configuration (data kept)"
    force=(--force)
  fi
  info "artemis: creating broker instance in $ARTEMIS_INSTANCE"
  local out
  if ! out="$("$ARTEMIS_HOME_DIR/bin/artemis" create "$ARTEMIS_INSTANCE" "${force[@]}" \
    --name junction --host "$HOST" --default-port "$ARTEMIS_CORE_PORT" \
    --user "$ARTEMIS_USER" --password "$ARTEMIS_PASSWORD" --require-login \
    --no-web --silent --no-autotune --nio --java-memory "$ARTEMIS_MEMORY" \
    --no-hornetq-acceptor --no-mqtt-acceptor --no-stomp-acceptor 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "artemis: 'artemis create' failed"
  fi
  artemis_stamp >"$stamp_file"
}

# Idempotent patch of etc/broker.xml and etc/artemis.profile, run on every start:
#   - acceptor "amqp" -> 127.0.0.1:$ARTEMIS_AMQP_PORT (the default 5672 belongs to RabbitMQ)
#   - acceptor "artemis" (core + other protocols, multiplexed) -> 127.0.0.1:$ARTEMIS_CORE_PORT
#   - any other acceptor (hornetq 5445, stomp 61613, mqtt 1883) is refused
#   - initial heap kept small
artemis_patch_config() {
  local xml="$ARTEMIS_INSTANCE/etc/broker.xml" profile="$ARTEMIS_INSTANCE/etc/artemis.profile"
  sed -i -E \
    -e "/<acceptor name=\"amqp\">/ s#tcp://[^:/?]+:[0-9]+#tcp://$HOST:$ARTEMIS_AMQP_PORT#" \
    -e "/<acceptor name=\"artemis\">/ s#tcp://[^:/?]+:[0-9]+#tcp://$HOST:$ARTEMIS_CORE_PORT#" \
    "$xml"
  sed -i -E -e "s/-Xms[0-9]+[kKmMgG]?( |\")/-Xms64M\\1/" "$profile"
  local line name url ok_amqp=0 ok_core=0
  while IFS= read -r line; do
    name="$(sed -E 's/.*<acceptor name="([^"]*)".*/\1/' <<<"$line")"
    url="$(sed -E 's/.*<acceptor name="[^"]*">([^?<]*).*/\1/' <<<"$line")"
    case "$name=$url" in
      "amqp=tcp://$HOST:$ARTEMIS_AMQP_PORT") ok_amqp=1 ;;
      "artemis=tcp://$HOST:$ARTEMIS_CORE_PORT") ok_core=1 ;;
      *) die "artemis: unexpected acceptor '$name' at '$url' in $xml (only amqp:$ARTEMIS_AMQP_PORT and artemis:$ARTEMIS_CORE_PORT are allowed; run 'brokers.sh reset artemis')" ;;
    esac
  done < <(grep -E '^[[:space:]]*<acceptor name=' "$xml")
  ((ok_amqp && ok_core)) || die "artemis: could not configure acceptors in $xml (amqp=$ok_amqp core=$ok_core)"
}

artemis_ready_in_log() {
  grep -q 'AMQ221007' "$ARTEMIS_LOG" &&
    grep -q "AMQ221020: .* at $HOST:$ARTEMIS_AMQP_PORT for protocols \[AMQP\]" "$ARTEMIS_LOG"
}

artemis_wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_start artemis "$ARTEMIS_LOG" "$ARTEMIS_PID" "$(artemis_match)" "the broker process exited during startup"
    fi
    # AMQ224000 "Failure in initialisation" (e.g. an acceptor could not bind); the JVM then exits.
    if grep -q 'AMQ224000\|AMQ229230' "$ARTEMIS_LOG"; then
      fail_start artemis "$ARTEMIS_LOG" "$ARTEMIS_PID" "$(artemis_match)" "the broker failed to initialise"
    fi
    if port_open "$ARTEMIS_AMQP_PORT" && artemis_ready_in_log; then
      return 0
    fi
    sleep 0.5
  done
  fail_start artemis "$ARTEMIS_LOG" "$ARTEMIS_PID" "$(artemis_match)" \
    "not ready after ${START_TIMEOUT}s (no 'AMQ221007 Server is now active' and AMQP acceptor on $HOST:$ARTEMIS_AMQP_PORT); see $ARTEMIS_LOG"
}

artemis_start() {
  local pid t0=$SECONDS
  pid="$(artemis_pid)"
  if [[ -n "$pid" ]]; then
    if port_open "$ARTEMIS_AMQP_PORT"; then
      info "artemis: already running (pid $pid) on $HOST:$ARTEMIS_AMQP_PORT (AMQP)"
      return 0
    fi
    info "artemis: pid $pid is alive but $HOST:$ARTEMIS_AMQP_PORT does not answer yet; waiting"
    artemis_wait_ready "$pid"
    info "artemis: ready (pid $pid) on $HOST:$ARTEMIS_AMQP_PORT (AMQP)"
    return 0
  fi
  rm -f -- "$ARTEMIS_PID"
  check_port_free "artemis AMQP" "$ARTEMIS_AMQP_PORT"
  check_port_free "artemis core" "$ARTEMIS_CORE_PORT"
  artemis_fetch
  artemis_create
  artemis_patch_config
  rotate "$ARTEMIS_LOG"
  info "artemis: starting Artemis $ARTEMIS_VERSION on $HOST:$ARTEMIS_AMQP_PORT (AMQP), $HOST:$ARTEMIS_CORE_PORT (core) (log: $ARTEMIS_LOG)"
  launch "$ARTEMIS_INSTANCE" "$ARTEMIS_LOG" "$ARTEMIS_PID" "$ARTEMIS_INSTANCE/bin/artemis" run
  pid="$(cat "$ARTEMIS_PID")"
  artemis_wait_ready "$pid"
  info "artemis: ready (pid $pid) on $HOST:$ARTEMIS_AMQP_PORT (AMQP) after $((SECONDS - t0))s"
}

artemis_stop() { stop_process artemis "$ARTEMIS_PID" "$(artemis_match)"; }

artemis_reset() {
  artemis_stop
  rm -rf -- "$ARTEMIS_INSTANCE" "$ARTEMIS_LOG" "$ARTEMIS_LOG.1"
  info "artemis: instance and data deleted (kept $ARTEMIS_DIST)"
}

artemis_status() {
  local pid addr="AMQP $HOST:$ARTEMIS_AMQP_PORT, core $HOST:$ARTEMIS_CORE_PORT"
  pid="$(artemis_pid)"
  if [[ -n "$pid" ]]; then
    if port_open "$ARTEMIS_AMQP_PORT"; then
      printf '%-9s %-12s pid %-8s %s\n' artemis running "$pid" "$addr"
    else
      printf '%-9s %-12s pid %-8s %s\n' artemis not-ready "$pid" "$addr (process alive, AMQP port not answering: starting or stopping)"
    fi
  else
    local note=""
    if port_open "$ARTEMIS_AMQP_PORT"; then note=" (AMQP port in use by a process not managed here)"; fi
    printf '%-9s %-12s pid %-8s %s\n' artemis stopped - "$addr$note"
  fi
}

artemis_smoke() {
  [[ -n "$(artemis_pid)" ]] || die "artemis: not running (start it first)"
  local queue="junction.smoke.$$.$RANDOM" value="hello-$RANDOM$RANDOM" out
  local -a common=(--protocol amqp --url "amqp://$HOST:$ARTEMIS_AMQP_PORT" --user "$ARTEMIS_USER"
    --password "$ARTEMIS_PASSWORD" --destination "queue://$queue" --message-count 1)
  info "artemis: smoke test on queue $queue (AMQP 1.0 via the Artemis CLI / Qpid JMS)"
  "$ARTEMIS_INSTANCE/bin/artemis" producer "${common[@]}" --message "$value" >/dev/null 2>&1 ||
    die "artemis: smoke test: AMQP producer failed"
  out="$("$ARTEMIS_INSTANCE/bin/artemis" consumer "${common[@]}" --receive-timeout 10000 --verbose 2>&1 || true)"
  grep -qF "Received $value" <<<"$out" || {
    printf '%s\n' "$out" >&2
    die "artemis: smoke test failed: did not receive '$value'"
  }
  info "artemis: smoke OK (sent and received '$value' over AMQP on $HOST:$ARTEMIS_AMQP_PORT)"
}

# ----------------------------------------------------------------------------------------------------
# Zipkin (trace backend for OTEL_TRACES_EXPORTER=zipkin; in-memory storage, so traces vanish on stop)

zipkin_match() { printf '%s' "$ZIPKIN_JAR"; }
zipkin_pid() { pid_of "$ZIPKIN_PID" "$(zipkin_match)"; }

zipkin_fetch() {
  [[ -f "$ZIPKIN_JAR" ]] && return 0
  info "zipkin: fetching Zipkin server $ZIPKIN_VERSION (exec jar) from Maven Central into $ZIPKIN_DIR"
  local tmp="$ZIPKIN_DIR/.download"
  rm -rf -- "$tmp"
  mkdir -p -- "$tmp"
  run_mvn -f "$SCRIPT_DIR/kafka-pom.xml" dependency:copy \
    "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" "-DoutputDirectory=$tmp"
  [[ -f "$tmp/zipkin-server-$ZIPKIN_VERSION-exec.jar" ]] || die "zipkin: exec jar missing after fetch"
  mv -- "$tmp/zipkin-server-$ZIPKIN_VERSION-exec.jar" "$ZIPKIN_JAR"
  rm -rf -- "$tmp"
}

zipkin_probe() { curl -sf -o /dev/null "http://$HOST:$ZIPKIN_PORT/health"; }

zipkin_start() {
  local pid t0=$SECONDS
  pid="$(zipkin_pid)"
  if [[ -n "$pid" ]] && zipkin_probe; then
    info "zipkin: already running (pid $pid) on http://$HOST:$ZIPKIN_PORT"
    return 0
  fi
  if [[ -z "$pid" ]]; then
    rm -f -- "$ZIPKIN_PID"
    check_port_free zipkin "$ZIPKIN_PORT"
    zipkin_fetch
    rotate "$ZIPKIN_LOG"
    info "zipkin: starting Zipkin $ZIPKIN_VERSION on http://$HOST:$ZIPKIN_PORT (log: $ZIPKIN_LOG)"
    # shellcheck disable=SC2086 # ZIPKIN_HEAP holds several flags on purpose
    # The whole port entry is given: Spring Boot replaces a list from the command line, it does not merge it.
    launch "$ZIPKIN_DIR" "$ZIPKIN_LOG" "$ZIPKIN_PID" "$JAVA" $ZIPKIN_HEAP -XX:+UseSerialGC -jar "$ZIPKIN_JAR" \
      "--armeria.ports[0].port=$ZIPKIN_PORT" "--armeria.ports[0].ip=$HOST" "--armeria.ports[0].protocols=http"
    pid="$(cat "$ZIPKIN_PID")"
  fi
  await_probe zipkin "$pid" zipkin_probe "$ZIPKIN_LOG" "$ZIPKIN_PID" "$(zipkin_match)" /health
  info "zipkin: ready (pid $pid) on http://$HOST:$ZIPKIN_PORT after $((SECONDS - t0))s"
}

zipkin_stop() { stop_process zipkin "$ZIPKIN_PID" "$(zipkin_match)"; }

zipkin_reset() {
  zipkin_stop
  rm -f -- "$ZIPKIN_LOG" "$ZIPKIN_LOG.1"
  info "zipkin: log deleted (kept $ZIPKIN_JAR; traces live in memory only)"
}

zipkin_status() { http_status zipkin "$(zipkin_pid)" zipkin_probe "http://$HOST:$ZIPKIN_PORT" /health; }

zipkin_smoke() {
  [[ -n "$(zipkin_pid)" ]] || die "zipkin: not running (start it first)"
  local trace span now
  trace="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  span="${trace:0:16}"
  now="$(($(date +%s) * 1000000))"
  info "zipkin: smoke test: POST one span of trace $trace, read it back"
  curl -sf -H 'Content-Type: application/json' "http://$HOST:$ZIPKIN_PORT/api/v2/spans" \
    -d "[{\"traceId\":\"$trace\",\"id\":\"$span\",\"name\":\"smoke\",\"timestamp\":$now,\"duration\":1,\"localEndpoint\":{\"serviceName\":\"brokers-smoke\"}}]" ||
    die "zipkin: smoke test: POST /api/v2/spans failed"
  local deadline=$((SECONDS + 10))
  until curl -sf "http://$HOST:$ZIPKIN_PORT/api/v2/trace/$trace" | grep -q '"name":"smoke"'; do
    ((SECONDS < deadline)) || die "zipkin: smoke test failed: trace $trace not found"
    sleep 0.5
  done
  info "zipkin: smoke OK (trace $trace stored and read back)"
}

# ----------------------------------------------------------------------------------------------------
# Apicurio Registry (schema registry; Confluent-compatible API under /apis/ccompat/v7). Apicurio publishes its
# server as a Quarkus fast-jar tarball on Maven Central; storage is its default in-memory database, so subjects
# are gone after a stop.

# Apicurio Registry 3 is built for Java 21: use REGISTRY_JAVA, else JAVA when it is 21 or newer, else the newest
# JDK under /usr/lib/jvm that is.
registry_java() {
  local j v
  for j in ${REGISTRY_JAVA:-} "$JAVA" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [[ -n "$v" ]] && ((${v%%.*} >= 21)); then
      printf '%s' "$j"
      return 0
    fi
  done
  die "registry: Apicurio Registry $REGISTRY_VERSION needs Java 21 or newer; set REGISTRY_JAVA to its java"
}

registry_match() { printf '%s' "$REGISTRY_JAR"; }
registry_pid() { pid_of "$REGISTRY_PID" "$(registry_match)"; }

registry_fetch() {
  [[ -f "$REGISTRY_JAR" ]] && return 0
  info "registry: fetching Apicurio Registry $REGISTRY_VERSION (server tarball) from Maven Central into $REGISTRY_DIR"
  local tmp="$REGISTRY_DIR/.download"
  rm -rf -- "$tmp"
  mkdir -p -- "$tmp"
  run_mvn -f "$SCRIPT_DIR/kafka-pom.xml" dependency:unpack \
    "-Dartifact=io.apicurio:apicurio-registry-app:$REGISTRY_VERSION:tar.gz:all" "-DoutputDirectory=$tmp"
  [[ -f "$tmp/quarkus-run.jar" ]] || die "registry: quarkus-run.jar missing after unpacking the tarball"
  rm -rf -- "$REGISTRY_HOME"
  mv -- "$tmp" "$REGISTRY_HOME"
}

registry_probe() { curl -sf -o /dev/null "http://$HOST:$REGISTRY_PORT/apis/registry/v3/system/info"; }

registry_start() {
  local pid t0=$SECONDS
  pid="$(registry_pid)"
  if [[ -n "$pid" ]] && registry_probe; then
    info "registry: already running (pid $pid) on http://$HOST:$REGISTRY_PORT"
    return 0
  fi
  if [[ -z "$pid" ]]; then
    rm -f -- "$REGISTRY_PID"
    check_port_free registry "$REGISTRY_PORT"
    check_port_free registry "$REGISTRY_MANAGEMENT_PORT"
    registry_fetch
    rotate "$REGISTRY_LOG"
    # Its management interface (health, metrics) would take Quarkus's default 9000, the gateway's own: moved aside.
    info "registry: starting Apicurio Registry $REGISTRY_VERSION on http://$HOST:$REGISTRY_PORT (log: $REGISTRY_LOG)"
    # shellcheck disable=SC2086 # REGISTRY_HEAP holds several flags on purpose
    launch "$REGISTRY_DIR" "$REGISTRY_LOG" "$REGISTRY_PID" "$(registry_java)" $REGISTRY_HEAP -XX:+UseSerialGC \
      "-Dquarkus.http.host=$HOST" "-Dquarkus.http.port=$REGISTRY_PORT" \
      "-Dquarkus.management.host=$HOST" "-Dquarkus.management.port=$REGISTRY_MANAGEMENT_PORT" -jar "$REGISTRY_JAR"
    pid="$(cat "$REGISTRY_PID")"
  fi
  await_probe registry "$pid" registry_probe "$REGISTRY_LOG" "$REGISTRY_PID" "$(registry_match)" system/info
  info "registry: ready (pid $pid) on http://$HOST:$REGISTRY_PORT after $((SECONDS - t0))s"
}

registry_stop() { stop_process registry "$REGISTRY_PID" "$(registry_match)"; }

registry_reset() {
  registry_stop
  rm -f -- "$REGISTRY_LOG" "$REGISTRY_LOG.1"
  info "registry: log deleted (kept $REGISTRY_HOME; subjects live in memory only)"
}

registry_status() { http_status registry "$(registry_pid)" registry_probe "http://$HOST:$REGISTRY_PORT" system/info; }

registry_smoke() {
  [[ -n "$(registry_pid)" ]] || die "registry: not running (start it first)"
  local subject api="http://$HOST:$REGISTRY_PORT/apis/ccompat/v7"
  subject="brokers-smoke-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  info "registry: smoke test: register one JSON Schema as $subject, read it back"
  curl -sf -H 'Content-Type: application/vnd.schemaregistry.v1+json' "$api/subjects/$subject/versions" \
    -d '{"schemaType":"JSON","schema":"{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}"}' >/dev/null ||
    die "registry: smoke test: POST /subjects/$subject/versions failed"
  curl -sf "$api/subjects/$subject/versions/latest" | grep -q '"version":1' ||
    die "registry: smoke test failed: $subject version 1 not found"
  curl -sf -X DELETE "$api/subjects/$subject" >/dev/null || true
  info "registry: smoke OK ($subject registered and read back)"
}

# ----------------------------------------------------------------------------------------------------
# other local services (reported, not managed)

service_status() {
  local name="$1" port="$2"
  if port_open "$port"; then
    printf '%-9s %-12s %-12s %s\n' "$name" reachable "" "$HOST:$port (not managed here)"
  else
    printf '%-9s %-12s %-12s %s\n' "$name" unreachable "" "$HOST:$port (not managed here)"
  fi
}

# ----------------------------------------------------------------------------------------------------
# ensure / release bookkeeping

marker_has() { [[ -f "$ENSURE_MARKER" ]] && grep -qx -- "$1" "$ENSURE_MARKER"; }
marker_add() { marker_has "$1" || printf '%s\n' "$1" >>"$ENSURE_MARKER"; }
marker_remove() {
  [[ -f "$ENSURE_MARKER" ]] || return 0
  local rest
  rest="$(grep -vx -- "$1" "$ENSURE_MARKER" || true)"
  if [[ -n "$rest" ]]; then printf '%s\n' "$rest" >"$ENSURE_MARKER"; else rm -f -- "$ENSURE_MARKER"; fi
}

# ----------------------------------------------------------------------------------------------------
# command dispatch


main() {
  local cmd="${1:-help}" b
  shift || true
  [[ $# -le 1 ]] || die "too many arguments (usage: brokers.sh $cmd [kafka|artemis|zipkin|registry|all])"
  local -a brokers=()
  case "$cmd" in
    start | stop | ensure | release | reset | fetch | smoke)
      case "${1:-all}" in
        all) brokers=(kafka artemis zipkin registry) ;;
        kafka | artemis | zipkin | registry) brokers=("$1") ;;
        *) die "unknown service '$1' (expected kafka, artemis, zipkin, registry or all)" ;;
      esac
      ;;
  esac
  case "$cmd" in
    start)
      take_lock
      for b in "${brokers[@]}"; do "${b}_start"; done
      ;;
    stop)
      take_lock
      for b in "${brokers[@]}"; do "${b}_stop"; marker_remove "$b"; done
      ;;
    status)
      kafka_status
      artemis_status
      zipkin_status
      registry_status
      service_status rabbitmq "$RABBITMQ_PORT"
      service_status mosquitto "$MOSQUITTO_PORT"
      service_status postgres "$POSTGRES_PORT"
      ;;
    ensure)
      take_lock
      for b in "${brokers[@]}"; do
        if [[ -n "$("${b}_pid")" ]]; then
          "${b}_start"
          marker_has "$b" || info "$b: was already running; release will leave it alone"
        else
          "${b}_start"
          marker_add "$b"
        fi
      done
      ;;
    release)
      take_lock
      for b in "${brokers[@]}"; do
        if marker_has "$b"; then
          "${b}_stop"
          marker_remove "$b"
        else
          info "$b: not started by ensure; leaving it alone"
        fi
      done
      ;;
    reset)
      take_lock
      for b in "${brokers[@]}"; do "${b}_reset"; marker_remove "$b"; done
      ;;
    fetch)
      take_lock
      for b in "${brokers[@]}"; do "${b}_fetch"; done
      info "fetched: ${brokers[*]}"
      ;;
    smoke)
      for b in "${brokers[@]}"; do "${b}_smoke"; done
      ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      die "unknown command '$cmd'"
      ;;
  esac
}

main "$@"
