#!/usr/bin/env bash
# The whole picture in one command: stack, gate and issuer (release builds), a fresh event, a flash-sale
# spike (by default 100,000 users for 10,000 coupons arriving within 10 s, released at 2,000/s), drain, the
# invariant checker, and a report with a chart:
#   bench/results/e2e.json, bench/results/REPORT.md, bench/results/e2e.png
# The users come from `rediclaim-bench spike` (LOADGEN=bench, the default: it reaches the arrival rates
# k6 cannot on two cores) or from the k6 spike (LOADGEN=k6). SMALL=1: 2,000 users for 500 coupons in 2 s.
# Settings by environment: USERS (100000), STOCK (10000), RATE (2000), ARRIVAL_SECONDS (10), RAMP_SECONDS
# (1), DEADLINE_SECONDS (180), ENQUEUE_P99_MS (1000, k6 only), LOADGEN (bench), LOAD_CONNECTIONS (256, bench
# only: the generator's keep-alive connections; arrivals beyond them wait for one), E2E_GATE_PORT (8097),
# E2E_OPS_PORT (9107), E2E_GATE_OPS_PORT (9117).
# PREQUEUE=1: the event has a pre-queue window that is already open when the users start arriving, and opens
# OPEN_AFTER_SECONDS (default: a third of ARRIVAL_SECONDS) after the first arrival: the early users wait in
# the pre-queue and are shuffled into the head of the queue at the open, the later ones queue behind them.
# The run then also passes `rediclaimctl verify-shuffle`, and the report shows the cohort (bench only).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

if [ "${SMALL:-0}" = 1 ]; then USERS="${USERS:-2000}" STOCK="${STOCK:-500}" ARRIVAL_SECONDS="${ARRIVAL_SECONDS:-2}"; fi
USERS="${USERS:-100000}"
STOCK="${STOCK:-10000}"
RATE="${RATE:-2000}"
ARRIVAL_SECONDS="${ARRIVAL_SECONDS:-10}"
RAMP_SECONDS="${RAMP_SECONDS:-1}"
DEADLINE_SECONDS="${DEADLINE_SECONDS:-180}"
LOADGEN="${LOADGEN:-bench}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-256}"
case "$LOADGEN" in bench|k6) ;; *) die "LOADGEN must be bench or k6 (got $LOADGEN)" ;; esac
PREQUEUE="${PREQUEUE:-0}"
[ "$PREQUEUE" = 0 ] || [ "$LOADGEN" = bench ] || die "PREQUEUE=1 needs LOADGEN=bench (the k6 spike does not follow PRE_QUEUE answers)"
OPEN_AFTER_SECONDS="${OPEN_AFTER_SECONDS:-$(awk -v a="$ARRIVAL_SECONDS" 'BEGIN { printf "%.1f", a / 3 }')}"
# k6 shares the two cores with the gate, the issuer and the servers, so its clock runs late under the
# spike; the bound is loose here and the report shows the real percentiles.
ENQUEUE_P99_MS="${ENQUEUE_P99_MS:-1000}"
PORT="${E2E_GATE_PORT:-8097}"
OPS_PORT="${E2E_OPS_PORT:-9107}"
GATE_OPS_PORT="${E2E_GATE_OPS_PORT:-9117}"
OUT="$RUN_DIR/e2e"
RESULTS=bench/results
rm -rf "$OUT"
mkdir -p "$OUT" "$RESULTS"

BUILD_CONFIG=release scripts/setup.sh
scripts/stack.sh up
export_stack_env
bin=$(swift build -c release --show-bin-path)
ctl="$bin/rediclaimctl"

step "schema and topics"
"$ctl" migrate
"$ctl" topics create

step "issuer and gate"
export REDICLAIM_LOG_LEVEL=notice
start_gate_and_issuer "$bin" "$OUT" "$PORT" "$OPS_PORT" "$GATE_OPS_PORT"
sampler=""
cleanup() {
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
    stop_gate_and_issuer
}
trap cleanup EXIT
wait_gate_and_issuer "$GATE_OPS_PORT" "$OPS_PORT" "$OUT"

[ "$LOADGEN" = bench ] && swift build -c release --product rediclaim-bench >/dev/null
EVENT_ID=$(( 8000000 + $(date +%s) % 1000000 ))
if [ "$PREQUEUE" = 0 ]; then
    step "a fresh event, open now"
    "$ctl" event create --id "$EVENT_ID" --name "e2e spike $(date -u +%FT%TZ)" --stock "$STOCK" --open-at now \
        --close-at +1h --rate "$RATE" --fixed 1000
    open_ms=$(( $(date +%s%3N) ))
