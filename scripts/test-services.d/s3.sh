# shellcheck shell=bash
# S3 part of scripts/test-services.sh (sourced, not executed).
#
#   s3_start <dir>   starts moto in server mode (an S3-compatible store, from PyPI) on 127.0.0.1 and a free
#                    port, logging to <dir>/s3/moto.log, waits until it answers, then appends to <dir>/env:
#                      COURSED_TEST_S3_ENDPOINT   http://127.0.0.1:PORT
#                      COURSED_TEST_S3_PYTHON     the venv's python (has botocore: signing cross-checks)
#   s3_stop <dir>    stops that moto server (by its recorded pid) and removes <dir>/s3.
#
# moto comes from the venv made by scripts/install-deps.sh (COURSED_VENV, default ~/.cache/coursed-venv).
# moto enforces S3's 5 MiB minimum for every part but the last, like AWS; objects live in its memory.

_s3_venv() {
    printf '%s' "${COURSED_VENV:-${HOME:-/root}/.cache/coursed-venv}"
}

s3_start() {
    local dir="$1"
    [ -n "$dir" ] || {
        echo "usage: s3_start <dir>" >&2
        return 2
    }
    local venv port base pid tries
    venv="$(_s3_venv)"
    [ -x "$venv/bin/moto_server" ] || {
        echo "s3: no $venv/bin/moto_server (run scripts/install-deps.sh)" >&2
        return 1
    }
    base="$dir/s3"
    mkdir -p "$base"
    port="$(free_port)"
    "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$base/moto.log" 2>&1 &
    pid=$!
    echo "$pid" >"$base/moto.pid"
    tries=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "s3: moto_server exited, see $base/moto.log" >&2
            return 1
        fi
        tries=$((tries + 1))
        if [ "$tries" -gt 300 ]; then
            echo "s3: moto_server did not answer on port $port within 30 s, see $base/moto.log" >&2
            kill "$pid" 2>/dev/null || true
            return 1
        fi
        sleep 0.1
    done
    {
        echo "export COURSED_TEST_S3_ENDPOINT='http://127.0.0.1:$port'"
        echo "export COURSED_TEST_S3_PYTHON='$venv/bin/python'"
    } >>"$dir/env"
    echo "s3: moto on 127.0.0.1:$port"
}

s3_stop() {
    local dir="$1"
    [ -n "$dir" ] || {
        echo "usage: s3_stop <dir>" >&2
        return 2
    }
    local base="$dir/s3" pid
    if [ -f "$base/moto.pid" ]; then
        pid="$(cat "$base/moto.pid")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$base"
}
