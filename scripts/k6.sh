#!/usr/bin/env bash
# Runs one k6 load script (scripts/k6/) against a gate with the venv's k6, and measures what k6 cannot:
# k6's own CPU and memory, the gate's RSS and CPU (from /proc) and Redis's used_memory, before and after.
#   scripts/k6.sh spike|polling|soak [k6 run arguments...]
#   BASE_URL=http://127.0.0.1:8095 EVENT_ID=7001 USERS=5000 scripts/k6.sh spike
#   FILL_QUEUE=1000000 EVENT_ID=7002 scripts/k6.sh polling   (adds that many waiting users in Redis first)
#   DURATION=30m RATE=50 scripts/k6.sh soak                   (samples memory every SAMPLE_SECONDS, 10)
# Settings are environment variables (docs/k6.md). The summary JSON goes to SUMMARY_JSON
# (default bench/results/k6-<script>-<time>.json), with this script's measurements added under "host".
# Exits with k6's status: 99 when a threshold failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

script="${1:-}"
case "$script" in
    spike | polling | soak) shift ;;
    *) die "usage: scripts/k6.sh spike|polling|soak [k6 run arguments...]" ;;
esac

export BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
export OPS_URL="${OPS_URL:-http://127.0.0.1:9101}"
# Simulated users carry JWTs signed with the local secret (.run/local.env), as the gate's default jwt
# mode expects; JWT_SECRET= (empty) sends the userId in the body instead, for a gate in body mode.
if [ -z "${REDICLAIM_GATE_IDENTITY_JWT_SECRET:-}" ] && [ -f "$LOCAL_ENV" ]; then
    # shellcheck source=/dev/null
    source "$LOCAL_ENV"
fi
export JWT_SECRET="${JWT_SECRET-${REDICLAIM_GATE_IDENTITY_JWT_SECRET:-}}"
export EVENT_ID="${EVENT_ID:-1001}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
K6="${K6:-$VENV/bin/k6}"
[ -x "$K6" ] || die "k6 not found at $K6; run scripts/setup.sh first (or set K6)"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
command -v jq >/dev/null 2>&1 || die "jq is not installed"
curl -fsS --max-time 3 "$BASE_URL/healthz" >/dev/null 2>&1 || die "the gate at $BASE_URL/healthz does not answer"

stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$ROOT/bench/results"
SUMMARY_JSON="${SUMMARY_JSON:-$ROOT/bench/results/k6-$script-$stamp.json}"
case "$SUMMARY_JSON" in /*) ;; *) SUMMARY_JSON="$ROOT/$SUMMARY_JSON" ;; esac
export SUMMARY_JSON
SAMPLE_SECONDS="${SAMPLE_SECONDS:-$([ "$script" = soak ] && echo 10 || echo 0)}"
samples_csv="${SUMMARY_JSON%.json}-memory.csv"
queue_key="rc:{e:$EVENT_ID}:q"
hz=$(getconf CLK_TCK)

# The gate to watch: GATE_PID, else whatever listens on BASE_URL's port if it is a rediclaim-gate here.
find_gate() {
    local pid hostport port
    if [ -n "${GATE_PID:-}" ]; then echo "$GATE_PID"; return; fi
    hostport="${BASE_URL#*://}"
    hostport="${hostport%%/*}"
    port="${hostport##*:}"
    [[ "$port" =~ ^[0-9]+$ ]] || port=80
    pid=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = rediclaim-gate ]; then echo "$pid"; fi
    return 0
}
# Both print nothing when there is no gate to watch ($1 empty).
status_kb() { if [ -n "$1" ]; then awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || true; fi; }
# utime + stime; the fields after the ")" that closes the command name.
cpu_seconds() {
    [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 0
    sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$hz" '{printf "%.2f", ($12 + $13) / hz}'
}
redis() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@" 2>/dev/null | tr -d '\r' || true; }
redis_used() { redis INFO memory | awk -F: '$1 == "used_memory" {print $2}'; }
num() { if [ -n "$1" ]; then echo "$1"; else echo null; fi; }

# Waiting users added straight to Redis, as the gate's enqueue script would add them (score = seq x 2^25),
# in chunks so the shared Redis is never blocked for long. ARGV: prefix, first index, count.
FILL_LUA='local seq = tonumber(redis.call("HGET", KEYS[1], "seq") or "0")
local first, n = tonumber(ARGV[2]), tonumber(ARGV[3])
local batch = {}
for i = first, first + n - 1 do
    seq = seq + 1
    batch[#batch + 1] = string.format("%.0f", seq * 33554432)
    batch[#batch + 1] = ARGV[1] .. i
    if #batch >= 2000 then redis.call("ZADD", KEYS[2], unpack(batch)); batch = {} end
end
if #batch > 0 then redis.call("ZADD", KEYS[2], unpack(batch)) end
redis.call("HSET", KEYS[1], "seq", seq)
return seq'
if [ "$script" = polling ] && [ "${FILL_QUEUE:-0}" -gt 0 ]; then
    [ "$(redis EXISTS "rc:{e:$EVENT_ID}:def")" = 1 ] || die "event $EVENT_ID is not in Redis at $REDIS_HOST:$REDIS_PORT"
    export FILL_PREFIX="${FILL_PREFIX:-f$(date +%s)-}" QUEUE_SIZE="$FILL_QUEUE"
    step "adding $FILL_QUEUE waiting users ${FILL_PREFIX}1.. to event $EVENT_ID"
    for ((first = 1; first <= FILL_QUEUE; first += 50000)); do
        n=$((FILL_QUEUE - first + 1 < 50000 ? FILL_QUEUE - first + 1 : 50000))
        redis EVAL "$FILL_LUA" 2 "rc:{e:$EVENT_ID}:ctr" "$queue_key" "$FILL_PREFIX" "$first" "$n" >/dev/null ||
            die "could not fill the queue in Redis at $REDIS_HOST:$REDIS_PORT"
    done
    say "queue length now $(redis ZCARD "$queue_key")"
fi

gate=$(find_gate)
[ -n "$gate" ] || say "no local rediclaim-gate on $BASE_URL (set GATE_PID to watch one): gate RSS and CPU not measured"
rss_before=$(status_kb "$gate" VmRSS)
cpu_before=$(cpu_seconds "$gate")
redis_before=$(redis_used)
[ -n "$redis_before" ] || say "Redis at $REDIS_HOST:$REDIS_PORT does not answer: its memory is not measured"

sampler=""
if [ "$SAMPLE_SECONDS" -gt 0 ]; then
    echo "seconds,gate_rss_kb,redis_used_memory,queue_length" >"$samples_csv"
    (
        start=$SECONDS
        while sleep "$SAMPLE_SECONDS"; do
            echo "$((SECONDS - start)),$(status_kb "$gate" VmRSS),$(redis_used),$(redis ZCARD "$queue_key")" >>"$samples_csv"
        done
    ) &
    sampler=$!
fi
cleanup() { if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi; }
trap cleanup EXIT

step "k6 run scripts/k6/$script.js (BASE_URL=$BASE_URL EVENT_ID=$EVENT_ID)"
timing=$(mktemp)
timer=()
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -o "$timing" -f '%e %U %S %M'); else say "no /usr/bin/time: k6's own CPU is not measured"; fi
# k6 logs a warning per failed request; show the first few and count the rest, so errors stay readable.
set +e
{
    "${timer[@]}" "$K6" run -q --address 127.0.0.1:0 "$@" "scripts/k6/$script.js" 2>&1 1>&3 3>&- |
        awk '/Request Failed/ { n++; if (n > 5) next } { print; fflush() }
             END { if (n > 5) printf "(%d \"Request Failed\" warnings in all; the first 5 are shown)\n", n }' >&2
} 3>&1
status=${PIPESTATUS[0]}
set -e
cleanup

# GNU time writes "Command exited with non-zero status N" first when k6 fails.
read -r wall user sys maxrss < <(tail -n 1 "$timing") || true
rm -f "$timing"
rss_after=$(status_kb "$gate" VmRSS)
hwm=$(status_kb "$gate" VmHWM)
cpu_after=$(cpu_seconds "$gate")
redis_after=$(redis_used)
gate_cpu=""
if [ -n "$cpu_before" ] && [ -n "$cpu_after" ]; then
    gate_cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN {printf "%.2f", b - a}')
fi

echo
if [ -n "${wall:-}" ]; then say "k6 itself: ${user:-?} s user + ${sys:-?} s system CPU over ${wall:-?} s; max RSS $((maxrss / 1024)) MB"; fi
# "before -> after (+delta)" in MB, from two sizes in units of $3 bytes.
mb_change() { awk -v a="$1" -v b="$2" -v u="$3" 'BEGIN {printf "%.1f MB before, %.1f MB after (%+.1f MB)", a * u / 1048576, b * u / 1048576, (b - a) * u / 1048576}'; }
if [ -n "$gate" ] && [ -n "$rss_before" ] && [ -n "$rss_after" ]; then
    say "gate pid $gate: RSS $(mb_change "$rss_before" "$rss_after" 1024); peak $((${hwm:-0} / 1024)) MB; ${gate_cpu:-?} s CPU during the run"
fi
if [ -n "$redis_before" ] && [ -n "$redis_after" ]; then
    say "Redis used_memory: $(mb_change "$redis_before" "$redis_after" 1)"
fi
if [ "$SAMPLE_SECONDS" -gt 0 ]; then
    say "memory samples every $SAMPLE_SECONDS s: $samples_csv"
    awk -F, 'NR == 2 {f = $0} NR > 1 {l = $0; n++} END {if (n) print "    first sample " f "\n    last sample  " l " (" n " samples; seconds,gate_rss_kb,redis_used_memory,queue_length)"}' "$samples_csv"
fi

if [ -s "$SUMMARY_JSON" ]; then
    host=$(jq -n \
        --argjson wall "$(num "${wall:-}")" --argjson user "$(num "${user:-}")" --argjson sys "$(num "${sys:-}")" \
        --argjson maxrss "$(num "${maxrss:-}")" --argjson pid "$(num "$gate")" \
        --argjson rb "$(num "$rss_before")" --argjson ra "$(num "$rss_after")" --argjson hwm "$(num "$hwm")" \
        --argjson gcpu "$(num "$gate_cpu")" --argjson mb "$(num "$redis_before")" --argjson ma "$(num "$redis_after")" \
        --arg csv "$([ "$SAMPLE_SECONDS" -gt 0 ] && echo "$samples_csv")" \
        '{k6: {wallSeconds: $wall, userCpuSeconds: $user, systemCpuSeconds: $sys, maxRssKb: $maxrss},
          gate: {pid: $pid, rssKbBefore: $rb, rssKbAfter: $ra, peakRssKb: $hwm, cpuSecondsDuringRun: $gcpu},
          redis: {usedMemoryBefore: $mb, usedMemoryAfter: $ma},
          memorySamplesCsv: (if $csv == "" then null else $csv end)}')
    jq --argjson host "$host" '. + {host: $host}' "$SUMMARY_JSON" >"$SUMMARY_JSON.tmp" && mv "$SUMMARY_JSON.tmp" "$SUMMARY_JSON"
    say "summary: $SUMMARY_JSON"
fi
exit "$status"
