#!/usr/bin/env bash
# MySQL bridge benchmark: rediclaim-bench's prepared 500-row INSERT IGNORE statements against the
# `mariadb` command-line client sending the same rows in the same statements (as SQL text), each
# into an identical fresh table, one connection each, autocommit (durable commits), run one after
# the other on the same server. Prints ONE JSON object on stdout; progress goes to stderr.
#   scripts/bench/bridges/mysql.sh PATH/TO/rediclaim-bench
# Env: BENCH_MYSQL_ROWS (100000), BENCH_MYSQL_BATCH (500), REDICLAIM_MYSQL_* (see scripts/lib/common.sh).
set -euo pipefail
bench=${1:?usage: scripts/bench/bridges/mysql.sh PATH/TO/rediclaim-bench}
[ -x "$bench" ] || { echo "error: $bench is not executable" >&2; exit 1; }
cd "$(dirname "$0")/../../.."
# shellcheck source=scripts/lib/common.sh disable=SC1091
source scripts/lib/common.sh

rows=${BENCH_MYSQL_ROWS:-100000}
batch=${BENCH_MYSQL_BATCH:-500}
database=${BENCH_MYSQL_DATABASE:-rediclaim_bench}
suffix="$$_$RANDOM"
bridge_table="bench_bridge_$suffix"
reference_table="bench_client_$suffix"
work=$(mktemp -d)

# The password goes through the environment, never the command line.
export MYSQL_PWD="$MYSQL_PASSWORD"
client() { mariadb --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"; }
cleanup() {
    client "$database" -e "DROP TABLE IF EXISTS \`$bridge_table\`; DROP TABLE IF EXISTS \`$reference_table\`" \
        >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
# Row count and an order-independent checksum of the row contents.
fingerprint() {
    client -N "$database" -e "SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('|', event_id, user_id, coupon_code, issued_at))) FROM \`$1\`"
}

client -e "CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4"

echo "bridge: $rows rows in $batch-row prepared INSERT IGNORE statements" >&2
bridge_json=$(REDICLAIM_MYSQL_PASSWORD="$MYSQL_PASSWORD" "$bench" mysql \
    --url "mysql://$MYSQL_USER@127.0.0.1:$MYSQL_PORT/$database" \
    --rows "$rows" --batch "$batch" --table "$bridge_table" --keep-table)
echo "$bridge_json" >&2

echo "mariadb client: the same statements as SQL text" >&2
"$bench" mysql --emit-sql "$work" --table "$reference_table" --rows "$rows" --batch "$batch"
client "$database" <"$work/schema.sql"
start=$(now)
client "$database" <"$work/inserts.sql"
end=$(now)

bridge_print=$(fingerprint "$bridge_table")
reference_print=$(fingerprint "$reference_table")
identical=false
[ "$bridge_print" = "$reference_print" ] && identical=true
reference_count=$(cut -f1 <<<"$reference_print")
[ "$reference_count" = "$rows" ] || { echo "error: client table holds $reference_count rows, expected $rows" >&2; exit 1; }

jq -cn --argjson bridge "$bridge_json" --arg t0 "$start" --arg t1 "$end" \
    --argjson rows "$rows" --argjson batch "$batch" --argjson identical "$identical" '
    (($t1 | tonumber) - ($t0 | tonumber)) as $seconds
    | ($rows / $seconds) as $reference
    | {
        bridge: "mysql",
        metric: "rows/s",
        bridge_rate: $bridge.rate,
        reference_tool: "mariadb client",
        reference_rate: (($reference * 1000 | round) / 1000),
        ratio: ((($bridge.rate / $reference) * 1000 | round) / 1000),
        params: {
          rows: $rows, batch: $batch, statements: $bridge.statements,
          statement: "INSERT IGNORE, \($batch) rows, autocommit, 1 connection",
          table: "event_id BIGINT, user_id VARCHAR(64), coupon_code CHAR(16), issued_at DATETIME(3), UNIQUE(event_id,user_id)",
          bridge_seconds: $bridge.seconds, reference_seconds: (($seconds * 1000 | round) / 1000),
          bridge_statement_ms_p50: $bridge.statement_ms_p50, bridge_statement_ms_p99: $bridge.statement_ms_p99,
          identical_rows: $identical, server: $bridge.server
        }
      }'
