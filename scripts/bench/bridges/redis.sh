#!/usr/bin/env bash
# Redis bridge benchmark: pipelined ZADD/s through RediclaimRedis against redis-benchmark with the
# same clients and pipeline depth, on the stack's Redis. Prints ONE JSON object on stdout.
#   scripts/bench/bridges/redis.sh [path/to/rediclaim-bench]   (default .build/release/rediclaim-bench;
#   built with `swift build -c release` if missing)
# Tunables: REDIS_BENCH_REQUESTS (1000000), REDIS_BENCH_CLIENTS (50), REDIS_BENCH_PIPELINE (32),
#   REDIS_BENCH_ROUNDS (3; medians are reported), REDIS_BENCH_SHARED (8), REDIS_BENCH_TASKS (1000).
# The machine is shared: reference and bridge runs are interleaved so load drifts hit both alike.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/lib/common.sh

BIN=${1:-.build/release/rediclaim-bench}
HOST=${REDICLAIM_REDIS_HOST:-127.0.0.1}
REQUESTS=${REDIS_BENCH_REQUESTS:-1000000}
CLIENTS=${REDIS_BENCH_CLIENTS:-50}
PIPELINE=${REDIS_BENCH_PIPELINE:-32}
ROUNDS=${REDIS_BENCH_ROUNDS:-3}
SHARED=${REDIS_BENCH_SHARED:-8}
TASKS=${REDIS_BENCH_TASKS:-1000}

if [ ! -x "$BIN" ]; then
    echo "building $BIN (release)" >&2
    swift build -c release --product rediclaim-bench >&2
fi
[ -x "$BIN" ] || die "$BIN not found after the release build"
command -v redis-benchmark >/dev/null || die "redis-benchmark not found (apt-get install redis-tools)"
redis-cli -h "$HOST" -p "$REDIS_PORT" ping | grep -q PONG || die "no Redis at $HOST:$REDIS_PORT (scripts/stack.sh up)"

# The "rate" field of the bridge's JSON line.
rate_of() { sed -n 's/.*"rate":\([0-9.]*\).*/\1/p'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
join() { local IFS=,; echo "$*"; }

reference=() bridge=() shared=() auto=()
for ((round = 1; round <= ROUNDS; round++)); do
    echo "round $round/$ROUNDS" >&2
    reference+=("$(redis-benchmark -h "$HOST" -p "$REDIS_PORT" -c "$CLIENTS" -P "$PIPELINE" -n "$REQUESTS" \
        -t zadd --csv | awk -F, '$1 == "\"ZADD\"" { gsub(/"/, "", $2); print $2 }')")
    bridge+=("$("$BIN" redis --host "$HOST" --port "$REDIS_PORT" --clients "$CLIENTS" --pipeline "$PIPELINE" \
        --requests "$REQUESTS" | rate_of)")
    shared+=("$("$BIN" redis --host "$HOST" --port "$REDIS_PORT" --clients "$CLIENTS" --pipeline "$PIPELINE" \
        --requests "$REQUESTS" --shared-connections "$SHARED" | rate_of)")
    auto+=("$("$BIN" redis --host "$HOST" --port "$REDIS_PORT" --auto --tasks "$TASKS" --connections 2 \
        --requests "$REQUESTS" | rate_of)")
done
redis-cli -h "$HOST" -p "$REDIS_PORT" del myzset >/dev/null  # redis-benchmark's key

reference_rate=$(median "${reference[@]}")
bridge_rate=$(median "${bridge[@]}")
ratio=$(awk -v b="$bridge_rate" -v r="$reference_rate" 'BEGIN { printf "%.3f", b / r }')

printf '{"bridge":"redis","metric":"ZADD/s","bridge_rate":%s,"reference_tool":"redis-benchmark",' "$bridge_rate"
printf '"reference_rate":%s,"ratio":%s,"target_ratio":0.7,' "$reference_rate" "$ratio"
printf '"params":{"clients":%s,"pipeline":%s,"requests":%s,"rounds":%s,"connections_per_client":1,' \
    "$CLIENTS" "$PIPELINE" "$REQUESTS" "$ROUNDS"
printf '"shared_connections":%s,"auto_tasks":%s,"auto_connections":2},' "$SHARED" "$TASKS"
printf '"auto_pipelining_rate":%s,"shared_connections_rate":%s,' "$(median "${auto[@]}")" "$(median "${shared[@]}")"
printf '"samples":{"reference":[%s],"bridge":[%s],"shared":[%s],"auto":[%s]}}\n' \
    "$(join "${reference[@]}")" "$(join "${bridge[@]}")" "$(join "${shared[@]}")" "$(join "${auto[@]}")"
