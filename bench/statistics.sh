#!/usr/bin/env bash
# Statistics benchmark: Vern's indicators vs the same definitions as SQL in DuckDB, over the same synthetic data, in one run.
# Usage: bench/statistics.sh [MUNICIPALITIES] [YEARS] [RUNS] [--profile]   (default 20 municipalities, 5 years, 5 runs after 5 warm-up
# runs; keep it small on a shared machine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
municipalities="${1:-20}"; years="${2:-5}"; runs="${3:-5}"
db="${TMPDIR:-/tmp}/vern-stats-bench-${municipalities}x${years}.db"
if [ ! -f "$db" ]; then
  "$root/vern" generate --db "$db" --municipalities "$municipalities" --years "$years" --to 2026-12-31 --seed 1 >/dev/null
fi
dotnet run -c Release --project "$root/bench/Vern.Statistics.Bench" -- --db "$db" --from $((2027 - years)) --to 2026 --runs "$runs" --warmup 5 "${@:4}"
