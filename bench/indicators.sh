#!/usr/bin/env bash
# Import benchmark of indicator values (issue 5, item 10): ten million generated values in
# Sotkanet's CSV format imported into a fresh database, timed with GNU time, RUNS times;
# prints each run's wall time, values/s and peak resident memory, and the medians, for
# docs/performance.md.
#
# Usage: bench/indicators.sh                 (from anywhere in the checkout)
# Environment:
#   VALUES=10000000     values to generate
#   RUNS=3              imports, each into a new database
#   DATABASE_URL=…      a PostgreSQL database to import into instead of a temporary SQLite
#                       file (emptied before each run: its indicator tables are dropped)
#   FOORUMI_BIN=path    use this binary instead of building target/release/foorumi
#   KEEP=1              keep the temporary directory (data file and database)
# Needs: cargo, python3, GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

VALUES="${VALUES:-10000000}"
RUNS="${RUNS:-3}"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing: install the Debian package time" >&2; exit 1; }

if [ -n "${FOORUMI_BIN:-}" ]; then
    bin="$FOORUMI_BIN"
else
    echo "building the release binary (cargo build --release -p foorumi)…" >&2
    cargo build --release -p foorumi >&2
    bin="$root/target/release/foorumi"
fi

tmp="$(mktemp -d -t foorumi-indicators.XXXXXX)"
cleanup() { if [ -n "${KEEP:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

echo "generating $VALUES values…" >&2
python3 bench/gen_indicators.py "$VALUES" "$tmp/values.csv" "$tmp/catalogue.json"
regions="crates/testkit/tests/data/indicators/SotkaRegions.json"

export RUST_LOG=warn
times=()
rss=()
for run in $(seq 1 "$RUNS"); do
    if [ -n "${DATABASE_URL:-}" ]; then
        url="$DATABASE_URL"
        "$bin" --database "$url" migrate >/dev/null
        psql -q "$url" -c "DROP TABLE indicator_values, sotkanet_regions, indicator_areas, indicators; DELETE FROM schema_migrations WHERE version = 9;" >/dev/null
    else
        rm -f "$tmp"/db.sqlite*
        url="sqlite://$tmp/db.sqlite"
    fi
    "$bin" --database "$url" import indicator-areas "$regions" >/dev/null
    "$bin" --database "$url" import indicator-metadata "$tmp/catalogue.json" >/dev/null
    /usr/bin/time -v -o "$tmp/time.txt" "$bin" --database "$url" import indicators "$tmp/values.csv" --format sotkanet-csv >"$tmp/out.txt" 2>/dev/null
    seconds="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time.txt")"
    peak="$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$tmp/time.txt")"
    times+=("$seconds")
    rss+=("$peak")
    echo "run $run: ${seconds} s, $(awk -v n="$VALUES" -v s="$seconds" 'BEGIN { printf "%d", n / s }') values/s, peak RSS ${peak} MiB" >&2
    head -1 "$tmp/out.txt" | cut -c1-160 >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
t="$(median "${times[@]}")"
m="$(median "${rss[@]}")"
echo
echo "| values | runs | median time | values/s | median peak RSS |"
echo "|---|---|---|---|---|"
echo "| $VALUES | $RUNS | ${t} s | $(awk -v n="$VALUES" -v s="$t" 'BEGIN { printf "%d", n / s }') | ${m} MiB |"
