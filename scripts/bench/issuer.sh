#!/usr/bin/env bash
# Issuer benchmark: pre-load N IssueRequested messages, then time the release-built issuer draining
# them into MariaDB (durable commits). In the same run, the raw ceiling: the `mariadb` client
# inserting the same number of rows into the same schema in 500-row INSERT IGNORE statements
# (autocommit, one durable commit each). The machine is shared, so the run is repeated in rounds,
# raw and issuer interleaved (raw, issuer, raw, issuer, ..., raw), and medians are reported.
# Writes bench/results/issuer.json and prints a table.
# Env: BENCH_ISSUER_ROWS (200000), BENCH_ISSUER_ROUNDS (3), BENCH_ISSUER_PARTITIONS (6),
#      BENCH_ISSUER_BATCH (issuer.batchSize, 500; the raw statements stay at 500 rows),
#      BENCH_ISSUER_SET ("key=value ..." extra issuer settings), BENCH_ISSUER_BIN (a prebuilt binary, for A/B runs),
#      REDICLAIM_RUN_DIR (see scripts/lib/common.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
scripts/stack.sh up >/dev/null
export_stack_env

rows=${BENCH_ISSUER_ROWS:-200000}
rounds=${BENCH_ISSUER_ROUNDS:-3}
partitions=${BENCH_ISSUER_PARTITIONS:-6}
batch=${BENCH_ISSUER_BATCH:-500}
raw_batch=500
event=1001
suffix="$$_$(date +%s)"
work=$(mktemp -d)
issuer_pid=""
databases=()
topics=()

export MYSQL_PWD="$MYSQL_PASSWORD"
client() { mariadb --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"; }
cleanup() {
    if [ -n "$issuer_pid" ]; then kill "$issuer_pid" 2>/dev/null || true; fi
    for db in "${databases[@]}"; do client -e "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1 || true; done
    for t in "${topics[@]}"; do
        "$(tansu_bin)" topic delete "$t" --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }

step "swift build -c release --product rediclaim-issuer"
swift build -c release --product rediclaim-issuer 2>&1 | { grep -E 'error|Compiling|Build' | grep -v prohibited || true; } | tail -2
bin=${BENCH_ISSUER_BIN:-$(swift build -c release --show-bin-path)/rediclaim-issuer}

durable=$(client -N -e "SELECT @@innodb_flush_log_at_trx_commit")
[ "$durable" = "1" ] || die "innodb_flush_log_at_trx_commit is $durable; the benchmark needs durable commits (1)"
tansu=$(tansu_bin)

# A fresh database with the schema and one event of stock `rows`.
make_database() {
    local db=$1
    databases+=("$db")
    client -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4"
    client "$db" <Sources/RediclaimStore/Migrations/0001_coupon_tables.sql
    client "$db" -e "INSERT INTO coupon_event (id, name, stock, open_at, close_at, release_rate, discount_type,
        discount_amount, valid_days) VALUES ($event, 'bench', $rows, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE,
        UTC_TIMESTAMP(3) + INTERVAL 1 DAY, 1000, 'FIXED', 1000, 7)"
}

# The raw ceiling's statements, and one timed run into the emptied table: prints its rows/s.
db_raw="bench_raw_$suffix"
make_database "$db_raw"
awk -v rows="$rows" -v batch="$raw_batch" -v event="$event" 'BEGIN {
    for (i = 0; i < rows; i++) {
        if (i % batch == 0) printf "INSERT IGNORE INTO coupon_issue (event_id, user_id, coupon_code, status, request_id, issued_at, expires_at) VALUES ";
        else printf ",";
        printf "(%d,\"u-%d\",\"RAW%015d\",\"ISSUED\",\"%d:u-%d\",\"2026-01-01 00:00:00.000\",\"2026-01-08 00:00:00.000\")", event, i, i, event, i;
        if (i % batch == batch - 1 || i == rows - 1) printf ";\n";
    }
}' >"$work/raw.sql"
raw_run() {
    client "$db_raw" -e "TRUNCATE TABLE coupon_issue"
    local t0 t1 n
    t0=$(now)
    client "$db_raw" <"$work/raw.sql"
    t1=$(now)
    n=$(client -N "$db_raw" -e "SELECT COUNT(*) FROM coupon_issue")
    [ "$n" = "$rows" ] || die "the raw run inserted $n rows"
    python3 -c "print($rows / ($t1 - $t0))" >>"$work/raw.rates"
}

