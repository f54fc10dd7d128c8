#!/usr/bin/env bash
# The intake's kill test at full length (issue 18): `vern serve` as a process, four senders posting reports and retrying
# each until they hold a receipt, the server killed with SIGKILL at random moments ROUNDS times and started again. At the
# end every receipted report must be stored exactly once under its receipt, none twice. CI runs the same test with 25
# rounds (tests/Vern.Intake.Tests/KillTests.cs); this runs it with ROUNDS (default 120) and prints the figures.
#
# Usage: bench/intake-kill.sh [ROUNDS=120] [SEED=18]
# Not a speed benchmark: there is no anchor to compare with; the figures are counts (docs/intake.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-120}"
seed="${2:-18}"
report="$(mktemp)"
dotnet build "$root/tests/Vern.Intake.Tests/Vern.Intake.Tests.csproj" -c Release -v q -nologo >/dev/null
VERN_KILL_ROUNDS="$rounds" VERN_KILL_SEED="$seed" VERN_KILL_REPORT="$report" \
  dotnet test "$root/tests/Vern.Intake.Tests/Vern.Intake.Tests.csproj" -c Release --no-build \
  --filter "FullyQualifiedName~KillTests" >/dev/null || status=$?
cat "$report"
rm -f "$report"
exit "${status:-0}"
