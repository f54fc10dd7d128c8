#!/usr/bin/env bash
# Two builds of Vern side by side on the worklist page and its API, the leader's whole-service page and the API case read (issue 16): each
# round serves a fresh copy of the bench database with the BEFORE build, then with the AFTER build, and runs wrk on each target,
# so both see the same machine load. Prints per build and target wrk's p50/p95/p99 and requests/s (bench/web-report.lua) and the
# server's CPU time per request (/proc/PID/stat) and its resident memory after the run (VmRSS), with the load average.
#
# Usage: bench/web-ab.sh BEFORE_DLL AFTER_DLL [ROUNDS=2] [DURATION=10s] [WARMUP=0s]
#   e.g. `git archive main | tar -x -C /tmp/base && /tmp/base/vern --help` builds /tmp/base/.build/cli/vern.dll.
#   WARMUP: wrk runs this long on each target before the measured run (a long-running server's steady state: the JIT has
#   recompiled the hot methods by then), else five requests warm it.
#   Each build is served as ./vern serves (VERN_DLL: the server's runtime settings, docs/web.md). The same build under two runtime
#   settings: BEFORE_ENV and AFTER_ENV hold NAME=VALUE pairs for that side's server, e.g.
#   `BEFORE_ENV=DOTNET_TieredPGO=0 bench/web-ab.sh vern.dll vern.dll 2 10s 30s` (without dynamic PGO against as shipped).
# Data: the SCALE 40 demo database bench/web.sh makes ($VERN_BENCH_DIR/web-demo-x40.db; run `bench/web.sh 1s 1 1 40` once first).
# Needs wrk, sqlite3 and curl.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
before="$1"; after="$2"; rounds="${3:-2}"; duration="${4:-10s}"; warmup="${5:-0s}"
before_env=(${BEFORE_ENV:-}); after_env=(${AFTER_ENV:-})
demo="$work/web-demo-x40.db"
[ -f "$demo" ] || { echo "no $demo: run bench/web.sh 1s 1 1 40 first" >&2; exit 2; }
db="$work/web-ab.db"
server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop_server EXIT

login() {
  web_login "$url" "$1" "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'web.demo-password'")" \
    || { echo "login as $1 failed (see $work/web-ab-serve.log)" >&2; exit 1; }
}

case_id=$(sqlite3 "$demo" "SELECT case_id FROM cases LIMIT 1 OFFSET 100")
for round in $(seq 1 "$rounds"); do
  for build in before after; do
    dll="$before"; settings=("${before_env[@]}")
    [ "$build" = after ] && { dll="$after"; settings=("${after_env[@]}"); }
    rm -f "$db" "$db-wal" "$db-shm"; sqlite3 "$demo" ".backup '$db'"
    port=$((6100 + RANDOM % 300)); url="http://127.0.0.1:$port"
    env "${settings[@]}" VERN_DLL="$dll" "$root/vern" serve --db "$db" --urls "$url" >"$work/web-ab-serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 120); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
    caseworker=$(login sb-7777-01); leader=$(login leder-7777)
    echo "round $round, $build ($dll${settings[*]:+, ${settings[*]}}), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for target in "caseworker 100 /" "caseworker 100 /api/v1/worklist" "leader 10 /" "leader 10 /api/v1/cases/$case_id"; do
      read -r who clients path <<<"$target"
      cookie=$caseworker; [ "$who" = leader ] && cookie=$leader
      for _ in 1 2 3 4 5; do curl -s -o /dev/null -H "Cookie: $cookie" "$url$path"; done
      [ "$warmup" = 0s ] || wrk -t2 -c"$clients" -d"$warmup" --timeout 30s -H "Cookie: $cookie" "$url$path" >/dev/null 2>&1
      cpu0=$(cpu_ms "$server")
      wrk -t2 -c"$clients" -d"$duration" --timeout 30s -s "$root/bench/web-report.lua" -H "Cookie: $cookie" "$url$path" >"$work/web-ab-wrk.txt" 2>&1
      cpu1=$(cpu_ms "$server")
      line=$(grep '^vern-report' "$work/web-ab-wrk.txt" | cut -d' ' -f2-)
      n=$(grep -o '[0-9]* requests' <<<"$line" | cut -d' ' -f1)
      printf '  %-10s %3s clients %-30s %s  cpu %.3f ms/req  rss %d MB\n' "$who" "$clients" "${path:0:30}" "$line" \
        "$(awk -v c=$((cpu1 - cpu0)) -v n="$n" 'BEGIN { print c / n }')" "$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$server/status")"
    done
    stop_server
  done
done
