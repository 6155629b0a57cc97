#!/usr/bin/env bash
# Writes the module graph in docs/architecture.md from Package.swift, and checks that every target
# declares exactly the modules it imports. `--check` only compares (exit 1 if the doc is stale or a
# target's dependencies and imports disagree); the test suite runs that.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/lib/package_graph.py check
if [ "${1:-}" = --check ]; then
    python3 scripts/lib/package_graph.py doc docs/architecture.md
else
    python3 scripts/lib/package_graph.py doc docs/architecture.md --write
fi
