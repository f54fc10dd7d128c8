#!/usr/bin/env bash
# Issue 14 §2's bar on the whole country: every municipality of a national generated database exported with
# `vern export register --full` (as its own leader, up to the data's last day), then `vern validate register` over all the
# files with today's reporting date, the date the export was made on (the export leaves out, by today's year, the closed cases
# SSB's Sak kontroll 1 window refuses; asking the validator about another year would report those as ERRORs). Prints the files, the findings by severity and control, and the time of
# each half; exits 1 when any ERROR or FATAL finding is left. Not a timing race: there is no anchor; the export's and the
# validation's speed against their anchors are bench/export-vs-sqlite.sh and bench/validate-vs-xmllint.sh.
#
# Usage: bench/national-register.sh [MUNICIPALITIES=356]
#   VERN_NATIONAL_DB=path  an existing generated database (it is migrated and written to: give a copy), else prepare_db.
# Needs the generator's users (leder-NNNN per municipality), which `vern generate` stores.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
municipalities="${1:-356}"
to=2033-12-31
if [ -n "${VERN_DLL:-}" ]; then vern=(dotnet "$VERN_DLL"); else build_vern; fi
if [ -n "${VERN_NATIONAL_DB:-}" ]; then db="$VERN_NATIONAL_DB"; else prepare_db "$municipalities"; fi
out="$work/national-register-files"
rm -rf "$out"
mkdir -p "$out"
machine
start=$(date +%s.%N)
"${vern[@]}" init --db "$db" >/dev/null
echo "vern init (migrations up to this version's schema): $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
mapfile -t numbers < <(sqlite3 "$db" "SELECT DISTINCT municipality FROM cases ORDER BY municipality")
echo "exporting ${#numbers[@]} municipalities from $db (--full --to $to)"
start=$(date +%s.%N)
failed=0
for m in "${numbers[@]}"; do
  if ! "${vern[@]}" export register --db "$db" --as "leder-$m" --municipality "$m" --full --to "$to" --out "$out" \
      --org-number 999999999 --municipality-name "Kommune $m" >"$work/national-register-export-$m.log" 2>&1; then
    echo "  export of $m failed: $(tail -n 2 "$work/national-register-export-$m.log" | tr '\n' ' ')"
    failed=$((failed + 1))
  fi
done
export_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
files=$(find "$out" -name '*.xml' | wc -l)
echo "  $files files in $export_s s; $failed exports failed"

start=$(date +%s.%N)
"${vern[@]}" validate register "$out" >"$work/national-register-findings.txt" 2>&1 || true
validate_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "validated in $validate_s s (reporting date today); last line: $(tail -n 1 "$work/national-register-findings.txt")"
echo "findings by severity and control:"
grep -oE ': (FATAL|ERROR|WARNING|INFO) [^:]+:' "$work/national-register-findings.txt" | sed 's/^: //; s/:$//' | sort | uniq -c | sort -k2,2 -k1,1nr || true
errors=$(grep -cE ': (ERROR|FATAL) ' "$work/national-register-findings.txt" || true)
echo "ERROR + FATAL findings: $errors (full list: $work/national-register-findings.txt)"
[ "$errors" = 0 ] && [ "$failed" = 0 ] && [ "$files" -gt 0 ]
