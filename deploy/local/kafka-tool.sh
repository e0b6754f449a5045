#!/usr/bin/env bash
# Run Kafka command-line tools from the classpath that deploy/local/brokers.sh fetched
# ($JUNCTION_STATE_DIR/kafka/lib, default <repo root>/.junction/kafka/lib), against 127.0.0.1:$KAFKA_PORT.
#
# Usage:
#   kafka-tool.sh topics [ARGS...]          TopicCommand (default: --list)
#   kafka-tool.sh produce TOPIC [ARGS...]   ConsoleProducer, one record per stdin line
#   kafka-tool.sh consume TOPIC [N] [ARGS...]
#                                           ConsoleConsumer from the beginning; with N, stop after N
#                                           records or $KAFKA_CONSUME_TIMEOUT_MS (default 30000) idle
#   kafka-tool.sh groups [ARGS...]          consumer.group.ConsumerGroupCommand (default: --list)
#   kafka-tool.sh CLASS [ARGS...]           any main class; a bare name is taken from
#                                           org.apache.kafka.tools (e.g. ProducerPerformance)
#
# Class names in Kafka 4.x (kafka.tools.ConsoleConsumer / kafka.admin.* are gone):
#   org.apache.kafka.tools.TopicCommand               org.apache.kafka.tools.ConsoleProducer
#   org.apache.kafka.tools.consumer.ConsoleConsumer   org.apache.kafka.tools.ProducerPerformance
#   org.apache.kafka.tools.ConsumerPerformance        org.apache.kafka.tools.BrokerApiVersionsCommand
#   org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
#   org.apache.kafka.tools.GetOffsetShell             org.apache.kafka.tools.MetadataQuorumCommand
#   kafka.tools.StorageTool
#
# The shortcuts pass --bootstrap-server 127.0.0.1:$KAFKA_PORT; with CLASS you pass it yourself.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
STATE_DIR="${JUNCTION_STATE_DIR:-$REPO_ROOT/.junction}"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.2}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_TOOL_HEAP="${KAFKA_TOOL_HEAP:--Xmx512m}"
KAFKA_CONSUME_TIMEOUT_MS="${KAFKA_CONSUME_TIMEOUT_MS:-30000}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

if [[ $# -eq 0 || "$1" == "-h" || "$1" == "--help" || "$1" == "help" ]]; then
  usage
  exit 0
fi

mkdir -p -- "$STATE_DIR"
STATE_DIR="$(cd -- "$STATE_DIR" && pwd -P)"
LIB="$STATE_DIR/kafka/lib"
LOG_CONFIG="$STATE_DIR/kafka/config/tools-log4j2.properties"

if [[ ! -f "$LIB/.kafka-version" || "$(cat "$LIB/.kafka-version")" != "$KAFKA_VERSION" || ! -f "$LOG_CONFIG" ]]; then
  JUNCTION_STATE_DIR="$STATE_DIR" "$SCRIPT_DIR/brokers.sh" fetch kafka >&2
fi

run() {
  local -a heap=()
  read -r -a heap <<<"$KAFKA_TOOL_HEAP"
  exec "$JAVA" "${heap[@]}" "-Dlog4j2.configurationFile=$LOG_CONFIG" -cp "$LIB/*" "$@"
}

cmd="$1"
shift
case "$cmd" in
  topics)
    if [[ $# -eq 0 ]]; then set -- --list; fi
    run org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@"
    ;;
  groups)
    if [[ $# -eq 0 ]]; then set -- --list; fi
    run org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" "$@"
    ;;
  produce)
    [[ $# -ge 1 ]] || { echo "usage: kafka-tool.sh produce TOPIC [ARGS...]" >&2; exit 2; }
    topic="$1"
    shift
    run org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$topic" "$@"
    ;;
  consume)
    [[ $# -ge 1 ]] || { echo "usage: kafka-tool.sh consume TOPIC [N] [ARGS...]" >&2; exit 2; }
    topic="$1"
    shift
    limit=()
    if [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]]; then
      limit=(--max-messages "$1" --timeout-ms "$KAFKA_CONSUME_TIMEOUT_MS")
      shift
    fi
    run org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
      --from-beginning "${limit[@]}" "$@"
    ;;
  *.*) run "$cmd" "$@" ;;
  *) run "org.apache.kafka.tools.$cmd" "$@" ;;
esac
