#!/usr/bin/env python3
"""Anchor for bench/finance.sh: the same monthly co-payment invoice written out by hand in Python (no Vern code), and the
stays generator for the benchmark's data.

  finance-anchor.py generate N FILE      N stays over 356 municipalities, 2021-2023, seed 7
  finance-anchor.py invoice YYYY-MM FILE OUT
"""
import calendar, random, sys
from datetime import date, timedelta
from decimal import Decimal, ROUND_HALF_UP

RATES = {  # nominal kroner per month (src/Vern.Domain/Finance/CopayRates.cs cites the sources)
    2021: dict(institution=78812, uam=39457, pcr=78812, pch=28491, foster=37100, mst=18550, fft=18550),
    2022: dict(institution=170000, uam=85000, pcr=71000, pch=11000, foster=85000, mst=15000, fft=15000),
    2023: dict(institution=175000, uam=87500, pcr=73000, pch=11500, foster=87500, mst=15500, fft=15500),
}
OLD = {2022: 37100, 2023: 38100}
KEY = {"institution": "institution", "institution-uam": "uam", "parent-child-centre-residential": "pcr", "parent-child-centre-home": "pch",
       "emergency-foster-home": "foster", "specialised-foster-home": "foster", "mst": "mst", "fft": "fft"}
FUNCTION = {"institution": 252, "institution-uam": 252, "emergency-foster-home": 252, "specialised-foster-home": 252,
            "parent-child-centre-residential": 251, "parent-child-centre-home": 251, "mst": 251, "fft": 251}


def generate(n, path):
    rng = random.Random(7)
    measures = list(KEY)
    weights = [30, 6, 6, 6, 12, 14, 13, 13]
    start, span = date(2021, 1, 1), (date(2023, 12, 31) - date(2021, 1, 1)).days
    with open(path, "w") as f:
        f.write("municipality;child_ref;measure;from;to;placed_on;settled_on\n")
        for i in range(n):
            m = 7001 + min(355, int(rng.paretovariate(1.2)) - 1)
            measure = rng.choices(measures, weights)[0]
            d0 = start + timedelta(days=rng.randrange(span))
            d1 = min(date(2023, 12, 31), d0 + timedelta(days=rng.randrange(1, 400)))
            placed = d0 - timedelta(days=rng.randrange(0, 500)) if "foster" in measure and rng.random() < 0.3 else d0
            settled = ""
            if measure == "institution-uam" and rng.random() < 0.5:
                settled = (d0 + timedelta(days=rng.randrange(0, 200))).isoformat()
            f.write(f"{m};C{i};{measure};{d0.isoformat()};{d1.isoformat()};{placed.isoformat()};{settled}\n")


def money(x):
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def invoice(month, path, out):
    y, mo = map(int, month.split("-"))
    first, dim = date(y, mo, 1), calendar.monthrange(y, mo)[1]
    last = date(y, mo, dim)
    lines = []
    with open(path) as f:
        next(f)
        for row in f:
            mun, child, measure, a, b, placed, settled = row.rstrip("\n").split(";")
            a, b = date.fromisoformat(a), date.fromisoformat(b)
            if b < first or a > last:
                continue
            lo, hi = max(a, first), min(b, last)
            placed = date.fromisoformat(placed) if placed else a
            rates = RATES[y]
            parts = []
            if measure == "institution-uam" and settled and date.fromisoformat(settled) <= hi:
                s = date.fromisoformat(settled)
                if s > lo:
                    parts.append((lo, s - timedelta(days=1), "ordinary", rates["uam"]))
                parts.append((max(s, lo), hi, "settled-minor", rates["institution"]))
            elif "foster" in measure and placed < date(2022, 1, 1) and y in OLD:
                parts.append((lo, hi, "pre-2022-placement", OLD[y]))
            else:
                parts.append((lo, hi, "ordinary", rates[KEY[measure]]))
            for p0, p1, kind, rate in parts:
                days = (p1 - p0).days + 1
                amount = Decimal(rate) if days == dim else money(Decimal(rate) * days / dim)
                lines.append((mun, child, p0, measure, p1, days, kind, rate, amount))
    lines.sort(key=lambda l: (l[0], l[1], l[2]))
    with open(out, "w") as f:
        f.write("municipality;month;child_ref;measure;from;to;days;days_in_month;rate_kind;monthly_rate;amount;kostra_function\n")
        for mun, child, p0, measure, p1, days, kind, rate, amount in lines:
            f.write(f"{mun};{month};{child};{measure};{p0.isoformat()};{p1.isoformat()};{days};{dim};{kind};{rate}.00;{amount:.2f};{FUNCTION[measure]}\n")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3])
    else:
        invoice(sys.argv[2], sys.argv[3], sys.argv[4])
