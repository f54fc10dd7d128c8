#!/usr/bin/env bash
# The national generator on both engines side by side (issue 17, "Scale"): `vern generate` into a SQLite file and into a
# PostgreSQL database (new cases go by binary COPY there, PostgresEventStore), each timed as a whole process, with the data
# size (cases, events, MB on disk) and the ratio PostgreSQL / SQLite. Then, on each engine's generated data, the three
# readers the issue names: the deadline index over the nation (`deadlines index`), a full register export of one
# municipality (7001, as leder-7001), and under `vern serve` the national deadlines API (GET /api/v1/deadlines/national as
# analytiker) and the worklist API (GET /api/v1/worklist as leder-7001), each requested once on a started server (the first loads
# the caches) and then VERN_GEN_AGAIN more times (the median of those is "again").
#
# Usage: bench/generate-pg.sh [MUNICIPALITIES=40] [YEARS=12]
#   VERN_GEN_AGAIN=n      requests after the first one on each API (default 5); "again" is their median.
#   VERN_GEN_LOOKUP_WAIT=s  seconds to wait for the server's background build of the case lookup (default 900; 0 for a Vern without it).
#   VERN_GEN_API_ONLY=1   only the APIs under `vern serve` (no `deadlines index` and register export; the deadline index must
#                         then have been built on each engine before, or the first request builds it).
#   VERN_GEN_SQLITE=path  reuse a database the generator made (with these arguments; it is migrated and written to, so give a
#                         copy): no generation on either engine; PostgreSQL is filled from it by `vern migrate`, timed as such.
#   VERN_GEN_PG=connection  with VERN_GEN_SQLITE: a PostgreSQL database already filled from that file (by `vern migrate`), used
#                         as it is instead of a throwaway cluster.
#
# Seed 7, to 2033-12-31 (as the other national benches; the generator starts no earlier than 2022); the national deadlines
# are asked as of that day, the worklist (which has no date) as of today. PostgreSQL: a throwaway cluster on loopback (.ci/postgres.sh,
# fsync on, synchronous_commit on). Needs sqlite3 and curl (Debian). VERN_DLL=path/vern.dll runs an already built CLI.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
municipalities="${1:-40}"
years="${2:-12}"
to=2033-12-31
for tool in sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install $tool)" >&2; exit 2; }; done
if [ -n "${VERN_DLL:-}" ]; then vern=(dotnet "$VERN_DLL"); else build_vern; fi
# shellcheck source=.ci/postgres.sh
. "$root/.ci/postgres.sh"
pgdir=$(mktemp -d /tmp/vern-gen-pg.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  pg_stop "$pgdir"
}
trap cleanup EXIT
pgbin=$(pg_bin)
if [ -n "${VERN_GEN_PG:-}" ]; then
  pgport=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$VERN_GEN_PG")
  pgname=$(sed 's/.*Database=\([^;]*\).*/\1/' <<<"$VERN_GEN_PG")
else
  pg_start "$pgdir" >/dev/null
  pgport=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$VERN_TEST_POSTGRES")
  pgname=verngen
