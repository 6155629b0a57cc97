#!/usr/bin/env bash
# Issuer benchmark: pre-load N IssueRequested messages, then time the release-built issuer draining
# them into MariaDB (durable commits), and in the same run the raw ceiling: the `mariadb` client
# inserting the same number of rows into the same schema in 500-row INSERT IGNORE statements.
# Writes bench/results/issuer.json and prints a table.
# Env: BENCH_ISSUER_ROWS (200000), BENCH_ISSUER_PARTITIONS (6), BENCH_ISSUER_BATCH (issuer.batchSize, 500;
#      the raw statements stay at 500 rows),
#      BENCH_ISSUER_SET ("key=value ..." extra issuer settings), BENCH_ISSUER_BIN (a prebuilt binary, for A/B runs),
#      REDICLAIM_RUN_DIR (see scripts/lib/common.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
scripts/stack.sh up >/dev/null
export_stack_env

rows=${BENCH_ISSUER_ROWS:-200000}
partitions=${BENCH_ISSUER_PARTITIONS:-6}
batch=${BENCH_ISSUER_BATCH:-500}
raw_batch=500
event=1001
suffix="$$_$(date +%s)"
db_issuer="bench_issuer_$suffix"
db_raw="bench_raw_$suffix"
topic="bench.issuer.$suffix"
group="bench-issuer-$suffix"
work=$(mktemp -d)
issuer_pid=""

export MYSQL_PWD="$MYSQL_PASSWORD"
client() { mariadb --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"; }
cleanup() {
    if [ -n "$issuer_pid" ]; then kill "$issuer_pid" 2>/dev/null || true; fi
    client -e "DROP DATABASE IF EXISTS \`$db_issuer\`; DROP DATABASE IF EXISTS \`$db_raw\`" >/dev/null 2>&1 || true
    for t in req res dlq; do
        LD_LIBRARY_PATH="$RUN_LIB" "$(tansu_bin)" topic delete "$topic.$t" --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1 || true
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

# Two identical databases: one for the issuer, one for the raw client ceiling.
for db in "$db_issuer" "$db_raw"; do
    client -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4"
    client "$db" <Sources/RediclaimStore/Migrations/0001_coupon_tables.sql
    client "$db" -e "INSERT INTO coupon_event (id, name, stock, open_at, close_at, release_rate, discount_type,
        discount_amount, valid_days) VALUES ($event, 'bench', $rows, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE,
        UTC_TIMESTAMP(3) + INTERVAL 1 DAY, 1000, 'FIXED', 1000, 7)"
done

tansu=$(tansu_bin)
"$tansu" topic create "$topic.req" --partitions "$partitions" --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null
"$tansu" topic create "$topic.res" --partitions 3 --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null
"$tansu" topic create "$topic.dlq" --partitions 1 --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null

export REDICLAIM_MYSQL_URL="mysql://$MYSQL_USER@127.0.0.1:$MYSQL_PORT/$db_issuer"
export REDICLAIM_KAFKA_REQUEST_TOPIC="$topic.req" REDICLAIM_KAFKA_RESULT_TOPIC="$topic.res"
export REDICLAIM_KAFKA_DLQ_TOPIC="$topic.dlq" REDICLAIM_ISSUER_GROUP_ID="$group"
export REDICLAIM_ISSUER_BATCH_SIZE="$batch" REDICLAIM_ISSUER_OPS_HOST=127.0.0.1
ops_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export REDICLAIM_ISSUER_OPS_PORT="$ops_port"
extra=()
for kv in ${BENCH_ISSUER_SET:-}; do extra+=(--set "$kv"); done

step "pre-load $rows requests into $topic.req ($partitions partitions)"
"$bin" load-requests --event "$event" --count "$rows" >"$work/load.json"
cat "$work/load.json"

# The raw ceiling, measured before and after the issuer run (the machine is shared: bracketing
# shows how much the conditions moved), each into the emptied table of the raw database.
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
    echo "$t0 $t1"
}
step "raw ceiling (before): mariadb client, $rows rows in $raw_batch-row INSERT IGNORE statements, autocommit"
read -r t_rawa0 t_rawa1 <<<"$(raw_run)"
[ -n "${t_rawa1:-}" ] || die "the raw run failed"

step "issuer: drain into MariaDB"
metric() { curl -sf "http://127.0.0.1:$ops_port/metrics" | awk -v m="$1" '$1 == m { s += $2 } END { print s + 0 }'; }
count() { client -N "$db_issuer" -e "SELECT issued_count FROM coupon_event WHERE id = $event"; }
t_start=$(now)
"$bin" run "${extra[@]}" >"$work/issuer.log" 2>&1 &
issuer_pid=$!
t_first=""
while :; do
    kill -0 "$issuer_pid" 2>/dev/null || { cat "$work/issuer.log" >&2; die "the issuer exited early"; }
    n=$(count)
    [ -z "$t_first" ] && [ "$n" -gt 0 ] && t_first=$(now)
    [ "$n" -ge "$rows" ] && break
    sleep 0.05
