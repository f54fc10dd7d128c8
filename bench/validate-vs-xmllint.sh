#!/usr/bin/env bash
# `vern validate register` against `xmllint --schema` over the same register files, side by side.
#
# Usage: bench/validate-vs-xmllint.sh [FILES=10000] [RUNS=5] [MUNICIPALITIES=20]
#
# Data: a generated database (MUNICIPALITIES municipalities, 12 years, seed 7), exported with
# `vern export register --full` for its largest municipality (7001); the first FILES files (by name) are validated.
# Vern runs every control with its default output (one line per finding) and its default threads (one per core), as a user
# runs it: `./vern validate register`, which runs the native build (src/Vern.Cli.Native, Native AOT); the managed CLI
# (.build/cli/vern.dll, ReadyToRun) runs beside it for comparison. xmllint checks only the XSD, on as many processes as Vern
# has threads (xargs -P). All read the same files from the page cache. Needs xmllint (Debian: apt-get install libxml2-utils).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
files="${1:-10000}"
runs="${2:-5}"
municipalities="${3:-20}"
command -v xmllint >/dev/null || { echo "xmllint is missing (Debian: apt-get install libxml2-utils)" >&2; exit 2; }

build_vern
prepare_db "$municipalities"
# The XSD Vern uses: the folder VERN_REFERENCE names, else the copy carried in the repository (as `vern reference` says).
xsd="${VERN_REFERENCE:-$root/reference/ssb-barnevern-register}/Barnevern_v4.xsd"
[ -f "$xsd" ] || { echo "Barnevern_v4.xsd not found at $xsd" >&2; exit 2; }

export_dir="$work/export-$municipalities-7001"
if [ ! -d "$export_dir" ]; then
  "${vern[@]}" export register --db "$db" --municipality 7001 --full --out "$export_dir.tmp" \
    --org-number 999999999 --municipality-name "Bench" >/dev/null
  mv "$export_dir.tmp" "$export_dir"
fi
files_dir="$work/validate-$municipalities-$files"
if [ ! -d "$files_dir" ]; then
  mkdir -p "$files_dir.tmp"
  find "$export_dir" -name '*.xml' | sort | awk -v n="$files" 'NR <= n' | xargs cp -t "$files_dir.tmp"
  mv "$files_dir.tmp" "$files_dir"
fi
count=$(find "$files_dir" -name '*.xml' | wc -l)
bytes=$(find "$files_dir" -name '*.xml' -printf '%s\n' | awk '{ s += $1 } END { print s }')
procs=$(nproc)
per_proc=$(( (count + procs - 1) / procs ))
cat "$files_dir"/*.xml >/dev/null # page cache

# The reporting date is the export's own (DatoUttrekk of the files): Sak Kontroll 1's window of ± 26 years is counted from
# it, so a later date (the generator's horizon, 2033) would report dates the export itself accepted as ERRORs.
as_of=$(grep -o -m1 'DatoUttrekk="[0-9-]*' "$(find "$files_dir" -name '*.xml' | sort | head -1)" | cut -d'"' -f2)

xmllint_run() { find "$files_dir" -name '*.xml' | sort | xargs -P "$procs" -n "$per_proc" xmllint --noout --schema "$xsd"; }
vern_run() { "$root/vern" validate register "$files_dir" --as-of "$as_of"; }
managed_run() { "${vern[@]}" validate register "$files_dir" --as-of "$as_of"; }

# What each side reports, once before the timed runs: Vern's findings by severity, xmllint's files that fail the XSD.
vern_run >"$work/v-findings.txt" 2>&1 || true   # the first run builds the native program if it is not built
[ -x "$root/.build/native/vern-native" ] || echo "note: no native build (see .build/native.failed): ./vern ran the managed CLI" >&2
managed_run >"$work/m-findings.txt" 2>&1 || true
diff -q <(head -n -1 "$work/v-findings.txt") <(head -n -1 "$work/m-findings.txt") >/dev/null \
  || { echo "the native and the managed build report different findings" >&2; exit 1; }
xmllint_run >"$work/x-findings.txt" 2>&1 || true
findings="vern: $(grep -c ': FATAL ' "$work/v-findings.txt" || true) FATAL, $(grep -c ': ERROR ' "$work/v-findings.txt" || true) ERROR, \
$(grep -c ': WARNING ' "$work/v-findings.txt" || true) WARNING, $(grep -c ': INFO ' "$work/v-findings.txt" || true) INFO in $(grep -o '^[^:]*\.xml:' "$work/v-findings.txt" | sort -u | wc -l) files; \
xmllint: $(grep -c ' fails to validate$' "$work/x-findings.txt" || true) files fail the XSD"

echo "data: $count files, $(( bytes / 1024 )) KiB ($(( bytes / count )) bytes/file) from ${VERN_BENCH_DB:-a database of $municipalities municipalities} $(du -mL "$db" | cut -f1) MB; $procs processes for xmllint, $procs threads for vern; --as-of $as_of (the files' DatoUttrekk)"
echo "findings: $findings"
machine
: >"$work/v.txt"; : >"$work/m.txt"; : >"$work/x.txt"
for ((i = 1; i <= runs; i++)); do
  measure vern_run >>"$work/v.txt"
  measure xmllint_run >>"$work/x.txt"
  measure managed_run >>"$work/m.txt"
  echo "run $i: vern $(tail -1 "$work/v.txt") | xmllint $(tail -1 "$work/x.txt") | managed $(tail -1 "$work/m.txt")  (wall s, cpu s)"
done
v=$(cut -d' ' -f1 "$work/v.txt" | median); x=$(cut -d' ' -f1 "$work/x.txt" | median); m=$(cut -d' ' -f1 "$work/m.txt" | median)
vc=$(cut -d' ' -f2 "$work/v.txt" | median); xc=$(cut -d' ' -f2 "$work/x.txt" | median); mc=$(cut -d' ' -f2 "$work/m.txt" | median)
machine
rate() { awk -v n="$count" -v t="$1" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "median wall: vern $v s ($(rate "$v") files/s), xmllint $x s ($(rate "$x") files/s), managed CLI $m s ($(rate "$m") files/s)"
echo "median cpu:  vern $vc s, xmllint $xc s, managed CLI $mc s"
echo "ratio vern/xmllint: wall $(ratio "$v" "$x"), cpu $(ratio "$vc" "$xc")   (managed CLI/xmllint: wall $(ratio "$m" "$x"), cpu $(ratio "$mc" "$xc"))"
