#!/usr/bin/env bash
# `vern deadlines --as-of DATE --format json` (the whole process) against a raw SQL scan of the open cases' facts.
#
# Usage: bench/deadlines-vs-sqlite.sh [RUNS=5] [MUNICIPALITIES=20] [AS_OF=2033-12-31]
#
# Data: a generated database (MUNICIPALITIES municipalities, 12 years to 2033-12-31, seed 7; 356 is the whole
# country, 3.3 GB). The deadline index is brought up to date once before the runs (`vern deadlines index`).
# Vern starts, refreshes the index (nothing changed), loads the cases open on AS_OF, computes every open duty and
# writes them as JSON. The anchor is the sqlite3 shell reading the same open cases' index rows (their compact facts)
# to /dev/null: the floor for getting those facts out of SQLite. Needs sqlite3 (Debian: apt-get install sqlite3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
municipalities="${2:-20}"
as_of="${3:-2033-12-31}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (Debian: apt-get install sqlite3)" >&2; exit 2; }

build_vern
prepare_db "$municipalities"
"${vern[@]}" deadlines index --db "$db" >/dev/null
day=$(( $(date -u -d "$as_of" +%s) / 86400 + 719162 )) # DateOnly.DayNumber: days since 0001-01-01
open_sql="FROM deadline_facts WHERE opened_on <= $day AND (closed_on IS NULL OR closed_on > $day)"
open_cases=$(sqlite3 "$db" "SELECT count(*) $open_sql")
all_cases=$(sqlite3 "$db" "SELECT count(*) FROM cases")
duties=$("${vern[@]}" deadlines --db "$db" --as-of "$as_of" --format json | grep -c '"dueDate"' || true)
cat "$db" >/dev/null # page cache

vern_run() { "${vern[@]}" deadlines --db "$db" --as-of "$as_of" --format json; }
sql_run() { sqlite3 "$db" "SELECT case_id, municipality, facts $open_sql"; }

echo "data: $all_cases cases (${VERN_BENCH_DB:-$municipalities municipalities}, $(du -mL "$db" | cut -f1) MB), $open_cases open on $as_of, $duties open duties"
machine
: >"$work/d.txt"; : >"$work/q.txt"
for ((i = 1; i <= runs; i++)); do
  measure vern_run >>"$work/d.txt"
  measure sql_run >>"$work/q.txt"
  echo "run $i: vern $(tail -1 "$work/d.txt") | sqlite3 $(tail -1 "$work/q.txt")  (wall s, cpu s)"
done
d=$(cut -d' ' -f1 "$work/d.txt" | median); q=$(cut -d' ' -f1 "$work/q.txt" | median)
dc=$(cut -d' ' -f2 "$work/d.txt" | median); qc=$(cut -d' ' -f2 "$work/q.txt" | median)
machine
echo "median wall: vern $d s, sqlite3 $q s"
echo "median cpu:  vern $dc s, sqlite3 $qc s"
echo "ratio vern/sqlite3: wall $(awk -v a="$d" -v b="$q" 'BEGIN { printf "%.1f", a / b }'), cpu $(awk -v a="$dc" -v b="$qc" 'BEGIN { printf "%.1f", a / b }')"
