#!/usr/bin/env bash
# A new user's first command: ./vern demo on a fresh database must succeed and print its counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./vern demo --db "$tmp/demo.db" | tee "$tmp/out.txt"
grep -q "Meldinger" "$tmp/out.txt"
