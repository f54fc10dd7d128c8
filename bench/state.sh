#!/usr/bin/env bash
# The state side's reports over the synthetic country (issue 21, "Speed": ≤ 2 s each): `vern bufetat report waiting-list` and
# `vern bufetat report breaches` (whole processes, as the national analyst, JSON out) against the same aggregates as raw SQL in
# the sqlite3 shell over the same table (state_referrals, each referral's current state as JSON).
#
# Usage: bench/state.sh [RUNS=5] [MUNICIPALITIES=356] [YEARS=3] [AS_OF=2025-12-31] [SEED=42] [MONTH=2023-06]
#
# Third: the monthly co-payment invoices for the whole country – `vern invoice --store --month MONTH` as each Bufetat region's
# intake (bufetat-ost … bufetat-nord, made by the generator), one process per region, timed together (one after the other, and
# also the five at once, as the five regional offices would run them) – against the same invoice
# totals computed in SQL from the same stored stays (the 2023 rates of `002_…` table 5-2, part months by days, the pre-2022
# foster-home terms, the unaccompanied minor's reduced rate until settled, the centre's family factor). The first run issues and
# stores the invoices; the later runs find them unchanged (they recompute every line and compare it with the stored invoice).
# A cached database made by an older Vern is upgraded to this version's schema first (`vern init`: migration 23 fills the
# stays' span the invoices read through).
#
# Data: `vern generate` (MUNICIPALITIES municipalities, YEARS years to AS_OF, SEED), which also makes the referrals, offers,
# waits and stays of every placement it generates (StateGenerator). The anchors compute the waiting-list bands per region and the
# breaches of the duty to assist per region (the same rule: urgent 0 days, foster home 90, other placements 30; or a breach
# confirmed by the county governor) in SQL with SQLite's JSON functions. Needs sqlite3 (Debian: apt-get install sqlite3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
municipalities="${2:-356}"
years="${3:-3}"
as_of="${4:-2025-12-31}"
seed="${5:-42}"
month="${6:-2023-06}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (Debian: apt-get install sqlite3)" >&2; exit 2; }

build_vern
db="$work/state-$municipalities-$years-$as_of-$seed.db"
if [ ! -f "$db" ]; then
  echo "generating $municipalities municipalities, $years years to $as_of, seed $seed → $db" >&2
  rm -f "$db.part"*
  "${vern[@]}" generate --db "$db.part" --municipalities "$municipalities" --years "$years" --to "$as_of" --seed "$seed" >/dev/null
  mv "$db.part" "$db"
fi
"${vern[@]}" init --db "$db" >/dev/null

waiting_sql="
WITH w AS (
  SELECT region, CAST(julianday('$as_of') - julianday(json_extract(state, '\$.details.desiredStartOn')) AS INTEGER) AS days
  FROM state_referrals
  WHERE measure IN ('foster-home', 'specialised-foster-home')
    AND json_extract(state, '\$.details.desiredStartOn') <= '$as_of'
    AND (json_extract(state, '\$.closed') IS NULL OR json_extract(state, '\$.closed') > '$as_of')
    AND NOT EXISTS (SELECT 1 FROM json_each(state, '\$.stays') s WHERE json_extract(s.value, '\$.startOn') <= '$as_of'))
SELECT region, count(*), avg(days), sum(days < 30), sum(days BETWEEN 30 AND 90), sum(days BETWEEN 91 AND 180), sum(days > 180) FROM w GROUP BY region;"

breach_sql="
WITH r AS (
  SELECT region, state,
    json_extract(state, '\$.details.sentOn') AS sent,
    CASE WHEN json_extract(state, '\$.details.urgent') THEN 0 WHEN measure IN ('foster-home', 'specialised-foster-home') THEN 90 ELSE 30 END AS max_days,
    json_extract(state, '\$.offer.offeredOn') AS offered,
    json_extract(state, '\$.status') AS status,
    json_extract(state, '\$.closed') AS closed
  FROM state_referrals
  WHERE measure IN ('foster-home', 'specialised-foster-home', 'emergency-foster-home', 'institution-care', 'institution-behaviour',
                    'institution-emergency', 'institution-substance', 'multifunc')
    AND json_extract(state, '\$.details.sentOn') <= '$as_of'),
