#!/usr/bin/env bash
# A Redis Cluster on loopback: three masters and three replicas from Debian's redis-server, formed with
# `redis-cli --cluster create`, data under a directory of its own. `scripts/stack.sh` uses it for its
# cluster profile, `scripts/test.sh` for the cluster tests, and the failover tests for private clusters.
#   scripts/redis-cluster.sh up|down|status|nodes|seeds|url
# `up` also restarts a node that died (it rejoins from its nodes.conf, as a replica if it was failed over).
# Settings:
#   REDICLAIM_REDIS_CLUSTER_PORT (7101): nodes on that port and the five after it, cluster bus on port+10000
#   REDICLAIM_REDIS_CLUSTER_PORTS: six explicit ports instead (the first three become the masters)
#   REDICLAIM_REDIS_CLUSTER_DIR ($RUN_DIR/redis-cluster)
#   REDICLAIM_REDIS_CLUSTER_NODE_TIMEOUT_MS (2000): how long a master may be silent before its replica takes over
#   REDICLAIM_REDIS_CLUSTER_FULL_COVERAGE (no): "yes" stops every slot while any slot has no master
#   REDICLAIM_REDIS_CLUSTER_APPENDONLY (no): "yes" gives each node AOF everysec
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

DIR="${REDICLAIM_REDIS_CLUSTER_DIR:-$RUN_DIR/redis-cluster}"
NODE_TIMEOUT="${REDICLAIM_REDIS_CLUSTER_NODE_TIMEOUT_MS:-2000}"
FULL_COVERAGE="${REDICLAIM_REDIS_CLUSTER_FULL_COVERAGE:-no}"
APPENDONLY="${REDICLAIM_REDIS_CLUSTER_APPENDONLY:-no}"
read -r -a PORTS <<<"$(cluster_ports)"
[ "${#PORTS[@]}" -eq 6 ] || die "the cluster needs six ports, got: ${PORTS[*]}"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
cli() { local port=$1; shift; redis-cli -h 127.0.0.1 -p "$port" "$@"; }
pidfile() { echo "$DIR/$1/redis.pid"; }

node_up() {
    local port=$1
    mkdir -p "$DIR/$port"
    alive "$(pidfile "$port")" && return 0
    redis-server --port "$port" --bind 127.0.0.1 --dir "$DIR/$port" --daemonize yes \
        --pidfile "$(pidfile "$port")" --logfile "$DIR/$port/redis.log" \
        --cluster-enabled yes --cluster-config-file "$DIR/$port/nodes.conf" \
        --cluster-node-timeout "$NODE_TIMEOUT" --cluster-require-full-coverage "$FULL_COVERAGE" \
        --save "" --appendonly "$APPENDONLY" --appendfsync everysec --appenddirname aof --maxclients 20000
    wait_for 10 cli "$port" ping || die "redis node did not answer on $port; see $DIR/$port/redis.log"
}

# Succeeds when every node reports cluster_state:ok and knows all six, and every replica's link is up.
cluster_ok() {
    local port info role
    for port in "${PORTS[@]}"; do
        info=$(cli "$port" cluster info 2>/dev/null) || return 1
        grep -q '^cluster_state:ok' <<<"$info" || return 1
        grep -q '^cluster_known_nodes:6' <<<"$info" || return 1
        role=$(cli "$port" role 2>/dev/null | head -1)
        if [ "$role" = slave ]; then
            cli "$port" info replication | grep -q '^master_link_status:up' || return 1
        fi
    done
}

formed() { [ "$(cli "${PORTS[0]}" cluster info 2>/dev/null | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')" -gt 1 ]; }

up() {
    local port
    for port in "${PORTS[@]}"; do node_up "$port"; done
    if ! formed; then
        local nodes=()
        for port in "${PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
        # All nodes share one host here, so redis-cli warns about replicas beside their masters; expected.
        redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$DIR/create.log" 2>&1 \
            || die "redis-cli --cluster create failed; see $DIR/create.log"
    fi
    wait_for 60 cluster_ok || die "the cluster did not reach cluster_state:ok with six nodes; see $DIR/*/redis.log"
    say "redis cluster up: $(seeds) (masters and replicas: scripts/redis-cluster.sh nodes)"
}

down() {
    local port pid
    for port in "${PORTS[@]}"; do
        if alive "$(pidfile "$port")"; then
            pid=$(cat "$(pidfile "$port")")
            kill "$pid"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        fi
    done
    # The topology lives in nodes.conf; a fresh `up` forms a fresh cluster.
    rm -rf "$DIR"
    say "redis cluster stopped (${PORTS[*]})"
}

status() {
    local port
    for port in "${PORTS[@]}"; do
        if alive "$(pidfile "$port")"; then
            say "redis cluster node 127.0.0.1:$port: running (pid $(cat "$(pidfile "$port")"), $(cli "$port" role 2>/dev/null | head -1))"
        else
            say "redis cluster node 127.0.0.1:$port: stopped"
        fi
    done
}

nodes() {
    local port
    for port in "${PORTS[@]}"; do
        alive "$(pidfile "$port")" && { cli "$port" cluster nodes; return; }
    done
    die "no cluster node is running"
}

seeds() { local IFS=,; echo "${PORTS[*]/#/127.0.0.1:}"; }

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
nodes) nodes ;;
seeds) seeds ;;
url) echo "redis+cluster://$(seeds)/" ;;
*) die "usage: scripts/redis-cluster.sh up|down|status|nodes|seeds|url" ;;
esac
