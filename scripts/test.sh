#!/usr/bin/env bash
# The whole test suite from a fresh machine: install, build, start the local stack, run `swift test`.
# Extra arguments go to `swift test` (e.g. --filter RediclaimRedisTests).
# The Redis Cluster tests run against scripts/redis-cluster.sh's local cluster (REDICLAIM_REDIS_CLUSTER_PORT,
# 7101) and private clusters of their own; without arguments a second pass runs a subset against the cluster.
# The whole suite (no arguments, as CI runs it) first rebuilds and runs the container image with
# scripts/image-check.sh, whose rootfs the image tests in DeploymentTests read; IMAGE_CHECK=0 skips it,
# IMAGE_CHECK=1 runs it with a filter too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The single Redis for the suite, and beside it the local Redis Cluster for the cluster tests.
REDICLAIM_REDIS_MODE=single scripts/stack.sh up
scripts/redis-cluster.sh up
source scripts/lib/common.sh
REDIS_MODE=single
export_stack_env
mkdir -p "$RUN_DIR"

if [ "${IMAGE_CHECK:-$(($# == 0))}" = 1 ]; then
    step "image check (scripts/image-check.sh)"
    scripts/image-check.sh
fi

step "swift build --build-tests"
# Progress lines and SwiftPM's note about hiredis's pkg-config flag are noise; errors still show.
swift build --build-tests 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]|prohibited flag' || true; }

step "swift test"
# One test at a time: several tests measure time (a broker that must fail fast, a release rate, a
# ticker that must keep ticking) and the integration tests would starve each other of two cores. The
# whole suite still takes about three minutes.
set +e
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$RUN_DIR/test.log"
status=${PIPESTATUS[0]}
set -e

# A run that executed no test is a failure, whatever the exit code says.
ran_tests() {
    local ran
    ran=$(grep -oE 'Test run with [0-9]+ test' "$1" | grep -oE '[0-9]+' | tail -1 || true)
    [ "${ran:-0}" -gt 0 ] || { echo "error: swift test ran no tests ($1)" >&2; return 1; }
}
ran_tests "$RUN_DIR/test.log" || exit 1

# The whole suite (as CI runs it), or CLUSTER_PASS=1: the waiting room, gate and end-to-end tests once
# more with the local Redis Cluster as their Redis. A subset, to stay within CI's budget: the waiting
# room scripts, the production gate wiring (enqueue -> Kafka -> result, Redis loss healed), FIFO and
# the release ticker, and the spike (rediclaim-bench) through the gate and issuer binaries ending in `verify`.
if [ "${CLUSTER_PASS:-$(($# == 0))}" = 1 ]; then
    step "swift test against the Redis Cluster ($(scripts/redis-cluster.sh url))"
    set +e
    REDICLAIM_TEST_REDIS_MODE=cluster swift test --skip-build --no-parallel \
        --filter 'WaitingRoomTests|GateBuildTests|FIFOTests|ReleaseTickerTests|SpikeEndToEndTests' \
        --skip 'resultPathSurvivesRedisOutage' 2>&1 | tee "$RUN_DIR/test-cluster.log"
    cluster_status=${PIPESTATUS[0]}
    set -e
    ran_tests "$RUN_DIR/test-cluster.log" || exit 1
    [ "$status" -ne 0 ] || status=$cluster_status
fi
exit "$status"