d AS (SELECT *, date(sent, '+' || max_days || ' days') AS deadline FROM r),
b AS (
  SELECT region,
    (CASE WHEN offered IS NOT NULL THEN offered > deadline AND offered <= '$as_of'
          ELSE date(deadline, '+1 day') <= '$as_of' AND (status <> 'withdrawn' OR closed > deadline) END)
    OR EXISTS (SELECT 1 FROM json_each(state, '\$.confirmedBreaches') c WHERE json_extract(c.value, '\$.confirmedOn') <= '$as_of') AS breached
  FROM d)
SELECT region, sum(breached), count(*) FROM b GROUP BY region;"

month_first="$month-01"
month_last=$(date -d "$month_first +1 month -1 day" +%F)
dim=$(date -d "$month_last" +%d)
invoice_sql="
WITH st AS (
  SELECT r.municipality AS m, r.measure AS measure,
    coalesce(json_extract(r.state, '\$.details.unaccompaniedMinor'), 0) AS uam,
    json_extract(r.state, '\$.settledOn') AS settled,
    coalesce(json_extract(r.state, '\$.details.parents'), 1) AS parents, coalesce(json_extract(r.state, '\$.details.children'), 1) AS children,
    max(json_extract(s.value, '\$.startOn'), '$month_first') AS f,
    min(coalesce(json_extract(s.value, '\$.endOn'), '$month_last'), '$month_last') AS t,
    (SELECT min(json_extract(x.value, '\$.startOn')) FROM json_each(r.state, '\$.stays') x) AS placed
  FROM state_referrals r, json_each(r.state, '\$.stays') s
  WHERE json_extract(s.value, '\$.startOn') <= '$month_last' AND coalesce(json_extract(s.value, '\$.endOn'), '9999-12-31') >= '$month_first'),
l AS (
  SELECT m, f, t, CASE
      WHEN measure IN ('institution-care', 'institution-behaviour', 'institution-emergency', 'institution-substance', 'multifunc') AND uam THEN 'uam'
      WHEN measure IN ('institution-care', 'institution-behaviour', 'institution-emergency', 'institution-substance', 'multifunc') THEN 'institution'
      WHEN measure IN ('emergency-foster-home', 'specialised-foster-home') AND placed < '2022-01-01' THEN 'pre-2022'
      WHEN measure IN ('emergency-foster-home', 'specialised-foster-home') THEN 'foster'
      ELSE measure END AS code, settled, 1 + 0.5 * (parents - 1) + 0.5 * (children - 1) AS factor
  FROM st),
p AS (
  SELECT m, f, t, CASE code WHEN 'institution' THEN 175000 WHEN 'uam' THEN 87500 WHEN 'pre-2022' THEN 38100 WHEN 'foster' THEN 87500
      WHEN 'parent-child-centre-residential' THEN 73000 * factor WHEN 'parent-child-centre-home' THEN 11500 * factor
      WHEN 'mst' THEN 15500 WHEN 'fft' THEN 15500 END AS rate FROM l WHERE code <> 'uam' OR settled IS NULL OR settled > t
  UNION ALL SELECT m, f, date(settled, '-1 day'), 87500 FROM l WHERE code = 'uam' AND settled > f AND settled <= t
  UNION ALL SELECT m, max(f, settled), t, 175000 FROM l WHERE code = 'uam' AND settled <= t)
SELECT m, count(*), round(sum(CASE WHEN julianday(t) - julianday(f) + 1 = $dim THEN rate ELSE round(rate * (julianday(t) - julianday(f) + 1) / $dim, 2) END), 2)
FROM p WHERE rate IS NOT NULL GROUP BY m;"

referrals=$(sqlite3 "$db" "SELECT count(*) FROM state_referrals")
cases=$(sqlite3 "$db" "SELECT count(*) FROM cases")
cat "$db" >/dev/null # page cache

