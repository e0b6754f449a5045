#!/usr/bin/env bash
# Same-run A/B of the event path: the gateway as built from REV against the working tree, interleaved in one run.
#
# Usage: bench/compare.sh REV [bench/run.sh options]
#   bench/compare.sh HEAD                                   the last commit against the uncommitted change
#   bench/compare.sh HEAD~1 --scenarios kafka,webhook --rounds 4
#
# REV is exported (git archive) into bench/target/compare/<commit> and built there once (./mvnw package); the
# working tree is built when its sources are newer than its build. Then bench/run.sh runs with both: in every round
# and scenario the working tree's gateway ("Junction"), REV's ("Junction at REV", from REV's own config/ and
# connectors/) and the hand-written baseline run one after the other on the same brokers and inputs, each round
# starting with the next contender. Peers are left out unless --peers asks. Per scenario the report (and the console,
# lines starting "compare") gives this build over REV: msgs/s, CPU per event and p99; a change that costs more than
# 5% on any of them is flagged, and its commit must say why. Results: bench/results/compare/<time>.md (latest.md is
# left alone). Options are bench/run.sh's (--records, --rounds, --scenarios, ...; default 2 rounds).
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
ROOT="$(cd -- "$BENCH_DIR/.." && pwd -P)"
die() { echo "compare: $*" >&2; exit 1; }

[[ $# -ge 1 && "$1" != --* ]] || { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 2; }
REV="$1"; shift
COMMIT="$(git -C "$ROOT" rev-parse --verify --quiet "$REV^{commit}")" || die "no such revision: $REV"
SHORT="$(git -C "$ROOT" rev-parse --short "$COMMIT")"
BASE="$BENCH_DIR/target/compare/$SHORT"

if [[ ! -f "$BASE/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "compare: building $REV ($SHORT) in ${BASE#"$ROOT"/}"
  rm -rf "$BASE" && mkdir -p "$BASE"
  git -C "$ROOT" archive "$COMMIT" | tar -x -C "$BASE"
  (cd "$BASE" && ./mvnw -q -B package -DskipTests) || die "building $REV failed"
fi
if [[ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]] \
   || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$ROOT/target/quarkus-app/quarkus-run.jar" -print -quit)" ]]; then
  echo "compare: building the working tree"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "building the working tree failed"
fi

args=("$@")
[[ " ${args[*]-} " == *" --rounds "* || " ${args[*]-} " == *" --rounds="* ]] || args+=(--rounds 2)
[[ " ${args[*]-} " == *" --peers"* ]] || args+=(--peers none)
[[ " ${args[*]-} " == *" --results"* ]] || args+=(--results "$BENCH_DIR/results/compare")
exec "$BENCH_DIR/run.sh" --compare-app "$BASE/target/quarkus-app" --compare-root "$BASE" \
  --compare-label "$REV ($SHORT)" "${args[@]}"
