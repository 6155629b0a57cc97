#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs the system: the local stack, then the issuer and the
# gate (release builds) in the foreground. Ctrl-C stops both gracefully.
# The gate listens on gate.port (8080), its /readyz and /metrics on gate.opsPort (9101); the issuer's
# health and metrics on issuer.opsPort (9100). Users are identified by JWTs signed with the local secret
# in .run/local.env (`rediclaimctl token --user u-42` makes one).
# The waiting-room page (http://127.0.0.1:8080/wait/1001) signs each visitor in as a new guest here:
# gate.page.devSignIn, a local-demo setting the gate accepts only on a loopback gate.host, so this script
# binds the gate to 127.0.0.1. DEV_SIGN_IN=0 turns it off (the page then needs a token from a shop).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_CONFIG=release scripts/setup.sh
scripts/stack.sh up
source scripts/lib/common.sh
export_stack_env
export REDICLAIM_CONFIG="${REDICLAIM_CONFIG:-$ROOT/config/rediclaim.yaml}"
if [ "${DEV_SIGN_IN:-1}" = 1 ]; then
    export REDICLAIM_GATE_HOST="${REDICLAIM_GATE_HOST:-127.0.0.1}" REDICLAIM_GATE_PAGE_DEV_SIGN_IN=true
fi

bin=$(swift build -c release --show-bin-path)
step "schema, topics and the demo event"
"$bin/rediclaimctl" migrate
"$bin/rediclaimctl" topics create
"$bin/rediclaimctl" event apply -f config/events.yaml

step "issuer and gate (logs: $RUN_DIR/issuer.log, $RUN_DIR/gate.log)"
"$bin/rediclaim-issuer" >>"$RUN_DIR/issuer.log" 2>&1 &
issuer=$!
"$bin/rediclaim-gate" >>"$RUN_DIR/gate.log" 2>&1 &
gate=$!
stop() {
    say "stopping (SIGTERM: requests drain, batches commit)"
    kill -TERM "$gate" "$issuer" 2>/dev/null || true
    wait "$gate" "$issuer" 2>/dev/null || true
}
trap stop INT TERM

port=$("$bin/rediclaimctl" config | awk '$1 == "gate.port" {print $3}')
ops=$("$bin/rediclaimctl" config | awk '$1 == "gate.opsPort" {print $3}')
wait_for 30 curl -sf "http://127.0.0.1:$ops/readyz" || { stop; die "gate not ready; see $RUN_DIR/gate.log"; }
# Coupons reach users once the gate's result consumer has joined its group; Tansu can take a while.
say "waiting for the gate's result consumer to join its group ..."
wait_for 120 gate_results_assigned "$ops" || say "still joining; users stay RELEASED until it has (see $RUN_DIR/gate.log)"
cat <<INFO

Rediclaim is running: http://127.0.0.1:$port   (ops: http://127.0.0.1:$ops/metrics)
The waiting room: open http://127.0.0.1:$port/wait/1001 in a browser.
INFO
if [ "${REDICLAIM_GATE_PAGE_DEV_SIGN_IN:-}" = true ]; then
    say "WARNING: the demo sign-in is on (gate.page.devSignIn): anyone who reaches this gate can be anyone."
    say "It is for this machine only; the gate refuses it unless gate.host is loopback. DEV_SIGN_IN=0 turns it off."
fi
cat <<INFO
In another terminal:
  source .run/local.env
  TOKEN=\$($bin/rediclaimctl token --user u-42)
  curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"eventId":1001}' http://127.0.0.1:$port/enqueue
  curl -s -H 'Authorization: Bearer <ticket>' 'http://127.0.0.1:$port/rank?eventId=1001&userId=u-42'
  $bin/rediclaimctl event show 1001
Ctrl-C stops the gate and the issuer; scripts/stack.sh down stops the stack.
INFO
wait "$gate" "$issuer"