extra=()
for kv in ${BENCH_ISSUER_SET:-}; do extra+=(--set "$kv"); done

# One issuer round on its own database, topics and group: appends a JSON line to issuer.rounds.
issuer_round() {
    local round=$1 db="bench_issuer_${suffix}_$1" topic="bench.issuer.$suffix.$1"
    make_database "$db"
    "$tansu" topic create "$topic.req" --partitions "$partitions" --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null
    "$tansu" topic create "$topic.res" --partitions 3 --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null
    "$tansu" topic create "$topic.dlq" --partitions 1 --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null
    topics+=("$topic.req" "$topic.res" "$topic.dlq")
    local ops_port
    ops_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    export REDICLAIM_MYSQL_URL="mysql://$MYSQL_USER@127.0.0.1:$MYSQL_PORT/$db"
    export REDICLAIM_KAFKA_REQUEST_TOPIC="$topic.req" REDICLAIM_KAFKA_RESULT_TOPIC="$topic.res"
    export REDICLAIM_KAFKA_DLQ_TOPIC="$topic.dlq" REDICLAIM_ISSUER_GROUP_ID="bench-issuer-$suffix-$round"
    export REDICLAIM_ISSUER_BATCH_SIZE="$batch" REDICLAIM_ISSUER_OPS_HOST=127.0.0.1 REDICLAIM_ISSUER_OPS_PORT="$ops_port"

    say "round $round: pre-load $rows requests ($partitions partitions)"
    "$bin" load-requests --event "$event" --count "$rows" >/dev/null
    metric() { curl -sf "http://127.0.0.1:$ops_port/metrics" | awk -v m="$1" '$1 == m { s += $2 } END { print s + 0 }'; }
    local t_start t_first="" t_rows t_done n status
    t_start=$(now)
    "$bin" run "${extra[@]}" >"$work/issuer.log" 2>&1 &
    issuer_pid=$!
    while :; do
        kill -0 "$issuer_pid" 2>/dev/null || { cat "$work/issuer.log" >&2; die "the issuer exited early"; }
        n=$(client -N "$db" -e "SELECT issued_count FROM coupon_event WHERE id = $event")
        if [ -z "$t_first" ] && [ "$n" -gt 0 ]; then t_first=$(now); fi
        [ "$n" -ge "$rows" ] && break
        sleep 0.05
    done
    t_rows=$(now)
    # Every message answered and its offset committed.
    while [ "$(metric rediclaim_issuer_consumed_total)" -lt "$rows" ]; do sleep 0.05; done
    t_done=$(now)
    local batches batch_sum write_sum publish_sum
    batches=$(metric rediclaim_issuer_batches_total)
    batch_sum=$(metric rediclaim_issuer_batch_duration_seconds_sum)
    write_sum=$(metric rediclaim_issuer_write_duration_seconds_sum)
    publish_sum=$(metric rediclaim_issuer_publish_duration_seconds_sum)
    kill -TERM "$issuer_pid"
    status=0
    wait "$issuer_pid" || status=$?
    issuer_pid=""
    [ "$status" = 0 ] || die "the issuer exited with $status after SIGTERM"
    local n_rows n_users
    read -r n_rows n_users <<<"$(client -N "$db" -e "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM coupon_issue")"
    if [ "$n_rows" != "$rows" ] || [ "$n_users" != "$rows" ]; then
        die "expected $rows rows for $rows users, got $n_rows / $n_users"
    fi
    python3 -c "import json,sys; print(json.dumps(dict(zip(
        ['start','first','rows','done','batches','batch_sum','write_sum','publish_sum'], map(float, sys.argv[1:])))))" \
        "$t_start" "$t_first" "$t_rows" "$t_done" "$batches" "$batch_sum" "$write_sum" "$publish_sum" >>"$work/issuer.rounds"
}

