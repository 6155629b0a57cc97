#!/usr/bin/env bash
# The polling budget measured for real: a queue filled with USERS (1,000,000) users through the gate, released
# at RATE (100)/s, every simulated user (`rediclaim-bench spike --stationary-start`) honouring pollAfterMs from
# a random point of its first interval; the gate's own /rank counter (its /metrics on the ops port) is then
# read every SAMPLE_SECONDS (30) over WINDOW_SECONDS (180) after SETTLE_SECONDS (30), beside the CPU the
# gate, Redis and the generator used. Writes bench/results/polling.md and bench/results/polling.json.
# Settings by environment: USERS, RATE, BUDGET (gate.pollBudgetPerSecond, 2000), ARRIVAL_RATE (8000/s, the
# fill), SETTLE_SECONDS, WINDOW_SECONDS, SAMPLE_SECONDS, POLL_GATE_PORT (8451), POLL_OPS_PORT (9451),
# POLL_GATE_OPS_PORT (9452). Release binaries (built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

USERS="${USERS:-1000000}"
RATE="${RATE:-100}"
BUDGET="${BUDGET:-2000}"
ARRIVAL_RATE="${ARRIVAL_RATE:-8000}"
SETTLE_SECONDS="${SETTLE_SECONDS:-30}"
WINDOW_SECONDS="${WINDOW_SECONDS:-180}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-30}"
PORT="${POLL_GATE_PORT:-8451}"
OPS_PORT="${POLL_OPS_PORT:-9451}"
GATE_OPS_PORT="${POLL_GATE_OPS_PORT:-9452}"
OUT="$RUN_DIR/polling"
RESULTS=bench/results
rm -rf "$OUT"
mkdir -p "$OUT" "$RESULTS"

scripts/stack.sh up
export_stack_env
swift build -c release 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path)
ctl="$bin/rediclaimctl"
"$ctl" migrate >/dev/null
"$ctl" topics create >/dev/null

step "issuer and gate (poll budget $BUDGET/s)"
export REDICLAIM_GATE_POLL_BUDGET_PER_SECOND="$BUDGET"
start_gate_and_issuer "$bin" "$OUT" "$PORT" "$OPS_PORT" "$GATE_OPS_PORT"
load=""
cleanup() {
    [ -n "$load" ] && kill "$load" 2>/dev/null
    stop_gate_and_issuer
}
trap cleanup EXIT
wait_gate_and_issuer "$GATE_OPS_PORT" "$OPS_PORT" "$OUT"

EVENT_ID=$(( 7000000 + $(date +%s) % 1000000 ))
step "event $EVENT_ID: $USERS users, released at $RATE/s"
"$ctl" event create --id "$EVENT_ID" --name "polling $(date -u +%FT%TZ)" --stock "$USERS" --open-at now \
    --close-at +6h --rate "$RATE" --fixed 1000 >/dev/null
q="rc:{e:$EVENT_ID}:q"
ctr="rc:{e:$EVENT_ID}:ctr"

step "filling the queue at up to $ARRIVAL_RATE/s"
"$bin/rediclaim-bench" spike --url "http://127.0.0.1:$PORT" --event "$EVENT_ID" --users "$USERS" \
    --rate "$ARRIVAL_RATE" --ramp-seconds 2 --deadline 86400 --stationary-start --stop-after 7200 \
    --prefix "poll$EVENT_ID" --connections 256 >"$OUT/load.txt" 2>"$OUT/load-progress.txt" &
load=$!

released() { redis-cli -p "$REDIS_PORT" HGET "$ctr" released; }
waiting() { redis-cli -p "$REDIS_PORT" ZCARD "$q"; }
# Rank requests the gate answered (all statuses), from its own counter.
rank_total() {
    curl -s "http://127.0.0.1:$GATE_OPS_PORT/metrics" |
        awk '/^rediclaim_gate_http_requests_total\{/ && /route="\/rank"/ { s += $NF } END { printf "%d\n", s }'
}
# CPU seconds (user + system) of a process so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }

fill_start=$(date +%s)
while true; do
    kill -0 "$load" 2>/dev/null || die "the generator stopped during the fill; see $OUT/load-progress.txt"
    released_now=$(released)
    total=$(( $(waiting) + ${released_now:-0} ))
    [ "$total" -ge "$USERS" ] && break
    sleep 2
done
fill_seconds=$(( $(date +%s) - fill_start ))
say "filled in ${fill_seconds}s; settling ${SETTLE_SECONDS}s"
sleep "$SETTLE_SECONDS"

