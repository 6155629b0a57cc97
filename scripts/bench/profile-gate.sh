#!/usr/bin/env bash
# Profiles a release-built gate with perf (cpu-clock) while wrk drives one route, and draws a flame graph.
# Writes bench/results/profile/<label>-<route>.{txt,svg,folded}: the top functions by self time and the graph.
# Settings by environment:
#   LABEL (now), ROUTES ("noop enqueue rank"), DURATION (8, seconds of profile), CONNECTIONS (64),
#   FREQUENCY (499 samples/s), BENCH_GATE_PORT (8094)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

LABEL="${LABEL:-now}"
ROUTES="${ROUTES:-noop enqueue rank}"
DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-64}"
FREQUENCY="${FREQUENCY:-499}"
PORT="${BENCH_GATE_PORT:-8094}"
OUT="$RUN_DIR/profile-gate"
RESULTS=bench/results/profile
mkdir -p "$OUT" "$RESULTS"

command -v perf >/dev/null || die "perf is missing; run scripts/setup.sh"
command -v wrk >/dev/null || die "wrk is missing; run scripts/setup.sh"
scripts/stack.sh up >/dev/null
export_stack_env

step "release build"
for product in rediclaim-gate rediclaimctl; do
    swift build -c release --product "$product" 2>&1 | { grep -E 'error|warning: .*\.swift' || true; }
done
bin=$(swift build -c release --show-bin-path)

base=$(( $(date +%s) % 100000 * 10 + 5 ))
EV_ENQ=$base
EV_RANK=$((base + 1))
"$bin/rediclaimctl" migrate >/dev/null
for ev in "$EV_ENQ" "$EV_RANK"; do
    "$bin/rediclaimctl" event create --id "$ev" --name "profile $ev" --stock 100000000 --open-at now --close-at +1d \
        --rate 1000 --fixed 100 >/dev/null
    "$bin/rediclaimctl" event pause "$ev" >/dev/null
done

export REDICLAIM_GATE_HOST=127.0.0.1 REDICLAIM_LOG_LEVEL=warning REDICLAIM_GATE_OPS_HOST=127.0.0.1
export REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0 REDICLAIM_GATE_RATE_LIMIT_USER_PER_SECOND=0
export REDICLAIM_GATE_RATE_LIMIT_RANK_PER_SECOND=0
REDICLAIM_GATE_PORT="$PORT" REDICLAIM_GATE_OPS_PORT=$((PORT + 1)) \
    REDICLAIM_GATE_IDENTITY_MODE=body REDICLAIM_GATE_IDENTITY_ALLOW_INSECURE_BODY=true \
    "$bin/rediclaim-gate" >"$OUT/gate.log" 2>&1 &
gate_pid=$!
cleanup() {
    kill "$gate_pid" 2>/dev/null || true
    for ev in "$EV_ENQ" "$EV_RANK"; do
        "$bin/rediclaimctl" event close "$ev" >/dev/null 2>&1 || true
        redis-cli -p "$REDIS_PORT" SREM rc:events "$ev" >/dev/null
        for k in def ctr q u pending rlog; do redis-cli -p "$REDIS_PORT" UNLINK "rc:{e:$ev}:$k" >/dev/null; done
    done
}
trap cleanup EXIT
wait_for 30 curl -sf "http://127.0.0.1:$PORT/healthz" || die "gate did not start; see $OUT/gate.log"

# 1,000 users with tickets for /rank (a repeat enqueue returns the user's ticket).
: >"$OUT/tickets.txt"
for ((i = 1; i <= 1000; i++)); do
    ticket=$(curl -s -XPOST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/enqueue" \
        -d "{\"eventId\":$EV_RANK,\"userId\":\"p$i\"}" |
        "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["ticket"])')
    echo "p$i $ticket" >>"$OUT/tickets.txt"
done

wrk_for() { # route seconds
    case "$1" in
        noop) wrk -t2 -c"$CONNECTIONS" -d"$2s" "http://127.0.0.1:$PORT/healthz" ;;
        enqueue) EVENT_ID=$EV_ENQ USER_PREFIX="prof$2$RANDOM" wrk -t2 -c"$CONNECTIONS" -d"$2s" -s scripts/bench/wrk/enqueue.lua "http://127.0.0.1:$PORT" ;;
        rank) EVENT_ID=$EV_RANK TICKETS_FILE="$OUT/tickets.txt" wrk -t2 -c"$CONNECTIONS" -d"$2s" -s scripts/bench/wrk/rank.lua "http://127.0.0.1:$PORT" ;;
        *) die "unknown route $1 (noop, enqueue, rank)" ;;
    esac
}
for route in $ROUTES; do
    step "$route: perf record -e cpu-clock -F $FREQUENCY -g for ${DURATION} s at $CONNECTIONS connections"
    wrk_for "$route" $((DURATION + 3)) >"$OUT/$route.wrk" &
    wrk_pid=$!
    sleep 2  # past wrk's connection set-up
    perf record -q -e cpu-clock -F "$FREQUENCY" -g -p "$gate_pid" -o "$OUT/$route.data" -- sleep "$DURATION" 2>"$OUT/$route.perf.log" ||
        die "perf record failed (see $OUT/$route.perf.log; kernel.perf_event_paranoid must be <= 2)"
    wait "$wrk_pid"
    perf script -i "$OUT/$route.data" 2>/dev/null |
        "$VENV/bin/python" scripts/lib/flamegraph.py --title "gate, $route at $CONNECTIONS connections ($LABEL)" \
            --svg "$RESULTS/$LABEL-$route.svg" --folded "$RESULTS/$LABEL-$route.folded" --top "$RESULTS/$LABEL-$route.txt" |
        head -22
    say "$(grep -E 'Requests/sec' "$OUT/$route.wrk")"
done
say "written: $RESULTS/$LABEL-*.{txt,svg,folded}"
