#!/usr/bin/env bash
# The scale-out test set-up: a Redis Cluster (3 primaries + 3 replicas) and a PostgreSQL 15 primary with a
# streaming replica, all on loopback under DIR. Used by scripts/test-services.sh (CI) and by the fault tests,
# which start clusters of their own to kill and migrate.
#
#   scripts/scale-out.sh start DIR          both parts below; DIR/env gets their export lines
#   scripts/scale-out.sh stop DIR           stops both and removes their files
#   scripts/scale-out.sh redis-start DIR    the Redis Cluster only; writes DIR/redis-cluster/env:
#                                             COURSED_TEST_REDIS_CLUSTER_URL (comma-separated seed URLs),
#                                             COURSED_TEST_REDIS_CLUSTER_PORTS (space-separated)
#   scripts/scale-out.sh redis-stop DIR
#   scripts/scale-out.sh pg-start DIR       the primary and its replica; writes DIR/pg-replica/env:
#                                             COURSED_TEST_PG_PRIMARY_URL, COURSED_TEST_PG_REPLICA_URL,
#                                             COURSED_TEST_PG_REPLICA_DATA, COURSED_TEST_PG_BIN
#   scripts/scale-out.sh pg-stop DIR
#   scripts/scale-out.sh pg-replica-stop|pg-replica-start DIR   stops / restarts the replica alone (fault tests)
#
# Debian's redis-server and redis-cli (7.x), and PostgreSQL 15 (COURSED_TEST_PG_BIN, default
# /usr/lib/postgresql/15/bin). As root, PostgreSQL runs as the `postgres` user (initdb refuses root).
# Nothing here persists or authenticates: these servers are for tests only.
set -euo pipefail
# Close every inherited descriptor above stderr: a test runner's pipe ends held by a daemonized server would
# keep the runner waiting for end-of-file forever.
for fd in /proc/$$/fd/*; do
    fd="${fd##*/}"
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

action="${1:?usage: scale-out.sh start|stop|redis-start|redis-stop|pg-start|pg-stop DIR}"
dir="${2:?directory}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

redis_server="${COURSED_TEST_REDIS_SERVER_BIN:-redis-server}"
pg_bin="${COURSED_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"

# A loopback port P nobody listens on such that P + 10000 (the cluster bus) is free too.
cluster_port() {
    python3 - <<'EOF'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
while True:
    p = random.randint(20000, 55000)
    if free(p) and free(p + 10000):
        print(p); break
EOF
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() {
    local port="$1" i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "scale-out: nothing listens on 127.0.0.1:$port" >&2
    return 1
}

redis_start() {
    local work="$dir/redis-cluster" ports=() port i seeds="" nodes=()
    mkdir -p "$work"
    for i in 1 2 3 4 5 6; do
        port="$(cluster_port)"
        while [[ " ${ports[*]-} " == *" $port "* ]]; do port="$(cluster_port)"; done
        ports+=("$port")
        mkdir -p "$work/$port"
        # A short node timeout so that a killed primary's replica is promoted within seconds; without full
        # coverage the other primaries keep serving their slots meanwhile (what a cache wants).
        "$redis_server" --daemonize yes --dir "$work/$port" --pidfile "$work/$port/redis.pid" \
            --logfile "$work/$port/redis.log" --bind 127.0.0.1 --port "$port" --protected-mode no \
            --save '' --appendonly no --cluster-enabled yes --cluster-config-file "$work/$port/nodes.conf" \
            --cluster-node-timeout 1500 --cluster-replica-validity-factor 0 \
            --cluster-require-full-coverage no
    done
    for port in "${ports[@]}"; do
        wait_port "$port"
        nodes+=("127.0.0.1:$port")
        seeds="${seeds:+$seeds,}redis://127.0.0.1:$port"
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$work/create.log" 2>&1 || {
        echo "scale-out: redis-cli --cluster create failed, see $work/create.log" >&2
        return 1
    }
    # Bounded wait until every node sees the whole cluster healthy (gossip takes a moment).
    local ok
    for i in $(seq 1 200); do
        ok=1
        for port in "${ports[@]}"; do
            if ! redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then ok=0; break; fi
            if [ "$(redis-cli -p "$port" cluster nodes 2>/dev/null | grep -c connected)" -ne 6 ]; then ok=0; break; fi
        done
        [ "$ok" -eq 1 ] && break
        sleep 0.1
    done
    [ "$ok" -eq 1 ] || {
        echo "scale-out: the Redis cluster did not become healthy" >&2
        return 1
    }
    {
        echo "export COURSED_TEST_REDIS_CLUSTER_URL='$seeds'"
        echo "export COURSED_TEST_REDIS_CLUSTER_PORTS='${ports[*]}'"
    } >"$work/env"
    echo "scale-out: redis cluster on ports ${ports[*]}"
}

