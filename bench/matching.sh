#!/usr/bin/env bash
# Duplicate-check benchmark (issue 18 part 2): the per-new-report check (Vern.Matching: index lookup + scoring) against the
# synthetic national data, beside the same lookup as raw SQL in the sqlite3 shell. Prints data size, medians, p95 and ratio.
# Usage: bench/matching.sh [MUNICIPALITIES] [REPORTS]   (default 356 municipalities = the whole country, 12 years; 400 reports)
# The database is generated once under $VERN_BENCH_DIR (default /tmp/vern-bench) and reused; the first run also builds the index.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
municipalities="${1:-356}"; reports="${2:-400}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed for the anchor (apt-get install sqlite3)" >&2; exit 1; }
build_vern
prepare_db "$municipalities"
machine
dotnet run -c Release --project "$root/bench/Vern.Matching.Bench" -- --db "$db" --reports "$reports"
