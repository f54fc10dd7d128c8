#!/usr/bin/env bash
# Where the caseworker's worklist page (issue 16) spends its CPU and how the GC behaves, while wrk runs it at 100 clients: serves a
# fresh copy of the SCALE 40 bench database with a build of Vern (as ./vern serves it, plus the runtime's perf map so JIT-compiled
# frames have names), warms it with wrk for 20 s, then, while wrk runs on, collects the runtime's counters for 10 s
# (dotnet-counters: GC collections per generation, pause time, bytes allocated) and a perf profile for 15 s. Prints the GC
# summary (collections a second, share of the time paused, bytes allocated a request) and the profile's shares per library; the
# perf data stays in $VERN_BENCH_DIR/web-profile-LABEL/ for `perf report`.
#
# Usage: bench/web-profile.sh DLL LABEL [NAME=VALUE …]   (NAME=VALUE: runtime settings for the server, e.g. DOTNET_gcServer=1)
# Another target than the worklist page: PROFILE_TARGET=case-api profiles the leader's API case read of the case with the most
# events (GET /api/v1/cases/{id}, the 500-event case web.sh makes) at one client, as web.sh measures it.
# PROFILE_WARM (default 20s): how long wrk warms the server first; at one client the JIT's tiering takes longer than 20 s.
# Data: $VERN_BENCH_DIR/web-demo-x40.db (run `bench/web.sh 1s 1 1 40` once first). Needs wrk, sqlite3, curl, perf and
# dotnet-counters (`dotnet tool install dotnet-counters`; DOTNET_COUNTERS names it when it is not on the PATH).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dll="$1"; label="$2"; shift 2
counters="${DOTNET_COUNTERS:-dotnet-counters}"
demo="$work/web-demo-x40.db"
[ -f "$demo" ] || { echo "no $demo: run bench/web.sh 1s 1 1 40 first" >&2; exit 2; }
out="$work/web-profile-$label"; mkdir -p "$out"
db="$work/web-profile.db"; rm -f "$db" "$db-wal" "$db-shm"; sqlite3 "$demo" ".backup '$db'"
port=$((6500 + RANDOM % 300)); url="http://127.0.0.1:$port"
env "$@" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 VERN_DLL="$dll" "$root/vern" serve --db "$db" --urls "$url" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
case "${PROFILE_TARGET:-worklist}" in
  worklist) user=sb-7777-01; path=/; clients=100; what="caseworker's worklist page" ;;
  case-api) user=leder-7777; clients=1; what="leader's API case read"
            path="/api/v1/cases/$(sqlite3 "$db" "SELECT case_id FROM events GROUP BY case_id ORDER BY count(*) DESC, 1 LIMIT 1")" ;;
  *) echo "PROFILE_TARGET is worklist or case-api" >&2; exit 2 ;;
esac
cookie=$(web_login "$url" "$user" "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'web.demo-password'")")
threads=$(( clients < 2 ? 1 : 2 ))
wrk -t"$threads" -c"$clients" -d"${PROFILE_WARM:-20s}" --timeout 30s -H "Cookie: $cookie" "$url$path" >/dev/null 2>&1
cpu0=$(cpu_ms "$server")
wrk -t"$threads" -c"$clients" -d40s --timeout 30s -s "$root/bench/web-report.lua" -H "Cookie: $cookie" "$url$path" >"$out/wrk.txt" 2>&1 &
load=$!
sleep 2
"$counters" collect -p "$server" --counters System.Runtime --format csv -o "$out/counters.csv" --duration 00:00:10 >/dev/null 2>&1
perf record -F 499 -g -p "$server" -o "$out/perf.data" -- sleep 15 >/dev/null 2>&1
wait "$load"
cpu1=$(cpu_ms "$server")
machine
line=$(grep '^vern-report' "$out/wrk.txt" | cut -d' ' -f2-)
echo "$what, $clients client(s), 40 s ($label): $line"
rps=$(grep -o '[0-9.]* req/s' <<<"$line" | cut -d' ' -f1)
requests=$(grep -o '[0-9]* requests' <<<"$line" | cut -d' ' -f1)
awk -v c=$((cpu1 - cpu0)) -v n="$requests" 'BEGIN { printf "server CPU over the 40 s: %.3f ms a request (user + system, /proc; the profilers'"'"' own cost included)\n", c / n }'
awk -F, -v rps="$rps" '
  /gc.collections.*gen0/ { g0 += $5; n++ } /gc.collections.*gen1/ { g1 += $5 } /gc.collections.*gen2/ { g2 += $5 }
  /gc.pause.time/ { p += $5 } /gc.heap.total_allocated/ { a += $5 }
  END { printf "GC over %d s: %d collections (gen 0: %d, gen 1: %d, gen 2: %d), %.1f a second; paused %.1f ms a second (%.1f %%), %.1f ms a collection; allocated %.1f MB a second, %.1f KB a request\n",
    n, g0 + g1 + g2, g0, g1, g2, (g0 + g1 + g2) / n, p * 1000 / n, p * 100 / n, (g0 + g1 + g2) ? p * 1000 / (g0 + g1 + g2) : 0, a / n / 1e6, a / n / rps / 1000 }' "$out/counters.csv"
echo "CPU samples per library (perf, 15 s):"
perf report -i "$out/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | sed 's/\[JIT\] tid [0-9]*/JIT-compiled/' | awk '{ a[$2] += $1 } END { for (k in a) printf "  %6.2f%%  %s\n", a[k], k }' | sort -rn | head -8
