#!/usr/bin/env bash
# Benchmark of the situational picture page (issue 5, item 10): the demo's Päijät-Häme with
# 100 indicators x 10 municipalities (+ the region and the country) x 25 years chosen for
# its picture, served from the release binary with the page cache off, so every request
# renders: 100 charts, the map and 101 tables. Prints the page size and the median, p90
# and maximum time of REQUESTS sequential requests (curl's time_total on loopback, which
# is the server's time plus a loopback transfer), and the time of the first request after
# the choice of indicators changed (figures recomputed, charts drawn), for
# docs/performance.md.
#
# Usage: bench/picture.sh                  (from anywhere in the checkout)
# Environment:
#   INDICATORS=100     indicators in the picture
#   REQUESTS=200       timed requests (after 10 for warming up)
#   PORT=18090         where the server listens (127.0.0.1)
#   FOORUMI_BIN=path   use this binary instead of building target/release/foorumi
#   KEEP=1             keep the temporary directory (database and server log)
# Needs: cargo, curl, python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

INDICATORS="${INDICATORS:-100}"
REQUESTS="${REQUESTS:-200}"
PORT="${PORT:-18090}"
for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

if [ -n "${FOORUMI_BIN:-}" ]; then
    bin="$FOORUMI_BIN"
else
    echo "building the release binary (cargo build --release -p foorumi)…" >&2
    cargo build --release -p foorumi >&2
    bin="$root/target/release/foorumi"
fi

tmp="$(mktemp -d -t foorumi-picture.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [ -n "${KEEP:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

export RUST_LOG="${RUST_LOG:-warn}"
echo "building the demo database…" >&2
"$bin" demo --data-dir "$tmp" --no-serve >"$tmp/demo.txt"
url="sqlite://$tmp/demo.sqlite"

echo "generating and importing $INDICATORS indicators…" >&2
ids="$(python3 bench/gen_picture.py "$INDICATORS" "$tmp/values.csv" "$tmp/catalogue.json")"
"$bin" --database "$url" import indicator-metadata "$tmp/catalogue.json" >/dev/null
"$bin" --database "$url" import indicators "$tmp/values.csv" --format csv >/dev/null

# Every request renders: no page cache.
printf 'database_url = "%s"\npage_cache = false\n' "$url" >"$tmp/foorumi.toml"
"$bin" --config "$tmp/foorumi.toml" serve --bind "127.0.0.1:$PORT" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "bench: the server exited:" >&2; cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.1
done

# The picture's indicators, chosen through the API as the cooperation manager would.
curl -fsS -u yllapito@example.org:foorumi-demo-2025 -X PUT -H 'Content-Type: application/json' \
    --data "{\"indicators\": [$ids]}" "http://127.0.0.1:$PORT/api/v1/regions/07/picture/indicators" >/dev/null

page="http://127.0.0.1:$PORT/regions/07/picture"
# The first request after the change above recomputes the figures and draws the charts.
first=$(curl -fsS "$page" -o "$tmp/page.html" -w '%{time_total}')
charts=$(grep -o '<svg class="chart"' "$tmp/page.html" | wc -l)
tables=$(grep -o '<table' "$tmp/page.html" | wc -l)
bytes=$(wc -c <"$tmp/page.html")
for _ in $(seq 1 10); do curl -fsS -o /dev/null "$page"; done
for _ in $(seq 1 "$REQUESTS"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' "$page"
done >"$tmp/times.txt"

python3 - "$tmp/times.txt" "$charts" "$tables" "$bytes" "$REQUESTS" "$first" <<'PY'
import statistics, sys
times = sorted(float(line) * 1000 for line in open(sys.argv[1]))
charts, tables, size, n, first = sys.argv[2:]
p90 = times[int(len(times) * 0.9) - 1]
print(f"picture page: {charts} charts, {tables} tables, {int(size) // 1024} KiB; {n} requests: "
      f"median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms; "
      f"first request after a change {float(first) * 1000:.1f} ms")
PY
