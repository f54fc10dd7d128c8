#!/usr/bin/env bash
# The demo municipality's register export (one file per case) must be valid against SSB's XSD according
# to xmllint, an XSD validator independent of .NET, and vern validate register must find nothing FATAL or ERROR
# (issue 14 §2: nothing Vern sends fails SSB; SSB refuses a file with an ERROR finding).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xsd=reference/ssb-barnevern-register/Barnevern_v4.xsd
[ -n "${VERN_REFERENCE:-}" ] && xsd=$(./vern reference | sed -nE 's/^Kilde: [^:]+: (.*)$/\1/p')/Barnevern_v4.xsd
./vern demo --db "$tmp/demo.db" --to 2026-11-23 > /dev/null
./vern export register --db "$tmp/demo.db" --municipality 7777 --out "$tmp/out" | tail -n 5
count=$(find "$tmp/out" -name '*.xml' | wc -l)
[ "$count" -gt 400 ] || { echo "expected the demo's ~490 case files, found $count"; exit 1; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint is not installed"; exit 1; }
find "$tmp/out" -name '*.xml' -print0 | xargs -0 -n 2000 xmllint --noout --schema "$xsd" 2>&1 | tail -n 2
status=0
./vern validate register "$tmp/out" --as-of 2026-11-23 --format json > "$tmp/validate.json" || status=$?
[ "$status" -le 1 ] || { echo "vern validate register exited $status"; exit 1; }
if grep -qE '"severity": "(FATAL|ERROR)"' "$tmp/validate.json"; then
  echo "vern validate register: FATAL or ERROR findings in the demo export:"
  grep -B3 -A3 -E '"severity": "(FATAL|ERROR)"' "$tmp/validate.json" | grep -E '"(file|control|message)"' | head -n 30
  exit 1
fi
echo "demo export: $count files valid against $xsd (xmllint) with no FATAL or ERROR finding (vern validate register)"
