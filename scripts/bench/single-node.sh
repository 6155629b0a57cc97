#!/usr/bin/env bash
# One event's ceiling on one Redis core: redis-benchmark running EVALSHA of enqueue.lua and rank.lua (the
# scripts exactly as the store loads them: prelude + script) against one event's keys, beside plain ZADD
# and ZRANK for scale. Writes bench/results/single-node.json and prints a table.
#   scripts/bench/single-node.sh
# Tunables: SINGLE_BENCH_REQUESTS (200000), SINGLE_BENCH_CLIENTS (50), SINGLE_BENCH_PIPELINE (1 16),
#   SINGLE_BENCH_USERS (1000000: distinct user ids, so most enqueues are new and the queue grows).
# The machine is shared (redis-benchmark and the server on two cores): compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
scripts/stack.sh up >/dev/null
export_stack_env

REQUESTS=${SINGLE_BENCH_REQUESTS:-200000}
CLIENTS=${SINGLE_BENCH_CLIENTS:-50}
read -r -a PIPELINES <<<"${SINGLE_BENCH_PIPELINE:-1 16}"
USERS=${SINGLE_BENCH_USERS:-1000000}
cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
cli ping | grep -q PONG || die "no Redis on $REDIS_PORT"

scripts_dir=Sources/RediclaimStore/Scripts
load() { cli -x script load < <(printf '%s\n%s' "$(cat "$scripts_dir/prelude.lua")" "$(cat "$scripts_dir/$1.lua")"); }
enqueue_sha=$(load enqueue)
rank_sha=$(load rank)

# One open event (as publish.lua writes it), keys under a namespace of the bench's own.
ns="bench$$"
def="$ns:{e:1}:def" ctr="$ns:{e:1}:ctr" q="$ns:{e:1}:q" u="$ns:{e:1}:u" pq="$ns:{e:1}:pq"
now=$(($(date +%s) * 1000))
cli hset "$def" version 1 stock 100000000 openAt $((now - 60000)) closeAt $((now + 3600000)) closed 0 paused 0 rate 1000 >/dev/null
cleanup() { cli del "$def" "$ctr" "$q" "$u" "$pq" >/dev/null; cli del "bench$$:zadd" >/dev/null; }
trap cleanup EXIT

# Both scripts take five keys (the pre-queue's too); with fewer, every call is an error reply, which
# redis-benchmark would count as served. Check one real answer of each first.
for sha in "$enqueue_sha" "$rank_sha"; do
    answer=$(cli evalsha "$sha" 5 "$def" "$ctr" "$q" "$u" "$pq" "user:check" | head -2 | tail -1)
    [[ "$answer" == WAITING || "$answer" == NOT_IN_QUEUE ]] || die "EVALSHA answered '$answer': the benchmark would measure errors"
done
rate_of() { awk -F, 'NR == 2 { gsub(/"/, "", $2); print $2 }'; }
bench() { redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$CLIENTS" -n "$REQUESTS" -r "$USERS" --csv "$@" | rate_of; }

rows=()
for pipeline in "${PIPELINES[@]}"; do
    step "pipeline $pipeline"
    enqueue=$(bench -P "$pipeline" evalsha "$enqueue_sha" 5 "$def" "$ctr" "$q" "$u" "$pq" "user:__rand_int__")
    waiting=$(cli zcard "$q")
    rank=$(bench -P "$pipeline" evalsha "$rank_sha" 5 "$def" "$ctr" "$q" "$u" "$pq" "user:__rand_int__")
    zadd=$(bench -P "$pipeline" zadd "bench$$:zadd" __rand_int__ "member:__rand_int__")
    zrank=$(bench -P "$pipeline" zrank "$q" "user:__rand_int__")
    say "enqueue.lua $enqueue/s (queue now $waiting), rank.lua $rank/s, ZADD $zadd/s, ZRANK $zrank/s"
    rows+=("{\"pipeline\":$pipeline,\"enqueue_per_s\":$enqueue,\"rank_per_s\":$rank,\"zadd_per_s\":$zadd,\"zrank_per_s\":$zrank,\"queue_length\":$waiting}")
done

mkdir -p bench/results
{
    printf '{"generated_at":"%s","cpus":%s,"clients":%s,"requests":%s,"users":%s,' \
        "$(date -u +%FT%TZ)" "$(nproc)" "$CLIENTS" "$REQUESTS" "$USERS"
    printf '"note":"redis-benchmark and redis-server share the machine; compare ratios within one run","rows":[%s]}\n' \
        "$(IFS=,; echo "${rows[*]}")"
} >bench/results/single-node.json
echo "written: bench/results/single-node.json"
