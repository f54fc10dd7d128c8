#!/usr/bin/env bash
# `vern validate register` through its native build (src/Vern.Cli.Native, built by ./vern on first use) answers exactly as the
# managed CLI does (VERN_NATIVE=0): the same findings line for line, the same JSON byte for byte, the same exit codes and
# messages for a clean folder, a zip, a broken file, a missing path and a bad option. Fails if the native build cannot be
# made here (it needs gcc or clang; docs/register.md, «Speed»).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dotnet run -c Release --project bench/Vern.Bench -- register-validate --n 200 --runs 1 --dir "$tmp/files" --keep >/dev/null
sed 's/Journalnummer="[^"]*"//' "$tmp/files/sak-0000001.xml" > "$tmp/broken.xml"
python3 - "$tmp/files.zip" "$tmp/files" <<'PY'
import glob, os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sorted(glob.glob(os.path.join(sys.argv[2], "sak-00000*.xml"))):
        z.write(f, os.path.basename(f))
PY

./vern validate register "$tmp/broken.xml" >/dev/null 2>&1 || true   # builds the native program if it is not built
[ -x .build/native/vern-native ] || { echo "the native build was not made:"; cat .build/native.failed 2>/dev/null; exit 1; }

same() {  # same ARGS…: stdout (without the summary line's time), stderr and exit code agree between the two builds
  local n=0 m=0
  ./vern validate register "$@" >"$tmp/n.out" 2>"$tmp/n.err" || n=$?
  VERN_NATIVE=0 ./vern validate register "$@" >"$tmp/m.out" 2>"$tmp/m.err" || m=$?
  local strip='s/validert på [0-9.]+ s \([0-9]+ filer\/s/validert på T s (R filer\/s/'
  if [ "$n" -ne "$m" ] || ! diff <(sed -E "$strip" "$tmp/n.out") <(sed -E "$strip" "$tmp/m.out") \
    || ! diff <(sed -E "$strip" "$tmp/n.err") <(sed -E "$strip" "$tmp/m.err"); then
    echo "native and managed differ for: validate register $*  (exit $n against $m)"; exit 1
  fi
  echo "same: validate register $*  (exit $n, $(wc -l <"$tmp/n.out") lines)"
}
same "$tmp/files" --as-of 2026-01-15
same "$tmp/files" --as-of 2026-01-15 --format json
same "$tmp/files" --as-of 2045-06-30   # far from the files' dates: Sak Kontroll 1 and the deadline controls report
same "$tmp/files" --as-of 2045-06-30 --format json
same "$tmp/files.zip" --as-of 2026-01-15
same "$tmp/broken.xml" --as-of 2026-01-15
same "$tmp/broken.xml" --as-of 2026-01-15 --format json
same "$tmp/missing" --as-of 2026-01-15
same "$tmp/files" --as-of 2026-13-01
same "$tmp/files" --format xml
echo "validate-native: ok"
