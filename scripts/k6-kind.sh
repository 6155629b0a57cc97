#!/usr/bin/env bash
# Runs the k6 spike test (scripts/k6/spike.js) against the gate on the Kind cluster.
#   scripts/k6-kind.sh                        defaults below
#   USERS=50000 EVENT_ID=1001 scripts/k6-kind.sh
#   scripts/k6-kind.sh --vus 200              extra arguments go to `k6 run`
# The k6 summary is written to bench/results/k6-kind-<time>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

export BASE_URL="${BASE_URL:-http://127.0.0.1:30080}" # the port k8s/kind/cluster.yaml maps
export EVENT_ID="${EVENT_ID:-1001}"                    # the example event in k8s/base/events/events.yaml
export USERS="${USERS:-10000}"

K6="$VENV/bin/k6"
SCRIPT=scripts/k6/spike.js
[ -x "$K6" ] || die "k6 not found at $K6; run scripts/setup.sh first"
[ -f "$SCRIPT" ] || die "$SCRIPT is missing"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
curl -fsS --max-time 3 "$BASE_URL/readyz" >/dev/null 2>&1 ||
    die "the gate at $BASE_URL/readyz does not answer 200; start it with scripts/kind-up.sh"

mkdir -p bench/results
summary="bench/results/k6-kind-$(date +%Y%m%d-%H%M%S).json"
step "k6 run $SCRIPT (BASE_URL=$BASE_URL EVENT_ID=$EVENT_ID USERS=$USERS)"
"$K6" run --summary-export "$summary" "$@" "$SCRIPT"
say "summary: $summary"
