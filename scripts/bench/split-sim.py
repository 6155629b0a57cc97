#!/usr/bin/env python3
"""One hot event split over N Redis slots, simulated without servers (docs/scale.md, issue 18).

Users arrive as a spike; each joins sub-queue hash(user) % N, which keeps its own FIFO sequence. A global
token bucket releases `rate` users/s in ticks; each tick's tokens go to the shards by one of two policies:
  round-robin   one token per non-empty shard in turn
  oldest-head   each token to the shard whose head arrived first (by the shard's clock, which may be skewed)
Reported per N = 1, 2, 4, 8:
  capacity      requests/s the N shards sustain, from a per-shard ceiling (measured on one node) and the
                load imbalance of hashing real user ids; rank fan-out (N reads per poll) vs own-shard rank
  fairness      |release position - true FIFO position| (mean, p99, max) for each policy
  rank error    |estimated rank - true rank| when other shards' counts come from a summary up to 100 ms old
Usage: scripts/bench/split-sim.py [--users 200000] [--rate 2000] [--ceiling 40000] [--out bench/results/split-sim]
"""
import argparse, bisect, hashlib, heapq, json, random, statistics

p = argparse.ArgumentParser()
p.add_argument("--users", type=int, default=200_000)
p.add_argument("--arrival-seconds", type=float, default=20.0)
p.add_argument("--rate", type=int, default=2_000, help="global release rate, users/s")
p.add_argument("--tick-ms", type=int, default=100)
p.add_argument("--ceiling", type=float, default=40_000, help="script calls/s one Redis core sustains (enqueue/rank)")
p.add_argument("--polls", type=float, default=1.0, help="rank polls per waiting user per second")
p.add_argument("--skew-ms", type=float, default=1.0, help="clock offset of each shard's node, uniform +-")
p.add_argument("--summary-ms", type=int, default=100, help="age of the other shards' counts used for rank")
p.add_argument("--seed", type=int, default=18)
p.add_argument("--out", default="bench/results/split-sim")
a = p.parse_args()

rng = random.Random(a.seed)
# A spike: arrivals front-loaded (exponential decay, 95% within the window); true order = arrival order.
arrivals = sorted(rng.expovariate(3.0 / a.arrival_seconds) * 1000.0 for _ in range(a.users))
users = [f"u-{i}-{rng.getrandbits(32):08x}" for i in range(a.users)]


