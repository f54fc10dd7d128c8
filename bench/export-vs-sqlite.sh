#!/usr/bin/env bash
# `vern export register --full` of the largest municipality against a raw SQL scan of the same rows, side by side.
#
# Usage: bench/export-vs-sqlite.sh [RUNS=5] [MUNICIPALITIES=20]
#
# Data: a generated database (MUNICIPALITIES municipalities, 12 years, seed 7); its largest municipality is 7001.
# Vern reads every case of 7001, maps it, writes one register file per case to a new folder and records the
# deliveries (each run works on a fresh copy of the database, so the delivery log does not grow between runs).
# The anchor is the sqlite3 shell reading the same rows (the cases' stored state, in the same order) to /dev/null:
# the floor for getting the data out of SQLite. Needs sqlite3 (Debian: apt-get install sqlite3).
# A second anchor is the file system's part: `cp -r` of the folder Vern just wrote to a new folder, i.e. creating the same
# files with the same bytes from C (one open, write and close per file, as Vern does).
# With VERN_BENCH_DB (a copy of the national generation, bench/lib.sh) the runs work on that file itself, not on a copy
# per run (5.5 GB): the delivery log is append-only, so it grows by one row per case and run (before migration 30 each run
# also read one more delivery per case when it looked up the latest; the script prints the log's size for 7001 before and after).
# With VERN_BENCH_BASELINE=<folder of another build's vern.dll> (e.g. a copy of .build/cli made from main), each run also
# exports with that build, just before this one and on its own fresh copy and folder, and the script prints both and their
# ratio: before and after a change, measured in one go under the same load. When the change brings the database to a schema
# the other build refuses, VERN_BENCH_BASELINE_DB names a copy of the database at that build's schema for its runs.
# Fair to the file system: ext4 (here without a journal) passes over inodes freed in the last minute or so when it allocates new
# ones, so a go that starts right after a large delete pays for it (docs/register.md: one run of 34 s instead of 6 s). No run
# deletes anything: each writes new folders, removed only after the last run; after that removal, and before the first run when
# an earlier go left folders behind, the script syncs and waits VERN_BENCH_SETTLE seconds (default 90), so that neither this go
# nor the next one measures the clean-up.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
municipalities="${2:-20}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (Debian: apt-get install sqlite3)" >&2; exit 2; }

build_vern
prepare_db "$municipalities"
cases=$(sqlite3 "$db" "SELECT count(*) FROM cases WHERE municipality = '7001'")
state_mb=$(sqlite3 "$db" "SELECT round(sum(length(state)) / 1048576.0, 1) FROM cases WHERE municipality = '7001'")
copy="$work/export-copy.db"
[ -n "${VERN_BENCH_DB:-}" ] && copy="$db"
out="$work/export-out"

# Each export starts with nothing dirty in the page cache (`sync` just before it, not timed): since session 17 Vern syncs its files' file
# system before it records them (syncfs), which would otherwise also write what the run before it left (the other build's files,
# `cp -r`'s copy), a cost that belongs to that run.
vern_run() {
  "${vern[@]}" export register --db "$copy" --municipality 7001 --full --out "$out-$i" \
    --org-number 999999999 --municipality-name "Bench" >"$work/export-summary.txt"
}
base_run() {
  dotnet "$VERN_BENCH_BASELINE/vern.dll" export register --db "${VERN_BENCH_BASELINE_DB:-$copy}" --municipality 7001 --full --out "$out-base-$i" \
    --org-number 999999999 --municipality-name "Bench" >/dev/null
}
# The same export as a dry run (read, decode, map, write each file to memory, hash; no file, no delivery recorded): Vern's
# own CPU, without the file system's part.
dry_run() {
  local on="$1"
  shift
  "$@" export register --db "$on" --municipality 7001 --full --out "$out-dry" --dry-run \
    --org-number 999999999 --municipality-name "Bench" >/dev/null
}
sql_run() { sqlite3 "$db" "SELECT state FROM cases WHERE municipality = '7001' ORDER BY municipality, journal_number"; }

