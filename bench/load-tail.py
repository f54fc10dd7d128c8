#!/usr/bin/env python3
"""Where the load run's tail is (bench/load.sh with VERN_LOAD_TAIL): reads the server's own histograms, one line a second from
dotnet-counters (csv), and on PostgreSQL the cluster's log of checkpoints and autovacuums, and prints: how much of a request is the
wait in the request queue against the permit held; the per-second p99 of the API case read (half the mix; the routes' figures are
alike, docs/reliability.md); the seconds whose p99 is over 1.5× the run's median per-second p99 with the server's CPU, GC pause and
any PostgreSQL maintenance within 2 s of them; and each maintenance of the access log (the table the load writes) and checkpoint
with the p99 of its second. Usage: load-tail.py COUNTERS.csv [SERVER.log]"""
import collections
import csv
import re
import statistics
import sys

rows = collections.defaultdict(dict)
for r in csv.DictReader(open(sys.argv[1])):
    t, n, v = r["Timestamp"][-8:], r["Counter Name"], float(r["Mean/Increment"] or 0)
    p = re.search(r"Percentile=(\d+)", n)
    if "time_in_queue" in n and p:
        rows[t]["q" + p.group(1)] = v * 1000
    elif "lease.duration" in n and p:
        rows[t]["lease" + p.group(1)] = v * 1000
    elif "request.duration" in n and p and "/cases/" in n:
        rows[t]["case" + p.group(1)] = v * 1000
    elif "gc.pause" in n:
        rows[t]["gc"] = v * 1000
    elif "process.cpu.time" in n:
        rows[t]["cpu"] = rows[t].get("cpu", 0) + v

events = collections.defaultdict(list)
if len(sys.argv) > 2 and sys.argv[2]:
    for line in open(sys.argv[2]):
        m = re.match(r'\S+ (\d\d:\d\d:\d\d)\.\d+ UTC \[\d+\] LOG:  (?:automatic (?:aggressive )?(vacuum|analyze) of table "\w+\.\w+\.(\w+)"|(checkpoint) (starting|complete))', line)
        if m:
            events[m.group(1)].append(f"{m.group(2)} {m.group(3)}" if m.group(2) else f"checkpoint {m.group(5)}")

# the seconds of the run, less the first two (the warm-up) and the last (cut)
seconds = [t for t in sorted(rows) if "q50" in rows[t] and "case99" in rows[t] and "case50" in rows[t]][2:-1]
if not seconds:
    sys.exit("no seconds with the histograms in " + sys.argv[1])


def around(t):
    h, m, s = map(int, t.split(":"))
    found = []
    for d in (-2, -1, 0, 1, 2):
        x = h * 3600 + m * 60 + s + d
        found += events.get(f"{x // 3600:02d}:{x // 60 % 60:02d}:{x % 60:02d}", [])
    return found


med = lambda key: statistics.median(rows[t][key] for t in seconds if key in rows[t])
p99 = med("case99")
print(f"tail: {len(seconds)} s; medians of the per-second figures: request (case read) p50 {med('case50'):.1f} / p99 {p99:.1f} ms, "
      f"of which waiting in the queue p50 {med('q50'):.1f} / p99 {med('q99'):.1f} ms, the permit held p50 {med('lease50'):.1f} / p99 {med('lease99'):.1f} ms; "
      f"within a second p99/p50 {statistics.median(rows[t]['case99'] / rows[t]['case50'] for t in seconds):.2f}; "
      f"server CPU {med('cpu'):.2f} cores, GC pause {med('gc'):.0f} ms a second")
slow = [t for t in seconds if rows[t]["case99"] > 1.5 * p99]
print(f"tail: {len(slow)} seconds with p99 over 1.5 × {p99:.0f} ms, {sum(1 for t in slow if around(t))} of them within 2 s of PostgreSQL maintenance")
for t in slow[:20]:
    r = rows[t]
    print(f"  {t} p50 {r['case50']:.0f} p99 {r['case99']:.0f} ms, queue p99 {r.get('q99', 0):.0f}, permit p99 {r.get('lease99', 0):.0f}, "
          f"cpu {r.get('cpu', 0):.2f}, gc {r.get('gc', 0):.0f} ms; {', '.join(around(t)) or '-'}")
maintenance = [(t, e) for t in seconds for e in events.get(t, []) if "access_log" in e or "checkpoint" in e]
print(f"tail: {len(maintenance)} checkpoints and maintenance of the access log during the run; p99 in its second:")
for t, e in maintenance:
    print(f"  {t} {e}: p99 {rows[t]['case99']:.0f} ms (p50 {rows[t]['case50']:.0f})")
