#!/usr/bin/env bash
# The waiting-room page in a real browser: starts a gate (with the local demo's sign-in) and an issuer on
# the local stack (private topics and groups, fresh events), then drives headless Chromium with Selenium
# (scripts/lib/browser_check.py) through a logging proxy: a position that goes down and survives a reload,
# the coupon code equal to its MySQL row, sold out (in Korean, then switched), a countdown then the queue,
# an unknown event, a hidden tab that stops polling, and every /rank request no sooner than pollAfterMs.
# Screenshots go to bench/results/page-*.png, the summary to bench/results/page-check.md.
# Exits 0 with a SKIPPED line only when Chromium cannot start.
# Settings by environment: BROWSER_GATE_PORT (18580), BROWSER_OPS_PORT (18581), BROWSER_GATE_OPS_PORT
# (18582), REDICLAIM_BIN_DIR (default: swift build's debug products).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

PORT="${BROWSER_GATE_PORT:-18580}"
OPS_PORT="${BROWSER_OPS_PORT:-18581}"
GATE_OPS_PORT="${BROWSER_GATE_OPS_PORT:-18582}"
OUT="$RUN_DIR/browser-check"
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || true)}"

[ -n "$CHROMIUM" ] || die "chromium is not installed; run scripts/setup.sh (Debian package chromium)"
[ -n "$CHROMEDRIVER" ] || die "chromedriver is not installed; run scripts/setup.sh (Debian package chromium-driver)"
"$VENV/bin/python" -c 'import selenium' 2>/dev/null || die "selenium is missing from $VENV; run scripts/setup.sh"
rm -rf "$OUT"
mkdir -p "$OUT" bench/results

scripts/stack.sh up >/dev/null
export_stack_env
built_binaries
bin=$BIN
ctl="$bin/rediclaimctl"

step "private topics and groups"
run_id="page$(date +%s)$RANDOM"
use_private_topics "$run_id" "$ctl"

step "issuer and gate (the page's demo sign-in on, loopback only)"
export REDICLAIM_LOG_LEVEL=warning REDICLAIM_GATE_PAGE_DEV_SIGN_IN=true
start_gate_and_issuer "$bin" "$OUT" "$PORT" "$OPS_PORT" "$GATE_OPS_PORT"
# Fresh event ids in the stack's database: five per run, from a random base.
EVENT_BASE=$((9200000 + ((RANDOM * 32768 + RANDOM) % 90000) * 10))
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    stop_gate_and_issuer
    # Closed, the events no longer cost later gates on this stack a tick.
    for i in 1 2 3 4 5; do "$ctl" event close "$((EVENT_BASE + i))" >/dev/null 2>&1 || true; done
    return 0
}
trap cleanup EXIT
wait_gate_and_issuer "$GATE_OPS_PORT" "$OPS_PORT" "$OUT"

step "headless Chromium ($("$CHROMIUM" --version 2>/dev/null | head -1)), Selenium $("$VENV/bin/python" -c 'import selenium; print(selenium.__version__)')"
started=$SECONDS
set +e
"$VENV/bin/python" scripts/lib/browser_check.py --gate-port "$PORT" --gate-ops-port "$GATE_OPS_PORT" \
    --mysql-port "$MYSQL_PORT" --mysql-user "$MYSQL_USER" --mysql-password "$MYSQL_PASSWORD" --mysql-database "$MYSQL_DATABASE" \
    --event-base "$EVENT_BASE" --ctl "$ctl" --chromium "$CHROMIUM" --chromedriver "$CHROMEDRIVER" \
    --results bench/results --report bench/results/page-check.md
status=$?
set -e
say "browser tests took $((SECONDS - started)) s; logs in $OUT"
exit "$status"
