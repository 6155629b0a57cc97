"""Judges one chaos scenario from what the clients were told (chaos_driver.py's output), MySQL and Redis
directly, and `rediclaimctl verify --json`. Prints one JSON object: the scenario's checks and figures.

Usage: chaos_check.py --driver d.json --verify v.json --event ID --stock N --users N --redis-port P
       --mysql "mariadb -h ... -u ... -p... db"
   or, with the servers' state given as a file (the checker's own tests): --state s.json holding
       {"rows": [[user, code], ...], "outcomes": {user: outcome}, "records": {user: record}}
"""
import argparse, collections, json, shlex, subprocess

p = argparse.ArgumentParser()
p.add_argument("--driver", required=True)
p.add_argument("--verify", required=True)
p.add_argument("--event", type=int, required=True)
p.add_argument("--stock", type=int, required=True)
p.add_argument("--users", type=int, required=True)
p.add_argument("--redis-port")
p.add_argument("--mysql", help="the mariadb client command line, without the query")
p.add_argument("--state", help="MySQL's rows and outcomes and Redis's records as JSON, instead of reading the servers")
a = p.parse_args()

driver = json.load(open(a.driver))
histories = driver["users"]
sweep = driver.get("sweep") or {}
try:
    verify = json.load(open(a.verify))
except (OSError, ValueError):
    verify = []


