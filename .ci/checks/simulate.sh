#!/usr/bin/env bash
# Policy simulation end to end: the shipped Vista 2016 scenario with a small Monte Carlo run writes the HTML page and
# both charts as PNG and SVG, and prints table 6.3's demand (370 / 450 / 550 for alternatives 1–3).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./vern simulate --builtin vista2016 --draws 2000 --seed 1 --out "$tmp/sim" --format csv > "$tmp/mc.csv"
for f in index.html demand-capacity.png demand-capacity.svg cost.png cost.svg result.json; do
  test -s "$tmp/sim/$f" || { echo "missing $f"; exit 1; }
done
./vern simulate --builtin vista2016 | tee "$tmp/out.txt"
grep -E "Etterspørsel i" "$tmp/out.txt" | grep -q "500.*370.*450.*550"
