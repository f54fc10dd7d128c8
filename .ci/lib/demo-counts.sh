# Sourced by .ci/checks: asserts the counts `vern demo` printed, not just that it printed its table.
# demo_counts_ok OUTPUT DB VERN: OUTPUT is the demo's standard output, DB its database, VERN the program to run.
# The ranges are the seed reports' (docs/synthetic-data.md, "The tests check ranges taken from them").

demo_counts_ok() {
  local out=$1 db=$2 vern=$3
  # The value column of the demo's table row whose label contains $1 (Spectre.Console draws │ between columns).
  cell() { grep -F -- "$1" "$out" | head -n 1 | awk -F'│' '{print $3}'; }
  number() { cell "$1" | sed -E 's/^ *([0-9,]+).*/\1/' | tr -d ','; }
  fail() { echo "demo counts: $*"; return 1; }

  local cases reports investigations events rate share listed
  cases=$(number "Barn/saker (åpne)")
  reports=$(number "Meldinger")
  investigations=$(number "Undersøkelser")
  events=$(number "Hendelser")
  rate=$(cell "Meldinger" | sed -E 's/.*\(([0-9.]+) per 100 barn per år\).*/\1/')
  share=$(cell "Undersøkelser" | sed -E 's/.*\(([0-9]+) % av meldingene\).*/\1/')
  for v in cases reports investigations events rate share; do
    [[ ${!v} =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "could not read '$v' from the demo's output" || return 1
  done
  echo "demo counts: $cases cases, $reports reports ($rate per 100 children a year), $investigations investigations ($share %), $events events"

  [ "$cases" -gt 0 ] || fail "no cases" || return 1
  [ "$reports" -ge "$cases" ] || fail "$reports reports for $cases cases: every demo case starts with a melding" || return 1
  [ "$investigations" -le "$reports" ] || fail "$investigations investigations for $reports reports" || return 1
  [ "$events" -gt "$reports" ] || fail "$events events for $reports reports" || return 1
  awk -v r="$rate" 'BEGIN { exit !(r >= 3.5 && r <= 5.5) }' || fail "$rate reports per 100 children a year, outside 3.5–5.5" || return 1
  [ "$share" -ge 65 ] && [ "$share" -le 90 ] || fail "$share % of reports investigated, outside 65–90 %" || return 1

  # The database holds what the demo said it made: its cases and the possible duplicates it planted after them
  # ("Plantet N mulige dubletter", docs/matching.md).
  local planted
  planted=$(tr '\n' ' ' < "$out" | sed -nE 's/.*Plantet ([0-9]+) mulige dubletter.*/\1/p')
  planted=${planted:-0}
  listed=$("$vern" case list --db "$db" | tail -n 1 | sed -E 's/^([0-9]+) saker$/\1/')
  [ "$listed" = "$((cases + planted))" ] || fail "the demo printed $cases cases and $planted planted duplicates, 'case list' finds '$listed'" || return 1

  # The received reports the demo put in the inbox ("Mottatte meldinger i innboksen: N", issue 18) are there, waiting.
  local received inbox
  received=$(tr '\n' ' ' < "$out" | sed -nE 's/.*Mottatte meldinger i innboksen: ([0-9]+).*/\1/p')
  inbox=$("$vern" intake inbox --db "$db" | tail -n 1 | sed -E 's/^([0-9]+) meldinger$/\1/')
  [ -n "$received" ] && [ "$received" -gt 0 ] || fail "the demo put no received report in the inbox" || return 1
  [ "$inbox" = "$received" ] || fail "the demo printed $received received reports, 'intake inbox' lists '$inbox'" || return 1
}
