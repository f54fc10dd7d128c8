#!/usr/bin/env bash
# Where the wall time of `vern export register --full` of 7001 goes: start → first file, the files, last file → exit (the delivery
# log's commit), from the time stamps of the process's own system calls (strace), for this build and, with VERN_BENCH_BASELINE=<folder
# of another build's vern.dll>, that build, alternated; then `cp -r` of the folder Vern wrote (the file system's part) as the anchor.
#
# Usage: VERN_BENCH_DB=<a copy of the national generation> bench/export-phases.sh [RUNS=3]
# Needs strace and python3. Every run writes a new folder; all are deleted at the end (ext4 without a journal skips inodes freed in the
# last minutes, docs/register.md, session 16: do not start another bench right after this one).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-3}"
command -v strace >/dev/null || { echo "strace is missing (Debian: apt-get install strace)" >&2; exit 2; }
build_vern
prepare_db 356
out="$work/phases-out"
phases() {
  local label="$1" dll="$2" dir="$3"
  strace -f --seccomp-bpf -ttt -e trace=openat,fsync,syncfs,unlink,exit_group -o "$dir.st" \
    /usr/bin/time -f "%e %U %S" -o "$dir.time" dotnet "$dll" export register --db "$db" --municipality 7001 --full --out "$dir" \
    --org-number 999999999 --municipality-name Bench >/dev/null
  python3 - "$label" "$dir.st" "$dir.time" <<'PY'
import sys
label, trace, times = sys.argv[1:]
lines = open(trace).read().splitlines()
at = lambda l: float(l.split()[1])
files = [at(l) for l in lines if 'openat' in l and '.xml"' in l]
etilqs = [at(l) for l in lines if 'unlink' in l and 'etilqs' in l and at(l) > files[-1]]
# The files' sync before the commit (session 17): syncfs returns in a line of its own ("<... syncfs resumed>") when another thread
# made a call meanwhile.
synced = [at(l) for l in lines if 'syncfs' in l and ('= 0' in l) and at(l) > files[-1]]
wall, user, sys_ = open(times).read().split()
print(f"{label}: start → first file {files[0] - at(lines[0]):.2f} s, files {files[-1] - files[0]:.2f} s, last file → exit "
      f"{at(lines[-1]) - files[-1]:.2f} s (of which the inserts {etilqs[0] - files[-1] if etilqs else float('nan'):.2f} s, "
      f"the files' syncfs ended at {synced[0] - files[-1] if synced else float('nan'):.2f} s); "
      f"wall {wall} s, user {user} s, sys {sys_} s")
PY
  rm -f "$dir.st" "$dir.time"
}
machine
for ((i = 1; i <= runs; i++)); do
  [ -z "${VERN_BENCH_BASELINE:-}" ] || phases "run $i baseline" "$VERN_BENCH_BASELINE/vern.dll" "$out-base-$i"
  phases "run $i vern    " "$root/.build/cli/vern.dll" "$out-$i"
  echo "run $i cp -r of the files: $(measure cp -r "$out-$i" "$out-cp-$i") (wall s, cpu s)"
done
machine
rm -rf "$out"-*