else
    # The generator starts its clock about a second after it is launched (it mints every token first).
    open_in=$(awk -v o="$OPEN_AFTER_SECONDS" 'BEGIN { printf "%.1f", o + 1.5 }')
    step "a fresh event with a 10-minute pre-queue, opening in ${open_in}s"
    open_ms=$(( $(date +%s%3N) + ${open_in/./} * 100 ))
    "$ctl" event create --id "$EVENT_ID" --name "e2e pre-queue $(date -u +%FT%TZ)" --stock "$STOCK" \
        --open-at "$(date -u -d "@$((open_ms / 1000)).$(printf '%03d' $((open_ms % 1000)))" +%FT%T.%3NZ)" \
        --close-at +1h --rate "$RATE" --fixed 1000 --pre-queue 600
fi
ctr="rc:{e:$EVENT_ID}:ctr"
# Every half second: queue length, released, issued, sold out (Redis counters) and the measured rate.
"$VENV/bin/python" scripts/lib/e2e_sampler.py "$EVENT_ID" "$REDIS_PORT" "http://127.0.0.1:$GATE_OPS_PORT/metrics" \
    "$OUT/samples.csv" &
sampler=$!

set +e
if [ "$LOADGEN" = bench ]; then
    step "rediclaim-bench spike: $USERS users within ${ARRIVAL_SECONDS}s"
    "$bin/rediclaim-bench" spike --url "http://127.0.0.1:$PORT" --event "$EVENT_ID" --users "$USERS" \
        --arrival-seconds "$ARRIVAL_SECONDS" --ramp-seconds "$RAMP_SECONDS" --deadline "$DEADLINE_SECONDS" \
        --connections "$LOAD_CONNECTIONS" --prefix "e2e$EVENT_ID" --out "$OUT/k6.json" 2>"$OUT/load-progress.txt" | tee "$OUT/k6.txt"
    k6_status=${PIPESTATUS[0]}
    tail -n 3 "$OUT/load-progress.txt"
else
    step "k6 spike: $USERS users over ${ARRIVAL_SECONDS}s"
    export EVENT_ID USERS ARRIVAL_SECONDS DEADLINE_SECONDS ENQUEUE_P99_MS
    BASE_URL="http://127.0.0.1:$PORT" OPS_URL="http://127.0.0.1:$GATE_OPS_PORT" USER_PREFIX="e2e$EVENT_ID" SUMMARY_JSON="$OUT/k6.json" scripts/k6.sh spike | tee "$OUT/k6.txt"
    k6_status=${PIPESTATUS[0]}
fi
set -e

step "waiting for the queue to drain"
for _ in $(seq 1 240); do
    { read -r released; read -r issued; read -r sold_out; } < <(redis-cli -p "$REDIS_PORT" HMGET "$ctr" released issued soldOut)
    waiting=$(redis-cli -p "$REDIS_PORT" ZCARD "rc:{e:$EVENT_ID}:q")
    if [ "${waiting:-0}" -eq 0 ] && [ $(( ${issued:-0} + ${sold_out:-0} )) -ge "${released:-0}" ]; then break; fi
    sleep 0.5
done
sleep 1
kill "$sampler" 2>/dev/null || true
sampler=""

step "invariants"
set +e
"$ctl" verify "$EVENT_ID" | tee "$OUT/verify.txt"
verify_status=${PIPESTATUS[0]}
"$ctl" verify "$EVENT_ID" --json >"$OUT/verify.json" 2>/dev/null
set -e
redis-cli -p "$REDIS_PORT" HGETALL "$ctr" >"$OUT/counters.txt"
redis-cli -p "$REDIS_PORT" LINDEX "rc:{e:$EVENT_ID}:rlog" 0 | cut -d'|' -f3 >"$OUT/first_release_ms.txt"
shuffle_status=0
if [ "$PREQUEUE" != 0 ]; then
    step "the shuffle"
    set +e
    "$ctl" verify-shuffle "$EVENT_ID" | tee "$OUT/verify-shuffle.txt"
    shuffle_status=${PIPESTATUS[0]}
    set -e
fi

step "report"
"$VENV/bin/python" scripts/lib/e2e_report.py --out "$RESULTS" --work "$OUT" --event "$EVENT_ID" \
    --stock "$STOCK" --rate "$RATE" --users "$USERS" --open-ms "$open_ms" --k6-status "$k6_status" \
    --verify-status "$verify_status" --loadgen "$LOADGEN" --prequeue "$PREQUEUE" --shuffle-status "$shuffle_status"
[ "$verify_status" -eq 0 ] || die "invariants failed (see $RESULTS/REPORT.md)"
[ "$shuffle_status" -eq 0 ] || die "verify-shuffle failed (see $OUT/verify-shuffle.txt)"
if [ "$PREQUEUE" != 0 ]; then
    # The variant is only worth its name if users came on both sides of the open.
    pre=$(jq '.preQueuedUsers // 0' "$OUT/k6.json")
    if [ "$pre" -eq 0 ] || [ "$pre" -ge "$USERS" ]; then
        die "the pre-queue run needs users before and after the open (pre-queued: $pre of $USERS)"
    fi
fi
[ "$k6_status" -eq 0 ] || die "the load generator ($LOADGEN) reported failed users or thresholds (see $RESULTS/REPORT.md)"
say "all invariants pass; report: $RESULTS/REPORT.md"
