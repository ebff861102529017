#!/usr/bin/env bash
# Load test of Foorumi on the national-scale synthetic register (issue 2, item 10).
#
# Builds the release binary, generates `foorumi gen --scale national` into a temporary
# SQLite database, serves it, and loads the region, forum and party pages and an API list
# with wrk at 10 and 256 connections, printing req/s, p50/p99 latency and the server's
# resident memory (VmRSS now, VmHWM peak) as a Markdown table for docs/performance.md.
#
# Usage: bench/run.sh                      (from anywhere in the checkout)
# Environment:
#   DURATION=10        seconds per wrk run
#   CONNECTIONS="10 256"
#   THREADS=2          wrk threads
#   PORT=18080         where the server listens (127.0.0.1)
#   REGION=07          the region whose pages are loaded
#   FOORUMI_BIN=path   use this binary instead of building target/release/foorumi
#   KEEP=1             keep the temporary directory (database and server log)
# Needs: cargo, wrk (Debian package `wrk`; installed with apt-get when missing and root),
# curl, python3 (its sqlite3 module picks the forum and party to load).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-10 256}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18080}"
REGION="${REGION:-07}"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing wrk with apt-get" >&2
        apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
    else
        echo "bench: wrk is missing: install the Debian package wrk" >&2
        exit 1
    fi
fi
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

