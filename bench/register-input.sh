#!/usr/bin/env bash
# Memory (peak RSS) and time of `vern validate register` and `vern import register` on large register input,
# side by side with `xmllint --schema Barnevern_v4.xsd` on the same input as the anchor, with the ratio.
# Inputs: one case with many Melding at about 1, 5 and 19 MB, and a zip of 10,000 realistic case files
# (xmllint reads the same 10,000 files unpacked). Medians of RUNS runs (default 3).
# Usage: bench/register-input.sh [RUNS]   (needs xmllint and GNU time at /usr/bin/time)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# SSB's files: the copy carried in the repository, or the folder VERN_REFERENCE names.
ref="${VERN_REFERENCE:-$root/reference/ssb-barnevern-register}"
xsd="$ref/Barnevern_v4.xsd"

dotnet build "$root/bench/Vern.Bench/Vern.Bench.csproj" -c Release -o "$work/bench" --nologo -v quiet >/dev/null
dotnet build "$root/src/Vern.Cli/Vern.Cli.csproj" -c Release -o "$work/cli" --nologo -v quiet >/dev/null
dotnet "$work/bench/Vern.Bench.dll" register-input --out "$work/in" >/dev/null

vern=(dotnet "$work/cli/vern.dll" --reference "$ref")
# The import target: an initialised database with a leader of the samples' municipality (3201), copied fresh for each run.
"${vern[@]}" --db "$work/template.db" init >/dev/null
"${vern[@]}" --db "$work/template.db" user add --id admin --name Admin --role administrator >/dev/null
"${vern[@]}" --db "$work/template.db" user add --as admin --id bench --name Bench --role leader --municipality 3201 >/dev/null
export VERN_USER=bench

# measure CMD...: runs CMD $runs times; prints "seconds MiB" medians (exit status 0/1/2 accepted: findings or refusals).
measure() {
  local times=() mems=()
  for _ in $(seq "$runs"); do
    rm -f "$work/db" "$work/db-wal" "$work/db-shm"
    cp "$work/template.db" "$work/db"
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || [ $? -le 2 ]
    read -r t m < <(tail -n1 "$work/t"); times+=("$t"); mems+=("$m") # GNU time may first note a non-zero exit
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%s ", a[int((NR+1)/2)]}'
  printf '%s\n' "${mems[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.0f\n", a[int((NR+1)/2)]/1024}'
}

printf '%-22s %8s | %-16s %-16s %-16s | %s\n' input size "xmllint s/MiB" "validate s/MiB" "import s/MiB" "ratio to xmllint (time, memory)"
for name in one-case-1mb.xml one-case-5mb.xml one-case-19mb.xml cases-10000.zip; do
  in="$work/in/$name"
  if [ "$name" = cases-10000.zip ]; then anchor=("$work/in/cases-10000"/*.xml); else anchor=("$in"); fi
  size="$(du -h "$in" | cut -f1)"
  read -r xt xm < <(measure xmllint --noout --schema "$xsd" "${anchor[@]}")
  read -r vt vm < <(measure "${vern[@]}" validate register "$in" --format json --as-of 2026-01-15)
  read -r it im < <(measure "${vern[@]}" --db "$work/db" import register "$in")
  printf '%-22s %8s | %6s s %5s MiB | %6s s %5s MiB | %6s s %5s MiB | validate %sx %sx, import %sx %sx\n' \
    "$name" "$size" "$xt" "$xm" "$vt" "$vm" "$it" "$im" \
    "$(echo "$vt / $xt" | bc -l | xargs printf '%.1f')" "$(echo "$vm / $xm" | bc -l | xargs printf '%.1f')" \
    "$(echo "$it / $xt" | bc -l | xargs printf '%.1f')" "$(echo "$im / $xm" | bc -l | xargs printf '%.1f')"
done
echo "runs: $runs (medians); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
