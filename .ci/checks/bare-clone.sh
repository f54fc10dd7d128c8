#!/usr/bin/env bash
# A bare clone must run (issue 13 §1): clone this commit into an empty temporary folder with no shared/ anywhere
# above it and VERN_REFERENCE unset, then run the README's first command there: ./vern demo. Its counts must be
# right, it must have used the reference files embedded in Vern, and its register export must be valid against
# SSB's XSD (xmllint, and vern validate register with no FATAL). One test suite runs in the clone as well.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib/demo-counts.sh
repo=$(pwd)
commit=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || echo "note: uncommitted changes are not in the clone; testing $commit"
unset VERN_REFERENCE

tmp=$(mktemp -d /tmp/vern-bare-clone.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for dir in "$tmp" $(d=$tmp; while [ "$d" != / ]; do d=$(dirname "$d"); echo "$d"; done); do
  [ ! -e "$dir/shared" ] || { echo "bare clone: $dir/shared exists; the clone would not be bare"; exit 1; }
done

git clone --quiet --no-hardlinks "$repo" "$tmp/vern"
git -C "$tmp/vern" -c advice.detachedHead=false checkout --quiet "$commit"
cd "$tmp/vern"

# The README's first command, exactly as a new user types it (default database ./data/vern.db).
./vern demo | tee "$tmp/demo.txt"
demo_counts_ok "$tmp/demo.txt" data/vern.db ./vern

# dotnet test needs nothing beside the clone either: one suite that reads SSB's files (the whole suite runs in .ci/run).
dotnet test tests/Vern.Storage.Tests -c Release 2>&1 | tail -n 1

# From another folder the program still finds its reference files: the copy embedded in it.
(cd "$tmp" && vern/vern reference) | tee "$tmp/reference.txt"
grep -qx "Kilde: innebygd: kopien i Vern (reference/ssb-barnevern-register)" "$tmp/reference.txt" \
  || { echo "bare clone: vern reference did not report the embedded copy"; exit 1; }

./vern export register --municipality 7777 --out "$tmp/export" | tail -n 1
count=$(find "$tmp/export" -name '*.xml' | wc -l)
[ "$count" -eq "$(./vern case list | tail -n 1 | sed -E 's/ saker$//')" ] || { echo "bare clone: exported $count files, expected one per case"; exit 1; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint is not installed"; exit 1; }
find "$tmp/export" -name '*.xml' -print0 | xargs -0 -n 2000 xmllint --noout --schema reference/ssb-barnevern-register/Barnevern_v4.xsd 2>&1 | tail -n 1
status=0
./vern validate register "$tmp/export" --format json > "$tmp/validate.json" || status=$?
[ "$status" -le 1 ] || { echo "bare clone: vern validate register exited $status"; exit 1; }
if grep -q '"severity": "FATAL"' "$tmp/validate.json"; then
  echo "bare clone: vern validate register found FATAL (schema) findings in the demo's export"; exit 1
fi
echo "bare clone: ./vern demo ran in $tmp/vern at ${commit:0:10} with no shared/ and no VERN_REFERENCE; $count register files valid against the XSD" \
  "($(grep -c '"severity": "ERROR"' "$tmp/validate.json" || true) ERROR findings from SSB's controls)"
