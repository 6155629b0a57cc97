#!/usr/bin/env bash
# Checks the Grafana dashboard and the alert rules against the real executables: starts a gate and an
# issuer on the local stack (private topics and groups, a fresh event), Debian's Prometheus on loopback
# scraping both every second with k8s/monitoring/rediclaim-rules.yaml loaded, runs a short k6 spike plus a
# burst that gets rate-limited, then evaluates every dashboard query and every alert expression through
# Prometheus's HTTP API (scripts/lib/check_queries.py). Fails if any returns no series, names a metric the
# executables do not export, or if a rule failed to evaluate. The table goes to bench/results/dashboard-check.md.
# Settings by environment: USERS (300), STOCK (100), RATE (100), CHECK_GATE_PORT (18480),
# CHECK_OPS_PORT (18481), CHECK_GATE_OPS_PORT (18482), CHECK_PROM_PORT (18490), REDICLAIM_BIN_DIR (default: swift build's debug products).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

USERS="${USERS:-300}"
STOCK="${STOCK:-100}"
RATE="${RATE:-100}"
PORT="${CHECK_GATE_PORT:-18480}"
OPS_PORT="${CHECK_OPS_PORT:-18481}"
GATE_OPS_PORT="${CHECK_GATE_OPS_PORT:-18482}"
PROM_PORT="${CHECK_PROM_PORT:-18490}"
OUT="$RUN_DIR/check-dashboard"
RESULT=bench/results/dashboard-check.md
RULES=k8s/monitoring/rediclaim-rules.yaml
DASHBOARD=k8s/monitoring/rediclaim-dashboard.json

command -v prometheus >/dev/null 2>&1 || die "prometheus is not installed; run scripts/setup.sh (Debian package prometheus)"
command -v promtool >/dev/null 2>&1 || die "promtool is not installed; run scripts/setup.sh (Debian package prometheus)"
[ -x "$VENV/bin/python" ] || die "no venv at $VENV; run scripts/setup.sh"
rm -rf "$OUT"
mkdir -p "$OUT" bench/results

scripts/stack.sh up >/dev/null
export_stack_env
built_binaries
bin=$BIN
ctl="$bin/rediclaimctl"

step "private topics and groups"
run_id="dash$(date +%s)$RANDOM"
use_private_topics "$run_id" "$ctl"

step "issuer and gate"
export REDICLAIM_LOG_LEVEL=warning
start_gate_and_issuer "$bin" "$OUT" "$PORT" "$OPS_PORT" "$GATE_OPS_PORT"
prom=""
EVENT_ID=""
cleanup() {
    [ -n "$prom" ] && kill "$prom" 2>/dev/null
    stop_gate_and_issuer
    # Closed, the event no longer costs later gates on this stack a tick.
    [ -n "$EVENT_ID" ] && "$ctl" event close "$EVENT_ID" >/dev/null 2>&1
    return 0
}
trap cleanup EXIT

step "prometheus on 127.0.0.1:$PROM_PORT"
# The same job and app labels as the Kind overlay's scrape config, so the rules match unchanged.
cat >"$OUT/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $ROOT/$RULES
scrape_configs:
  - job_name: rediclaim
    static_configs:
      - targets: ["127.0.0.1:$GATE_OPS_PORT"]
        labels: {app: rediclaim-gate}
      - targets: ["127.0.0.1:$OPS_PORT"]
        labels: {app: rediclaim-issuer}
EOF
promtool check config "$OUT/prometheus.yml" >/dev/null || die "promtool rejects $OUT/prometheus.yml"
prometheus --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$OUT/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$OUT/prometheus.log" 2>&1 &
prom=$!
PROM="http://127.0.0.1:$PROM_PORT"

wait_gate_and_issuer "$GATE_OPS_PORT" "$OPS_PORT" "$OUT"
wait_for 30 curl -sf "$PROM/-/ready" || die "prometheus not ready; see $OUT/prometheus.log"

step "a fresh event and a k6 spike: $USERS users for $STOCK coupons at $RATE/s"
started=$SECONDS
# A fresh id in the stack's database; another try should an earlier run have taken it.
for _ in 1 2 3 4 5; do
    EVENT_ID=$((9100000 + (RANDOM * 32768 + RANDOM) % 900000))
    "$ctl" event create --id "$EVENT_ID" --name "dashboard check" --stock "$STOCK" --open-at now \
        --close-at +1h --rate "$RATE" --fixed 1000 >"$OUT/event.txt" 2>&1 && break
    EVENT_ID=""
done
[ -n "$EVENT_ID" ] || die "cannot create the event: $(cat "$OUT/event.txt")"
set +e
BASE_URL="http://127.0.0.1:$PORT" OPS_URL="http://127.0.0.1:$GATE_OPS_PORT" EVENT_ID="$EVENT_ID" USERS="$USERS" ARRIVAL_SECONDS=2 DEADLINE_SECONDS=60 \
    VUS=20 USER_PREFIX="$run_id-" SUMMARY_JSON="$OUT/k6.json" scripts/k6.sh spike >"$OUT/k6.txt" 2>&1
k6_status=$?
set -e
[ "$k6_status" -eq 0 ] || say "k6 exited $k6_status (see $OUT/k6.txt); the metric check goes on"

# One user asking too often: the per-user limit answers 429, so the rate-limit panels have data.
eager=$("$ctl" token --user "$run_id-eager")
for _ in $(seq 1 25); do
    curl -s -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $eager" \
        -d "{\"eventId\":$EVENT_ID}" "http://127.0.0.1:$PORT/enqueue" || true
done

step "waiting for the queue to drain, then for Prometheus to scrape the end state"
ctr="rc:{e:$EVENT_ID}:ctr"
for _ in $(seq 1 120); do
    { read -r released; read -r issued; read -r sold_out; } < <(redis-cli -p "$REDIS_PORT" HMGET "$ctr" released issued soldOut)
    if [ $(( ${issued:-0} + ${sold_out:-0} )) -ge "${released:-1}" ] && [ "${released:-0}" -gt 0 ]; then break; fi
    sleep 0.5
done
# Rules evaluate every second; a few rounds give every rule a health and the rate windows enough samples.
sleep 5

step "every dashboard query and alert expression"
{ curl -sf "http://127.0.0.1:$GATE_OPS_PORT/metrics"; curl -sf "http://127.0.0.1:$OPS_PORT/metrics"; } |
    awk '!/^#/ && NF {sub(/[{ ].*/, "", $1); print $1}' | sort -u >"$OUT/exported.txt"
set +e
"$VENV/bin/python" scripts/lib/check_queries.py --prometheus "$PROM" --dashboard "$DASHBOARD" --rules "$RULES" \
    --exported "$OUT/exported.txt" --event "$EVENT_ID" --range "$((SECONDS - started + 10))s" >"$OUT/table.md"
check_status=$?
set -e
{
    echo "# Dashboard and alert queries against live metrics"
    echo
    echo "\`scripts/check-dashboard.sh\` on $(date -u +%FT%TZ): event $EVENT_ID, $USERS users for $STOCK coupons at $RATE/s"
    echo "(k6 exit $k6_status), Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}') scraping the gate and the issuer every second."
    echo "Dashboard queries run with \`\$event\`=$EVENT_ID and \`\$__rate_interval\`=30s; alert expressions run in"
    echo "their bool form (every comparison \`op bool\`, offsets dropped), so a healthy system still returns their series."
    echo
    cat "$OUT/table.md"
} >"$RESULT"
cat "$OUT/table.md"
[ "$check_status" -eq 0 ] || die "some queries failed (above); logs in $OUT"
say "table: $RESULT"
