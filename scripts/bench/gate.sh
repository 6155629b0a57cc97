#!/usr/bin/env bash
# Gate benchmark: a no-op route (the HTTP ceiling), POST /enqueue with distinct users, and GET /rank on a
# large queue, measured with wrk side by side on one release-built gate, at 64 and 256 connections; and
# redis-benchmark running EVALSHA of the same enqueue.lua at the same concurrency (this Redis's limit).
# Writes bench/results/gate.json and prints a table with each target met or not. Settings by environment:
#   DURATION (10s), QUEUE (1000000 waiting users for /rank), CONNECTIONS ("64 256"), BENCH_GATE_PORT (8090),
#   BENCH_JWT (1: also the JWT gate's rows; 0 skips them), BENCH_JWT_GATE_PORT (8092),
#   BENCH_TOKENS (400000 JWTs per algorithm)
# Every row also gives the gate's and Redis's CPU time per request (from /proc during that run).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

DURATION="${DURATION:-10s}"
QUEUE="${QUEUE:-1000000}"
CONNECTIONS="${CONNECTIONS:-64 256}"
PORT="${BENCH_GATE_PORT:-8090}"
JWT_PORT="${BENCH_JWT_GATE_PORT:-8092}"
TOKENS="${BENCH_TOKENS:-400000}"
JWT="${BENCH_JWT:-1}"
OUT="$RUN_DIR/bench-gate"
mkdir -p "$OUT" bench/results

command -v wrk >/dev/null || die "wrk is missing; run scripts/setup.sh"
scripts/stack.sh up >/dev/null
export_stack_env

step "release build"
for product in rediclaim-gate rediclaimctl rediclaim-bench; do
    swift build -c release --product "$product" 2>&1 | { grep -E 'error|warning: .*\.swift' || true; }
done
bin=$(swift build -c release --show-bin-path)

# Fresh events for this run: one for enqueues, one holding the large queue for /rank. Both paused so the
# queues stay put (the ticker still runs, as in production).
base=$(( $(date +%s) % 100000 * 10 ))
EV_ENQ=$((base + 1))
EV_RANK=$((base + 2))
"$bin/rediclaimctl" migrate >/dev/null
for ev in "$EV_ENQ" "$EV_RANK"; do
    "$bin/rediclaimctl" event create --id "$ev" --name "bench $ev" --stock 100000000 --open-at now --close-at +1d \
        --rate 1000 --fixed 100 >/dev/null
    "$bin/rediclaimctl" event pause "$ev" >/dev/null
done

EVENTS=("$EV_ENQ" "$EV_RANK")
step "gates on 127.0.0.1:$PORT (body identity) and :$JWT_PORT (JWT identity)"
# Two gates on the same stack: the baseline identity is the body's userId (development mode); the JWT gate
# verifies HS256 (shared secret) and ES256 (a JWKS file) tokens, so the rows below say what verifying costs.
secret="bench-jwt-secret-$(date +%s)-0123456789abcdef"
if [[ "$JWT" == 1 ]]; then
    "$bin/rediclaim-bench" tokens --algorithm es256 --jwks-out "$OUT/jwks.json" --count "$TOKENS" --prefix es --out "$OUT/es256.txt" >/dev/null
    "$bin/rediclaim-bench" tokens --algorithm hs256 --secret "$secret" --count "$TOKENS" --prefix hs --out "$OUT/hs256.txt" >/dev/null
fi
export REDICLAIM_GATE_HOST=127.0.0.1 REDICLAIM_LOG_LEVEL=warning REDICLAIM_GATE_OPS_HOST=127.0.0.1
export REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0 REDICLAIM_GATE_RATE_LIMIT_USER_PER_SECOND=0
export REDICLAIM_GATE_RATE_LIMIT_RANK_PER_SECOND=0
REDICLAIM_GATE_PORT="$PORT" REDICLAIM_GATE_OPS_PORT=$((PORT + 1)) \
    REDICLAIM_GATE_IDENTITY_MODE=body REDICLAIM_GATE_IDENTITY_ALLOW_INSECURE_BODY=true \
    "$bin/rediclaim-gate" >"$OUT/gate.log" 2>&1 &
gate_pid=$!
jwt_pid=
if [[ "$JWT" == 1 ]]; then
    REDICLAIM_GATE_PORT="$JWT_PORT" REDICLAIM_GATE_OPS_PORT=$((JWT_PORT + 1)) REDICLAIM_GATE_IDENTITY_MODE=jwt \
        REDICLAIM_GATE_IDENTITY_JWT_SECRET="$secret" REDICLAIM_GATE_IDENTITY_JWKS_FILE="$OUT/jwks.json" \
        "$bin/rediclaim-gate" --no-ticker >"$OUT/gate-jwt.log" 2>&1 &
    jwt_pid=$!