for ((r = 1; r <= rounds; r++)); do
    step "round $r/$rounds: raw ceiling ($raw_batch-row INSERT IGNORE, autocommit), then the issuer"
    raw_run
    issuer_round "$r"
done
step "raw ceiling (closing run)"
raw_run

mkdir -p bench/results
python3 - "$work/raw.rates" "$work/issuer.rounds" "$rows" "$partitions" "$batch" "$raw_batch" "${BENCH_ISSUER_SET:-}" <<'PY'
import json, sys, datetime, os, platform, statistics
raw = [float(x) for x in open(sys.argv[1])]
rounds = [json.loads(x) for x in open(sys.argv[2])]
rows, partitions, batch, raw_batch, extra = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
def per_round(r):
    drain = r["rows"] - r["first"]
    b = r["batches"] or 1
    return {
        "rows_per_s": round(rows / drain), "drain_seconds": round(drain, 3),
        "startup_seconds_to_first_row": round(r["first"] - r["start"], 3),
        "last_request_answered_and_committed_seconds_from_start": round(r["done"] - r["start"], 3),
        "batches": int(r["batches"]), "mean_batch_size": round(rows / b, 1),
        "mean_batch_poll_to_commit_ms": round(r["batch_sum"] / b * 1000, 2),
        "mean_write_ms": round(r["write_sum"] / b * 1000, 2),
        "mean_publish_and_commit_ms": round(r["publish_sum"] / b * 1000, 2),
    }
issuer = [per_round(r) for r in rounds]
# Each round's ratio uses the raw runs just before and after it.
ratios = [issuer[i]["rows_per_s"] / ((raw[i] + raw[i + 1]) / 2) for i in range(len(issuer))]
median_rate = statistics.median(x["rows_per_s"] for x in issuer)
median_raw = statistics.median(raw)
median_ratio = statistics.median(ratios)
doc = {
    "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count(), "machine": platform.machine(), "note": "shared machine: compare ratios"},
    "rows": rows, "rounds": len(issuer),
    "issuer_rows_per_s_median": round(median_rate),
    "raw_rows_per_s_median": round(median_raw),
    "ratio_to_raw_median": round(median_ratio, 3),
    "end_to_end_lag": {
        "note": "requests pre-loaded before the issuer starts (group join included); the last request's "
                "wait from issuer start until its row, result and offset were committed, and per batch "
                "poll -> offsets committed",
        "last_request_seconds_median": statistics.median(
            x["last_request_answered_and_committed_seconds_from_start"] for x in issuer),
        "per_batch_poll_to_commit_ms_median": statistics.median(x["mean_batch_poll_to_commit_ms"] for x in issuer),
    },
    "targets": {"ratio_to_raw": 0.4, "rows_per_s": 30000},
    "meets_targets": median_ratio >= 0.4 and median_rate >= 30000,
    "issuer_rounds": issuer,
    "raw_runs_rows_per_s": [round(x) for x in raw],
    "round_ratios": [round(x, 3) for x in ratios],
    "raw_ceiling": {"tool": "mariadb client", "statement": f"INSERT IGNORE, {raw_batch} rows, autocommit, 1 connection"},
    "params": {"request_partitions": partitions, "issuer_batch_size": batch, "extra_settings": extra,
               "durable": "innodb_flush_log_at_trx_commit=1"},
}
json.dump(doc, open("bench/results/issuer.json", "w"), indent=2)
print()
print("| round | issuer rows/s | raw rows/s (before, after) | ratio | write ms/batch | publish+commit ms/batch | last answer after start |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for i, x in enumerate(issuer):
    print(f"| {i + 1} | {x['rows_per_s']:,} | {raw[i]:,.0f}, {raw[i + 1]:,.0f} | {ratios[i]:.2f} | {x['mean_write_ms']} | "
          f"{x['mean_publish_and_commit_ms']} | {x['last_request_answered_and_committed_seconds_from_start']} s |")
print(f"| median | {median_rate:,.0f} | {median_raw:,.0f} | {median_ratio:.2f} | | | |")
print(f"\ntargets: >= 30,000 rows/s and >= 0.40 of the raw ceiling -> {'met' if doc['meets_targets'] else 'NOT met'}")
print("written: bench/results/issuer.json")
PY
