#!/usr/bin/env bash
# The web application's speed (issue 16): wrk on loopback against `vern serve`, with the sqlite3 shell reading the same rows as
# the anchor.
#
# Usage: bench/web.sh [DURATION=10s] [WORKLIST_CLIENTS=100] [CLIENTS=10] [SCALE=1] [RUNS=1]
#
# Data: `vern demo --scale SCALE` (municipality 7777, seed 42, 3 years up to today; SCALE × Vernvik's 20,000 inhabitants:
# SCALE 1 is the demo's ~500 cases, SCALE 40 the issue's ~20,000-case service), made once under $VERN_BENCH_DIR (default
# /tmp/vern-bench) and copied fresh for each server (the bench's reads are logged, so each run appends to the access log).
# With SCALE > 1 the cached database also gets one case with 500 events (opened through the API, then 499 reports of concern,
# each a POST to /api/v1/cases/{id}/commands as a leader would record them), made once.
# On a warm server, each target for DURATION:
#   1. "My worklist" as the issue means it: the demo caseworker (sb-7777-01, the cases assigned to them in the whole service), the
#      page (GET /) and its API (GET /api/v1/worklist) with WORKLIST_CLIENTS connections, and the API with one;
#   2. the leader's worklist of the whole service (leder-7777: every open duty of every caseworker, megabytes of HTML and JSON):
#      the page with CLIENTS connections, the API with one;
#   3. as the leader, the case page of the case with the most events (GET /saker/{id}), CLIENTS connections and one, and the API
#      case read (GET /api/v1/cases/{id}) with one;
#   4. as the leader, search by a child's family name (POST /api/v1/search, JSON), CLIENTS connections.
# Each target runs RUNS times (A B C … A B C …, so every target sees the same spread of machine load); with RUNS > 1 a median
# line (the median of each figure over the runs) follows. With SCALE 1 the server also runs with Vern__PooledConnections=false
# (every store of every request opens its own connection and checks the schema, as before the pool), for the comparison.
# wrk's timeout is 30 s, so a slow answer counts in the latency rather than as a socket error.
# Prints p50, p95, p99 (ms), requests/s and errors (non-2xx, socket errors) per target, from wrk's own latency histogram
# (bench/web-report.lua), and the server's CPU time (user + system, /proc/PID/stat) per request over the run: the measure
# that other load on the machine changes least. The anchor: the sqlite3 shell, one process running each query 100 times (process start taken out):
# the rows a page needs straight out of SQLite, without rules, HTML, access control or logging.
# Needs wrk, sqlite3 and curl (Debian: apt-get install wrk sqlite3 curl).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
duration="${1:-10s}"
worklist_clients="${2:-100}"
clients="${3:-10}"
scale="${4:-1}"
runs="${5:-1}"
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install $tool)" >&2; exit 2; }; done
report="$root/bench/web-report.lua"

build_vern
if [ "$scale" = 1 ]; then demo="$work/web-demo.db"; else demo="$work/web-demo-x$scale.db"; fi
if [ ! -f "$demo" ]; then
  echo "making the demo database (scale $scale) → $demo" >&2
  "${vern[@]}" demo --db "$demo.tmp" --scale "$scale" >/dev/null
  mv "$demo.tmp" "$demo"
fi

# A cached database made by an older Vern is brought to this build's schema (only `vern init` migrates; `vern serve` refuses it).
"${vern[@]}" init --db "$demo" >/dev/null

server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop_server EXIT

# Starts `vern serve` on a fresh copy of the demo database ($1: true|false for pooled connections; $2: the file to serve
# instead of a copy) and logs in as the leader.
start_server() {
  local pooled="$1"
  db="${2:-$work/web-bench.db}"
  if [ -z "${2:-}" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    sqlite3 "$demo" ".backup '$db'"
  fi
  port=$((5600 + RANDOM % 300))
  url="http://127.0.0.1:$port"
  Vern__PooledConnections="$pooled" "${vern_serve[@]}" --db "$db" --urls "$url" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
  cookie=$(login "leder-$m")
  caseworker_cookie=$(login "sb-$m-01")
}

# Logs in as the demo user $1 (bench/lib.sh web_login); prints the login cookie.
login() {
  web_login "$url" "$1" "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'web.demo-password'")" \
    || { echo "login as $1 failed (see $work/serve.log)" >&2; exit 1; }
}

