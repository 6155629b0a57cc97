#!/usr/bin/env bash
# Faults under live load, judged from the outside. Each scenario gets a fresh event and simulated users
# who enqueue, poll as told and fail over between gates (scripts/lib/chaos_driver.py); once the fault is
# injected mid-release and everyone has an answer, scripts/lib/chaos_check.py judges the run from the
# clients' answers, MySQL and Redis directly, and `rediclaimctl verify`.
#   scripts/chaos.sh [--short] [SCENARIO...]     (default: every scenario; --list names them)
# Writes bench/results/chaos.md and chaos.json (one row per scenario); exits 1 if any scenario fails.
# Settings by environment: USERS (3000), STOCK (1000), RATE (250), ARRIVAL_SECONDS (3), BUILD_CONFIG
# (debug: the build the test suite already made), CHAOS_BIN (use these binaries, build nothing),
# CHAOS_PORT (8131: gates on 8131/8132, ops 9131-9133), CHAOS_OUT (.run/chaos), CHAOS_RESULTS
# (bench/results), CHAOS_PRIVATE_REDIS=1 (a Redis of the run's own on REDICLAIM_REDIS_PORT, so that the
# Redis faults touch nobody else; the test suite uses it).
# --short: 600 users, stock 200, rate 100 (the test suite runs it for three scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

SCENARIOS=(gate-kill issuer-kill broker-pause mariadb-restart mariadb-readonly two-gates-one-killed
    redis-lost redis-kill-aof admin-vs-apply)
describe() {
    case "$1" in
    gate-kill) echo "kill -9 of the gate mid-release, restarted 2 s later" ;;
    issuer-kill) echo "kill -9 of the issuer mid-batch, restarted 1 s later" ;;
    broker-pause) echo "the broker paused (SIGSTOP) for 10 s" ;;
    mariadb-restart) echo "MariaDB stopped and started again" ;;
    mariadb-readonly) echo "MariaDB read_only for 10 s" ;;
    two-gates-one-killed) echo "two gates, one killed with kill -9 and left dead" ;;
    redis-lost) echo "Redis SHUTDOWN NOSAVE, restarted empty (AOF removed): every key lost" ;;
    redis-kill-aof) echo "Redis kill -9 with AOF everysec, restarted from its AOF" ;;
    admin-vs-apply) echo "a rate set at the gate's admin API races rediclaimctl event apply" ;;
    *) return 1 ;;
    esac
}

SHORT=0
chosen=()
for arg in "$@"; do
    case "$arg" in
    --short) SHORT=1 ;;
    --list) for s in "${SCENARIOS[@]}"; do printf '%-22s %s\n' "$s" "$(describe "$s")"; done; exit 0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) describe "$arg" >/dev/null || die "unknown scenario: $arg (see --list)"; chosen+=("$arg") ;;
    esac
