#!/usr/bin/env bash
# Statistics benchmark: Vern's indicators from a warm start (catching up and reading its statistics projection, then one
# pass) vs the same 32 definitions as SQL in DuckDB starting from the raw events, over the same synthetic data, in one run;
# the projection's one-off build is timed first. Then the command a user runs (vern stats indicators, all indicators for
# every municipality, county, size class and the nation, as CSV), in its own process: wall time and peak memory. Usage: bench/statistics.sh [MUNICIPALITIES] [YEARS] [RUNS] [--keep]   (default 20 municipalities, 5 years,
# 5 runs after 5 warm-up runs; keep it small on a shared machine; --keep: do not rebuild the projection first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
municipalities="${1:-20}"; years="${2:-5}"; runs="${3:-5}"
# National scale (issue 19: 356 municipalities × 12 years): VERN_STATS_DB names a database made by
#   ./vern generate --db PATH --municipalities 356 --years 12 --to 2033-12-31 --seed 7
# and VERN_STATS_TO its last year (2033); the years counted are the last YEARS up to it.
to="${VERN_STATS_TO:-2026}"
db="${VERN_STATS_DB:-${TMPDIR:-/tmp}/vern-stats-bench-${municipalities}x${years}.db}"
if [ ! -f "$db" ]; then
  "$root/vern" generate --db "$db" --municipalities "$municipalities" --years "$years" --to "$to-12-31" --seed 1 >/dev/null
fi
# A database made by an earlier Vern is brought to this build's schema first (the projection's tables, migration 22).
"$root/vern" init --db "$db" >/dev/null
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "Peak RSS of the whole bench process: %M KiB, wall %e s" \
  dotnet run -c Release --project "$root/bench/Vern.Statistics.Bench" -- --db "$db" --from $((to + 1 - years)) --to "$to" --runs "$runs" --warmup 5 "${@:4}"

# The command as a user runs it, from a warm start (the projection built above; the process starts cold), three times:
# the generator's analyst (analytiker) reads the nation: all indicators for every municipality, county, size class and
# the nation, with the analysts' small-count suppression, as CSV, the bulk read logged. The built dll is run directly
# (./vern above built it), so that no run pays for the build check.
for run in 1 2 3; do
  /usr/bin/time -f "vern stats indicators --as analytiker (the nation, suppressed, CSV): wall %e s, CPU %U s user + %S s system, peak RSS %M KiB, load $(cut -d' ' -f1 /proc/loadavg)" \
    dotnet "$root/.build/cli/vern.dll" stats indicators --db "$db" --as analytiker --year "$to" --years "$years" --format csv >/dev/null
done
