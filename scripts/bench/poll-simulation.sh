#!/usr/bin/env bash
# The polling budget simulated (no servers): expected rank polls per second of PollPolicy over queues of
# 1,000 to 10,000,000 users and 10 to 10,000 releases/s, written to bench/results/poll-simulation.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/results
REDICLAIM_POLL_TABLE="$PWD/bench/results/poll-simulation.md" swift test --filter PollSimulationTests 2>&1 | tail -1
cat bench/results/poll-simulation.md
