#!/usr/bin/env bash
# The benchmark of issue 7, in one command: builds the release binary, makes
# the five-year database of a busy branch if it is missing (lobbydesk demo
# --days 1250 --visits-per-day 400: 500,000 tickets, cards, prospects and
# their contacts, every event), then measures
#   - in-process (benches/screens/): every key on every screen handled and
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
#   scripts/bench.sh --ladder     both, on each step of the ladder of branch
#                                 sizes: clients × volume (LOBBYDESK_LADDER,
#                                 default "20k:1 200k:1 1m:1 20k:10 200k:10
#                                 1m:10"; volume 1 = 400 visits a day) over
#                                 LOBBYDESK_LADDER_DAYS business days (default
#                                 1250, five years; 5000 for twenty), each
#                                 database made once with `lobbydesk demo
#                                 --clients N --visits-per-day V` and kept
#                                 in target/bench/ladder-*.db. Slow: a
#                                 10× step of five years is millions of
#                                 tickets; choose the steps to run.
#
# Environment: LOBBYDESK_BENCH_DB (default target/bench/branch.db),
# LOBBYDESK_BENCH_PRESSES (key presses per screen, default 1200),
# LOBBYDESK_BENCH_IDLE_SECS (default 10). Run it on a quiet machine: other
# work on the same cores shows in the percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
case "$what" in
all | --process | --screens | --fresh | --ladder) ;;
*)
	echo "usage: scripts/bench.sh [--process | --screens | --fresh | --ladder]" >&2
	exit 2
	;;
esac

export LOBBYDESK_BENCH_DB=${LOBBYDESK_BENCH_DB:-$PWD/target/bench/branch.db}
out=target/bench
mkdir -p "$out" "$(dirname "$LOBBYDESK_BENCH_DB")"

cargo build --release --quiet

if [ "$what" = --ladder ]; then
	days=${LOBBYDESK_LADDER_DAYS:-1250}
	steps=${LOBBYDESK_LADDER:-20k:1 200k:1 1m:1 20k:10 200k:10 1m:10}
	table="$out/ladder.txt"
	: >"$table"
	for step in $steps; do
		clients=${step%%:*}
		volume=${step##*:}
		n=$(echo "$clients" | sed -e 's/[kK]$/000/' -e 's/[mM]$/000000/')
		visits=$((400 * volume))
		db="$PWD/$out/ladder-$clients-${volume}x-${days}d.db"
		if [ ! -f "$db" ]; then
			echo "making $db ($days days × $visits visits, $n clients)…" >&2
			start=$(date +%s)
			target/release/lobbydesk demo --days "$days" --visits-per-day "$visits" \
				--clients "$n" --db "$db" >&2
			echo "made in $(($(date +%s) - start)) s" >&2
		fi
		export LOBBYDESK_BENCH_DB=$db
		cargo bench --quiet --bench screens | tee "$out/screens-$step.txt" >&2
		cargo bench --quiet --bench process | tee "$out/process-$step.txt" >&2
		grep -h '^| ' "$out/screens-$step.txt" "$out/process-$step.txt" | grep -v '^| measure' |
			grep -E 'search: Clients tab|keys: every screen|start to first|resident memory' |
			sed "s/^| /| $clients clients, ${volume}× volume, $days days | /" >>"$table"
	done
	echo
	echo "lobbydesk ladder · $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores"
	echo
	echo "| step | measure | n | p50 | p99 | max | target | met |"
	echo "|---|---|---:|---:|---:|---:|---|---|"
	cat "$table"
	exit 0
fi
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
