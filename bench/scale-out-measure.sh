#!/usr/bin/env bash
# Issue 15's closing-note numbers, one run on a release build, all candidates on the same services:
#   - cached GET /api/courses/{id} through a Redis Cluster (3+3) vs through a single Redis node, each with its
#     /api/health/live, so both ratios to live are in the same run;
#   - p99 of anonymous listing reads (cache off) served by a streaming replica vs by the primary.
# The longest window of cache misses during a primary failover is printed by RedisClusterFailoverTests.
#
#   bench/scale-out-measure.sh [COURSED_BINARY]     (default .build/release/coursed)
#   EXTRA_ENV=CACHE_LOCAL_TTL_MS=0 bench/scale-out-measure.sh ...   (both cached instances without the first level)
#
# The instances' logs are kept in /tmp/scale-out-measure-logs.
# Uses scripts/scale-out.sh for the cluster and the PostgreSQL primary + replica, a throwaway single
# redis-server, ../shared/bench's seed.py (20,000 courses) and compare.sh (wrk, 64 connections, 2 rounds).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$root/.build/release/coursed}"
[ -x "$binary" ] || { echo "no coursed binary at $binary (swift build -c release)" >&2; exit 2; }
work=$(mktemp -d /tmp/scale-out-measure.XXXX)
chmod 755 "$work"  # PostgreSQL runs as the postgres user under it
bench="$work/bench"; mkdir -p "$bench"; cp -r "$root/../shared/bench/." "$bench"; chmod -R u+w "$bench"
pids=()
cleanup() {
    mkdir -p /tmp/scale-out-measure-logs && cp "$work"/*.log /tmp/scale-out-measure-logs/ 2>/dev/null
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    "$root/scripts/scale-out.sh" stop "$work/services" >/dev/null 2>&1
    [ -n "${single_pid:-}" ] && kill -9 "$single_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

echo "starting the Redis Cluster and the PostgreSQL primary + replica" >&2
"$root/scripts/scale-out.sh" start "$work/services" >&2 || exit 1
# shellcheck disable=SC1091
source "$work/services/env"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
single_port=$(free_port)
redis-server --port "$single_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >"$work/single-redis.log" 2>&1 &
single_pid=$!

psql() { "$COURSED_TEST_PG_BIN/psql" --no-psqlrc -qAt "$@"; }
psql -d "$COURSED_TEST_PG_PRIMARY_URL" -c "CREATE DATABASE coursed_bench" || exit 1
primary="${COURSED_TEST_PG_PRIMARY_URL/\/postgres\?//coursed_bench?}"
replica="${COURSED_TEST_PG_REPLICA_URL/\/postgres\?//coursed_bench?}"
DATABASE_URL="$primary" "$binary" migrate >/dev/null || exit 1
echo "seeding 20,000 courses" >&2
python3 "$bench/seed.py" --database-url "$primary" >/dev/null || exit 1
for _ in $(seq 1 600); do
    [ "$(psql -d "$replica" -c 'SELECT count(*) FROM courses' 2>/dev/null)" = "20000" ] && break
    sleep 0.1
done
echo "replica has $(psql -d "$replica" -c 'SELECT count(*) FROM courses') courses" >&2

start() {  # NAME PORT ENV...
    local name=$1 port=$2; shift 2
    env JWT_SECRET=scale-out-measure-secret-0123456789 LOG_LEVEL=warning VIDEO_WORKERS=0 "$@" \
        "$binary" serve --port "$port" >"$work/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/api/health/ready" >/dev/null && return 0; sleep 0.25; done
    echo "$name did not become ready:" >&2; tail -20 "$work/$name.log" >&2; exit 1
}
ps_single=$(free_port) ps_cluster=$(free_port) ps_replica=$(free_port) ps_primary=$(free_port)
# EXTRA_ENV goes to both cached instances (e.g. CACHE_LOCAL_TTL_MS=0: every cached read from Redis).
start single "$ps_single" DATABASE_URL="$primary" REDIS_URL="redis://127.0.0.1:$single_port" CACHE_NAMESPACE=single \
    ${EXTRA_ENV:-}
start cluster "$ps_cluster" DATABASE_URL="$primary" REDIS_URL="$COURSED_TEST_REDIS_CLUSTER_URL" \
    REDIS_CLUSTER_MODE=true CACHE_NAMESPACE=cluster ${EXTRA_ENV:-} ${CLUSTER_EXTRA_ENV:-}
start replica "$ps_replica" DATABASE_URL="$primary" DATABASE_READ_URL="$replica" CACHE_ENABLED=false
start primary "$ps_primary" DATABASE_URL="$primary" CACHE_ENABLED=false
curl -s "http://127.0.0.1:$ps_replica/api/health" >&2; echo >&2

"$bench/compare.sh" --rounds 2 --duration 10s \
    "single:live,detail=http://127.0.0.1:$ps_single" \
    "cluster:live,detail=http://127.0.0.1:$ps_cluster" \
    "primary:list=http://127.0.0.1:$ps_primary" \
    "replica:list=http://127.0.0.1:$ps_replica"
echo "replica instance's database metrics:" >&2
curl -s "http://127.0.0.1:$ps_replica/metrics" | grep -E '^(db_replica|database_replica|db_queries_total)' | head -20
ps -o rss=,cmd= -p "$(IFS=,; echo "${pids[*]}")" | cut -c1-80