else
    : >"$OUT/gate-jwt.log"
fi
cleanup() {
    kill "$gate_pid" ${jwt_pid:+"$jwt_pid"} 2>/dev/null || true
    # The benchmark's events end closed, and their (large) Redis data is freed.
    for ev in "${EVENTS[@]}"; do
        "$bin/rediclaimctl" event close "$ev" >/dev/null 2>&1 || true
        redis-cli -p "$REDIS_PORT" SREM rc:events "$ev" >/dev/null
        for k in def ctr q u pending rlog; do redis-cli -p "$REDIS_PORT" UNLINK "rc:{e:$ev}:$k" >/dev/null; done
    done
}
trap cleanup EXIT
wait_for 30 curl -sf "http://127.0.0.1:$PORT/healthz" || die "gate did not start; see $OUT/gate.log"
if [[ "$JWT" == 1 ]]; then
    wait_for 30 curl -sf "http://127.0.0.1:$JWT_PORT/healthz" || die "JWT gate did not start; see $OUT/gate-jwt.log"
fi

step "filling event $EV_RANK with $QUEUE waiting users"
# In chunks, so no single script blocks Redis for long (the gate's ticker keeps running meanwhile).
for ((done_ = 0; done_ < QUEUE; done_ += 100000)); do
    chunk=$(( QUEUE - done_ < 100000 ? QUEUE - done_ : 100000 ))
    redis-cli -p "$REDIS_PORT" --eval scripts/bench/wrk/fill_queue.lua "rc:{e:$EV_RANK}:ctr" "rc:{e:$EV_RANK}:q" , r "$chunk" "$done_" >/dev/null
