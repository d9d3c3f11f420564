#!/usr/bin/env bash
# Every test: the SQLite half with `cargo test`, then the PostgreSQL half
# (the tests named pg_*) against a throwaway server in a temporary folder,
# started here and stopped on the way out. On a machine without
# PostgreSQL's server programs, the PostgreSQL half is not run, and this
# says so. Both runs build from the committed Cargo.lock (--locked); further
# arguments go to both.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked "$@"

dir=$(mktemp -d /tmp/lobbydesk-pg.XXXXXX)
chmod 755 "$dir"
cleanup() {
    scripts/pg-server.sh stop "$dir/server" || true
    rm -rf "$dir"
}
trap cleanup EXIT
status=0
url=$(scripts/pg-server.sh start "$dir/server") || status=$?
if [ "$status" = 3 ]; then
    cat <<'SAY'

==> The PostgreSQL half of the tests was NOT run: this machine has no
    PostgreSQL server programs (initdb, pg_ctl). Install them (on Debian:
    apt-get install postgresql) and run scripts/test.sh again; it starts a
    throwaway server of its own.
SAY
    exit 0
elif [ "$status" != 0 ]; then
    echo "==> The PostgreSQL test server did not start (see above)." >&2
    exit "$status"
fi
echo "==> The PostgreSQL half: a throwaway server at ${url%%:*}://…@127.0.0.1"
# The server offers TLS when this machine has openssl to make its certificates.
tls=()
if [ -d "$dir/server/tls" ]; then
    export LOBBYDESK_TEST_PG_TLS="$dir/server/tls"
else
    tls=(--skip pg_tls_)
    echo "==> not run: the encrypted connections (pg_tls_*): no openssl to make the server's certificates"
fi
LOBBYDESK_TEST_PG="$url" cargo test --locked "$@" -- --ignored pg_ "${tls[@]}"

# The suites of tests/on_server.txt once more, each test in its own
# database on the server rather than its own file.
suites=() names=() skips=()
while read -r word name reason; do
    case "$word" in
    suite) suites+=(--test "$name") names+=("$name") ;;
    skip)
        skips+=(--skip "$name")
        echo "==> not run on the server: $name ($reason)"
        ;;
    esac
done < tests/on_server.txt
echo "==> The suites on the server: ${names[*]}"
LOBBYDESK_TEST_PG="$url" LOBBYDESK_TEST_ENGINE=postgresql \
    cargo test --locked "${suites[@]}" "$@" -- --exact "${skips[@]}"