done
t_rows=$(now)
# Every message answered and its offset committed.
while [ "$(metric rediclaim_issuer_consumed_total)" -lt "$rows" ]; do sleep 0.05; done
t_done=$(now)
batches=$(metric rediclaim_issuer_batches_total)
batch_sum=$(metric rediclaim_issuer_batch_duration_seconds_sum)
write_sum=$(metric rediclaim_issuer_write_duration_seconds_sum)
publish_sum=$(metric rediclaim_issuer_publish_duration_seconds_sum)
kill -TERM "$issuer_pid"
status=0
wait "$issuer_pid" || status=$?
issuer_pid=""
[ "$status" = 0 ] || die "the issuer exited with $status after SIGTERM"
read -r n_rows n_users <<<"$(client -N "$db_issuer" -e "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM coupon_issue")"
if [ "$n_rows" != "$rows" ] || [ "$n_users" != "$rows" ]; then
    die "expected $rows rows for $rows users, got $n_rows / $n_users"
fi

step "raw ceiling (after)"
read -r t_rawb0 t_rawb1 <<<"$(raw_run)"
[ -n "${t_rawb1:-}" ] || die "the raw run failed"

mkdir -p bench/results
python3 - "$rows" "$t_start" "$t_first" "$t_rows" "$t_done" "$t_rawa0" "$t_rawa1" "$batches" "$batch_sum" \
    "$partitions" "$batch" "${BENCH_ISSUER_SET:-}" "$write_sum" "$publish_sum" "$t_rawb0" "$t_rawb1" "$raw_batch" <<'PY'
import json, sys, datetime, os, platform
rows = int(sys.argv[1]); t = [float(x) for x in sys.argv[2:8]]
start, first, rows_done, done, rawa0, rawa1 = t
rawb0, rawb1 = float(sys.argv[15]), float(sys.argv[16])
batches, batch_sum = float(sys.argv[8]), float(sys.argv[9])
drain = rows_done - first
issuer_rate = rows / drain
raw_before, raw_after = rows / (rawa1 - rawa0), rows / (rawb1 - rawb0)
raw_rate = (raw_before + raw_after) / 2
raw_seconds = rows / raw_rate
doc = {
    "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count(), "machine": platform.machine()},
    "rows": rows,
    "issuer": {
        "rows_per_s": round(issuer_rate),
        "drain_seconds": round(drain, 3),
        "wall_seconds_from_start": round(rows_done - start, 3),
        "startup_seconds_to_first_row": round(first - start, 3),
        "all_answered_and_committed_seconds_from_start": round(done - start, 3),
        "batches": int(batches),
        "mean_batch_size": round(rows / batches, 1) if batches else None,
        "mean_batch_latency_ms": round(batch_sum / batches * 1000, 2) if batches else None,
        "mean_write_ms": round(float(sys.argv[13]) / batches * 1000, 2) if batches else None,
        "mean_publish_and_commit_ms": round(float(sys.argv[14]) / batches * 1000, 2) if batches else None,
    },
    "end_to_end_lag": {
        "note": "all requests pre-loaded before the issuer starts; lag = how long the last request waited "
                "after the issuer started, until its row was committed and its result and offset were",
        "last_request_seconds": round(done - start, 3),
        "per_batch_poll_to_commit_ms": round(batch_sum / batches * 1000, 2) if batches else None,
    },
    "raw_ceiling": {
        "tool": "mariadb client", "statement": "INSERT IGNORE, %s rows, autocommit, 1 connection" % sys.argv[17],
        "rows_per_s": round(raw_rate), "seconds": round(raw_seconds, 3),
        "rows_per_s_before": round(raw_before), "rows_per_s_after": round(raw_after),
        "note": "mean of a run before and one after the issuer's",
    },
    "ratio_to_raw": round(issuer_rate / raw_rate, 3),
    "targets": {"ratio_to_raw": 0.4, "rows_per_s": 30000},
    "meets_targets": issuer_rate / raw_rate >= 0.4 and issuer_rate >= 30000,
    "params": {"request_partitions": int(sys.argv[10]), "batch_size": int(sys.argv[11]),
               "extra_settings": sys.argv[12], "durable": "innodb_flush_log_at_trx_commit=1"},
}
json.dump(doc, open("bench/results/issuer.json", "w"), indent=2)
print()
print("| measure | issuer | raw mariadb client | ratio | target |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| rows/s | {issuer_rate:,.0f} | {raw_rate:,.0f} | {issuer_rate / raw_rate:.2f} | >= 30,000 rows/s, >= 0.40 |")
print(f"| seconds for {rows:,} rows | {drain:.2f} | {raw_seconds:.2f} (before {raw_before:,.0f}/s, after {raw_after:,.0f}/s) | | |")
print(f"| start -> last result committed | {done - start:.2f} s | | | |")
i = doc['issuer']
print(f"| mean batch: size, poll->commit | {i['mean_batch_size']} msgs, {i['mean_batch_latency_ms']} ms | | | |")
print(f"| mean batch: write, publish+commit | {i['mean_write_ms']} ms, {i['mean_publish_and_commit_ms']} ms | | | |")
print("\nwritten: bench/results/issuer.json")
PY
