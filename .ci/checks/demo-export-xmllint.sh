#!/usr/bin/env bash
# The demo municipality's register export (one file per case) must be valid against SSB's XSD according
# to xmllint, an XSD validator independent of .NET, and pass vern validate register with no FATAL/ERROR
# from the schema.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ref="${VERN_REFERENCE:-$(cd .. && pwd)/shared/reference}"
./vern demo --db "$tmp/demo.db" --to 2026-11-23 > /dev/null
./vern export register --db "$tmp/demo.db" --municipality 7777 --out "$tmp/out" | tail -n 5
count=$(find "$tmp/out" -name '*.xml' | wc -l)
[ "$count" -gt 400 ] || { echo "expected the demo's ~490 case files, found $count"; exit 1; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint is not installed"; exit 1; }
find "$tmp/out" -name '*.xml' -print0 | xargs -0 -n 2000 xmllint --noout --schema "$ref/ssb-barnevern-register/Barnevern_v4.xsd" 2>&1 | tail -n 2
echo "demo export: $count files valid against Barnevern_v4.xsd (xmllint)"
