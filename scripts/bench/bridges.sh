#!/usr/bin/env bash
# Bridge benchmark: each C bridge against the native tool on the same servers, in one run.
# Writes bench/results/bridges.json and prints a table of rates and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
scripts/stack.sh up >/dev/null
export_stack_env

step "swift build -c release --product rediclaim-bench"
swift build -c release --product rediclaim-bench 2>&1 | { grep -E 'error|warning: .*\.swift|Compiling|Build' | grep -v prohibited || true; } | tail -2
bench=$(swift build -c release --show-bin-path)/rediclaim-bench

mkdir -p bench/results
parts=()
for bridge in redis kafka mysql; do
    step "$bridge"
    out="$RUN_DIR/bench-$bridge.json"
    scripts/bench/bridges/"$bridge".sh "$bench" >"$out"
    cat "$out"
    parts+=("$out")
done

"$VENV/bin/python" - "${parts[@]}" <<'PY'
import json, sys, datetime, platform, os
results = [json.load(open(p)) for p in sys.argv[1:]]
doc = {
    "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count(), "machine": platform.machine()},
    "note": "rates measured side by side in one run; compare ratios, not absolute numbers across runs",
    "results": results,
}
json.dump(doc, open("bench/results/bridges.json", "w"), indent=2)
print()
print(f"| bridge | metric | bridge | reference ({'tool'}) | ratio | target |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for r in results:
    target = r.get("target_ratio")
    print(f"| {r['bridge']} | {r['metric']} | {r['bridge_rate']:,.0f} | {r['reference_rate']:,.0f} ({r['reference_tool']}) "
          f"| {r['ratio']:.2f} | {'>= %.2f' % target if target else '-'} |")
for r in results:
    if r.get("shared_connections_rate"):
        p = r["params"]
        print(f"\nredis, the way the gate uses it: {p['clients']} clients sharing {p['shared_connections']} connections "
              f"{r['shared_connections_rate']:,.0f} ZADD/s ({r['shared_connections_rate'] / r['reference_rate']:.2f} of redis-benchmark); "
              f"{p['auto_tasks']} tasks sending single commands over {p['auto_connections']} auto-pipelined connections "
              f"{r['auto_pipelining_rate']:,.0f} ZADD/s")
print("\nwritten: bench/results/bridges.json")
PY