m=7777
# SCALE > 1: one case with 500 events in the cached database (made once, through the API as a leader records steps).
if [ "$scale" != 1 ] && [ -z "$(sqlite3 "$demo" "SELECT case_id FROM cases WHERE journal_number = 'BENCH-500'")" ]; then
  echo "making a case with 500 events (1 opening + 499 reports of concern through the API) in $demo" >&2
  start_server true "$demo"
  today=$(date +%F)
  case_id=$(curl -s -H "Cookie: $cookie" -H 'Content-Type: application/json' \
    -d "{\"journalNumber\":\"BENCH-500\",\"openedOn\":\"$today\",\"sex\":2,\"birthDate\":\"2015-05-05\",\"givenName\":\"Benk\",\"familyName\":\"Femhundre\"}" \
    "$url/api/v1/cases" | grep -o '"caseId":"[^"]*"' | cut -d'"' -f4)
  [ -n "$case_id" ] || { echo "could not open the 500-event case (see $work/serve.log)" >&2; exit 1; }
  for _ in $(seq 1 499); do
    curl -s -o /dev/null -f -H "Cookie: $cookie" -H 'Content-Type: application/json' \
      -d "{\"command\":\"receive-report\",\"receivedOn\":\"$today\",\"reporters\":[{\"code\":\"9\"}],\"contents\":[]}" \
      "$url/api/v1/cases/$case_id/commands" || { echo "a report of concern on the 500-event case was refused" >&2; exit 1; }
  done
  stop_server
fi
cases=$(sqlite3 "$demo" "SELECT count(*) FROM cases WHERE municipality = '$m'")
open=$(sqlite3 "$demo" "SELECT count(*) FROM cases WHERE municipality = '$m' AND json_extract(state, '$.closedOn') IS NULL")
events=$(sqlite3 "$demo" "SELECT count(*) FROM events")
read -r case_id case_events < <(sqlite3 -separator ' ' "$demo" "SELECT case_id, count(*) FROM events GROUP BY case_id ORDER BY 2 DESC, 1 LIMIT 1")
family=$(sqlite3 "$demo" "SELECT json_extract(state, '$.personalDetails[#-1].familyName') FROM cases WHERE municipality = '$m' AND json_extract(state, '$.personalDetails[#-1].familyName') IS NOT NULL ORDER BY journal_number LIMIT 1")
echo "data: demo database x$scale, municipality $m: $cases cases ($open open), $events events, $(du -m "$demo" | cut -f1) MB; case $case_id: $case_events events; search text «$family»"
machine