fi
psql_() { pg_as "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U vern "$@"; }
[ -n "${VERN_GEN_PG:-}" ] || psql_ -d postgres -qc "CREATE DATABASE verngen" >/dev/null

if [ -n "${VERN_GEN_SQLITE:-}" ]; then
  sqlite_db="$VERN_GEN_SQLITE"
else
  sqlite_db="$work/generate-$municipalities-$years.db"
  rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm"
fi
pg_db="Host=127.0.0.1;Port=$pgport;Username=vern;Database=$pgname"

q() { # $1 engine, $2 sql
  if [ "$1" = sqlite ]; then sqlite3 "$sqlite_db" "$2"; else psql_ -d "$pgname" -Atqc "$2"; fi
}
size_mb() {
  if [ "$1" = sqlite ]; then du -cm "$sqlite_db"* | tail -1 | cut -f1; else q postgres "SELECT round(pg_database_size('$pgname') / 1048576.0)"; fi
}
db_of() { if [ "$1" = sqlite ]; then echo "$sqlite_db"; else echo "$pg_db"; fi; }

echo "vern generate --municipalities $municipalities --years $years --seed 7 --to $to, on each engine"
machine
declare -A gen cases events mb deadlines_index deadlines duties export files worklist items caseread
for engine in sqlite postgres; do
  db=$(db_of "$engine")
  if [ -z "${VERN_GEN_SQLITE:-}" ]; then
    gen[$engine]=$(measure "${vern[@]}" generate --db "$db" --municipalities "$municipalities" --years "$years" --seed 7 --to "$to" | cut -d' ' -f1)
  elif [ "$engine" = sqlite ]; then
    gen[$engine]=$(measure "${vern[@]}" init --db "$db" | cut -d' ' -f1)
    echo "  sqlite   reused $db; brought to this Vern's schema by vern init in ${gen[$engine]} s"
  elif [ -n "${VERN_GEN_PG:-}" ]; then
    gen[$engine]=0
    echo "  postgres reused $pgname, filled from it by vern migrate before"
  else
    gen[$engine]=$(measure "${vern[@]}" migrate --from "sqlite:$sqlite_db" --to "$db" | cut -d' ' -f1)
    echo "  postgres filled from it by vern migrate in ${gen[$engine]} s"
  fi
  cases[$engine]=$(q "$engine" "SELECT count(*) FROM cases")
  events[$engine]=$(q "$engine" "SELECT count(*) FROM events")
  mb[$engine]=$(size_mb "$engine")
  printf '  %-8s generate %8.1f s  %9s cases  %10s events  %6s MB   (load %s)\n' "$engine" "${gen[$engine]}" "${cases[$engine]}" "${events[$engine]}" "${mb[$engine]}" "$(cut -d' ' -f1 /proc/loadavg)"
done
[ "${cases[sqlite]}" = "${cases[postgres]}" ] && [ "${events[sqlite]}" = "${events[postgres]}" ] \
  || echo "  NOTE: the engines hold different data (same seed): compare the counts above"
if [ -z "${VERN_GEN_SQLITE:-}" ]; then
  echo "  ratio PostgreSQL / SQLite, generation: $(awk -v p="${gen[postgres]}" -v s="${gen[sqlite]}" 'BEGIN { printf "%.2f", p / s }')"
fi

echo "readers on the generated data"
for engine in sqlite postgres; do
  db=$(db_of "$engine")
  if [ -z "${VERN_GEN_API_ONLY:-}" ]; then
    deadlines_index[$engine]=$(measure "${vern[@]}" deadlines index --db "$db" | cut -d' ' -f1)
    out="$work/generate-export-$engine"
    rm -rf "$out"
    export[$engine]=$(measure "${vern[@]}" export register --db "$db" --as leder-7001 --municipality 7001 --full --out "$out" --org-number 999999999 --municipality-name Bench | cut -d' ' -f1)
    files[$engine]=$( (find "$out" -name '*.xml' 2>/dev/null || true) | wc -l)
  fi

  port=$((6200 + RANDOM % 300))
  url="http://127.0.0.1:$port"
  "${vern_serve[@]}" --db "$db" --urls "$url" >"$work/generate-serve-$engine.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "$url/logg-inn" >/dev/null 2>&1 && break; sleep 1; done
  password=$(q "$engine" "SELECT value FROM settings WHERE key = 'web.demo-password'")
  # GET $2 as user $1 once (the first loads the server's caches), then VERN_GEN_AGAIN times; prints "status first-ms again-ms
  # (the median of the later ones) all-later-ms" and keeps the body.
  get_twice() {
    local cookie first second again=() status code t
    cookie=$(web_login "$url" "$1" "$password") || { echo "login-failed 0 0 -"; return; }
    first=$(curl -s -o "$work/generate-body.json" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$url$2")
    status="${first% *}"
    for _ in $(seq 1 "${VERN_GEN_AGAIN:-5}"); do
      second=$(curl -s -o "$work/generate-body.json" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$url$2")
      code="${second% *}"; t="${second#* }"
      [ "$code" = "${status##*/}" ] || status="$status/$code"
      again+=("$(awk -v t="$t" 'BEGIN { printf "%.0f", t * 1000 }')")
    done
    printf '%s %.0f %s %s' "$status" "$(awk -v t="${first#* }" 'BEGIN { printf "%.0f", t * 1000 }')" \
      "$(printf '%s\n' "${again[@]}" | median | cut -d. -f1)" "$(IFS=,; echo "${again[*]}")"
  }
  # The first case read on the fresh server (it used to wait while the case lookup read every case of the database; the server
  # now builds the lookup in the background and a case read does not wait), then the lookup's build, awaited before the rest.
  case_id=$(q "$engine" "SELECT case_id FROM cases WHERE municipality = '7001' ORDER BY journal_number LIMIT 1")
  read -r cs cf ca _ <<<"$(VERN_GEN_AGAIN=1 get_twice leder-7001 "/api/v1/cases/$case_id")"
  for _ in $(seq 1 "${VERN_GEN_LOOKUP_WAIT:-900}"); do grep -q 'Saksoppslaget bygd' "$work/generate-serve-$engine.log" && break; sleep 1; done
  built=$( (grep -o 'Saksoppslaget bygd ved oppstart på [0-9]* ms' "$work/generate-serve-$engine.log" || echo '? ms') | grep -o '[0-9?]* ms')
  caseread[$engine]="status $cs, first $cf ms, again $ca ms; the lookup built in the background in $built (load $(cut -d' ' -f1 /proc/loadavg))"
  read -r ns nf na nall <<<"$(get_twice analytiker "/api/v1/deadlines/national?asOf=$to")"
  duties[$engine]=$( (grep -o '"openCases":[0-9]*' "$work/generate-body.json" || true) | head -1 | cut -d: -f2)
  deadlines[$engine]="status $ns, first $nf ms, again $na ms (median of $nall)"
  read -r ws wf wa wall <<<"$(get_twice leder-7001 /api/v1/worklist)"
  items[$engine]=$( (grep -o '"dueDate"' "$work/generate-body.json" || true) | wc -l)
  worklist[$engine]="status $ws, first $wf ms, again $wa ms (median of $wall)"
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
  [ -n "${VERN_GEN_API_ONLY:-}" ] ||
    printf '  %-8s deadlines index (the nation) %6.1f s; register export 7001 --full %6.1f s, %s files\n' "$engine" "${deadlines_index[$engine]}" "${export[$engine]}" "${files[$engine]}"
  printf '  %-8s national deadlines API (analytiker): %s; open cases %s (load %s)\n' "$engine" "${deadlines[$engine]}" "${duties[$engine]:-?}" "$(cut -d' ' -f1 /proc/loadavg)"
  printf '  %-8s worklist API (leder-7001): %s; %s duties\n' "$engine" "${worklist[$engine]}" "${items[$engine]}"
  printf '  %-8s first case read on a fresh server (leder-7001): %s\n' "$engine" "${caseread[$engine]}"
done
machine
