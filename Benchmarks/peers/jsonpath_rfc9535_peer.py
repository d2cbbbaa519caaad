#!/usr/bin/env python3
"""Peer for JSONPathBench: Python's jsonpath-rfc9535 on the same EDM records and paths.

Usage: jsonpath_rfc9535_peer.py SAMPLE.jsonl PATHS.txt

The schema's paths use Jayway's `$.['…']` spelling, which RFC 9535 parsers reject; they are
rewritten to `$['…']` (same meaning) before compiling. Prints records/s and MB/s for parse only
(json.loads) and parse + paths, and the total number of selected nodes for cross-checking.
"""
import json
import sys
import time

import jsonpath_rfc9535 as jsonpath


def main() -> None:
    sample, paths_file = sys.argv[1], sys.argv[2]
    with open(sample, "rb") as f:
        lines = [line for line in f.read().split(b"\n") if line.strip()]
    paths = [p for p in open(paths_file, encoding="utf-8").read().split("\n") if p and not p.startswith("#")]
    queries = [jsonpath.compile(p.replace("$.[", "$[", 1)) for p in paths]
    total_bytes = sum(len(line) for line in lines)
    mb = total_bytes / 1_000_000

    start = time.perf_counter()
    for line in lines:
        json.loads(line)
    parse = time.perf_counter() - start

    nodes = 0
    start = time.perf_counter()
    for line in lines:
        doc = json.loads(line)
        for q in queries:
            nodes += len(q.find(doc))
    both = time.perf_counter() - start

    n = len(lines)
    print(f"peer jsonpath-rfc9535 {jsonpath.__name__}: {n} records, {len(queries)} paths, {nodes} nodes selected")
    print(f"(p) Python json.loads parse                  threads 1  {n / parse:9.0f} records/s per core  {mb / parse:7.1f} MB/s per core")
    print(f"(q) Python json.loads + {len(queries)} paths (jsonpath-rfc9535) threads 1  {n / both:9.0f} records/s per core  {mb / both:7.1f} MB/s per core")


if __name__ == "__main__":
    main()