done
# Tickets for 1,000 users spread over the queue (a repeat enqueue returns the user's ticket).
: >"$OUT/tickets.txt"
step_size=$(( QUEUE / 1000 > 0 ? QUEUE / 1000 : 1 ))
for ((i = 1; i <= QUEUE; i += step_size)); do
    ticket=$(curl -s -XPOST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/enqueue" \
        -d "{\"eventId\":$EV_RANK,\"userId\":\"r$i\"}" |
        "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["ticket"])')
    echo "r$i $ticket" >>"$OUT/tickets.txt"
done
bytes=$(redis-cli -p "$REDIS_PORT" MEMORY USAGE "rc:{e:$EV_RANK}:q" SAMPLES 0)
waiting=$(redis-cli -p "$REDIS_PORT" ZCARD "rc:{e:$EV_RANK}:q")
redis_pid=$(redis-cli -p "$REDIS_PORT" INFO server | awk -F: '/^process_id:/ {print $2}' | tr -d '\r')

# CPU seconds a process has used (user + system), from /proc.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.4f", ($14 + $15) / hz}' "/proc/$1/stat"; }
run_wrk() { # name connections pid [wrk args...]
    local name=$1 c=$2 pid=$3; shift 3
    say "$name at $c connections"
    local g0 r0 g1 r1
    g0=$(cpu_seconds "$pid"); r0=$(cpu_seconds "$redis_pid")
    wrk -t2 -c"$c" -d"$DURATION" --timeout 5s --latency "$@" >"$OUT/$name-$c.txt"
    g1=$(cpu_seconds "$pid"); r1=$(cpu_seconds "$redis_pid")
    echo "$g0 $g1 $r0 $r1" >"$OUT/$name-$c.cpu"
}
# redis-benchmark: EVALSHA of the very script the gate runs (the store loads prelude + enqueue.lua, so the
# SHA matches), on the keys of an event of its own, with distinct users, for as many requests as the gate
# answered in its enqueue run at the same concurrency (so both runs grow their queues alike).
enqueue_sha=$(redis-cli -p "$REDIS_PORT" -x script load \
    < <(printf '%s\n%s' "$(cat Sources/RediclaimStore/Scripts/prelude.lua)" "$(cat Sources/RediclaimStore/Scripts/enqueue.lua)"))
run_redis_benchmark() { # connections requests event
    local c=$1 n=$2 ev=$3 k="rc:{e:$3}"
    say "redis-benchmark EVALSHA enqueue.lua at $c connections ($n requests)"
    local r0 r1 t0 t1
    r0=$(cpu_seconds "$redis_pid"); t0=$(date +%s.%N)
    redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$c" -n "$n" -r 100000000 --csv \
        evalsha "$enqueue_sha" 5 "$k:def" "$k:ctr" "$k:q" "$k:u" "$k:pq" "rb$c:__rand_int__" >"$OUT/redis_evalsha-$c.csv"
    t1=$(date +%s.%N); r1=$(cpu_seconds "$redis_pid")
    echo "$r0 $r1 $t0 $t1 $n" >"$OUT/redis_evalsha-$c.cpu"
    # Every reply must be a WAITING answer, not an error (a wrong key count once made this bench count errors).
    local kind
    kind=$(redis-cli -p "$REDIS_PORT" evalsha "$enqueue_sha" 5 "$k:def" "$k:ctr" "$k:q" "$k:u" "$k:pq" "rb-check-$c" | head -2 | tail -1)
    [[ "$kind" == WAITING ]] || die "EVALSHA enqueue.lua answered '$kind', not WAITING: the benchmark would measure errors"
}
for c in $CONNECTIONS; do
    step "$c connections"
    run_wrk noop "$c" "$gate_pid" "http://127.0.0.1:$PORT/healthz"
    EVENT_ID=$EV_ENQ USER_PREFIX="c$c" run_wrk enqueue "$c" "$gate_pid" -s scripts/bench/wrk/enqueue.lua "http://127.0.0.1:$PORT"
    EVENT_ID=$EV_RANK TICKETS_FILE="$OUT/tickets.txt" run_wrk rank "$c" "$gate_pid" -s scripts/bench/wrk/rank.lua "http://127.0.0.1:$PORT"
    enqueued=$(awk '/requests in/ {print $1}' "$OUT/enqueue-$c.txt")
    EV_RB=$((EV_ENQ + 5))
    EVENTS+=("$EV_RB")
    "$bin/rediclaimctl" event create --id "$EV_RB" --name "bench $EV_RB" --stock 100000000 --open-at now --close-at +1d \
        --rate 1000 --fixed 100 >/dev/null
    "$bin/rediclaimctl" event pause "$EV_RB" >/dev/null
    run_redis_benchmark "$c" "$enqueued" "$EV_RB"
    if [[ "$JWT" == 1 ]]; then
        run_wrk noop_jwt "$c" "$jwt_pid" "http://127.0.0.1:$JWT_PORT/healthz"
        EVENT_ID=$EV_ENQ TOKENS_FILE="$OUT/hs256.txt" run_wrk enqueue_hs256 "$c" "$jwt_pid" -s scripts/bench/wrk/enqueue_token.lua "http://127.0.0.1:$JWT_PORT"
        EVENT_ID=$EV_ENQ TOKENS_FILE="$OUT/es256.txt" run_wrk enqueue_es256 "$c" "$jwt_pid" -s scripts/bench/wrk/enqueue_token.lua "http://127.0.0.1:$JWT_PORT"
    fi
    # Later rounds would re-use the same users (repeat enqueues), so each round gets its own event.
    EV_ENQ=$((EV_ENQ + 10))
    EVENTS+=("$EV_ENQ")
    "$bin/rediclaimctl" event create --id "$EV_ENQ" --name "bench $EV_ENQ" --stock 100000000 --open-at now --close-at +1d \
        --rate 1000 --fixed 100 >/dev/null 2>&1 || true
    "$bin/rediclaimctl" event pause "$EV_ENQ" >/dev/null 2>&1 || true
done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$gate_pid/status")
errors=$(cat "$OUT/gate.log" "$OUT/gate-jwt.log" | grep -c -i 'error' || true)

"$VENV/bin/python" - "$OUT" "$bytes" "$waiting" "$rss_kb" "$errors" "$CONNECTIONS" "$DURATION" "$JWT" <<'PY'
import json, re, sys, datetime, os
out, bytes_, waiting, rss_kb, errors, conns, duration, jwt = sys.argv[1:]
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockerr = re.search(r"Socket errors:.*", text)
    return {"rps": rps, "p50_ms": ms("50"), "p99_ms": ms("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": sockerr.group(0) if sockerr else None}
ROUTES = ("noop", "enqueue", "rank") + (("noop_jwt", "enqueue_hs256", "enqueue_es256") if jwt == "1" else ())
BASELINE = {"noop": None, "enqueue": "noop", "rank": "noop", "noop_jwt": None, "enqueue_hs256": "noop_jwt", "enqueue_es256": "noop_jwt"}
def cpu(name, c, requests):
    g0, g1, r0, r1 = map(float, open(f"{out}/{name}-{c}.cpu").read().split())
    return {"gate_cpu_us_per_req": (g1 - g0) / requests * 1e6, "redis_cpu_us_per_req": (r1 - r0) / requests * 1e6}
results = {}
for c in conns.split():
    row = {}
    for name in ROUTES:
        r = parse(f"{out}/{name}-{c}.txt")
        secs = float(re.sub(r"[^\d.]", "", duration)) or 10
        r.update(cpu(name, c, max(1, r["rps"] * secs)))
        row[name] = r
    for name, base in BASELINE.items():
        if base and name in row:
            row[name]["ratio"] = row[name]["rps"] / row[base]["rps"]
            row[name]["cpu_ratio"] = row[name]["gate_cpu_us_per_req"] / row[base]["gate_cpu_us_per_req"]
    r0, r1, t0, t1, n = map(float, open(f"{out}/redis_evalsha-{c}.cpu").read().split())
    csv_rate = float(open(f"{out}/redis_evalsha-{c}.csv").read().splitlines()[1].split(",")[1].strip('"'))
    row["redis_evalsha"] = {"rps": csv_rate, "redis_cpu_us_per_req": (r1 - r0) / n * 1e6, "requests": int(n)}
    row["enqueue_ratio"] = row["enqueue"]["ratio"]
    row["rank_ratio"] = row["rank"]["ratio"]
    row["enqueue_vs_redis_evalsha"] = row["enqueue"]["rps"] / csv_rate
    results[c] = row
doc = {
    "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count()},
    "note": "wrk and the gate share the machine; compare ratios measured in this run, not absolute numbers across runs",
    "duration": duration,
    "connections": results,
    "redis_bytes_per_waiting_user": int(bytes_) / int(waiting),
    "waiting_users": int(waiting),
    "gate_peak_rss_mb": int(rss_kb) / 1024,
    "gate_log_error_lines": int(errors),
    "targets": {"enqueue_ratio": ">= 0.6 at 64, and no lower at 256", "rank_ratio": ">= 0.7 at 64, and no lower at 256",
                "enqueue_vs_redis_evalsha": ">= 0.45", "p99_ms_at_64": "<= 10", "redis_bytes_per_waiting_user": "<= 150",
                "gate_peak_rss_mb": "<= 100", "gate_log_error_lines": "0"},
}
first, last = results[conns.split()[0]], results[conns.split()[-1]]
doc["met"] = {
    "enqueue_ratio": first["enqueue_ratio"] >= 0.6 and last["enqueue_ratio"] >= 0.6,
    "rank_ratio": first["rank_ratio"] >= 0.7 and last["rank_ratio"] >= 0.7,
    "enqueue_vs_redis_evalsha": all(r["enqueue_vs_redis_evalsha"] >= 0.45 for r in results.values()),
    "p99_ms_at_64": all(first[k]["p99_ms"] <= 10 for k in ("enqueue", "rank")),
    "redis_bytes_per_waiting_user": doc["redis_bytes_per_waiting_user"] <= 150,
    "gate_peak_rss_mb": doc["gate_peak_rss_mb"] <= 100,
    "gate_log_error_lines": int(errors) == 0,
}
json.dump(doc, open("bench/results/gate.json", "w"), indent=2)
print()
print("| connections | route | req/s | p50 ms | p99 ms | non-2xx | ratio to no-op | gate CPU µs/req | CPU ratio | Redis CPU µs/req |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for c, row in results.items():
    for name in ROUTES:
        r = row[name]
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        cpu_ratio = f"{r['cpu_ratio']:.2f}" if "cpu_ratio" in r else "-"
        print(f"| {c} | {name} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['non_2xx']} | {ratio} | "
              f"{r['gate_cpu_us_per_req']:.1f} | {cpu_ratio} | {r['redis_cpu_us_per_req']:.1f} |")
print("\nnoop/enqueue/rank: the body-identity gate; noop_jwt/enqueue_hs256/enqueue_es256: the JWT gate (ratios to its own no-op)")
print("\n| connections | redis-benchmark EVALSHA enqueue.lua req/s | its Redis CPU µs/req | gate enqueue / redis-benchmark |")
print("| ---: | ---: | ---: | ---: |")
for c, row in results.items():
    rb = row["redis_evalsha"]
    print(f"| {c} | {rb['rps']:,.0f} | {rb['redis_cpu_us_per_req']:.1f} | {row['enqueue_vs_redis_evalsha']:.2f} |")
print("\ntargets:")
for key, target in doc["targets"].items():
    print(f"  {key} {target}: {'met' if doc['met'][key] else 'NOT met'}")
print(f"\nRedis bytes per waiting user: {doc['redis_bytes_per_waiting_user']:.1f} ({waiting} waiting)")
print(f"gate peak RSS: {doc['gate_peak_rss_mb']:.1f} MB; error lines in the gate log: {errors}")
print("written: bench/results/gate.json")
PY
