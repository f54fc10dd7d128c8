# Shared helpers for the side-by-side bench scripts in bench/*.sh (sourced, not run).
# Each script builds the CLI once, prepares its data under $VERN_BENCH_DIR (default /tmp/vern-bench), runs Vern and
# its anchor alternately (A B A B …) so that both see the same machine load, and prints medians and the ratio.

set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${VERN_BENCH_DIR:-/tmp/vern-bench}"
mkdir -p "$work"

# Builds the CLI once (through ./vern, which rebuilds only when sources changed) and sets $vern to run the built dll
# directly, so that no run pays for the build check.
build_vern() {
  "$root/vern" --help >/dev/null
  vern=(dotnet "$root/.build/cli/vern.dll")
}

# Starts `vern serve` as ./vern does, with the server's runtime settings (docs/web.md, «Runtime settings for the server»), on the
# build the script runs (VERN_DLL where a script takes one, else the one build_vern made); ./vern execs dotnet, so $! after
# starting it in the background is the server's PID.
vern_serve=(env VERN_DLL="${VERN_DLL:-$root/.build/cli/vern.dll}" "$root/vern" serve)

# A database made by the synthetic generator; the scale is the number of municipalities (356 = the whole country).
# Reused when it exists: delete $work to start again. VERN_BENCH_DB names an existing database to use instead (e.g. a
# copy of a national generation); it must be a copy, since the first run brings it up to this Vern's schema.
prepare_db() {
  local municipalities="$1"
  if [ -n "${VERN_BENCH_DB:-}" ]; then
    db="$VERN_BENCH_DB"
    [ -f "$db" ] || { echo "VERN_BENCH_DB: $db does not exist" >&2; exit 2; }
    "${vern[@]}" init --db "$db" >/dev/null
    return
  fi
  db="$work/national-$municipalities.db"
  if [ ! -f "$db" ]; then
    echo "generating $municipalities municipalities, 12 years, seed 7 → $db" >&2
    "${vern[@]}" generate --db "$db" --municipalities "$municipalities" --years 12 --to 2033-12-31 --seed 7 >/dev/null
  fi
}

# Runs a command, discarding its output, and prints "wall user+sys" in seconds for the whole process tree.
measure() {
  local TIMEFORMAT='%R %U %S'
  local t
  t=$( { time "$@" >/dev/null 2>&1 || true; } 2>&1 )
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}

# Median of the numbers on stdin.
median() {
  sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) printf "%.3f\n", a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Prints the machine's state, since the figures are only comparable within one run of a script.
machine() {
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
}

# CPU time (user + system, in ms) the process $1 has used so far, from /proc/PID/stat (fields 14 and 15, in clock ticks).
# Taken before and after a fixed run of requests, it gives the server's CPU per request: a measure the machine's other load
# does not change much, unlike wall-clock latency.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}

# Logs in to a running `vern serve` at $1 through its login form (the form's antiforgery token and cookie, as a browser does) as user
# $2 with password $3, and prints the login cookie ("__Host-vern=…"); prints nothing and returns 1 if the login failed.
web_login() {
  local url="$1" user="$2" password="$3" headers page token af cookie
  headers=$(mktemp)
  page=$(curl -s -D "$headers" "$url/logg-inn" || true)
  token=$( (grep -o 'name="__vern_af" type="hidden" value="[^"]*"' <<<"$page" || true) | sed 's/.*value="//; s/"$//; s/&#x2B;/+/g; s/&#x2F;/\//g; s/&#x3D;/=/g')
  af=$( (grep -io 'set-cookie: __Host-vern-af=[^;]*' "$headers" || true) | sed 's/^[Ss]et-[Cc]ookie: //')
  cookie=$( (curl -s -o /dev/null -D - -H "Cookie: $af" --data-urlencode "__vern_af=$token" --data-urlencode "brukernavn=$user" \
    --data-urlencode "passord=$password" "$url/logg-inn" || true) | (grep -io 'set-cookie: __Host-vern=[^;]*' || true) | sed 's/^[Ss]et-[Cc]ookie: //')
  rm -f "$headers"
  [ -n "$cookie" ] || return 1
  echo "$cookie"
}
