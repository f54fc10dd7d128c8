#!/usr/bin/env bash
# The 10-minute load run (issue 17, "Under load"): the web API with its access logging, at 2× the web issue's target load
# (issue 16: 100 concurrent clients, so CLIENTS=200) for DURATION on each engine, on loopback. Prints, per engine: requests,
# errors (non-2xx and socket errors), p50/p95/p99 from wrk's latency histogram, the access-log rows written during the run
# (every API read is logged), and the server's resident memory sampled every SAMPLE seconds (is it flat?), with the
# machine's load average beside each sample, and the server's CPU time per request over the run (/proc/PID/stat). On
# PostgreSQL also the cluster's own CPU per request (the postmaster and every backend on the same cores, /proc), its
# committed transactions (pg_stat_database) and WAL flushes (pg_stat_wal) over the run. With VERN_LOAD_STATEMENTS=N (PostgreSQL)
# the cluster runs pg_stat_statements (PostgreSQL's contrib module) and the N statements run most often during the run are
# printed with their calls and execution time per request: which statements a request costs (the profile adds its own overhead,
# so compare CPU figures only between runs without it). With VERN_LOAD_TAIL=path/to/dotnet-counters the server's own histograms are
# read every second (request duration, time in the request queue, permit held, GC, CPU) and, on PostgreSQL, the cluster logs its
# checkpoints and autovacuums; bench/load-tail.py then prints where the tail is: the queue's share, the seconds whose p99 is slow and
# what PostgreSQL was doing then (dotnet-counters: `dotnet tool install --tool-path DIR dotnet-counters`; it adds a little CPU).
#
# Usage: bench/load.sh [DURATION=600s] [CLIENTS=200] [ENGINES="sqlite postgres"] [SAMPLE=30]
#
# Data: `vern demo` (municipality 7777), once per engine (SQLite file; a database on a throwaway PostgreSQL cluster,
# .ci/postgres.sh). Logged in as the demo leader (leder-7777). The mix, each request a random pick: the worklist API (about
# 2 in 6), the API case read of one of 20 cases (3 in 6), the leader's dashboard API (1 in 6). Needs wrk, curl, sqlite3 (Debian).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
duration="${1:-600s}"
clients="${2:-200}"
engines="${3:-sqlite postgres}"
sample="${4:-30}"
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install $tool)" >&2; exit 2; }; done
script="$root/bench/load.lua"
m=7777

# VERN_DLL=path/vern.dll runs an already built CLI (no build in the run).
if [ -n "${VERN_DLL:-}" ]; then vern=(dotnet "$VERN_DLL"); else build_vern; fi
server=""
sampler=""
pgdir=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pgdir" ]; then pg_stop "$pgdir"; fi
}
trap cleanup EXIT

# SQL on the engine's database ($1: sql), one value per line.
q() {
  if [ "$engine" = sqlite ]; then sqlite3 "$db" "$1"; else pg_as "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U vern -d vernload -Atq -c "$1"; fi
}

prepare() {
  if [ "$engine" = sqlite ]; then
    db="$work/load-demo.db"
    rm -f "$db" "$db-wal" "$db-shm"
    "${vern[@]}" demo --db "$db" >/dev/null
  else
    # shellcheck source=.ci/postgres.sh
    . "$root/.ci/postgres.sh"
    pgdir=$(mktemp -d /tmp/vern-load-pg.XXXXXX)
    pg_start "$pgdir" >/dev/null
    pgbin=$(pg_bin)
    pgport=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$VERN_TEST_POSTGRES")
    if [ "${VERN_LOAD_STATEMENTS:-0}" -gt 0 ]; then
      pg_as "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U vern -d postgres -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
      pg_as "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w restart >/dev/null
    fi
    if [ -n "${VERN_LOAD_TAIL:-}" ]; then # logging only: the cluster's settings are otherwise untouched
      pg_as "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U vern -d postgres -qc "ALTER SYSTEM SET log_checkpoints = on" -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "SELECT pg_reload_conf()" >/dev/null
    fi
    pg_as "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U vern -d postgres -qc "CREATE DATABASE vernload" >/dev/null
    db="Host=127.0.0.1;Port=$pgport;Username=vern;Database=vernload"
    "${vern[@]}" demo --db "$db" >/dev/null
    if [ "${VERN_LOAD_STATEMENTS:-0}" -gt 0 ]; then q "CREATE EXTENSION pg_stat_statements" >/dev/null; fi
  fi
}

