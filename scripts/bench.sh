#!/usr/bin/env bash
# The benchmark of issue 7, in one command: builds the release binary, makes
# the five-year database of a busy branch if it is missing (lobbydesk demo
# --days 1250 --visits-per-day 400: 500,000 tickets, cards, prospects and
# their contacts, every event), then measures
#   - in-process (benches/screens.rs): every key on every screen handled and
#     drawn, the searches, a day's and a year's report, start to first frame;
#   - the whole process (benches/process.rs): the real binary in a
#     pseudo-terminal: start to first full frame, resident memory after each
#     tab, idle CPU, wakeups and bytes drawn over 10 s;
# and prints one table of both.
#
#   scripts/bench.sh              both
#   scripts/bench.sh --process    the whole-process figures only
#   scripts/bench.sh --screens    the in-process figures only
#   scripts/bench.sh --fresh      both, on a database made anew (after the
#                                 demo generator changed)
#
# Environment: LOBBYDESK_BENCH_DB (default target/bench/branch.db),
# LOBBYDESK_BENCH_PRESSES (key presses per screen, default 1200),
# LOBBYDESK_BENCH_IDLE_SECS (default 10). Run it on a quiet machine: other
# work on the same cores shows in the percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
case "$what" in
all | --process | --screens | --fresh) ;;
*)
	echo "usage: scripts/bench.sh [--process | --screens | --fresh]" >&2
	exit 2
	;;
esac

export LOBBYDESK_BENCH_DB=${LOBBYDESK_BENCH_DB:-$PWD/target/bench/branch.db}
out=target/bench
mkdir -p "$out" "$(dirname "$LOBBYDESK_BENCH_DB")"

cargo build --release --quiet
if [ "$what" = --fresh ]; then
	rm -f "$LOBBYDESK_BENCH_DB" "$LOBBYDESK_BENCH_DB-wal" "$LOBBYDESK_BENCH_DB-shm"
fi
if [ ! -f "$LOBBYDESK_BENCH_DB" ]; then
	echo "making $LOBBYDESK_BENCH_DB (a few minutes)…" >&2
	start=$(date +%s)
	target/release/lobbydesk demo --days 1250 --visits-per-day 400 --db "$LOBBYDESK_BENCH_DB" >&2
	echo "made in $(($(date +%s) - start)) s" >&2
fi

# Each bench prints its own table (and checks the database's schema first,
# making it again if its indexes are not the current ones).
: >"$out/screens.txt"
: >"$out/process.txt"
if [ "$what" != --process ]; then
	cargo bench --quiet --bench screens | tee "$out/screens.txt" >&2
fi
if [ "$what" != --screens ]; then
	cargo bench --quiet --bench process | tee "$out/process.txt" >&2
fi

echo
echo "lobbydesk benchmark · $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores · $LOBBYDESK_BENCH_DB"
grep -h -m1 'tickets ·' "$out/screens.txt" "$out/process.txt" 2>/dev/null | head -1 || true
echo
echo "| measure | n | p50 | p99 | max | target | met |"
echo "|---|---:|---:|---:|---:|---|---|"
grep -h '^| ' "$out/screens.txt" "$out/process.txt" | grep -v '^| measure' || true
echo
echo "Times in ms unless the measure says otherwise. Reproduce: scripts/bench.sh"
if grep -q '| NO |' "$out/screens.txt" "$out/process.txt"; then
	echo "Some targets were missed (met: NO)."
fi
