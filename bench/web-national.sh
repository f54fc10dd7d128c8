#!/usr/bin/env bash
# The national deadline overview through the API (issue 16, speed: "the national deadline list through the API (the generator's 356
# municipalities, served by a warm server): ≤ 300 ms"). wrk on loopback against `vern serve`, logged in as the national analyst
# (`analytiker`, which `vern generate` makes), GET /api/v1/deadlines/national: open and overdue duties per municipality and duty,
# small counts suppressed (no role reads a national list of children's duties; see docs/web.md).
#
# Usage: bench/web-national.sh [MUNICIPALITIES=356] [YEARS=2] [DURATION=10s] [RUNS=3]
#
# Data: `vern generate --municipalities M --years Y --seed 7` up to today, made once under $VERN_BENCH_DIR (default /tmp/vern-bench)
# and served from a fresh copy. Twelve years (the issue's 35,789 open cases) take longer to generate than this machine gives a
# session; two years of all 356 municipalities give a national service of the same shape (every municipality, its open cases and
# their duties), smaller in history. The script prints the data's size, so the figure is read against it.
# Measures: the first request on a started server (cold: the deadline index is loaded and every duty computed), then each run a
# warm server with 1 client and with 10 clients for DURATION (p50/p95/p99, req/s, errors), and the anchor: the sqlite3 shell
# reading the nation's open cases' deadline facts (one process, the query 10 times, the process start taken out).
# Needs wrk, sqlite3 and curl.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
municipalities="${1:-356}"
years="${2:-2}"
duration="${3:-10s}"
runs="${4:-3}"
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install $tool)" >&2; exit 2; }; done
report="$root/bench/web-report.lua"

build_vern
data="$work/national-$municipalities-${years}y.db"
if [ ! -f "$data" ]; then
  echo "generating $municipalities municipalities, $years years up to today, seed 7 → $data" >&2
  "${vern[@]}" generate --db "$data.tmp" --municipalities "$municipalities" --years "$years" --seed 7 >/dev/null
  mv "$data.tmp" "$data"
fi
# A cached database made by an older Vern is brought to this build's schema (only `vern init` migrates; `vern serve` refuses it).
"${vern[@]}" init --db "$data" >/dev/null
echo "data: $municipalities municipalities, $years years: $(sqlite3 "$data" 'SELECT count(*) FROM cases') cases," \
  "$(sqlite3 "$data" "SELECT count(*) FROM cases WHERE json_extract(state, '$.closedOn') IS NULL") open, $(sqlite3 "$data" 'SELECT count(*) FROM events') events, $(du -mL "$data" | cut -f1) MB"
machine

db="$work/web-national-bench.db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$data" ".backup '$db'"
port=$((5600 + RANDOM % 300))
url="http://127.0.0.1:$port"
"${vern_serve[@]}" --db "$db" --urls "$url" >"$work/serve-national.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
cookie=$(web_login "$url" analytiker "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'web.demo-password'")") \
  || { echo "login as analytiker failed (see $work/serve-national.log)" >&2; exit 1; }

path="/api/v1/deadlines/national"
cold=$(curl -s -o "$work/national.json" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$url$path")
echo "first request (cold: index loaded, every duty computed): status ${cold% *}, $(awk -v t="${cold#* }" 'BEGIN { printf "%.0f", t * 1000 }') ms;" \
  "$(grep -o '"openCases":[0-9]*' "$work/national.json"), $(grep -o '"municipality":"' "$work/national.json" | wc -l) municipalities with open duties"
for run in $(seq 1 "$runs"); do
  for c in 1 10; do
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$duration" --timeout 30s -s "$report" -H "Cookie: $cookie" "$url$path" >"$work/wrk-national.txt" 2>&1
    printf '  run %s, %2s clients (load %s): %s\n' "$run" "$c" "$(cut -d' ' -f1 /proc/loadavg)" "$(grep '^vern-report' "$work/wrk-national.txt" | cut -d' ' -f2- || tail -1 "$work/wrk-national.txt")"
  done
done
machine

sql="SELECT count(*), sum(length(facts)) FROM deadline_facts WHERE closed_on IS NULL;"
script=$(for _ in $(seq 1 10); do printf '%s\n' "$sql"; done)
t0=$(date +%s%N); sqlite3 "$data" <<<"$script" >/dev/null; t1=$(date +%s%N)
t2=$(date +%s%N); sqlite3 "$data" "SELECT 1;" >/dev/null; t3=$(date +%s%N)
echo "anchor, sqlite3: the nation's open cases' deadline facts $(awk -v a="$((t1 - t0))" -v b="$((t3 - t2))" 'BEGIN { printf "%.1f", (a - b) / 10 / 1e6 }') ms per query"
