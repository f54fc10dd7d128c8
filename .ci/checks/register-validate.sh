#!/usr/bin/env bash
# vern validate register end to end: generated realistic register files must pass both schema paths and
# every control, and xmllint (an independent XSD validator) must agree they are valid; a broken file must fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The XSD Vern uses: the copy carried in the repository, or the folder VERN_REFERENCE names (as vern reference says).
ref=reference/ssb-barnevern-register
[ -n "${VERN_REFERENCE:-}" ] && ref=$(./vern reference | sed -nE 's/^Kilde: [^:]+: (.*)$/\1/p')

dotnet run -c Release --project bench/Vern.Bench -- register-validate --n 300 --runs 1 --validator both --dir "$tmp/files" --keep
./vern validate register "$tmp/files" --as-of 2026-01-15 | tail -n 1
./vern validate register "$tmp/files" --as-of 2026-01-15 --schema-validator xsd | tail -n 1
command -v xmllint >/dev/null 2>&1 || { echo "xmllint is not installed"; exit 1; }
xmllint --noout --schema "$ref/Barnevern_v4.xsd" "$tmp"/files/*.xml 2>&1 | tail -n 2

sed 's/Journalnummer="[^"]*"//' "$tmp/files/sak-0000001.xml" > "$tmp/broken.xml"
if ./vern validate register "$tmp/broken.xml" --format json > "$tmp/out.json"; then
  echo "a file without Journalnummer was accepted"; exit 1
fi
grep -q '"severity": "FATAL"' "$tmp/out.json"
echo "register-validate: ok"