redis_pid=$(cat "$RUN_DIR/redis/redis.pid")
rows=()
first_ranks=$(rank_total); first_t=$(date +%s.%N)
first_cpu=("$(cpu "$GATE_PID")" "$(cpu "$redis_pid")" "$(cpu "$load")")
ranks=$first_ranks; t=$first_t; rel=$(released)
for ((s = 0; s < WINDOW_SECONDS; s += SAMPLE_SECONDS)); do
    sleep "$SAMPLE_SECONDS"
    ranks2=$(rank_total); t2=$(date +%s.%N); rel2=$(released); w=$(waiting)
    rows+=("$(awk -v a="$ranks" -v b="$ranks2" -v t="$t" -v u="$t2" -v r="$rel" -v r2="$rel2" -v w="$w" -v s="$s" -v n="$SAMPLE_SECONDS" \
        -v budget="$BUDGET" 'BEGIN { d = u - t; x = (b - a) / d; printf "| %d-%d s | %d | %.0f | %.0f | %+.1f%% |", s, s + n, w, (r2 - r) / d, x, (x / budget - 1) * 100 }')")
    ranks=$ranks2; t=$t2; rel=$rel2
done
last_cpu=("$(cpu "$GATE_PID")" "$(cpu "$redis_pid")" "$(cpu "$load")")
overall=$(awk -v a="$first_ranks" -v b="$ranks" -v t="$first_t" -v u="$t" 'BEGIN { printf "%.0f", (b - a) / (u - t) }')
span=$(awk -v t="$first_t" -v u="$t" 'BEGIN { printf "%.1f", u - t }')
cpu_pct() { awk -v a="$1" -v b="$2" -v d="$span" 'BEGIN { printf "%.0f", (b - a) / d * 100 }'; }
gate_cpu=$(cpu_pct "${first_cpu[0]}" "${last_cpu[0]}")
redis_cpu=$(cpu_pct "${first_cpu[1]}" "${last_cpu[1]}")
load_cpu=$(cpu_pct "${first_cpu[2]}" "${last_cpu[2]}")
load_rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$load/status")
deviation=$(awk -v x="$overall" -v b="$BUDGET" 'BEGIN { printf "%+.1f", (x / b - 1) * 100 }')
verdict=$(awk -v x="$overall" -v b="$BUDGET" 'BEGIN { print (x >= 0.85 * b && x <= 1.15 * b) ? "within" : "OUTSIDE" }')
tail -n 1 "$OUT/load-progress.txt" >"$OUT/load-last-progress.txt"
kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
load=""

{
    echo "# Polling measured: $USERS users, released at $RATE/s, budget $BUDGET/s"
    echo
    echo "Generated $(date -u +%FT%TZ) on $(nproc) cores by \`scripts/bench/polling.sh\` (USERS=$USERS RATE=$RATE BUDGET=$BUDGET"
    echo "ARRIVAL_RATE=$ARRIVAL_RATE SETTLE_SECONDS=$SETTLE_SECONDS WINDOW_SECONDS=$WINDOW_SECONDS). The queue was filled through the"
    echo "gate in ${fill_seconds}s by \`rediclaim-bench spike --stationary-start\` (each user's first poll at a random point of"
    echo "its first interval, then exactly as told by \`pollAfterMs\`); the window starts ${SETTLE_SECONDS}s after the fill."
    echo "Rank requests per second are the gate's own \`rediclaim_gate_http_requests_total{route=\"/rank\"}\`."
    echo
    echo "| window | waiting at its end | released/s | rank requests/s (gate) | vs budget |"
    echo "| --- | --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo "| **all ${span} s** | | | **$overall** | **$deviation%** ($verdict ±15%) |"
    echo
    echo "CPU over the window (of one core): gate ${gate_cpu}%, Redis ${redis_cpu}%, generator ${load_cpu}% (RSS ${load_rss} MiB)."
} >"$RESULTS/polling.md"
cat >"$RESULTS/polling.json" <<JSON
{"users": $USERS, "releaseRate": $RATE, "budgetPerSecond": $BUDGET, "fillSeconds": $fill_seconds,
 "windowSeconds": $span, "rankRequestsPerSecond": $overall, "deviationPercent": $deviation,
 "cpuPercent": {"gate": $gate_cpu, "redis": $redis_cpu, "generator": $load_cpu}, "generatorRssMiB": $load_rss}
JSON
cat "$RESULTS/polling.md"
[ "$verdict" = within ] || die "rank requests/s $overall is outside the budget $BUDGET ±15%"