done
[ ${#chosen[@]} -gt 0 ] || chosen=("${SCENARIOS[@]}")
if [ "$SHORT" = 1 ]; then USERS="${USERS:-600}" STOCK="${STOCK:-200}" RATE="${RATE:-100}"; fi
USERS="${USERS:-3000}"
STOCK="${STOCK:-1000}"
RATE="${RATE:-250}"
ARRIVAL_SECONDS="${ARRIVAL_SECONDS:-3}"
BUILD_CONFIG="${BUILD_CONFIG:-debug}"
PORT="${CHAOS_PORT:-8131}"
OUT="${CHAOS_OUT:-$RUN_DIR/chaos}"
RESULTS="${CHAOS_RESULTS:-bench/results}"
if [ "${CHAOS_PRIVATE_REDIS:-0}" = 1 ]; then export REDICLAIM_REDIS_DIR="$OUT/redis"; fi
REDIS_DIR="${REDICLAIM_REDIS_DIR:-$RUN_DIR/redis}"
MYSQL_DIR="$RUN_DIR/mariadb"
TANSU_DIR="$RUN_DIR/tansu"
mkdir -p "$OUT" "$RESULTS"

if [ "${CHAOS_PRIVATE_REDIS:-0}" = 1 ]; then scripts/stack.sh up redis >/dev/null; else scripts/stack.sh up >/dev/null; fi
export_stack_env
if [ -n "${CHAOS_BIN:-}" ]; then
    bin=$CHAOS_BIN
else
    step "build ($BUILD_CONFIG)"
    : >"$OUT/build.log"
    for product in rediclaim-gate rediclaim-issuer rediclaimctl; do
        swift build -c "$BUILD_CONFIG" --product "$product" >>"$OUT/build.log" 2>&1 || die "build failed; see $OUT/build.log"
    done
    bin=$(swift build -c "$BUILD_CONFIG" --show-bin-path)
fi
ctl="$bin/rediclaimctl"
"$ctl" migrate >/dev/null
"$ctl" topics create >/dev/null

export REDICLAIM_GATE_HOST=127.0.0.1 REDICLAIM_GATE_OPS_HOST=127.0.0.1 REDICLAIM_ISSUER_OPS_HOST=127.0.0.1
export REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0 REDICLAIM_LOG_LEVEL=notice REDICLAIM_ISSUER_OPS_PORT=$((PORT + 1002))
# Tansu's group coordinator takes seconds to settle a rejoin; a shorter poll interval would only add rebalances.
declare -A GATE_PIDS=()
ISSUER_PID=""
MYSQL_CLI="mariadb -h 127.0.0.1 -P $MYSQL_PORT -u $MYSQL_USER -p$MYSQL_PASSWORD $MYSQL_DATABASE"
redis() { redis-cli -p "$REDIS_PORT" "$@"; }
mysql_root() { mariadb --protocol=socket --socket="$MYSQL_DIR/sock" -uroot "$@"; }

start_gate() { # n (0 or 1)
    local n=$1
    REDICLAIM_GATE_PORT=$((PORT + n)) REDICLAIM_GATE_OPS_PORT=$((PORT + 1000 + n)) \
        "$bin/rediclaim-gate" >>"$OUT/gate$n.log" 2>&1 &
    GATE_PIDS[$n]=$!
}
wait_gate() { wait_for 60 curl -sf "http://127.0.0.1:$((PORT + 1000 + $1))/readyz" || die "gate $1 not ready; see $OUT/gate$1.log"; }
start_issuer() { "$bin/rediclaim-issuer" >>"$OUT/issuer.log" 2>&1 & ISSUER_PID=$!; }
stop_all() {
    local pid
    for pid in "${GATE_PIDS[@]}" $ISSUER_PID; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${GATE_PIDS[@]}" $ISSUER_PID; do wait "$pid" 2>/dev/null || true; done
    GATE_PIDS=()
    ISSUER_PID=""
}
cleanup() {
    kill -CONT "$(cat "$TANSU_DIR/pid" 2>/dev/null)" 2>/dev/null || true
    mysql_root -e 'SET GLOBAL read_only = 0' 2>/dev/null || true
    stop_all
    if [ "${CHAOS_PRIVATE_REDIS:-0}" = 1 ]; then scripts/stack.sh down redis >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

released() { redis HGET "rc:{e:$1}:ctr" released 2>/dev/null | grep -E '^[0-9]+$' || echo 0; }
# Waits until a third of the stock is released (the fault lands mid-release), at most 30 s.
wait_mid_release() {
    local target=$((STOCK / 3))
    for _ in $(seq 1 300); do
        [ "$(released "$1")" -ge "$target" ] && return 0
        sleep 0.1
    done
    say "warning: only $(released "$1") released after 30 s; injecting anyway"
}
# Quiet: nothing pending dispatch, nobody RELEASED without a final status, at most 60 s.
wait_quiet() {
    for _ in $(seq 1 120); do
        local pending stuck
        pending=$(redis ZCARD "rc:{e:$1}:pending" 2>/dev/null || echo 1)
        stuck=$(redis --raw HVALS "rc:{e:$1}:u" 2>/dev/null | grep -c '^R|' || true)
        [ "${pending:-1}" = 0 ] && [ "${stuck:-1}" = 0 ] && return 0
        sleep 0.5
    done
}

kill9() { kill -9 "$1"; wait "$1" 2>/dev/null || true; }
inject() { # scenario event
    case "$1" in
    gate-kill) kill9 "${GATE_PIDS[0]}"; sleep 2; start_gate 0 ;;
    issuer-kill) kill9 "$ISSUER_PID"; sleep 1; start_issuer ;;
    broker-pause) kill -STOP "$(cat "$TANSU_DIR/pid")"; sleep 10; kill -CONT "$(cat "$TANSU_DIR/pid")" ;;
    mariadb-restart) scripts/stack.sh down mariadb >/dev/null; scripts/stack.sh up mariadb >/dev/null ;;
    mariadb-readonly) mysql_root -e 'SET GLOBAL read_only = 1'; sleep 10; mysql_root -e 'SET GLOBAL read_only = 0' ;;
    two-gates-one-killed) kill9 "${GATE_PIDS[1]}"; unset 'GATE_PIDS[1]' ;;
    redis-lost)
        redis SHUTDOWN NOSAVE >/dev/null 2>&1 || true
        rm -rf "$REDIS_DIR/aof" "$REDIS_DIR/dump.rdb"
        scripts/stack.sh up redis >/dev/null ;;
    redis-kill-aof)
        kill -9 "$(cat "$REDIS_DIR/redis.pid")"; rm -f "$REDIS_DIR/redis.pid"; sleep 1
        scripts/stack.sh up redis >/dev/null ;;
    admin-vs-apply)
        # The newer control must stand: the gate's PATCH, then an apply of the unchanged definition.
        curl -sf -X PATCH -H "Authorization: Bearer $REDICLAIM_GATE_ADMIN_TOKEN" -H 'Content-Type: application/json' \
            -d "{\"releaseRate\":$((RATE / 2))}" "http://127.0.0.1:$PORT/admin/events/$2" >"$OUT/patch.json" &
        local patch=$!
        "$ctl" event apply -f "$OUT/event-$2.yaml" >"$OUT/apply.txt" 2>&1 &
        local apply=$!
        wait "$patch" "$apply" ;;
    esac
}

