#!/usr/bin/env bash
# A/B of where the gate runs its request tasks: two release gates side by side on the same stack, one with
# gate.tasksOnEventLoops=true (handlers on the NIO event loops) and one with false (Swift's cooperative pool),
# both with their tickers. wrk alternates between them ROUNDS times per route, so slow phases of the shared
# machine hit both alike; the medians and the per-round ratios go to bench/results/tasks-ab.json.
# Settings by environment: ROUTES ("noop enqueue rank"), ROUNDS (4), SECONDS_EACH (5), CONNECTIONS (64),
#   BENCH_AB_PORT (8100: the event-loop gate; +2 the pool gate)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

ROUTES="${ROUTES:-noop enqueue rank}"
ROUNDS="${ROUNDS:-4}"
SECONDS_EACH="${SECONDS_EACH:-5}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${BENCH_AB_PORT:-8100}"
OUT="$RUN_DIR/tasks-ab"
mkdir -p "$OUT" bench/results

command -v wrk >/dev/null || die "wrk is missing; run scripts/setup.sh"
scripts/stack.sh up >/dev/null
export_stack_env
step "release build"
for product in rediclaim-gate rediclaimctl; do
    swift build -c release --product "$product" 2>&1 | { grep -E 'error|warning: .*\.swift' || true; }
done
bin=$(swift build -c release --show-bin-path)

base=$(( $(date +%s) % 100000 * 10 + 7 ))
EV_ENQ=$base
EV_RANK=$((base + 1))
"$bin/rediclaimctl" migrate >/dev/null
for ev in "$EV_ENQ" "$EV_RANK"; do
    "$bin/rediclaimctl" event create --id "$ev" --name "tasks-ab $ev" --stock 100000000 --open-at now --close-at +1d \
        --rate 1000 --fixed 100 >/dev/null
    "$bin/rediclaimctl" event pause "$ev" >/dev/null
done
export REDICLAIM_GATE_HOST=127.0.0.1 REDICLAIM_LOG_LEVEL=warning REDICLAIM_GATE_OPS_HOST=127.0.0.1
export REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0 REDICLAIM_GATE_RATE_LIMIT_USER_PER_SECOND=0
export REDICLAIM_GATE_RATE_LIMIT_RANK_PER_SECOND=0 REDICLAIM_GATE_IDENTITY_MODE=body REDICLAIM_GATE_IDENTITY_ALLOW_INSECURE_BODY=true
pids=()
for variant in loops pool; do
    port=$PORT
    [[ "$variant" == pool ]] && port=$((PORT + 2))
    on=true
    [[ "$variant" == pool ]] && on=false
    REDICLAIM_GATE_PORT="$port" REDICLAIM_GATE_OPS_PORT=$((port + 1)) REDICLAIM_GATE_TASKS_ON_EVENT_LOOPS=$on \
        "$bin/rediclaim-gate" >"$OUT/gate-$variant.log" 2>&1 &
    pids+=($!)
done
cleanup() {
    kill "${pids[@]}" 2>/dev/null || true
    for ev in "$EV_ENQ" "$EV_RANK"; do
        "$bin/rediclaimctl" event close "$ev" >/dev/null 2>&1 || true
        redis-cli -p "$REDIS_PORT" SREM rc:events "$ev" >/dev/null
        for k in def ctr q u pending rlog; do redis-cli -p "$REDIS_PORT" UNLINK "rc:{e:$ev}:$k" >/dev/null; done
    done
}
trap cleanup EXIT
for port in "$PORT" $((PORT + 2)); do
    wait_for 30 curl -sf "http://127.0.0.1:$port/healthz" || die "gate on $port did not start; see $OUT/gate-*.log"
done

# 1,000 users with tickets for /rank; a ticket is valid on either gate (same key).
: >"$OUT/tickets.txt"
for ((i = 1; i <= 1000; i++)); do
    ticket=$(curl -s -XPOST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/enqueue" \
        -d "{\"eventId\":$EV_RANK,\"userId\":\"ab$i\"}" |
        "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["ticket"])')
    echo "ab$i $ticket" >>"$OUT/tickets.txt"
done

run() { # route port label
    case "$1" in
        noop) wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" "http://127.0.0.1:$2/healthz" ;;
        enqueue) EVENT_ID=$EV_ENQ USER_PREFIX="$3" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s scripts/bench/wrk/enqueue.lua "http://127.0.0.1:$2" ;;
        rank) EVENT_ID=$EV_RANK TICKETS_FILE="$OUT/tickets.txt" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s scripts/bench/wrk/rank.lua "http://127.0.0.1:$2" ;;
        *) die "unknown route $1" ;;
    esac | awk '/Requests\/sec/ {print $2}'
}
: >"$OUT/rounds.txt"
for ((round = 1; round <= ROUNDS; round++)); do
    for route in $ROUTES; do
        # Alternate which variant goes first, so neither always gets the machine's first seconds.
        if ((round % 2)); then order="loops pool"; else order="pool loops"; fi
        for variant in $order; do
            port=$PORT
            [[ "$variant" == pool ]] && port=$((PORT + 2))
            rps=$(run "$route" "$port" "ab$round$variant")
            say "round $round $route $variant: $rps req/s"
            echo "$round $route $variant $rps" >>"$OUT/rounds.txt"
        done
    done
done

"$VENV/bin/python" - "$OUT/rounds.txt" "$CONNECTIONS" "$SECONDS_EACH" <<'PY'
import collections, datetime, json, statistics, sys
path, conns, secs = sys.argv[1:]
rps = collections.defaultdict(dict)
for line in open(path):
    rnd, route, variant, value = line.split()
    rps[(int(rnd), route)][variant] = float(value)
routes = sorted({r for _, r in rps}, key=["noop", "enqueue", "rank"].index)
result = {}
print("| route | loops req/s (median) | pool req/s (median) | loops / pool, per round | median |")
print("| --- | ---: | ---: | --- | ---: |")
for route in routes:
    rounds = [v for (rnd, r), v in sorted(rps.items()) if r == route]
    ratios = [v["loops"] / v["pool"] for v in rounds]
    loops = statistics.median(v["loops"] for v in rounds)
    pool = statistics.median(v["pool"] for v in rounds)
    result[route] = {"loops_rps_median": loops, "pool_rps_median": pool, "loops_over_pool": ratios,
                     "loops_over_pool_median": statistics.median(ratios)}
    print(f"| {route} | {loops:,.0f} | {pool:,.0f} | {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} |")
for variant in ("loops", "pool"):
    for route in routes:
        if route != "noop" and "noop" in result:
            key = f"{variant}_rps_median"
            result[route][f"{variant}_ratio_to_noop"] = result[route][key] / result["noop"][key]
if "noop" in result:
    print()
    for route in routes:
        if route != "noop":
            print(f"{route}/no-op: loops {result[route]['loops_ratio_to_noop']:.2f}, pool {result[route]['pool_ratio_to_noop']:.2f}")
doc = {"generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
       "connections": int(conns), "seconds_each": int(secs), "routes": result,
       "note": "loops: gate.tasksOnEventLoops=true; pool: false; both gates use the event-loop Redis client"}
json.dump(doc, open("bench/results/tasks-ab.json", "w"), indent=2)
print("written: bench/results/tasks-ab.json")
PY
