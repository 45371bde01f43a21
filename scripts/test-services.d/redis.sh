# shellcheck shell=bash
# Redis part of scripts/test-services.sh (sourced, not executed).
#
#   redis_start <dir>   starts two throwaway, daemonized redis-servers under <dir>/redis:
#                       "plain" on 127.0.0.1, and "tls" TLS-only (--port 0 --tls-port N) with a certificate for
#                       localhost (SAN DNS:localhost only) signed by a throwaway CA made here by openssl,
#                       then appends export lines to <dir>/env:
#                         COURSED_TEST_REDIS_URL, COURSED_TEST_REDIS_TLS_URL, COURSED_TEST_REDIS_TLS_CA_FILE,
#                         COURSED_TEST_REDIS_SERVER_BIN
#   redis_stop <dir>    stops both servers and removes their files.
#
# Uses Debian's redis-server (COURSED_TEST_REDIS_SERVER_BIN, default: redis-server on PATH). No persistence,
# no password: these servers are for tests only.

_redis_bin() {
    printf '%s' "${COURSED_TEST_REDIS_SERVER_BIN:-redis-server}"
}

# Prints a TCP port nobody listens on at 127.0.0.1.
_redis_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Makes <dir>/ca.crt and a server certificate <dir>/server.{crt,key} for localhost signed by it.
_redis_make_certs() {
    local dir="$1"
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 7 \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" -subj "/CN=coursed test Redis CA" 2>/dev/null
    openssl req -new -nodes -newkey rsa:2048 -sha256 \
        -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=localhost" 2>/dev/null
    printf '%s\n' \
        "subjectAltName=DNS:localhost" \
        "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" >"$dir/server.ext"
    openssl x509 -req -sha256 -days 7 -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
        -CAcreateserial -out "$dir/server.crt" -extfile "$dir/server.ext" 2>/dev/null
    chmod 600 "$dir/ca.key" "$dir/server.key"
}

# Waits (bounded, 10 s) until something accepts TCP connections on 127.0.0.1:<port>.
_redis_wait_port() {
    local port="$1" name="$2" i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "redis ($name) did not start on port $port; see its log under the services directory" >&2
    return 1
}

# Starts one daemonized redis-server: _redis_run <workdir> <name> <extra args...>
_redis_run() {
    local work="$1" name="$2"
    shift 2
    "$(_redis_bin)" --daemonize yes --dir "$work" --pidfile "$work/$name.pid" --logfile "$work/$name.log" \
        --save '' --appendonly no --protected-mode no "$@"
}

redis_start() {
    local dir="$1" work plain_port tls_port
    work="$dir/redis"
    mkdir -p "$work"
    _redis_make_certs "$work"

    plain_port="$(_redis_free_port)"
    _redis_run "$work" plain --bind 127.0.0.1 --port "$plain_port"
    _redis_wait_port "$plain_port" plain

    tls_port="$(_redis_free_port)"
    _redis_run "$work" tls --bind 127.0.0.1 -::1 --port 0 --tls-port "$tls_port" \
        --tls-cert-file "$work/server.crt" --tls-key-file "$work/server.key" --tls-ca-cert-file "$work/ca.crt" \
        --tls-auth-clients no
    _redis_wait_port "$tls_port" tls

    {
        echo "export COURSED_TEST_REDIS_URL=redis://127.0.0.1:$plain_port"
        echo "export COURSED_TEST_REDIS_TLS_URL=rediss://localhost:$tls_port"
        echo "export COURSED_TEST_REDIS_TLS_CA_FILE=$work/ca.crt"
        echo "export COURSED_TEST_REDIS_SERVER_BIN=$(_redis_bin)"
    } >>"$dir/env"
}

redis_stop() {
    local dir="$1" work name pid i
    work="$dir/redis"
    [ -d "$work" ] || return 0
    for name in plain tls; do
        [ -f "$work/$name.pid" ] || continue
        pid="$(cat "$work/$name.pid")"
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
