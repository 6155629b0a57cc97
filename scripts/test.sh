#!/usr/bin/env bash
# The whole test suite from a fresh machine: install, build, start the local stack, run `swift test`.
# Extra arguments go to `swift test` (e.g. --filter RediclaimRedisTests).
# The whole suite (no arguments, as CI runs it) first rebuilds and runs the container image with
# scripts/image-check.sh, whose rootfs the image tests in DeploymentTests read; IMAGE_CHECK=0 skips it,
# IMAGE_CHECK=1 runs it with a filter too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/stack.sh up
source scripts/lib/common.sh
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
ran=$(grep -oE 'Test run with [0-9]+ test' "$RUN_DIR/test.log" | grep -oE '[0-9]+' | tail -1 || true)
if [ "${ran:-0}" -eq 0 ]; then
    echo "error: swift test ran no tests" >&2
    exit 1
fi
exit "$status"
