"""Builds the end-to-end report from one scripts/e2e.sh run: bench/results/e2e.json, REPORT.md and e2e.png.

Inputs (in --work): k6.json (spike.js's SUMMARY_JSON, or rediclaim-bench spike's --out), verify.json (rediclaimctl verify --json),
samples.csv (e2e_sampler.py), counters.txt (HGETALL of the event's counters).
"""
import argparse, csv, datetime, json, os

p = argparse.ArgumentParser()
for name in ("out", "work", "event", "stock", "rate", "users", "open-ms", "k6-status", "verify-status"):
    p.add_argument("--" + name, required=True)
p.add_argument("--loadgen", default="k6")
a = p.parse_args()
work = a.work


def load(name, default):
    try:
        with open(os.path.join(work, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


k6 = load("k6.json", {})
invariants = load("verify.json", [])
lines = open(os.path.join(work, "counters.txt")).read().split()
counters = dict(zip(lines[0::2], lines[1::2]))
samples = list(csv.DictReader(open(os.path.join(work, "samples.csv"))))

open_ms = int(a.open_ms)
sold_out_at = int(counters["soldOutAt"]) if "soldOutAt" in counters else None
try:
    first_release = int(open(os.path.join(work, "first_release_ms.txt")).read().strip())
except (OSError, ValueError):
    first_release = None
doc = {
    "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count()},
    "event": {"id": int(a.event), "stock": int(a.stock), "releaseRate": int(a.rate)},
    "users": int(a.users),
    "arrival": k6.get("arrival"),
    "latencyMs": k6.get("latencyMs"),
    "finalStatus": k6.get("finalStatus"),
    "notFinal": k6.get("notFinal"),
    "pollsPerUser": k6.get("pollsPerUser"),
    "timeToFinalMs": k6.get("timeToFinalMs"),
    "errorsByCode": k6.get("errorsByCode"),
    "http5xx": k6.get("http5xx"),
    "loadGenerator": a.loadgen,
    "k6Passed": int(a.k6_status) == 0,
    "eta": k6.get("eta"),
    "openToSoldOutSeconds": (sold_out_at - open_ms) / 1000 if sold_out_at else None,
    "firstReleaseToSoldOutSeconds": (sold_out_at - first_release) / 1000 if sold_out_at and first_release else None,
    "counters": {k: int(v) for k, v in counters.items() if v.lstrip("-").isdigit()},
    "invariants": invariants,
    "invariantsPassed": int(a.verify_status) == 0 and bool(invariants),
}
os.makedirs(a.out, exist_ok=True)
json.dump(doc, open(os.path.join(a.out, "e2e.json"), "w"), indent=2)

# The chart: queue length and issued count on the left axis, release rate on the right.
chart = None
if samples:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    t0 = int(samples[0]["t_ms"])
    t = [(int(s["t_ms"]) - t0) / 1000 for s in samples]
    fig, left = plt.subplots(figsize=(9, 4.5))
    left.plot(t, [int(s["waiting"]) for s in samples], label="waiting (queue length)")
    left.plot(t, [int(s["issued"]) for s in samples], label="issued")
    left.plot(t, [int(s["released"]) for s in samples], label="released", linestyle=":")
    left.set_xlabel("seconds")
    left.set_ylabel("users")
    right = left.twinx()
    # The real rate from the released counter; the gate's own figure is smoothed for wait estimates.
    released = [int(s["released"]) for s in samples]
    actual = [0.0] + [(released[i] - released[i - 1]) / max(t[i] - t[i - 1], 1e-3) for i in range(1, len(t))]
    right.plot(t, actual, color="tab:red", label="release rate (/s, from the counter)")
    right.plot(t, [float(s["release_rate"]) for s in samples], color="tab:red", alpha=0.4, linestyle="--",
               label="release rate (/s, gate's smoothed estimate)")
    right.set_ylabel("users per second")
    handles = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    left.legend(handles, [h.get_label() for h in handles], loc="upper right")
    left.set_title(f"event {a.event}: {a.users} users for {a.stock} coupons at {a.rate}/s")
    fig.tight_layout()
    chart = os.path.join(a.out, "e2e.png")
    fig.savefig(chart, dpi=110)


def lat(name):
    v = (doc["latencyMs"] or {}).get(name) or {}
    return " / ".join(f"{v.get(q, float('nan')):.1f}" for q in ("p50", "p95", "p99")) if v else "-"


def eta_row(eta):
    """Median and p90 of |estimated - actual| wait, from each user's first estimate to their release."""
    if not eta or not eta.get("users"):
        return "| wait estimate error | - (the k6 spike does not measure it) |"
    e, r = eta["absErrorSeconds"], eta["relativeErrorPercent"]
    return (f"| wait estimate error, median / p90 | {e['p50']:.1f} s / {e['p90']:.1f} s; relative {r.get('p50', 0):.0f}% / "
            f"{r.get('p90', 0):.0f}% ({eta['users']} users, first estimate to release) |")


arr = doc["arrival"] or {}
fin = doc["finalStatus"] or {}
ttf = doc["timeToFinalMs"] or {}
md = [
    f"# End-to-end report: event {a.event}",
    "",
    f"Generated {doc['generated_at']} on {os.cpu_count()} cores by `scripts/e2e.sh` "
    f"({a.users} users, stock {a.stock}, release rate {a.rate}/s).",
    "",
    "| figure | value |",
    "| --- | --- |",
    f"| arrivals | {arr.get('arrivedUsers', '-')} users, {arr.get('achievedPerSecond', '-')}/s achieved"
    + (f" (target {arr['targetPerSecond']:.0f}/s; {arr.get('lateRequests', 0)} requests sent >50 ms late, worst {arr.get('worstLagMs', 0)} ms)"
       if arr.get("targetPerSecond") else "") + " |",
    f"| enqueue latency p50 / p95 / p99 (ms) | {lat('enqueue')} |",
    f"| rank latency p50 / p95 / p99 (ms) | {lat('rank')} |",
    f"| open to sold out | {doc['openToSoldOutSeconds']:.1f} s |" if doc["openToSoldOutSeconds"] else "| open to sold out | not sold out |",
    f"| first release to sold out | {doc['firstReleaseToSoldOutSeconds']:.1f} s (stock / rate = {int(a.stock) / int(a.rate):.1f} s) |"
    if doc["firstReleaseToSoldOutSeconds"] else "| first release to sold out | - |",
    f"| issued / stock | {doc['counters'].get('issued', 0)} / {a.stock} |",
    f"| final status seen by clients | ISSUED {fin.get('ISSUED', '-')}, SOLD_OUT {fin.get('SOLD_OUT', '-')} |",
    f"| time to final status p50 / p99 | {ttf.get('p50', 0) / 1000:.1f} s / {ttf.get('p99', 0) / 1000:.1f} s |" if ttf else "| time to final status | - |",
    f"| 5xx answers | {doc['http5xx']} |",
    eta_row(doc.get("eta")),
    f"| load generator ({a.loadgen}) verdict | {'PASS' if doc['k6Passed'] else 'FAIL'} |",
    "",
    "| invariant | result | detail |",
    "| --- | --- | --- |",
]
md += [f"| {i['id']} {i['title']} | {'PASS' if i['passed'] else 'FAIL'} | {i['summary']} |" for i in invariants]
if not invariants:
    md.append("| all | FAIL | the invariant checker produced no result |")
if chart:
    md += ["", "![queue length, release rate and issued count over time](e2e.png)"]
open(os.path.join(a.out, "REPORT.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
