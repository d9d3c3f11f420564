#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, in a temporary folder, run by
# an unprivileged user (the server refuses to run as root).
#
#   scripts/pg-server.sh start DIR   make and start a server in DIR; prints
#                                    the administrator's URL on stdout
#   scripts/pg-server.sh restart DIR restart it (its sessions are cut off)
#   scripts/pg-server.sh stop DIR    stop it (DIR is left for the caller)
#
# It listens on 127.0.0.1 only, on a free port. The administrator `lobby_admin`
# (password in DIR/admin.password) may create roles and databases; every other
# login signs in with its password (scram-sha-256), as on a branch server.
# With openssl on the machine, it also offers encrypted connections (TLS):
# DIR/tls holds the certificate authority that signed the server's
# certificate (ca.crt, for the name localhost only) and one that signed
# nothing (other-ca.crt).
# Exit 3: no PostgreSQL server programs on this machine.
set -euo pipefail

bin_dir() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

run_as() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

# A certificate authority, the server's certificate signed by it for the
# name localhost, and another authority, in $1.
certificates() {
    local t=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    mkdir -p "$t"
    for ca in ca other-ca; do
        openssl req -x509 "${ec[@]}" -days 3650 -subj "/CN=lobbydesk test $ca" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
            -keyout "$t/$ca.key" -out "$t/$ca.crt" 2>/dev/null
    done
    openssl req "${ec[@]}" -subj "/CN=localhost" -keyout "$t/server.key" -out "$t/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$t/ext"
    openssl x509 -req -in "$t/server.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" -CAcreateserial \
        -days 3650 -extfile "$t/ext" -out "$t/server.crt" 2>/dev/null
    chmod 600 "$t/server.key"
    [ "$(id -u)" = 0 ] && chown -R "$owner" "$t"
    return 0
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|restart|stop DIR" >&2; exit 2; }
bin=$(bin_dir || true)
[ -n "$bin" ] || exit 3
owner=nobody
[ "$(id -u)" = 0 ] || owner=$(id -un)

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown "$owner" "$dir"
    chmod 700 "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    echo "$password" >"$dir/admin.password"
    [ "$(id -u)" = 0 ] && chown "$owner" "$dir/admin.password"
    run_as "$bin/initdb" -D "$dir/data" -U lobby_admin --pwfile="$dir/admin.password" \
        --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    ssl=""
    if command -v openssl >/dev/null 2>&1; then
        certificates "$dir/tls"
        ssl="-c ssl=on -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off $ssl" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://lobby_admin:$password@127.0.0.1:$port/postgres"
    ;;
restart)
    run_as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null
    ;;
stop)
    [ -d "$dir/data" ] && run_as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: $0 start|restart|stop DIR" >&2
    exit 2
    ;;
esac
