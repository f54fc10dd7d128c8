#!/usr/bin/env bash
# Monte Carlo benchmark (issue 20: 100,000 draws per alternative in ≤ 2 s on 2 cores).
# Runs Vern's MonteCarlo.Run on the shipped vista2016 scenario and, in the same process, the anchor: the same model
# written out by hand as one straight loop. Prints each run, the medians and the ratio Vern/anchor.
# Usage: bench/simulation.sh [DRAWS] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
draws="${1:-100000}"
runs="${2:-5}"
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --project "$root/bench/Vern.Simulation.Bench" -- --draws "$draws" --runs "$runs"
