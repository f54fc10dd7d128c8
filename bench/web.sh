#!/usr/bin/env bash
# The web application's speed (issue 16), with wrk on loopback against `vern serve`, and the sqlite3 shell as the anchor.
#
# Usage: bench/web.sh [MUNICIPALITIES=20] [CLIENTS=100] [DURATION=20s]
#
# Data: a generated database (MUNICIPALITIES municipalities, 12 years up to today, seed 7). The bench serves it, logs in as
# the leader of the municipality with the most cases (the demo password `vern serve` sets), and measures on a warm server:
#   1. the worklist page (GET /) and its API (GET /api/v1/worklist): CLIENTS concurrent connections for DURATION;
#   2. a case page with 500 events (GET /saker/{id}): a case made through the API with 499 reports of concern; 10 clients;
# and prints p50, p99 and errors (non-2xx and socket errors) per target. The anchor is the sqlite3 shell reading the same
# municipality's open cases' deadline facts (the floor for getting them out of SQLite) and the 500 events of the case.
# Needs wrk and sqlite3 (Debian: apt-get install wrk sqlite3). The issue's targets: worklist p99 ≤ 50 ms at 100 clients on
# 20,000 cases; a 500-event case page p99 ≤ 100 ms.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
municipalities="${1:-20}"
clients="${2:-100}"
duration="${3:-20s}"
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install $tool)" >&2; exit 2; }; done

build_vern
db="$work/web-$municipalities.db"
if [ ! -f "$db" ]; then
  echo "generating $municipalities municipalities, 12 years up to today, seed 7 → $db" >&2
  "${vern[@]}" generate --db "$db" --municipalities "$municipalities" --years 12 --seed 7 >/dev/null
fi
read -r m cases < <(sqlite3 -separator ' ' "$db" "SELECT municipality, count(*) FROM cases GROUP BY municipality ORDER BY 2 DESC LIMIT 1")
port=$((5600 + RANDOM % 300))
url="http://127.0.0.1:$port"
"${vern[@]}" serve --db "$db" --urls "$url" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
password=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'web.demo-password'")

# Log in through the form (antiforgery token and cookie), keep the login cookie for wrk.
page=$(curl -s -D "$work/h1.txt" "$url/logg-inn")
token=$(grep -o 'name="__vern_af" type="hidden" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//; s/&#x2B;/+/g; s/&#x2F;/\//g; s/&#x3D;/=/g')
af=$(grep -io 'set-cookie: __Host-vern-af=[^;]*' "$work/h1.txt" | sed 's/^[Ss]et-[Cc]ookie: //')
curl -s -o /dev/null -D "$work/h2.txt" -H "Cookie: $af" --data-urlencode "__vern_af=$token" --data-urlencode "brukernavn=leder-$m" \
  --data-urlencode "passord=$password" "$url/logg-inn"
cookie=$(grep -io 'set-cookie: __Host-vern=[^;]*' "$work/h2.txt" | sed 's/^[Ss]et-[Cc]ookie: //')
[ -n "$cookie" ] || { echo "login as leder-$m failed" >&2; exit 1; }

# A case with 500 events: open it through the API, then 499 reports of concern.
today=$(date +%F)
case_id=$(curl -s -H "Cookie: $cookie" -H 'Content-Type: application/json' \
  -d "{\"journalNumber\":\"BENCH-500\",\"openedOn\":\"$today\",\"sex\":2,\"birthDate\":\"2015-05-05\",\"givenName\":\"Bench\"}" \
  "$url/api/v1/cases" | grep -o '"caseId":"[^"]*"' | cut -d'"' -f4)
for _ in $(seq 1 498); do
  curl -s -o /dev/null -H "Cookie: $cookie" -H 'Content-Type: application/json' \
    -d "{\"command\":\"receive-report\",\"receivedOn\":\"$today\",\"reporters\":[{\"code\":\"9\"}],\"contents\":[]}" "$url/api/v1/cases/$case_id/commands"
done
events=$(sqlite3 "$db" "SELECT count(*) FROM events WHERE case_id = '$case_id'")

echo "data: $(sqlite3 "$db" 'SELECT count(*) FROM cases') cases in $municipalities municipalities ($(du -m "$db" | cut -f1) MB); service $m: $cases cases; case $case_id: $events events"
machine

# p50 and p99 in ms, requests/s and errors from wrk's latency distribution.
run_wrk() {
  local name="$1" connections="$2" path="$3"
  curl -s -o /dev/null -H "Cookie: $cookie" "$url$path" # warm
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" "$url$path" >"$work/wrk.txt" 2>&1
  local p50 p99 rps non2xx sock
  p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
  rps=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt"); sock=$(grep -o 'Socket errors:.*' "$work/wrk.txt" || true)
  printf '%-28s %4s clients  p50 %8s  p99 %8s  %8s req/s  errors: %s %s\n' "$name" "$connections" "$p50" "$p99" "$rps" "${non2xx:-0}" "$sock"
}
run_wrk "worklist page (/)" "$clients" "/"
run_wrk "worklist API" "$clients" "/api/v1/worklist"
run_wrk "case page, $events events" 10 "/saker/$case_id"

# The anchor: the same data straight out of SQLite with the sqlite3 shell (no rules, no HTML, no logging).
anchor() { local t0 t1; t0=$(date +%s%N); sqlite3 "$db" "$1" >/dev/null; t1=$(date +%s%N); echo "$(( (t1 - t0) / 1000000 )) ms"; }
echo "anchor, sqlite3: the service's open cases' deadline facts $(anchor "SELECT case_id, facts FROM deadline_facts WHERE municipality = '$m' AND closed_on IS NULL")," \
  "the case's $events events $(anchor "SELECT * FROM events WHERE case_id = '$case_id'") (one run each, a process start included)"
machine