# Extra checks of one scenario, as chaos_check.py checks: {"check":..., "passed":..., "detail":...}.
extra_check() { # scenario event
    case "$1" in
    admin-vs-apply)
        local mysql_rate redis_rate
        mysql_rate=$($MYSQL_CLI -N -B -e "SELECT release_rate FROM coupon_event WHERE id = $2" 2>/dev/null)
        redis_rate=$(redis HGET "rc:{e:$2}:def" rate)
        local ok=false
        [ "$mysql_rate" = $((RATE / 2)) ] && [ "$redis_rate" = $((RATE / 2)) ] && ok=true
        echo "{\"check\":\"the gate's rate stands after apply\",\"passed\":$ok,\"detail\":\"MySQL $mysql_rate, Redis $redis_rate, set $((RATE / 2))\",\"examples\":[]}" ;;
    redis-lost|redis-kill-aof)
        local epoch ok=false
        epoch=$(redis HGET "rc:{e:$2}:ctr" epochNo)
        [ "${epoch:-0}" -ge 1 ] && ok=true
        echo "{\"check\":\"the gate rebuilt the event by itself (new runtime epoch)\",\"passed\":$ok,\"detail\":\"epoch ${epoch:-none}\",\"examples\":[]}" ;;
    esac
}

run_scenario() {
    local name=$1 event started
    event=$(( 7000000 + ($(date +%s%N) / 1000000) % 1000000 ))
    step "$name: $(describe "$name") (event $event, $USERS users, stock $STOCK, rate $RATE/s)"
    cat >"$OUT/event-$event.yaml" <<YAML
events:
  - id: $event
    name: chaos $name
    stock: $STOCK
    openAt: $(date -u -d '-1 min' +%FT%TZ)
    closeAt: $(date -u -d '+1 hour' +%FT%TZ)
    releaseRate: $RATE
    coupon:
      type: FIXED
      amount: 1000
      validDays: 7
YAML
    "$ctl" event apply -f "$OUT/event-$event.yaml" >/dev/null
    start_issuer
    start_gate 0
    local gates="http://127.0.0.1:$PORT"
    if [ "$name" = two-gates-one-killed ]; then start_gate 1; gates="$gates,http://127.0.0.1:$((PORT + 1))"; wait_gate 1; fi
    wait_gate 0
    wait_for 90 gate_results_assigned $((PORT + 1000)) || die "gate's result consumer never got partitions"
    started=$(date +%s%3N)
    "$VENV/bin/python" scripts/lib/chaos_driver.py --gates "$gates" --event "$event" --users "$USERS" \
        --arrival "$ARRIVAL_SECONDS" --deadline 150 --secret "$REDICLAIM_GATE_IDENTITY_JWT_SECRET" \
        --prefix "c$event" --out "$OUT/driver-$event.json" --progress "$OUT/progress" &
    local driver=$!
    wait_mid_release "$event"
    local fault_at=$(( $(date +%s%3N) - started ))
    say "fault at $((fault_at / 1000)).$((fault_at % 1000 / 100)) s, $(released "$event") released"
    inject "$name" "$event"
    say "fault over; waiting for every user's answer"
    wait "$driver" || say "warning: the driver exited with $?"
    wait_quiet "$event"
    "$ctl" verify "$event" --json >"$OUT/verify-$event.json" 2>/dev/null || true
    "$VENV/bin/python" scripts/lib/chaos_check.py --driver "$OUT/driver-$event.json" --verify "$OUT/verify-$event.json" \
        --event "$event" --stock "$STOCK" --users "$USERS" --redis-port "$REDIS_PORT" --mysql "$MYSQL_CLI" \
        >"$OUT/check-$event.json"
    local extra
    extra=$(extra_check "$name" "$event")
    "$VENV/bin/python" - "$OUT/check-$event.json" "$name" "$(describe "$name")" "$fault_at" "$extra" <<'PY'
import json, sys
path, name, what, fault_at, extra = sys.argv[1:]
doc = json.load(open(path))
if extra:
    doc["checks"].append(json.loads(extra))
    doc["passed"] = all(c["passed"] for c in doc["checks"])
doc.update(scenario=name, description=what, faultAtMs=int(fault_at))
json.dump(doc, open(path, "w"))
for c in doc["checks"]:
    print(f"    {'PASS' if c['passed'] else 'FAIL'}  {c['check']}: {c['detail']}")
    for e in c["examples"]:
        print(f"          - {e}")
PY
    stop_all
    echo "$OUT/check-$event.json" >>"$OUT/checks.list"
}

