#!/usr/bin/env bash
# Failover check (issue 17): a primary and a hot standby on loopback (pg_basebackup, streaming replication, the standby
# named in synchronous_standby_names so that a commit is acknowledged only once the standby has it), Vern writers on a
# multi-host connection string (target_session_attrs=read-write), the primary killed with SIGKILL, the standby promoted.
# Passes when the writers carried on by themselves on the new primary and every write they acknowledged — before the kill
# and after — is on the new primary, and «vern verify» passes there; and, before that, when an intake import with the
# standby down waits for it (no receipt, the file stays) and gets its receipt once the standby is back. Prints the figures docs/reliability.md quotes.
# No failover manager: the promotion is done here by hand (pg_ctl promote), as Patroni or a managed service would.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=.ci/postgres.sh
. "$root/.ci/postgres.sh"
bin=$(pg_bin) || { echo "failover: no PostgreSQL binaries (initdb) found"; exit 1; }
dir=$(mktemp -d /tmp/vern-failover.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
writers=""
cleanup() {
  [ -n "$writers" ] && kill -9 "$writers" 2>/dev/null || true
  for d in primary standby; do
    [ -f "$dir/$d/postmaster.pid" ] && pg_as "$bin/pg_ctl" -D "$dir/$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
p1=$(free_port); p2=$(free_port)
sql() { local port=$1; shift; pg_as "$bin/psql" -X -q -t -A -h 127.0.0.1 -p "$port" -U vern -d "${DB:-postgres}" -v ON_ERROR_STOP=1 "$@"; }

pg_as "$bin/initdb" -D "$dir/primary" -U vern --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
opts="-c listen_addresses=127.0.0.1 -k $dir -c fsync=on -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on"
pg_as "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -o "$opts -p $p1 -c synchronous_standby_names=standby1 -c synchronous_commit=remote_apply" start >/dev/null
pg_as "$bin/pg_basebackup" -d "host=127.0.0.1 port=$p1 user=vern application_name=standby1" -D "$dir/standby" -R -X stream >/dev/null
pg_as "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -o "$opts -p $p2" start >/dev/null
wait_sync() {
  for _ in $(seq 1 300); do
    [ "$(sql "$p1" -c "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'standby1' AND sync_state = 'sync'")" = 1 ] && break
    sleep 0.1
  done
  [ "$(sql "$p1" -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] \
    || { echo "failover: the standby is not a synchronous standby"; exit 1; }
}
wait_sync
sql "$p1" -c "CREATE DATABASE vern"

if [ -n "${VERN_CLI_DLL:-}" ]; then vern=(dotnet "$VERN_CLI_DLL"); else
  "$root/vern" --help >/dev/null   # build once
  vern=(dotnet "$root/.build/cli/vern.dll")
fi
export VERN_DB="postgres://vern@127.0.0.1:$p1,127.0.0.1:$p2/vern?target_session_attrs=read-write"
"${vern[@]}" init >/dev/null
"${vern[@]}" user add --id admin --name "Administrator" --role administrator >/dev/null
"${vern[@]}" user add --as admin --id writer --name "Writer" --role leader --municipality 4601 >/dev/null
export VERN_USER=writer
mapfile -t shared < <("${vern[@]}" bench append --count 2)

# The intake's receipt waits for the synchronous standby (issue 18: a receipt only once the report is durably stored, on
# PostgreSQL replicated where configured). With the standby down, an import's commit waits (wait event SyncRep) and the file
# stays where it was: no receipt. When the standby is back, the same import finishes by itself, moves the file to done/, and
# the report is on the standby.
mkdir -p "$dir/drop"
cat >"$dir/drop/r1.json" <<'JSON'
{"messageId":"failover-1","senderKind":"national-form","municipalityNumber":"4601","child":{"identifier":null,"givenName":"Nora","familyName":"Hansen","birthDate":"2015-03-02","sex":"female"},"description":"Barnet kommer ofte sulten på skolen og sier at ingen er hjemme om kvelden.","reporter":{"name":"Kari Lærer","role":"lærer","anonymous":true},"receivedAt":"2025-03-03T08:55:00Z"}
JSON
pg_as "$bin/pg_ctl" -D "$dir/standby" -m fast -w stop >/dev/null
"${vern[@]}" intake import "$dir/drop" --sender skannet >"$dir/import.txt" 2>&1 &
importer=$!
waiting=0
for _ in $(seq 1 1200); do
  waiting=$(sql "$p1" -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")
  [ "$waiting" -ge 1 ] && break
  kill -0 "$importer" 2>/dev/null || break
  sleep 0.1
done
sleep 2
if [ "$waiting" -lt 1 ] || ! kill -0 "$importer" 2>/dev/null || [ -f "$dir/drop/done/r1.json" ]; then
  echo "failover: the intake import did not wait for the synchronous standby"; cat "$dir/import.txt"; exit 1
fi
held_at=$(date +%s.%N)
pg_as "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -o "$opts -p $p2" start >/dev/null
wait_sync
wait "$importer" || { echo "failover: the intake import failed after the standby came back"; cat "$dir/import.txt"; exit 1; }
released=$(python3 -c "import time; print(f'{time.time() - $held_at:.1f}')")
[ -f "$dir/drop/done/r1.json" ] || { echo "failover: the imported file was not moved to done/"; exit 1; }
[ "$(DB=vern sql "$p2" -c "SELECT count(*) FROM intake_reports WHERE message_id = 'failover-1'")" = 1 ] \
  || { echo "failover: the report is not on the standby"; exit 1; }
echo "failover: an intake import with the synchronous standby down waited for it (wait event SyncRep, file not moved, ≥ 2 s); ${released} s after the standby was started again it got its receipt, and the report is on the standby"

"${vern[@]}" bench writers --threads 3 --count 1000000 --retry --tag failover --case "${shared[0]}" --case "${shared[1]}" \
  >"$dir/acked.txt" 2>"$dir/writers.err" &
writers=$!
for _ in $(seq 1 300); do [ "$(wc -l <"$dir/acked.txt")" -ge 200 ] && break; sleep 0.1; done
before=$(wc -l <"$dir/acked.txt")
kill -9 "$(head -1 "$dir/primary/postmaster.pid")"     # the primary dies: no shutdown checkpoint, no goodbye
killed_at=$(date +%s.%N)
pg_as "$bin/pg_ctl" -D "$dir/standby" -w promote >/dev/null
promoted_at=$(date +%s.%N)
# The writers must reconnect by themselves (Npgsql tries the next host of the list; only the new primary accepts writes).
for _ in $(seq 1 600); do [ "$(wc -l <"$dir/acked.txt")" -ge $((before + 200)) ] && break; sleep 0.1; done
after=$(wc -l <"$dir/acked.txt")
kill -9 "$writers"; wait "$writers" 2>/dev/null || true; writers=""
[ "$after" -gt "$before" ] || { echo "failover: the writers did not carry on after the promotion"; tail -5 "$dir/writers.err"; exit 1; }

# Every acknowledged write is on the new primary.
{
  echo "CREATE TEMP TABLE acked(kind text, case_id uuid, version bigint, caseworker text);"
  echo "COPY acked FROM STDIN WITH (FORMAT text, DELIMITER ' ', NULL '');"
  awk '$1 == "open" { print "open " $2 "  " } $1 == "step" { print "step " $2 " " $3 " " $4 }' "$dir/acked.txt"
  echo '\.'
  echo "SELECT count(*) FILTER (WHERE kind = 'open' OR kind = 'step'),
               count(*) FILTER (WHERE (kind = 'open' AND EXISTS (SELECT 1 FROM cases c WHERE c.case_id = a.case_id))
                                   OR (kind = 'step' AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = a.case_id AND e.version = a.version
                                                                  AND e.data LIKE '%' || a.caseworker || '%')))
        FROM acked a;"
} > "$dir/check.sql"
read -r acked present < <(DB=vern sql "$p2" -F ' ' -f "$dir/check.sql")
VERN_DB="postgres://vern@127.0.0.1:$p2/vern" "${vern[@]}" verify >"$dir/verify.txt" || { cat "$dir/verify.txt"; exit 1; }
retries=$(grep -c '^retry' "$dir/writers.err" || true)
gap=$(python3 -c "print(f'{$promoted_at - $killed_at:.1f}')")
echo "failover: $before writes acknowledged before the primary was killed, $acked in all; $present of them on the new primary after promotion (promotion ${gap} s after the kill, $retries retried commands); vern verify: $(grep -o 'ingen avvik' "$dir/verify.txt" || echo avvik)"
[ "$acked" -gt 0 ] && [ "$acked" = "$present" ]
