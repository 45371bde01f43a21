# shellcheck shell=bash
# Scale-out part of scripts/test-services.sh (sourced, not executed): a Redis Cluster (3 primaries, 3 replicas)
# and a PostgreSQL primary with a streaming replica, by scripts/scale-out.sh under <dir>/scale-out.
#
#   scaleout_start <dir>   appends COURSED_TEST_REDIS_CLUSTER_URL, COURSED_TEST_REDIS_CLUSTER_PORTS,
#                          COURSED_TEST_PG_PRIMARY_URL, COURSED_TEST_PG_REPLICA_URL, COURSED_TEST_PG_REPLICA_DATA
#                          and COURSED_TEST_SCALE_OUT_DIR to <dir>/env
#   scaleout_stop <dir>    stops them and removes their files

scaleout_start() {
    local dir="$1" here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    "$here/scale-out.sh" start "$dir/scale-out" || return 1
    cat "$dir/scale-out/env" >>"$dir/env"
    echo "export COURSED_TEST_SCALE_OUT_DIR='$dir/scale-out'" >>"$dir/env"
}

scaleout_stop() {
    local dir="$1" here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    [ -d "$dir/scale-out" ] || return 0
    "$here/scale-out.sh" stop "$dir/scale-out"
}
