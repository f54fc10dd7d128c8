#!/usr/bin/env python3
"""Compares two folders of register files written by `vern export register` (e.g. the same export by two builds).

Usage: bench/same-register-files.py FOLDER_A FOLDER_B

They must hold the same file names, and every pair of files must be the same byte for byte once the Barnevern start
tag's Id, DatoUttrekk and ForrigeId (new in every export) are blanked; the rest of each file, the XML declaration
included, is compared whole. Prints each file that differs and a summary; exits 1 if anything differs.
"""
import os
import re
import sys

a, b = sys.argv[1], sys.argv[2]
names_a, names_b = sorted(os.listdir(a)), sorted(os.listdir(b))
if names_a != names_b:
    print(f"the file names differ: {len(set(names_a) - set(names_b))} only in {a}, {len(set(names_b) - set(names_a))} only in {b}")
    sys.exit(1)
tag = re.compile(rb'<Barnevern Id="[^"]*" DatoUttrekk="[^"]*"( ForrigeId="[^"]*")?>')
differ = 0
for name in names_a:
    with open(os.path.join(a, name), 'rb') as fa, open(os.path.join(b, name), 'rb') as fb:
        if tag.sub(b'<Barnevern>', fa.read(), count=1) != tag.sub(b'<Barnevern>', fb.read(), count=1):
            differ += 1
            print("differs:", name)
print(f"{len(names_a)} files, the same names; {differ} differ once the Barnevern start tag's Id, DatoUttrekk and ForrigeId are blanked")
sys.exit(1 if differ else 0)