redis_stop() {
    local work="$dir/redis-cluster" pidfile
    [ -d "$work" ] || return 0
    # SIGKILL: a server started from a test process may inherit a mask that blocks SIGTERM; nothing persists.
    for pidfile in "$work"/*/redis.pid; do
        [ -f "$pidfile" ] || continue
        kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    done
    rm -rf "$work"
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    local base="$dir/pg-replica" primary_port replica_port
    mkdir -p "$base/primary/sock" "$base/replica/sock"
    chmod a+x "$dir"
    chmod 755 "$base"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$base"; fi
    primary_port="$(free_port)"
    replica_port="$(free_port)"
    as_owner "$pg_bin/initdb" -D "$base/primary/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$base/primary/initdb.log" 2>&1 || {
        echo "scale-out: initdb failed, see $base/primary/initdb.log" >&2
        return 1
    }
    printf 'host replication postgres 127.0.0.1/32 trust\n' >>"$base/primary/data/pg_hba.conf"
    as_owner "$pg_bin/pg_ctl" -D "$base/primary/data" -l "$base/primary/server.log" -w -t 60 \
        -o "-k $base/primary/sock -c listen_addresses=127.0.0.1 -p $primary_port -c fsync=off -c max_connections=200 -c wal_level=replica -c max_wal_senders=5" \
        start >/dev/null
    as_owner "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$base/replica/data" -R \
        -X stream >"$base/replica/basebackup.log" 2>&1 || {
        echo "scale-out: pg_basebackup failed, see $base/replica/basebackup.log" >&2
        return 1
    }
    chmod 700 "$base/replica/data"
    cat >"$base/replica/options" <<EOF
-k $base/replica/sock -c listen_addresses=127.0.0.1 -p $replica_port -c fsync=off -c max_connections=200 -c hot_standby=on
EOF
    pg_replica_start
    {
        echo "export COURSED_TEST_PG_PRIMARY_URL='postgres://postgres@127.0.0.1:$primary_port/postgres?sslmode=disable'"
        echo "export COURSED_TEST_PG_REPLICA_URL='postgres://postgres@127.0.0.1:$replica_port/postgres?sslmode=disable'"
        echo "export COURSED_TEST_PG_REPLICA_DATA='$base/replica/data'"
        echo "export COURSED_TEST_PG_BIN='$pg_bin'"
    } >"$base/env"
    echo "scale-out: postgres primary on $primary_port, streaming replica on $replica_port"
}

pg_replica_start() {
    local base="$dir/pg-replica"
    as_owner "$pg_bin/pg_ctl" -D "$base/replica/data" -l "$base/replica/server.log" -w -t 60 \
        -o "$(cat "$base/replica/options")" start >/dev/null || {
        echo "scale-out: the replica did not start, see $base/replica/server.log" >&2
        return 1
    }
}

pg_replica_stop() {
    local base="$dir/pg-replica"
    as_owner "$pg_bin/pg_ctl" -D "$base/replica/data" -m fast -w -t 60 stop >/dev/null
}

pg_stop() {
    local base="$dir/pg-replica" name
    [ -d "$base" ] || return 0
    for name in replica primary; do
        if [ -f "$base/$name/data/postmaster.pid" ]; then
            as_owner "$pg_bin/pg_ctl" -D "$base/$name/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$base"
}

case "$action" in
    start)
        redis_start
        pg_start
        cat "$dir/redis-cluster/env" "$dir/pg-replica/env" >"$dir/env"
        ;;
    stop)
        redis_stop
        pg_stop
        ;;
    redis-start) redis_start ;;
    redis-stop) redis_stop ;;
    pg-start) pg_start ;;
    pg-stop) pg_stop ;;
    pg-replica-start) pg_replica_start ;;
    pg-replica-stop) pg_replica_stop ;;
    *)
        echo "usage: $0 start|stop|redis-start|redis-stop|pg-start|pg-stop|pg-replica-start|pg-replica-stop DIR" >&2
        exit 2
        ;;
esac
