#!/usr/bin/env bash
# The local stack on loopback: Redis, MariaDB and the Tansu Kafka broker, data under .run/.
#   scripts/stack.sh up|down [redis|redis-cluster|mariadb|tansu] | status | logs [redis|mariadb|tansu] | env
# Ports: REDICLAIM_REDIS_PORT (6391), REDICLAIM_MYSQL_PORT (3317), REDICLAIM_KAFKA_PORT (9093).
# REDICLAIM_REDIS_MODE=cluster: a Redis Cluster (three masters, three replicas, scripts/redis-cluster.sh)
# on REDICLAIM_REDIS_CLUSTER_PORT (7101) and the five ports after it, instead of the single Redis; the
# settings then name it (redis+cluster://...).
# `up`/`down` without a name act on all of them; `down` stops only what `up` started (pid files under
# .run/), in either mode. Tansu keeps its topics in memory: `down tansu` loses them (`up tansu` creates
# them again, empty).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

# REDICLAIM_REDIS_DIR: a second Redis of one's own (scripts/chaos.sh's private one), with its own port.
REDIS_DIR="${REDICLAIM_REDIS_DIR:-$RUN_DIR/redis}"
MYSQL_DIR="$RUN_DIR/mariadb"
TANSU_DIR="$RUN_DIR/tansu"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
mysql_root() { mariadb --protocol=socket --socket="$MYSQL_DIR/sock" -uroot "$@"; }
redis_ping() { redis-cli -p "$REDIS_PORT" ping | grep -q PONG; }
kafka_ping() { LD_LIBRARY_PATH="$RUN_LIB" kcat -b "127.0.0.1:$KAFKA_PORT" -L -m 3 >/dev/null 2>&1; }

# AOF fsynced every second, as in k8s/: a crash loses at most about a second of writes, which the
# gates' runtime keeper notices (a new run id) and heals from MySQL and Kafka.
redis_up() {
    mkdir -p "$REDIS_DIR"
    if alive "$REDIS_DIR/redis.pid"; then say "redis already running on $REDIS_PORT"; return; fi
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --daemonize yes \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly yes --appendfsync everysec --appenddirname aof --maxclients 20000
    wait_for 10 redis_ping || die "redis did not answer on $REDIS_PORT; see $REDIS_DIR/redis.log"
    say "redis up on 127.0.0.1:$REDIS_PORT"
}

mariadb_up() {
    mkdir -p "$MYSQL_DIR"
    if alive "$MYSQL_DIR/pid"; then say "mariadb already running on $MYSQL_PORT"; return; fi
    if [ ! -d "$MYSQL_DIR/data/mysql" ]; then
        say "creating datadir $MYSQL_DIR/data"
        mariadb-install-db --user="$(id -un)" --datadir="$MYSQL_DIR/data" \
            --auth-root-authentication-method=normal >"$MYSQL_DIR/install.log" 2>&1 \
            || die "mariadb-install-db failed; see $MYSQL_DIR/install.log"
    fi
    # Durable commits (innodb_flush_log_at_trx_commit=1 is the default) so benchmarks are honest.
    nohup mariadbd --no-defaults --user="$(id -un)" --datadir="$MYSQL_DIR/data" \
        --socket="$MYSQL_DIR/sock" --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
        --pid-file="$MYSQL_DIR/pid" --log-error="$MYSQL_DIR/mariadb.log" \
        --max-connections=500 --innodb-buffer-pool-size=512M --innodb-log-file-size=256M \
        --skip-name-resolve >/dev/null 2>&1 &
    wait_for 30 mysql_root -e 'select 1' || die "mariadb did not start; see $MYSQL_DIR/mariadb.log"
    mysql_root --batch <<SQL
CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;
CREATE USER IF NOT EXISTS '$MYSQL_USER'@'%' IDENTIFIED BY '$MYSQL_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$MYSQL_USER'@'%';
-- Like an application account in production: read_only (a failover, maintenance) applies to it.
REVOKE READ_ONLY ADMIN ON *.* FROM '$MYSQL_USER'@'%';
FLUSH PRIVILEGES;
SQL
    say "mariadb up on 127.0.0.1:$MYSQL_PORT (user $MYSQL_USER, database $MYSQL_DATABASE)"
}

