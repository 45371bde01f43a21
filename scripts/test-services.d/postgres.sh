# shellcheck shell=bash
# PostgreSQL part of scripts/test-services.sh (sourced, not executed).
#
#   postgres_start <dir>   starts two throwaway clusters on loopback under <dir>/postgres:
#                          "plain" (no TLS) and "tls" (ssl=on, self-signed CA made here by openssl),
#                          then appends export lines to <dir>/env:
#                            COURSED_TEST_DATABASE_URL, COURSED_TEST_DATABASE_TLS_URL,
#                            COURSED_TEST_DATABASE_TLS_CA_FILE, COURSED_TEST_PG_BIN
#   postgres_stop <dir>    stops both clusters (fast shutdown) and removes their data.
#
# Uses Debian's server binaries (COURSED_TEST_PG_BIN, default /usr/lib/postgresql/15/bin).
# initdb refuses to run as root, so when root the server commands run as the `postgres` user.
# Authentication is `trust` on loopback: these clusters are for tests only.

_pg_bin() {
    printf '%s' "${COURSED_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
}

# Runs a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Prints a TCP port nobody listens on at 127.0.0.1.
_pg_free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# Makes a CA and a server certificate for CN=localhost (SAN localhost, 127.0.0.1) in <certdir>.
_pg_make_certs() {
    local certdir="$1"
    mkdir -p "$certdir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=coursed-test-ca" \
        -keyout "$certdir/ca.key" -out "$certdir/ca.crt" >/dev/null 2>&1 || return 1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$certdir/server.key" -out "$certdir/server.csr" >/dev/null 2>&1 || return 1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$certdir/server.ext"
    openssl x509 -req -in "$certdir/server.csr" -CA "$certdir/ca.crt" -CAkey "$certdir/ca.key" \
        -CAcreateserial -days 2 -extfile "$certdir/server.ext" -out "$certdir/server.crt" >/dev/null 2>&1 || return 1
    chmod 600 "$certdir/server.key"
    chmod 644 "$certdir/ca.crt" "$certdir/server.crt"
}

# Creates and starts one cluster: _pg_cluster_start <base> <name> <port> [extra postgres options]
_pg_cluster_start() {
    local base="$1" name="$2" port="$3" extra="${4:-}"
    local bin data sock
    bin="$(_pg_bin)"
    data="$base/$name/data"
    sock="$base/$name/sock"
    mkdir -p "$data" "$sock"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$base/$name"; fi
    chmod 700 "$data"
    _pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$base/$name/initdb.log" 2>&1 || {
        echo "postgres: initdb of $name failed, see $base/$name/initdb.log" >&2
        return 1
    }
    _pg_as_owner "$bin/pg_ctl" -D "$data" -l "$base/$name/server.log" -w -t 60 \
        -o "-k $sock -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c max_connections=300 $extra" \
        start >/dev/null || {
        echo "postgres: $name cluster did not start, see $base/$name/server.log" >&2
        return 1
    }
}

postgres_start() {
    local dir="$1"
    [ -n "$dir" ] || {
        echo "usage: postgres_start <dir>" >&2
        return 2
    }
    local bin base port tls_port
    bin="$(_pg_bin)"
    [ -x "$bin/initdb" ] || {
        echo "postgres: no server binaries in $bin (apt-get install postgresql)" >&2
        return 1
    }
    mkdir -p "$dir"
    # The cluster owner must be able to reach its directories.
    chmod a+x "$dir"
    base="$(cd "$dir" && pwd)/postgres"
    mkdir -p "$base"
    chmod 755 "$base"

    port="$(_pg_free_port)"
    _pg_cluster_start "$base" plain "$port" || return 1

    _pg_make_certs "$base/certs" || {
        echo "postgres: openssl could not make the test certificates" >&2
        return 1
    }
    mkdir -p "$base/tls"
    cp "$base/certs/server.crt" "$base/certs/server.key" "$base/tls/"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$base/tls"; fi
    chmod 600 "$base/tls/server.key"
    tls_port="$(_pg_free_port)"
    _pg_cluster_start "$base" tls "$tls_port" \
        "-c ssl=on -c ssl_cert_file=$base/tls/server.crt -c ssl_key_file=$base/tls/server.key" || return 1

    {
        echo "export COURSED_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
        echo "export COURSED_TEST_DATABASE_TLS_URL='postgres://postgres@localhost:$tls_port/postgres'"
        echo "export COURSED_TEST_DATABASE_TLS_CA_FILE='$base/certs/ca.crt'"
        echo "export COURSED_TEST_PG_BIN='$bin'"
    } >>"$dir/env"
    echo "postgres: plain on 127.0.0.1:$port, tls on localhost:$tls_port"
}

postgres_stop() {
    local dir="$1"
    [ -n "$dir" ] || {
        echo "usage: postgres_stop <dir>" >&2
        return 2
    }
    local bin base name
    bin="$(_pg_bin)"
    base="$dir/postgres"
    for name in plain tls; do
        if [ -f "$base/$name/data/postmaster.pid" ]; then
            _pg_as_owner "$bin/pg_ctl" -D "$base/$name/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
                echo "postgres: could not stop the $name cluster" >&2
        fi
    done
    rm -rf "$base"
}
