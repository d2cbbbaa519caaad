#!/usr/bin/env python3
"""Compares `thresher measure --fields` CSV with peers/measure_reference.py's CSV, value by value.

Usage: measure-agree.py THRESHER.csv REFERENCE.csv

Records are matched by recordId. Compared: TOTAL and every dimension (the completeness figures), then also
every existence:/cardinality: column both have. Two cells agree when both are empty or both are numbers
within 1e-9. Prints the counts of records agreeing exactly and the first disagreements.
"""
import csv
import sys


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    return head, {r[0]: dict(zip(head, r)) for r in body}, [r[0] for r in body]


def same(a, b):
    if a == "" or b == "":
        return a == b
    try:
        return abs(float(a) - float(b)) <= 1e-9
    except ValueError:
        return a == b


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    th_head, th, th_order = load(argv[0])
    py_head, py, py_order = load(argv[1])
    completeness = [c for c in py_head[1:] if ":" not in c and c in th_head]
    fields = [c for c in py_head[1:] if ":" in c and c in th_head]
    missing = [c for c in py_head[1:] if c not in th_head]
    only_th = sorted(set(th_order) - set(py_order))
    only_py = sorted(set(py_order) - set(th_order))
    agree_c = agree_all = 0
    first = []
    for rid in py_order:
        if rid not in th:
            continue
        bad_c = [c for c in completeness if not same(th[rid][c], py[rid][c])]
        bad_f = [c for c in fields if not same(th[rid][c], py[rid][c])]
        agree_c += not bad_c
        agree_all += not bad_c and not bad_f
        for c in bad_c + bad_f:
            if len(first) < 10:
                first.append(f"    {rid} {c}: thresher {th[rid][c]!r}, python {py[rid][c]!r}")
    both = len(set(th_order) & set(py_order))
    print(f"AGREEMENT: {agree_c} of {both} records agree exactly (within 1e-9) on TOTAL and all "
          f"{len(completeness) - 1} dimensions; {agree_all} of {both} also on all {len(fields)} existence/cardinality columns")
    if only_th or only_py:
        print(f"    records only in thresher's csv: {len(only_th)} {only_th[:3]}; only in python's: {len(only_py)} {only_py[:3]}")
    if missing:
        print(f"    columns of the reference that thresher's csv lacks: {missing[:5]}{' ...' if len(missing) > 5 else ''}")
    if th_order != [r for r in py_order if r in th]:
        print("    note: the two files list the records in different orders")
    if first:
        print("    first disagreements:")
        print("\n".join(first))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