tmp="$(mktemp -d -t foorumi-bench.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -n "${KEEP:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

db="$tmp/national.sqlite"
export FOORUMI_DATABASE_URL="sqlite://$db"
export FOORUMI_BIND="127.0.0.1:$PORT"
export RUST_LOG="${RUST_LOG:-warn}"

echo "generating the national register…" >&2
gen_started=$(date +%s.%N)
"$bin" gen --scale national >"$tmp/gen.txt"
gen_seconds=$(python3 -c "print(f'{$(date +%s.%N) - $gen_started:.1f}')")
cat "$tmp/gen.txt" >&2

# The plan of every forum in Finland for the whole council term 2025–2029, timed by the
# command itself (the process start and database opening not counted).
"$bin" plan --year 2025 --to-year 2029 >"$tmp/plan.txt"
cat "$tmp/plan.txt" >&2
plan_meetings=$(awk '{print $3}' "$tmp/plan.txt")
plan_seconds=$(awk '{print $(NF-1)}' "$tmp/plan.txt")

"$bin" serve >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "bench: the server exited:" >&2; cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { echo "bench: the server did not answer /health" >&2; exit 1; }

# The forum with the most seats in the region (its municipal managers' meeting or
# strategic forum) and its biggest city, straight from the database.
read -r forum_id party_id < <(python3 - "$db" "$REGION" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
region = sys.argv[2]
forum = db.execute(
    "SELECT f.id FROM forums f JOIN regions r ON r.id = f.region_id LEFT JOIN seats s ON s.forum_id = f.id "
    "WHERE r.code = ? AND f.level = 'tactical' GROUP BY f.id ORDER BY COUNT(s.id) DESC, f.id LIMIT 1", (region,)).fetchone()
party = db.execute(
    "SELECT p.id FROM parties p JOIN regions r ON r.id = p.region_id LEFT JOIN seats s ON s.party_id = p.id "
    "WHERE r.code = ? AND p.kind = 'municipality' GROUP BY p.id ORDER BY COUNT(s.id) DESC, p.id LIMIT 1", (region,)).fetchone()
print(forum[0], party[0])
PY
)

# A published 40-item agenda for the forum's next meeting of 2026, written through the
# API as a secretary would: 34 public items with Markdown, 4 not yet public, 2 secret.
export BENCH_PASSWORD="bench-password-2026"
"$bin" user add --email bench@example.org --name Bench --password-env BENCH_PASSWORD --region "$REGION" --role region-admin >/dev/null
agenda_meeting=$(python3 - "$PORT" "$REGION" "$forum_id" <<'PY'
import base64, json, sys, urllib.request
port, region, forum = sys.argv[1:]
auth = "Basic " + base64.b64encode(b"bench@example.org:bench-password-2026").decode()
def call(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)
meeting = call("GET", f"/meetings?region={region}&forum_id={forum}&year=2026&limit=1")["items"][0]["id"]
basis = call("POST", f"/legal-bases?region={region}", {"code": "JulkL 24 § 1 mom. 8 k.", "name": {"fi": "Varautuminen", "sv": "", "en": ""}})["id"]
for i in range(1, 41):
    publicity = "secret" if i % 20 == 0 else "not_yet_public" if i % 10 == 5 else "public"
    call("POST", f"/agenda-items?region={region}", {
        "meeting_id": meeting, "title": f"Asia {i}: alueellisen yhteistyön valmistelu",
        "public_title": f"Alueellisen yhteistyön asia {i}", "publicity": publicity,
        "legal_basis_id": basis if publicity == "secret" else None,
        "background": "Taustaa **Markdownina**.\n\n- kohta yksi\n- kohta kaksi\n\n" + "Valmistelun kuvaus. " * 40,
        "proposal": "Merkitään tiedoksi ja sovitaan jatkotoimista.", "tags": ["yhteistyö", "hyvinvointi"]})
call("POST", f"/meetings/{meeting}/agenda/publish")
print(meeting)
PY
)

# The same meeting held and its memo checked and published (40 items), and a second
# meeting whose memo is being written while members follow it live.
"$bin" user add --email checker@example.org --name Checker --password-env BENCH_PASSWORD --region "$REGION" --role region-admin \
    --person "$(python3 - "$PORT" "$REGION" <<'PY'
import base64, json, sys, urllib.request
port, region = sys.argv[1:]
auth = "Basic " + base64.b64encode(b"bench@example.org:bench-password-2026").decode()
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/people?region={region}", method="POST",
    data=json.dumps({"name": "Bench Checker"}).encode(), headers={"Authorization": auth, "Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["id"])
PY
)" >/dev/null
read -r record_meeting live_meeting live_record < <(python3 - "$PORT" "$REGION" "$forum_id" "$agenda_meeting" <<'PY'
import base64, json, sys, urllib.request
port, region, forum, meeting = sys.argv[1:]
def call(method, path, body=None, user="bench", version=None):
    auth = "Basic " + base64.b64encode(f"{user}@example.org:bench-password-2026".encode()).decode()
    headers = {"Authorization": auth, "Content-Type": "application/json"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}", method=method,
        data=None if body is None else json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.load(response)
checker = [p for p in call("GET", f"/people?region={region}&limit=1000")["items"] if p["name"] == "Bench Checker"][0]["id"]
minutes = call("POST", f"/minutes?region={region}", {"meeting_id": int(meeting), "chair_id": checker, "secretary_id": checker,
    "checker_ids": [checker], "opened_at": "09:00:00", "closed_at": "11:00:00"})
for item in call("GET", f"/agenda-items?meeting_id={meeting}&limit=100")["items"]:
    call("POST", f"/item-records?region={region}", {"item_id": item["id"], "discussion": "Keskusteltiin asiasta. " * 20,
        "outcome": "noted", "outcome_text": "Merkittiin tiedoksi ja sovittiin jatkotoimista."})
minutes = call("POST", f"/minutes/{minutes['id']}/send", version=minutes["version"])
minutes = call("POST", f"/minutes/{minutes['id']}/approve", {}, user="checker")
decisions = [{"item_id": f["item_id"], "text": f["text"], "decision": "keep"} for f in call("GET", f"/minutes/{minutes['id']}/identifiers")]
call("POST", f"/minutes/{minutes['id']}/publish", {"decisions": decisions}, version=minutes["version"])
later = [m for m in call("GET", f"/meetings?region={region}&forum_id={forum}&year=2026&limit=100")["items"] if m["id"] != int(meeting)][-1]
item = call("POST", f"/agenda-items?region={region}", {"meeting_id": later["id"], "title": "Seurattava asia", "publicity": "public"})
call("POST", f"/minutes?region={region}", {"meeting_id": later["id"]})
record = call("POST", f"/item-records?region={region}", {"item_id": item["id"], "discussion": "Alku."})
print(meeting, later["id"], record["id"])
PY
)

paths=(
    "/meetings/$agenda_meeting/agenda"
    "/meetings/$record_meeting/record"
    "/regions/$REGION"
    "/forums/$forum_id"
    "/parties/$party_id"
    "/api/v1/parties?region=$REGION"
    "/regions/$REGION/plan?year=2026"
    "/regions/$REGION/calendar.ics"
    "/forums/$forum_id/calendar.ics"
)

rss() { awk '/^VmRSS/ {rss=$2} /^VmHWM/ {hwm=$2} END {printf "%.1f %.1f\n", rss/1024, hwm/1024}' "/proc/$server_pid/status"; }

cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem_total=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
echo
echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "- machine: $(nproc) cores ($cpu_model), $mem_total memory, $(uname -sr)"
echo "- database: national synthetic register on SQLite, generated in ${gen_seconds} s: $(tail -n 1 "$tmp/gen.txt" | sed 's/^ *//')"
echo "- load: wrk -t$THREADS -c<connections> -d${DURATION}s --latency, on the same machine as the server"
echo "- plan of the term 2025–2029 for every forum: $plan_meetings meetings in ${plan_seconds} s (\`foorumi plan --year 2025 --to-year 2029\`, one transaction per region and year, each meeting through the rules and the audit log)"
echo "- server RSS after start: $(rss | awk '{print $1}') MiB"
echo
echo "| path | connections | req/s | p50 | p99 | non-2xx | errors | RSS MiB (peak) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for path in "${paths[@]}"; do
    url="http://127.0.0.1:$PORT$path"
    status=$(curl -s -o "$tmp/body" -w '%{http_code}' "$url")
    if [ "$status" != 200 ]; then
        echo "| \`$path\` | – | answered $status, not loaded | | | | | |"
        continue
    fi
    for c in $CONNECTIONS; do
        out=$(wrk -t"$THREADS" -c"$c" -d"${DURATION}s" --latency "$url" 2>&1)
        echo "$out" >>"$tmp/wrk.log"
        rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
        errors=$(awk '/Socket errors/ {gsub(",", ""); s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s}' <<<"$out")
        read -r now peak < <(rss)
        echo "| \`$path\` | $c | ${rps:-?} | ${p50:-?} | ${p99:-?} | ${non2xx:-0} | ${errors:-0} | $now ($peak) |"
    done
done
echo
pdf_ms() { curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$1" -H "Cache-Control: no-cache" | awk '{printf "%.0f", $1 * 1000}'; }
echo "- PDF/A of the 40-item agenda, first request (rendered, then cached): $(pdf_ms "/meetings/$agenda_meeting/agenda.pdf") ms; of the 40-item memo: $(pdf_ms "/meetings/$record_meeting/record.pdf") ms"
echo "- live minutes: $(python3 "$root/bench/live.py" "$PORT" "$live_meeting" "$live_record" bench@example.org bench-password-2026 "${FOLLOWERS:-200}" 30)"
echo
echo "page sizes: $(for path in "${paths[@]}"; do printf '%s %s B; ' "$path" "$(curl -s "http://127.0.0.1:$PORT$path" | wc -c)"; done)"