# One target: warm it, then wrk for $duration; prints p50/p95/p99 (ms), req/s and errors.
run_wrk() {
  local name="$1" connections="$2" path="$3" body="${4:-}"
  local cookie="${as_cookie:-$cookie}"
  local args=(-t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$duration" --timeout 30s -s "$report" -H "Cookie: $cookie")
  local cpu0 cpu1
  if [ -n "$body" ]; then
    args+=(-H 'Content-Type: application/json')
    curl -s -o /dev/null -H "Cookie: $cookie" -H 'Content-Type: application/json' -d "$body" "$url$path"
    cpu0=$(cpu_ms "$server")
    WRK_METHOD=POST WRK_BODY="$body" wrk "${args[@]}" "$url$path" >"$work/wrk.txt" 2>&1
  else
    curl -s -o /dev/null -H "Cookie: $cookie" "$url$path"
    cpu0=$(cpu_ms "$server")
    wrk "${args[@]}" "$url$path" >"$work/wrk.txt" 2>&1
  fi
  cpu1=$(cpu_ms "$server")
  local line status
  line=$(grep '^vern-report' "$work/wrk.txt" | cut -d' ' -f2-)
  # The server's CPU (user + system) per request over the run: wrk's own share and the machine's other load are not in it.
  [ -n "$line" ] && line="$line  cpu $(awk -v c="$((cpu1 - cpu0))" -v n="$(awk '{ print $15 }' <<<"$line")" 'BEGIN { printf "%.3f", (n > 0 ? c / n : 0) }') ms/req"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" ${body:+-H 'Content-Type: application/json' -d "$body"} "$url$path")
  printf '  %-34s %4s clients  %s  (status %s)\n' "$name" "$connections" "${line:-wrk failed: $(tail -1 "$work/wrk.txt")}" "$status"
  [ -n "$line" ] && printf '%s\t%s\t%s\n' "$name" "$connections" "$line" >>"$work/wrk-runs.txt"
  return 0
}

# With RUNS > 1: per target, the median of each figure over the runs (from wrk-runs.txt: name, clients, report line).
medians() {
  [ "$runs" -gt 1 ] || return 0
  echo "medians of $runs runs:"
  cut -f1,2 "$work/wrk-runs.txt" | awk '!seen[$0]++' | while IFS=$'\t' read -r name connections; do
    awk -F'\t' -v n="$name" -v c="$connections" '$1 == n && $2 == c { print $3 }' "$work/wrk-runs.txt" | awk '
      { p50[NR] = $2; p95[NR] = $4; p99[NR] = $6; rps[NR] = $8; non[NR] = $11; sock[NR] = $13; cpu[NR] = $18 }
      function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      END { n = NR; e = 0; for (i = 1; i <= n; i++) e += non[i] + sock[i]
        printf "p50 %7.1f  p95 %7.1f  p99 %7.1f ms  %8.1f req/s  cpu %.3f ms/req  errors in all runs: %d", med(p50, n), med(p95, n), med(p99, n), med(rps, n), med(cpu, n), e }' \
      | xargs -0 printf '  %-34s %4s clients  %s\n' "$name" "$connections"
  done
}

modes=(true false)
[ "$scale" = 1 ] || modes=(true)
for pooled in "${modes[@]}"; do
  start_server "$pooled"
  : >"$work/wrk-runs.txt"
  if [ "$pooled" = true ]; then echo "Vern as it ships (migrated once at start-up, pooled connections):"; else echo "Vern with Vern__PooledConnections=false (a connection and a schema check per store per request, as before):"; fi
  for run in $(seq 1 "$runs"); do
    [ "$runs" = 1 ] || echo " run $run of $runs ($(cut -d' ' -f1-3 /proc/loadavg)):"
    as_cookie="$caseworker_cookie" run_wrk "caseworker: worklist page (GET /)" "$worklist_clients" "/"
    as_cookie="$caseworker_cookie" run_wrk "caseworker: worklist API" "$worklist_clients" "/api/v1/worklist"
    as_cookie="$caseworker_cookie" run_wrk "caseworker: worklist API" 1 "/api/v1/worklist"
    run_wrk "leader: worklist page, whole service" "$clients" "/"
    run_wrk "leader: worklist API, whole service" 1 "/api/v1/worklist"
    run_wrk "case page, $case_events events" "$clients" "/saker/$case_id"
    run_wrk "case page, $case_events events" 1 "/saker/$case_id"
    run_wrk "API case read" 1 "/api/v1/cases/$case_id"
    run_wrk "search API (POST)" "$clients" "/api/v1/search" "{\"text\":\"$family\"}"
  done
  medians
  stop_server
done
machine

# The anchor: one sqlite3 process runs the query 100 times; its wall time less that of a process running one trivial query,
# divided by 100 (ms per query, the process start taken out).
anchor() {
  local sql="$1" script t0 t1 t2 t3
  script=$(for _ in $(seq 1 100); do printf '%s\n' "$sql"; done)
  t0=$(date +%s%N); sqlite3 "$demo" <<<"$script" >/dev/null; t1=$(date +%s%N)
  t2=$(date +%s%N); sqlite3 "$demo" "SELECT 1;" >/dev/null; t3=$(date +%s%N)
  awk -v a="$((t1 - t0))" -v b="$((t3 - t2))" 'BEGIN { printf "%.2f", (a - b) / 100 / 1e6 }'
}
echo "anchor, sqlite3 on $cases cases (ms per query, 100 in one process, the process start taken out):"
echo "  worklist: the service's open cases' deadline facts   $(anchor "SELECT count(*), sum(length(facts)) FROM deadline_facts WHERE municipality = '$m' AND closed_on IS NULL;")"
echo "  case page / API case read: the case's state and events $(anchor "SELECT (SELECT length(state) FROM cases WHERE case_id = '$case_id') + (SELECT sum(length(data)) FROM events WHERE case_id = '$case_id');")"
echo "  search: the service's case states scanned for the name $(anchor "SELECT count(*) FROM cases WHERE municipality = '$m' AND state LIKE '%$family%';")"
