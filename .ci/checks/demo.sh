#!/usr/bin/env bash
# A new user's first command: ./vern demo on a fresh database must succeed, and the counts it prints must be
# in the seed reports' ranges and match what the database holds (.ci/lib/demo-counts.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source .ci/lib/demo-counts.sh
./vern demo --db "$tmp/demo.db" | tee "$tmp/out.txt"
demo_counts_ok "$tmp/out.txt" "$tmp/demo.db" ./vern
