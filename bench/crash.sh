#!/usr/bin/env bash
# Crash safety at scale (issue 17): the CI's crash test (tests/Vern.Cli.Tests/CrashSafetyTests.cs) with more kills —
# VERN_CRASH_KILLS per engine (default 100), on SQLite and on a throwaway PostgreSQL cluster on loopback — and prints its
# figures: kills, acknowledged commands, lost (must be 0), half-applied (must be 0), the time per engine, and the machine's
# cores and load average before and after (the writers share the machine with whatever else runs). docs/reliability.md
# quotes them.
#   bench/crash.sh [KILLS]        (VERN_CRASH_NO_BUILD=1 skips the build; VERN_CRASH_DLL=path/Vern.Cli.Tests.dll runs an
#                                  already built copy of the tests, so a build in the worktree cannot change them mid-run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VERN_CRASH_KILLS="${1:-100}"
# shellcheck source=.ci/postgres.sh
. "$root/.ci/postgres.sh"
pgdir=$(mktemp -d /tmp/vern-crash-pg.XXXXXX)
trap 'pg_stop "$pgdir"' EXIT
pg_start "$pgdir"
export VERN_REQUIRE_POSTGRES=1
tests="${VERN_CRASH_DLL:-$root/tests/Vern.Cli.Tests/Vern.Cli.Tests.csproj}"
[ "${VERN_CRASH_NO_BUILD:-}" = 1 ] || [ -n "${VERN_CRASH_DLL:-}" ] || dotnet build "$root/tests/Vern.Cli.Tests/Vern.Cli.Tests.csproj" -c Release -v quiet --nologo >/dev/null
echo "machine: $(nproc) cores, $(uname -m); load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
start=$(date +%s)
if [ -n "${VERN_CRASH_DLL:-}" ]; then build_args=(); else build_args=(-c Release --no-build); fi
dotnet test "$tests" "${build_args[@]}" \
  --filter "FullyQualifiedName~CrashSafetyTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "SIGKILLs|Passed!|Failed!|Failed |Passed Vern|Total tests|^ *Passed: " || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); total $(( $(date +%s) - start )) s for $VERN_CRASH_KILLS kills per engine"
