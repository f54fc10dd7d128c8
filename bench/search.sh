#!/usr/bin/env bash
# Search benchmark (issue 22): Vern's full-text search over the journal notes and documents (participation records, assessments) of a municipality of N cases (SQLite FTS5,
# through the documentation store) beside the same question as a SQL LIKE scan. Prints medians, p95 and the ratio.
# Usage: bench/search.sh [CASES] [NOTES_PER_CASE] [RUNS]   (default 20000 cases, 5 notes each, 5 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet run -c Release --project "$root/bench/Vern.Documentation.Bench" -- --cases "${1:-20000}" --notes "${2:-5}" --runs "${3:-5}"