tansu_up() {
    mkdir -p "$TANSU_DIR"
    local bin; bin=$(tansu_bin)
    if alive "$TANSU_DIR/pid"; then say "tansu already running on $KAFKA_PORT"; return; fi
    [ -e "$RUN_LIB/librdkafka.so.1" ] || die "$RUN_LIB/librdkafka.so.1 missing; run scripts/setup.sh first"
    nohup "$bin" broker --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
        --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
        --storage-engine memory://tansu/ >"$TANSU_DIR/tansu.log" 2>&1 &
    echo $! >"$TANSU_DIR/pid"
    wait_for 20 kafka_ping || die "tansu did not answer on $KAFKA_PORT; see $TANSU_DIR/tansu.log"
    local t name parts
    for t in "${KAFKA_TOPICS[@]}"; do
        name=${t%%:*}; parts=${t##*:}
        "$bin" topic create "$name" --partitions "$parts" --broker "tcp://127.0.0.1:$KAFKA_PORT" \
            >>"$TANSU_DIR/tansu.log" 2>&1 || true
    done
    say "tansu up on 127.0.0.1:$KAFKA_PORT (memory storage; topics ${KAFKA_TOPICS[*]})"
}

stop_pid() {
    local name=$1 pidfile=$2
    if alive "$pidfile"; then
        local pid; pid=$(cat "$pidfile")
        kill "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        say "$name stopped"
    else
        say "$name not running"
    fi
    rm -f "$pidfile"
}

status_line() {
    local name=$1 pidfile=$2 port=$3
    if alive "$pidfile"; then say "$name: running (pid $(cat "$pidfile"), 127.0.0.1:$port)"
    else say "$name: stopped"; fi
}

print_env() {
    export_stack_env
    cat <<EOF
export LD_LIBRARY_PATH=$LD_LIBRARY_PATH
export REDICLAIM_REDIS_URL=$REDICLAIM_REDIS_URL
export REDICLAIM_MYSQL_URL=$REDICLAIM_MYSQL_URL
export REDICLAIM_MYSQL_PASSWORD=$REDICLAIM_MYSQL_PASSWORD
export REDICLAIM_KAFKA_BROKERS=$REDICLAIM_KAFKA_BROKERS
source $LOCAL_ENV
EOF
}

only() { [ -z "${2:-}" ] || [ "$2" = "$1" ]; }
case "${1:-}:${2:-}" in up:*|down:*) case "${2:-}" in ""|redis|redis-cluster|mariadb|tansu) ;; *) die "unknown service: $2 (redis, redis-cluster, mariadb, tansu)" ;; esac ;; esac

case "${1:-}" in
up)
    step "stack up${2:+ ($2)}"
    ensure_local_env
    # AOF everysec on every node, as for the single Redis.
    cluster_up() { REDICLAIM_REDIS_CLUSTER_APPENDONLY="${REDICLAIM_REDIS_CLUSTER_APPENDONLY:-yes}" scripts/redis-cluster.sh up; }
    if only redis "${2:-}"; then if [ "$REDIS_MODE" = cluster ]; then cluster_up; else redis_up; fi; fi
    if [ "${2:-}" = redis-cluster ]; then cluster_up; fi
    if only mariadb "${2:-}"; then mariadb_up; fi
    if only tansu "${2:-}"; then tansu_up; fi
    # One service (re)started keeps its port: the settings file is written by a whole `up` only.
    if [ -z "${2:-}" ]; then
        print_env >"$RUN_DIR/stack.env"
        say "settings: source $RUN_DIR/stack.env"
    fi
    ;;
down)
    step "stack down${2:+ ($2)}"
    if only tansu "${2:-}"; then stop_pid tansu "$TANSU_DIR/pid"; fi
    if only mariadb "${2:-}"; then stop_pid mariadb "$MYSQL_DIR/pid"; fi
    if only redis "${2:-}"; then stop_pid redis "$REDIS_DIR/redis.pid"; fi
    if only redis-cluster "${2:-}" && [ -d "$RUN_DIR/redis-cluster" ]; then scripts/redis-cluster.sh down; fi
    ;;
status)
    status_line redis "$REDIS_DIR/redis.pid" "$REDIS_PORT"
    if [ -d "$RUN_DIR/redis-cluster" ]; then scripts/redis-cluster.sh status; fi
    status_line mariadb "$MYSQL_DIR/pid" "$MYSQL_PORT"
    status_line tansu "$TANSU_DIR/pid" "$KAFKA_PORT"
    ;;
logs)
    case "${2:-all}" in
    redis) tail -n 50 "$REDIS_DIR/redis.log" ;;
    redis-cluster) for f in "$RUN_DIR"/redis-cluster/*/redis.log; do echo "--- $f"; tail -n 20 "$f"; done ;;
    mariadb) tail -n 50 "$MYSQL_DIR/mariadb.log" ;;
    tansu) tail -n 50 "$TANSU_DIR/tansu.log" ;;
    all) for f in "$REDIS_DIR/redis.log" "$MYSQL_DIR/mariadb.log" "$TANSU_DIR/tansu.log"; do
            [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
         done ;;
    *) die "unknown log: $2 (redis, redis-cluster, mariadb, tansu)" ;;
    esac
    ;;
env) print_env ;;
*) die "usage: scripts/stack.sh up|down|status|logs [redis|redis-cluster|mariadb|tansu]|env" ;;
esac
