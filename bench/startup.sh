#!/usr/bin/env bash
# Start-up: the CLI as `./vern` builds it (published ReadyToRun, compiled ahead of time) against a plain `dotnet build` of
# the same sources (compiled by the JIT as it runs), whole processes, alternately (A B A B …):
#   - `vern referral measures` (reads no database: the floor under every command);
#   - `vern deadlines --format json` on a generated database, as bench/deadlines-vs-sqlite.sh runs it (issue 14 §4: ≤ 1 s wall).
#
# Usage: bench/startup.sh [RUNS=7] [MUNICIPALITIES=20] [AS_OF=2033-12-31]
# The database is the generator's (`prepare_db`, 12 years to 2033-12-31, seed 7), reused when it exists.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-7}"
municipalities="${2:-20}"
as_of="${3:-2033-12-31}"

build_vern # ./vern: ReadyToRun (or its plain fallback; the script says which below)
r2r="$root/.build/cli/vern.dll"
plain_dir="$work/startup-plain"
echo "building the plain (JIT) variant → $plain_dir" >&2
dotnet build "$root/src/Vern.Cli/Vern.Cli.csproj" -c Release -o "$plain_dir" --nologo -v quiet >/dev/null
plain="$plain_dir/vern.dll"
prepare_db "$municipalities"
"${vern[@]}" deadlines index --db "$db" >/dev/null
cat "$db" >/dev/null # page cache

echo "data: $(sqlite3 "$db" 'SELECT count(*) FROM cases') cases ($municipalities municipalities, $(du -mL "$db" | cut -f1) MB), as of $as_of"
machine
for target in measures deadlines; do
  : >"$work/s-r2r.txt"; : >"$work/s-plain.txt"
  for ((i = 1; i <= runs; i++)); do
    for variant in r2r plain; do
      dll=$r2r; [ "$variant" = plain ] && dll=$plain
      if [ "$target" = measures ]; then
        measure dotnet "$dll" referral measures >>"$work/s-$variant.txt"
      else
        measure dotnet "$dll" deadlines --db "$db" --as-of "$as_of" --format json >>"$work/s-$variant.txt"
      fi
    done
  done
  a=$(cut -d' ' -f1 "$work/s-r2r.txt" | median); b=$(cut -d' ' -f1 "$work/s-plain.txt" | median)
  ac=$(cut -d' ' -f2 "$work/s-r2r.txt" | median); bc=$(cut -d' ' -f2 "$work/s-plain.txt" | median)
  echo "$target: median wall ReadyToRun $a s (cpu $ac s), plain $b s (cpu $bc s), ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }') (runs: $runs)"
done
machine