def shard_of(user, n):
    return int.from_bytes(hashlib.blake2b(user.encode(), digest_size=8).digest(), "big") % n


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def simulate(n, policy):
    """Release order (true indices) under `policy`, and rank-estimate errors sampled over the run."""
    offsets = [rng.uniform(-a.skew_ms, a.skew_ms) for _ in range(n)] if n > 1 else [0.0]
    queues = [[] for _ in range(n)]  # per shard: true indices in arrival order (each shard's FIFO seq)
    for i, u in enumerate(users):
        queues[shard_of(u, n)].append(i)
    heads = [0] * n
    order = []
    per_tick = a.rate * a.tick_ms / 1000.0
    carry, t, rr = 0.0, 0.0, 0
    rank_errors = []
    history = []  # (t, released count per shard), for summaries of a given age
    while len(order) < a.users:
        t += a.tick_ms
        carry += per_tick
        tokens = int(carry)
        carry -= tokens
        for _ in range(tokens):
            # Only users who have arrived by now can be released.
            ready = [s for s in range(n) if heads[s] < len(queues[s]) and arrivals[queues[s][heads[s]]] <= t]
            if not ready:
                break
            if policy == "round-robin":
                while rr % n not in ready:
                    rr += 1
                s = rr % n
                rr += 1
            else:
                s = min(ready, key=lambda s: arrivals[queues[s][heads[s]]] + offsets[s])
            order.append(queues[s][heads[s]])
            heads[s] += 1
        history.append((t, heads[:]))
        if policy == "oldest-head" and len(history) % 10 == 0:
            # Rank of sampled waiting users: own shard exact, the others from a summary `summary-ms` old.
            old = history[max(0, len(history) - 1 - a.summary_ms // a.tick_ms)][1]
            for s in range(n):
                for _ in range(3):
                    lo = heads[s]
                    arrived = bisect.bisect_right([arrivals[q] for q in queues[s][lo:lo + 2000]], t)
                    if arrived == 0:
                        continue
                    k = lo + rng.randrange(arrived)
                    me = queues[s][k]
                    true_rank = sum(
                        bisect.bisect_left(queues[o], me, heads[o]) - heads[o] for o in range(n)) + 1
                    est = (k - heads[s]) + sum(
                        max(0, bisect.bisect_left(queues[o], me) - old[o]) for o in range(n) if o != s) + 1
                    rank_errors.append(abs(est - true_rank))
    displacement = [abs(pos - idx) for pos, idx in enumerate(order)]
    return displacement, rank_errors


def imbalance(n):
    counts = [0] * n
    for u in users:
        counts[shard_of(u, n)] += 1
    return max(counts) / (sum(counts) / n)


rows = []
for n in (1, 2, 4, 8):
    imb = imbalance(n)
    enqueue_capacity = n * a.ceiling / imb
    # A poll reads every shard (exact rank) or its own shard plus a cached summary of the others.
    fanout_capacity = n * a.ceiling / (n * imb)
    own_capacity = n * a.ceiling / imb
    rr, _ = simulate(n, "round-robin")
    oh, rank_err = simulate(n, "oldest-head")
    rows.append({
        "shards": n, "imbalance": round(imb, 4),
        "enqueue_per_s": round(enqueue_capacity), "rank_fanout_per_s": round(fanout_capacity), "rank_own_shard_per_s": round(own_capacity),
        "round_robin": {"mean": round(statistics.mean(rr), 1), "p99": pct(rr, 0.99), "max": max(rr)},
        "oldest_head": {"mean": round(statistics.mean(oh), 2), "p99": pct(oh, 0.99), "max": max(oh)},
        "rank_error": {"mean": round(statistics.mean(rank_err), 1) if rank_err else 0.0,
                       "p99": pct(rank_err, 0.99) if rank_err else 0, "samples": len(rank_err)},
    })

lines = [
    f"Simulated: {a.users:,} users arriving over {a.arrival_seconds:g} s (a spike), released at {a.rate:,}/s in "
    f"{a.tick_ms} ms ticks; per-shard ceiling {a.ceiling:,.0f} script calls/s; shard clocks skewed by up to "
    f"+-{a.skew_ms:g} ms; rank from summaries up to {a.summary_ms} ms old; seed {a.seed}.",
    "",
    "| N | hash imbalance (max/mean) | enqueue/s | rank/s, exact fan-out | rank/s, own shard + summary "
    "| round-robin displacement mean / p99 / max | oldest-head displacement mean / p99 / max | rank error mean / p99 |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
for r in rows:
    rr, oh, re = r["round_robin"], r["oldest_head"], r["rank_error"]
    lines.append(
        f"| {r['shards']} | {r['imbalance']:.3f} | {r['enqueue_per_s']:,} | {r['rank_fanout_per_s']:,} | {r['rank_own_shard_per_s']:,} "
        f"| {rr['mean']:,} / {rr['p99']:,} / {rr['max']:,} | {oh['mean']:,} / {oh['p99']:,} / {oh['max']:,} | {re['mean']} / {re['p99']} |")
text = "\n".join(lines)
print(text)
with open(a.out + ".md", "w") as f:
    f.write(text + "\n")
with open(a.out + ".json", "w") as f:
    json.dump({"params": vars(a), "rows": rows}, f, indent=2)
print(f"\nwritten: {a.out}.md, {a.out}.json")