rm -f "$OUT/checks.list"
for s in "${chosen[@]}"; do run_scenario "$s"; done

"$VENV/bin/python" - "$OUT/checks.list" "$RESULTS" "$USERS" "$STOCK" "$RATE" <<'PY'
import json, sys, datetime
listing, results, users, stock, rate = sys.argv[1:]
docs = [json.load(open(p.strip())) for p in open(listing) if p.strip()]
json.dump(docs, open(f"{results}/chaos.json", "w"), indent=2)
lines = [
    f"# Chaos run, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
    "",
    f"Each scenario: a fresh event, {users} users for stock {stock} at {rate} releases/s, the fault injected once a",
    "third of the stock was released. Checked from the clients' answers, MySQL and Redis directly, and `rediclaimctl verify`.",
    "",
    "| scenario | result | issued | told SOLD_OUT | 503 answers | connection errors | NOT_IN_QUEUE answers | longest without an answer | failed checks |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
]
for d in docs:
    f = d["figures"]
    failed = "; ".join(c["check"] for c in d["checks"] if not c["passed"]) or "-"
    lines.append(f"| {d['description']} | {'PASS' if d['passed'] else 'FAIL'} | {f['issued']} of {f['stock']} | {f['toldSoldOut']} | "
                 f"{f['unavailableAnswers']} | {f['connectionErrors']} | {f['notInQueueAnswers']} | {f['longestOutageMs'] / 1000:.1f} s | {failed} |")
lines += ["", "Checks per scenario: issued = min(stock, users); no user or code twice; every row's user told ISSUED with",
          "its code (and Redis agrees); every released user final and every client answered; FIFO and verify I1-I8;",
          "no contradictory answers (a final look at the end included); rank never goes up; no 5xx without a JSON body;",
          "nobody told the event does not exist."]
open(f"{results}/chaos.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if all(d["passed"] for d in docs) else 1)
PY