echo "data: municipality 7001, $cases cases, $state_mb MiB of stored case state, in ${VERN_BENCH_DB:-a database of $municipalities municipalities} ($(du -mL "$db" | cut -f1) MB)"
log_rows() { sqlite3 "$1" "SELECT count(*) FROM register_deliveries WHERE municipality = '7001'"; }
base_rows=""
[ -z "${VERN_BENCH_BASELINE_DB:-}" ] || base_rows=", $(log_rows "$VERN_BENCH_BASELINE_DB") in the baseline's database"
echo "delivery log: $(log_rows "$db") rows of 7001 before the runs$base_rows"
# Deletes the runs' folders, then lets the file system settle (see the header).
settle() {
  local left
  left=$(find "$work" -maxdepth 1 -name "$(basename "$out")-*" | wc -l)
  [ "$left" -gt 0 ] || return 0
  find "$work" -maxdepth 1 -name "$(basename "$out")-*" -exec rm -rf {} +
  sync
  echo "removed $left folders of runs; waiting ${VERN_BENCH_SETTLE:-90} s for the file system to settle" >&2
  sleep "${VERN_BENCH_SETTLE:-90}"
}
settle
machine
: >"$work/e.txt"; : >"$work/s.txt"; : >"$work/c.txt"; : >"$work/b.txt"; : >"$work/d.txt"; : >"$work/bd.txt"
for ((i = 1; i <= runs; i++)); do
  if [ -n "${VERN_BENCH_BASELINE:-}" ]; then
    [ -n "${VERN_BENCH_DB:-}" ] || { cp "$db" "$copy"; cat "$copy" >/dev/null; }
    sync
    measure base_run >>"$work/b.txt"
  fi
  # A new folder per run, all deleted at the end (see the header).
  [ -n "${VERN_BENCH_DB:-}" ] || { cp "$db" "$copy"; cat "$copy" >/dev/null; }
  sync
  measure vern_run >>"$work/e.txt"
  # Every case is a file, except the closed cases whose dates SSB's Sak Kontroll 1 refuses for every extraction year,
  # which the export counts in its summary and leaves out.
  written=$(find "$out-$i" -name '*.xml' | wc -l)
  left_out=$(grep 'Sak kontroll 1' "$work/export-summary.txt" | grep -o '[0-9]\+ *│ *$' | grep -o '[0-9]\+' || echo 0)
  [ "$((written + left_out))" -eq "$cases" ] || { echo "vern wrote $written files and left out $left_out, expected $cases in all" >&2; exit 1; }
  measure sql_run >>"$work/s.txt"
  measure cp -r "$out-$i" "$out-cp-$i" >>"$work/c.txt"
  [ -z "${VERN_BENCH_BASELINE:-}" ] || measure dry_run "${VERN_BENCH_BASELINE_DB:-$copy}" dotnet "$VERN_BENCH_BASELINE/vern.dll" >>"$work/bd.txt"
  measure dry_run "$copy" "${vern[@]}" >>"$work/d.txt"
  [ -z "${VERN_BENCH_BASELINE:-}" ] || echo "run $i: baseline vern $(tail -1 "$work/b.txt"), dry run $(tail -1 "$work/bd.txt")  (wall s, cpu s)"
  echo "run $i: vern $(tail -1 "$work/e.txt"), dry run $(tail -1 "$work/d.txt") | sqlite3 $(tail -1 "$work/s.txt") | cp -r $(tail -1 "$work/c.txt")  (wall s, cpu s)"
done
machine
settle
[ -n "${VERN_BENCH_DB:-}" ] || rm -f "$copy"
e=$(cut -d' ' -f1 "$work/e.txt" | median); s=$(cut -d' ' -f1 "$work/s.txt" | median)
ec=$(cut -d' ' -f2 "$work/e.txt" | median); sc=$(cut -d' ' -f2 "$work/s.txt" | median)
c=$(cut -d' ' -f1 "$work/c.txt" | median); cc=$(cut -d' ' -f2 "$work/c.txt" | median)
echo "files: $written written, $left_out left out by Sak Kontroll 1"
# The runs add one log row per file and export; an export's reads of the log do not grow with it (docs/register.md), and this line
# with the one before the runs lets a reader compare runs made at different log sizes.
echo "delivery log: $(log_rows "$db") rows of 7001 after the runs$([ -z "${VERN_BENCH_BASELINE_DB:-}" ] || echo ", $(log_rows "$VERN_BENCH_BASELINE_DB") in the baseline's database")"
echo "median wall: vern $e s ($(awk -v n="$cases" -v t="$e" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000 cases), sqlite3 $s s, cp -r $c s"
echo "median cpu:  vern $ec s ($(awk -v n="$cases" -v t="$ec" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000 cases), sqlite3 $sc s, cp -r $cc s"
dc=$(cut -d' ' -f2 "$work/d.txt" | median); dw=$(cut -d' ' -f1 "$work/d.txt" | median)
echo "median dry run (no files): vern $dw s wall ($(awk -v n="$cases" -v t="$dw" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000 cases), $dc s cpu ($(awk -v n="$cases" -v t="$dc" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000 cases)"
if [ -n "${VERN_BENCH_BASELINE:-}" ]; then
  b=$(cut -d' ' -f1 "$work/b.txt" | median); bc=$(cut -d' ' -f2 "$work/b.txt" | median)
  echo "baseline:    vern $b s wall ($(awk -v n="$cases" -v t="$b" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000), $bc s cpu ($(awk -v n="$cases" -v t="$bc" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000)"
  bdc=$(cut -d' ' -f2 "$work/bd.txt" | median); bdw=$(cut -d' ' -f1 "$work/bd.txt" | median)
  echo "baseline dry run: $bdw s wall ($(awk -v n="$cases" -v t="$bdw" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000), $bdc s cpu ($(awk -v n="$cases" -v t="$bdc" 'BEGIN { printf "%.1f", t * 100000 / n }') s per 100,000); ratio vern/baseline: wall $(awk -v a="$dw" -v b="$bdw" 'BEGIN { printf "%.2f", a / b }'), cpu $(awk -v a="$dc" -v b="$bdc" 'BEGIN { printf "%.2f", a / b }')"
  echo "ratio vern/baseline: wall $(awk -v a="$e" -v b="$b" 'BEGIN { printf "%.2f", a / b }'), cpu $(awk -v a="$ec" -v b="$bc" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "ratio vern/sqlite3: wall $(awk -v a="$e" -v b="$s" 'BEGIN { printf "%.1f", a / b }'), cpu $(awk -v a="$ec" -v b="$sc" 'BEGIN { printf "%.1f", a / b }')"
echo "ratio vern/(sqlite3 + cp -r): wall $(awk -v a="$e" -v b="$s" -v c="$c" 'BEGIN { printf "%.1f", a / (b + c) }'), cpu $(awk -v a="$ec" -v b="$sc" -v c="$cc" 'BEGIN { printf "%.1f", a / (b + c) }')"
