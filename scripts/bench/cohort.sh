#!/usr/bin/env bash
# The opening of a 200,000-user pre-queue through the real scripts: Redis bytes per pre-queued user and
# Redis's own time for each placement chunk (its slow log, every command logged). Figures go to
# bench/results/cohort-placement.json. Needs the local stack (scripts/stack.sh up).
#   USERS=200000 CHUNK=500 scripts/bench/cohort.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
swift build --product rediclaim-bench 2>&1 | tail -1
mkdir -p bench/results
out=bench/results/cohort-placement.json
: >"$out"
for len in 12 36; do
    .build/debug/rediclaim-bench cohort --port "$REDIS_PORT" --users "${USERS:-200000}" --chunk "${CHUNK:-500}" --id-length "$len" | tee -a "$out"
done
say "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (2 shared cores)"
