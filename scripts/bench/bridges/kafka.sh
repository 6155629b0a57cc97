#!/usr/bin/env bash
# Kafka bridge benchmark: KafkaProducer.sendAll against `kcat -P` on the same Tansu broker,
# same message count and size, acks=all, idempotence on, same linger and compression.
#   scripts/bench/bridges/kafka.sh PATH/TO/rediclaim-bench
# Env: KAFKA_BENCH_MESSAGES (200000), KAFKA_BENCH_SIZE (100), KAFKA_BENCH_PARTITIONS (3),
#      KAFKA_BENCH_LINGER_MS (5), KAFKA_BENCH_COMPRESSION (none).
# Prints ONE JSON object on stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../../.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

BENCH=${1:?usage: scripts/bench/bridges/kafka.sh PATH/TO/rediclaim-bench}
[ -x "$BENCH" ] || die "not executable: $BENCH"
MESSAGES=${KAFKA_BENCH_MESSAGES:-200000}
SIZE=${KAFKA_BENCH_SIZE:-100}
PARTITIONS=${KAFKA_BENCH_PARTITIONS:-3}
LINGER_MS=${KAFKA_BENCH_LINGER_MS:-5}
COMPRESSION=${KAFKA_BENCH_COMPRESSION:-none}
BROKER="127.0.0.1:$KAFKA_PORT"

export LD_LIBRARY_PATH="$RUN_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
command -v kcat >/dev/null || die "kcat not found (apt-get install -y kcat)"
TANSU=$(tansu_bin)

now_ns() { date +%s%N; }
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }

suffix="$$-$(date +%s)"
bridge_topic="bench.kafka.bridge.$suffix"
ref_topic="bench.kafka.kcat.$suffix"
tmp=$(mktemp -d)
# The broker keeps topics in memory: drop ours when done.
cleanup() {
    rm -rf "$tmp"
    local topic
    for topic in "$bridge_topic" "$ref_topic"; do
        "$TANSU" topic delete "$topic" --broker "tcp://$BROKER" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT
for topic in "$bridge_topic" "$ref_topic"; do
    "$TANSU" topic create "$topic" --partitions "$PARTITIONS" --broker "tcp://$BROKER" >/dev/null 2>&1 \
        || die "could not create topic $topic on $BROKER (is the stack up? scripts/stack.sh up)"
done

printf '==> bridge: %s messages of %s bytes to %s\n' "$MESSAGES" "$SIZE" "$bridge_topic" >&2
bridge_json=$("$BENCH" kafka --brokers "$BROKER" --topic "$bridge_topic" --messages "$MESSAGES" \
    --size "$SIZE" --linger-ms "$LINGER_MS" --compression "$COMPRESSION")
bridge_rate=$(json_field rate <<<"$bridge_json")
bridge_failed=$(json_field failed <<<"$bridge_json")
librdkafka=$(json_field librdkafka <<<"$bridge_json")

# kcat sends one message per line of stdin; build the lines before timing.
line=$(head -c "$SIZE" /dev/zero | tr '\0' x)
awk -v n="$MESSAGES" -v l="$line" 'BEGIN { for (i = 0; i < n; i++) print l }' >"$tmp/lines"

printf '==> reference: kcat -P, same count and size, to %s\n' "$ref_topic" >&2
# kcat's start-up and connect are inside its timing (a few ms on loopback); the bridge's warm-up
# send keeps them out of its own. Over 200k messages that difference is noise.
start=$(now_ns)
kcat -P -b "$BROKER" -t "$ref_topic" -X acks=all -X enable.idempotence=true \
    -X linger.ms="$LINGER_MS" -X compression.codec="$COMPRESSION" \
    -X queue.buffering.max.messages=100000 <"$tmp/lines" 2>"$tmp/kcat.err" \
    || die "kcat failed: $(head -5 "$tmp/kcat.err")"
end=$(now_ns)

# Count what kcat really delivered (its failures only show on stderr).
ref_delivered=$(timeout 120 kcat -C -b "$BROKER" -t "$ref_topic" -o beginning -e -q 2>/dev/null | wc -l)

awk -v br="$bridge_rate" -v ns="$((end - start))" -v n="$ref_delivered" \
    -v messages="$MESSAGES" -v size="$SIZE" -v parts="$PARTITIONS" -v linger="$LINGER_MS" \
    -v comp="$COMPRESSION" -v bf="$bridge_failed" -v lib="$librdkafka" 'BEGIN {
    ref = n / (ns / 1e9)
    printf "{\"bridge\":\"kafka\",\"metric\":\"messages/s\",\"bridge_rate\":%d,", br
    printf "\"reference_tool\":\"kcat -P\",\"reference_rate\":%d,\"ratio\":%.3f,", ref, (ref > 0 ? br / ref : 0)
    printf "\"params\":{\"messages\":%d,\"size\":%d,\"partitions\":%d,\"acks\":\"all\",", messages, size, parts
    printf "\"idempotence\":true,\"linger_ms\":%d,\"compression\":\"%s\",", linger, comp
    printf "\"bridge_failed\":%d,\"reference_delivered\":%d,", bf, n
    printf "\"librdkafka\":\"%s\",\"broker\":\"tansu (memory storage)\"}}\n", lib
}'