def sql(query):
    out = subprocess.run(shlex.split(a.mysql) + ["-N", "-B", "-e", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


if a.state:
    state = json.load(open(a.state))
    rows, outcomes, records = [tuple(r) for r in state["rows"]], state["outcomes"], state["records"]
else:
    rows = sql(f"SELECT user_id, coupon_code FROM coupon_issue WHERE event_id = {a.event}")
    outcomes = dict((u, o) for u, o in sql(f"SELECT user_id, outcome FROM issue_outcome WHERE event_id = {a.event}"))
    raw = subprocess.run(["redis-cli", "-p", a.redis_port, "--raw", "HGETALL", f"rc:{{e:{a.event}}}:u"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    records = dict(zip(raw[0::2], raw[1::2]))

checks = []


def check(name, problems, detail):
    checks.append({"check": name, "passed": not problems, "detail": detail, "examples": problems[:5]})


# Issued = min(stock, users), nothing dead-lettered.
expected = min(a.stock, a.users)
dead = [u for u, o in outcomes.items() if o == "DEAD_LETTERED"]
problems = [f"{len(rows)} issued, expected {expected}"] if len(rows) != expected else []
if dead:
    problems.append(f"{len(dead)} dead-lettered (e.g. {dead[:3]})")
check("issued = min(stock, users)", problems, f"{len(rows)} issued of {a.stock} for {a.users} users")

# No user twice, no code twice.
by_user = collections.Counter(u for u, _ in rows)
by_code = collections.Counter(c for _, c in rows)
check("no user or code twice",
      [f"{u} has {n} rows" for u, n in by_user.items() if n > 1] + [f"code {c} {n} times" for c, n in by_code.items() if n > 1],
      f"{len(by_user)} users with a row")

# Every row's user was told ISSUED with that code, and Redis says so too.
finals = {}
problems = []
for user, history in histories.items():
    told = set()
    for t, code, status, rank, coupon, json_ok, kind in history:
        if status == "ISSUED":
            told.add(f"ISSUED {coupon}")
        elif status == "SOLD_OUT" and (code == 200 or code == 410):
            told.add("SOLD_OUT")
    finals[user] = told
for user, code in rows:
    told = finals.get(user, set())
    if f"ISSUED {code}" not in told:
        problems.append(f"{user} has row {code} but was told {sorted(told) or 'nothing final'}")
    record = records.get(user, "")
    if not record.startswith("I|") or record.split("|")[2] != code:
        problems.append(f"{user} has row {code} but Redis holds '{record}'")
check("every row's user told ISSUED with its code", problems, f"{len(rows)} rows checked against clients and Redis")

# Every released user final (Redis), and every client got a final answer.
still = [u for u, r in records.items() if r.startswith("R|")]
unfinished = [u for u, told in finals.items() if not told]
check("every released user final; every client answered",
      [f"{u} still RELEASED in Redis" for u in still] + [f"{u} never got a final answer" for u in unfinished],
      f"{len(still)} RELEASED in Redis, {len(unfinished)} of {len(histories)} clients without a final answer")

# FIFO (and the other invariants) from verify.
failed = [f"{r['id']}: {r['summary']}" + (f" e.g. {r['examples'][:2]}" if r.get("examples") else "")
          for r in verify if not r.get("passed")]
i5 = next((r for r in verify if r.get("id") == "I5"), None)
check("FIFO (I5) and rediclaimctl verify I1-I8", failed if verify else ["verify produced no result"],
      i5["summary"] if i5 else "no verify output")

# No user told two different final statuses (the sweep included).
contradictory = [f"{u} was told {sorted(t)}" for u, t in finals.items() if len(t) > 1]
for user, answer in sweep.items():
    if answer is None or not finals.get(user):
        continue
    status, coupon = answer[2], answer[4]
    said = f"ISSUED {coupon}" if status == "ISSUED" else status
    if said not in finals[user]:
        contradictory.append(f"{user} was told {sorted(finals[user])}, then {said} on a later look")
check("no contradictory answers", contradictory, f"{len(sweep)} users asked again at the end")

# Rank never goes up within one stay in the queue (an answer that sends the user to enqueue again ends it).
ups = []
for user, history in histories.items():
    last = None
    for t, code, status, rank, coupon, json_ok, kind in history:
        if status in ("NOT_IN_QUEUE", "TICKET_EXPIRED", "UNAUTHORIZED"):
            last = None
        elif status == "WAITING" and isinstance(rank, int):
            if last is not None and rank > last:
                ups.append(f"{user}: rank {last} then {rank} at {t} ms")
            last = rank
check("rank never goes up", ups, f"{sum(len(h) for h in histories.values())} answers")

# No 5xx without a JSON body.
bare = [f"{u}: HTTP {code} at {t} ms" for u, h in histories.items() for t, code, status, rank, coupon, json_ok, kind in h
        if code >= 500 and not json_ok]
check("no 5xx without a JSON body", bare, "")

# The event exists all along: nobody may be told it does not (a Redis that lost the copy is "restoring", 503).
gone = [f"{u}: {status} at {t} ms" for u, h in histories.items() for t, code, status, rank, coupon, json_ok, kind in h
        if status == "EVENT_NOT_FOUND"]
check("never told the event does not exist", gone, f"{len(gone)} EVENT_NOT_FOUND answers")

answers = collections.Counter()
for h in histories.values():
    for t, code, status, rank, coupon, json_ok, kind in h:
        answers[f"{code} {status}" if code != 200 and code != 202 else "2xx"] += 1
told_sold_out = sum(1 for t in finals.values() if "SOLD_OUT" in t)
# How long a client went without a good answer: from its first failed request (5xx, no connection) to its
# next 2xx, the longest over all clients.
outage = 0
for h in histories.values():
    failed_at = None
    for t, code, status, rank, coupon, json_ok, kind in h:
        if code == 0 or code >= 500:
            failed_at = t if failed_at is None else failed_at
        elif code < 300 and failed_at is not None:
            outage = max(outage, t - failed_at)
            failed_at = None
print(json.dumps({
    "passed": all(c["passed"] for c in checks),
    "checks": checks,
    "figures": {
        "issued": len(rows), "stock": a.stock, "users": a.users, "toldSoldOut": told_sold_out,
        "notInQueueAnswers": answers.get("404 NOT_IN_QUEUE", 0),
        "unavailableAnswers": answers.get("503 UNAVAILABLE", 0),
        "connectionErrors": answers.get("0 CONNECTION", 0),
        "unauthorizedAnswers": answers.get("401 UNAUTHORIZED", 0),
        "http500": sum(n for k, n in answers.items() if k.startswith("500")),
        "answers": dict(answers),
        "longestOutageMs": outage,
        "elapsedMs": driver.get("elapsedMs"),
    },
}))