login() {
  cookie=$(web_login "$url" "leder-$m" "$(q "SELECT value FROM settings WHERE key = 'web.demo-password'")") \
    || { echo "login as leder-$m failed (see $work/load-serve.log)" >&2; exit 1; }
}

# CPU (ms) of the PostgreSQL cluster so far: the postmaster with its exited children (cutime, cstime) and its live children.
pg_cpu_ms() {
  local pm
  pm=$(head -1 "$pgdir/data/postmaster.pid")
  # cat, not awk on the files: a process that ends between the glob and the read is skipped instead of failing the script
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v hz="$(getconf CLK_TCK)" -v pm="$pm" '{ pid = $1; sub(/^.*\) /, "") }
    pid == pm { t += $12 + $13 + $14 + $15; next }
    $2 == pm { t += $12 + $13 }
    END { printf "%.0f", t * 1000 / hz }'
}
pg_counters() { q "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'vernload') || ' ' || (SELECT wal_sync FROM pg_stat_wal)"; }

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status" 2>/dev/null || echo "?"; }

for engine in $engines; do
  echo "== $engine =="
  prepare
  port=$((5900 + RANDOM % 300))
  url="http://127.0.0.1:$port"
  "${vern_serve[@]}" --db "$db" --urls "$url" >"$work/load-serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
  login
  cases=$(q "SELECT case_id FROM cases WHERE municipality = '$m' ORDER BY case_id LIMIT 20")
  paths="/api/v1/worklist /api/v1/worklist"
  n=0
  for c in $cases; do
    n=$((n + 1))
    paths="$paths /api/v1/cases/$c"
    [ $((n % 4)) -eq 0 ] && paths="$paths /api/v1/dashboard"
  done
  # 20 case reads, 5 dashboards, 14 worklists: about 3 in 6, 1 in 6 and 2 in 6
  paths="$paths $(for _ in $(seq 1 12); do printf '/api/v1/worklist '; done)"
  for p in /api/v1/worklist "/api/v1/cases/$(head -1 <<<"$cases")" /api/v1/dashboard; do
    printf '  warm-up %-70s status %s\n' "$p" "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url$p")"
  done
  echo "  data: $(q "SELECT count(*) FROM cases WHERE municipality = '$m'") cases, $(q "SELECT count(*) FROM events") events; $(wc -w <<<"$paths") paths in the mix"
  logged_before=$(q "SELECT count(*) FROM access_log")
  machine | sed 's/^/  /'
  echo "  requests served at once: Vern's default (RequestLimit: half the pool on PostgreSQL, pool $( [ "$engine" = postgres ] && echo "40 (PostgresConnection.DefaultMaxPoolSize), so 20" || echo "none; 64 on SQLite")), the rest queued"
  echo "  memory (resident MB of vern serve) and load average, every ${sample}s$( [ "$engine" = postgres ] && echo "; on PostgreSQL the server's connections (Vern's, all) through a new psql session, which must be let in"):"
  conns() { [ "$engine" = postgres ] && printf '  pg connections vern %s, all %s' $(q "SELECT count(*) FILTER (WHERE application_name = 'vern'), count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'" | tr '|' ' ') || true; }
  ( t=0; while kill -0 "$server" 2>/dev/null; do printf '    t=%4ss  rss %5s MB  load %s%s\n' "$t" "$(rss_mb)" "$(cut -d' ' -f1 /proc/loadavg)" "$(conns 2>&1 | tr '\n' ' ')"; sleep "$sample"; t=$((t + sample)); done ) &
  sampler=$!
  counters=""
  if [ -n "${VERN_LOAD_TAIL:-}" ]; then
    "$VERN_LOAD_TAIL" collect -p "$server" --refresh-interval 1 --format csv -o "$work/load-counters-$engine.csv" \
      --counters 'System.Runtime,Microsoft.AspNetCore.Hosting[http.server.request.duration],Microsoft.AspNetCore.RateLimiting[aspnetcore.rate_limiting.request.time_in_queue,aspnetcore.rate_limiting.request_lease.duration,aspnetcore.rate_limiting.queued_requests]' >/dev/null 2>&1 &
    counters=$!
  fi
  cpu0=$(cpu_ms "$server")
  if [ "$engine" = postgres ]; then pgcpu0=$(pg_cpu_ms); read -r commits0 syncs0 <<<"$(pg_counters)"; fi
  if [ "$engine" = postgres ] && [ "${VERN_LOAD_STATEMENTS:-0}" -gt 0 ]; then q "SELECT pg_stat_statements_reset()" >/dev/null; fi
  WRK_PATHS="$paths" wrk -t2 -c"$clients" -d"$duration" --timeout 30s -s "$script" -H "Cookie: $cookie" "$url/" >"$work/load-wrk.txt" 2>&1 || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
  if [ -n "$counters" ]; then kill -TERM "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true; fi
  cpu1=$(cpu_ms "$server")
  if [ "$engine" = postgres ]; then pgcpu1=$(pg_cpu_ms); read -r commits1 syncs1 <<<"$(pg_counters)"; fi
  echo "  after: rss $(rss_mb) MB"
  logged_after=$(q "SELECT count(*) FROM access_log" || echo "$logged_before")
  echo "  $clients clients, $duration: $(grep '^vern-report' "$work/load-wrk.txt" | cut -d' ' -f2- || tail -3 "$work/load-wrk.txt")"
  served=$(grep -o '[0-9]* requests' "$work/load-wrk.txt" | head -1 | cut -d' ' -f1)
  echo "  server CPU (user + system, /proc/PID/stat): $((cpu1 - cpu0)) ms, $(awk -v c="$((cpu1 - cpu0))" -v n="${served:-0}" 'BEGIN { printf "%.3f", (n > 0 ? c / n : 0) }') ms per request"
  if [ "$engine" = postgres ]; then
    echo "  PostgreSQL CPU (postmaster and backends, /proc): $((pgcpu1 - pgcpu0)) ms, $(awk -v c="$((pgcpu1 - pgcpu0))" -v n="${served:-0}" 'BEGIN { printf "%.3f", (n > 0 ? c / n : 0) }') ms per request;" \
      "server + PostgreSQL $(awk -v c="$((cpu1 - cpu0 + pgcpu1 - pgcpu0))" -v n="${served:-0}" 'BEGIN { printf "%.3f", (n > 0 ? c / n : 0) }') ms per request"
    echo "  PostgreSQL: $((commits1 - commits0)) transactions committed, $((syncs1 - syncs0)) WAL flushes during the run (pg_stat_database, pg_stat_wal)"
    if [ "${VERN_LOAD_STATEMENTS:-0}" -gt 0 ]; then
      echo "  statements run most often (pg_stat_statements): calls per request, execution ms per request, statement"
      q "SELECT to_char(calls::float8 / ${served:-1}, 'FM990.000') || '  ' || to_char(total_exec_time / ${served:-1}, 'FM990.0000') || '  ' ||
           left(regexp_replace(query, '\s+', ' ', 'g'), 150) FROM pg_stat_statements ORDER BY calls DESC LIMIT $VERN_LOAD_STATEMENTS" | sed 's/^/    /'
    fi
  fi
  echo "  access log: $((logged_after - logged_before)) rows written during the run (0: the count could not be read)"
  echo "  server errors logged: $(grep -c 'fail:' "$work/load-serve.log" || true)"
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
  if [ -n "${VERN_LOAD_TAIL:-}" ]; then
    [ -n "$pgdir" ] && cp "$pgdir/server.log" "$work/load-pg.log"
    python3 "$root/bench/load-tail.py" "$work/load-counters-$engine.csv" "$( [ -n "$pgdir" ] && echo "$work/load-pg.log" )" | sed 's/^/  /'
  fi
  if [ -n "$pgdir" ]; then pg_stop "$pgdir"; pgdir=""; fi
  machine | sed 's/^/  /'
done