vern_waiting() { "${vern[@]}" bufetat report waiting-list --db "$db" --as analytiker --as-of "$as_of" --format json; }
sql_waiting() { sqlite3 "$db" "$waiting_sql"; }
vern_breaches() { "${vern[@]}" bufetat report breaches --db "$db" --as analytiker --as-of "$as_of" --format json; }
sql_breaches() { sqlite3 "$db" "$breach_sql"; }

echo "data: $cases cases, $referrals referrals ($municipalities municipalities, $years years, $(du -mL "$db" | cut -f1) MB), as of $as_of"
echo "check: waiting (vern total / sqlite3 total): $(vern_waiting | tr -d ' \n' | grep -o '"total":{"region":"Ialt","waiting":[0-9]*' | grep -o '[0-9]*$') / $(sql_waiting | awk -F'|' '{ s += $2 } END { print s + 0 }')"
echo "check: breaches (vern total / sqlite3 total): $(vern_breaches | tr -d ' \n' | grep -o '"total":{"key":"Ialt","breaches":[0-9]*' | grep -o '[0-9]*$') / $(sql_breaches | awk -F'|' '{ s += $2 } END { print s + 0 }')"
regions=(bufetat-ost bufetat-sor bufetat-vest bufetat-midt bufetat-nord)
vern_invoices() { for u in "${regions[@]}"; do "${vern[@]}" invoice --store --db "$db" --as "$u" --month "$month" --out "$work/invoice-$u.csv"; done; }
# The five regions at once (each its own process, as each regional office runs its own); a failed process is reported, not timed.
vern_invoices_together() {
  local pids=() u failed=0
  for u in "${regions[@]}"; do "${vern[@]}" invoice --store --db "$db" --as "$u" --month "$month" --out "$work/invoice-$u.csv" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ "$failed" = 0 ] || echo "failed" >>"$work/failed.txt"
  return "$failed"
}
sql_invoices_together() { sql_invoices; }
sql_invoices() { sqlite3 "$db" "$invoice_sql"; }
echo "first run (issues and stores $month's invoices for the whole country): $(measure vern_invoices | cut -d' ' -f1) s wall"
echo "check: invoices $month (vern stored total / sqlite3 total, kr): $(sqlite3 "$db" "SELECT round(sum(total), 2) FROM finance_invoices WHERE year = ${month%-*} AND month = $((10#${month#*-})) AND kind = 'Invoice'") / $(sql_invoices | awk -F'|' '{ s += $3 } END { printf "%.2f", s }') ($(sql_invoices | awk -F'|' '{ s += $2 } END { print s + 0 }') lines in SQL)"
vern_startup() { "${vern[@]}" referral measures; }
: >"$work/s.txt"
for ((i = 1; i <= runs; i++)); do measure vern_startup >>"$work/s.txt"; done
echo "baseline: vern process start (\`vern referral measures\`, no database): median $(cut -d' ' -f1 "$work/s.txt" | median) s"
machine
: >"$work/failed.txt"
for report in waiting breaches invoices invoices_together; do
  : >"$work/v.txt"; : >"$work/q.txt"
  for ((i = 1; i <= runs; i++)); do
    measure "vern_$report" >>"$work/v.txt"
    measure "sql_$report" >>"$work/q.txt"
  done
  v=$(cut -d' ' -f1 "$work/v.txt" | median); q=$(cut -d' ' -f1 "$work/q.txt" | median)
  echo "$report: median wall vern $v s, sqlite3 $q s, ratio $(awk -v a="$v" -v b="$q" 'BEGIN { printf "%.1f", a / b }') (runs: $runs)"
done
machine
echo "check: runs of the five regions at once with a failed process: $(wc -l <"$work/failed.txt") (of $runs); invoices $month stored after all runs: $(sqlite3 "$db" "SELECT count(*) || ' documents, ' || round(sum(total), 2) || ' kr' FROM finance_invoices WHERE year = ${month%-*} AND month = $((10#${month#*-}))")"
