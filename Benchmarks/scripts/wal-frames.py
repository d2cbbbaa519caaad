#!/usr/bin/env python3
"""Which tables' pages each commit writes to the WAL, on average.

Usage:
  KEEP=1 ONLY=store STORE_PAGE=250 strace -f -xx -s 8 -e trace=pwrite64 -o /tmp/st.txt \
      Benchmarks/.build/release/HarvestBench 40000      # prints where it kept the store
  python3 Benchmarks/scripts/wal-frames.py /tmp/st.txt /tmp/thresher-harvestbench-PID/h.sqlite

Reads the 24-byte WAL frame headers from the strace log (page number, and the database size that marks a
commit frame) and names each page's table or index from SQLite's dbstat table of the final database.
"""
import collections
import re
import sqlite3
import sys

trace, database = sys.argv[1], sys.argv[2]
connection = sqlite3.connect(database)
connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
owner = dict(connection.execute("SELECT pageno, name FROM dbstat"))
page_size = connection.execute("PRAGMA page_size").fetchone()[0]

pattern = re.compile(r'\d+ pwrite64\((\d+), "((?:\\x[0-9a-f]{2})+)"\.*, (\d+), (\d+)\) = (\d+)')
pending = collections.Counter()
total = collections.Counter()
commits = 0
for line in open(trace):
    match = pattern.match(line)
    if not match or int(match.group(3)) != 24:
        continue
    header = bytes(int(x, 16) for x in match.group(2).split("\\x")[1:])
    page = int.from_bytes(header[0:4], "big")
    pending[owner.get(page, "(freed since)")] += 1
    if int.from_bytes(header[4:8], "big"):  # a commit frame carries the database size
        commits += 1
        total.update(pending)
        pending.clear()

frames = sum(total.values())
print(f"{commits} commits, {frames / max(commits, 1):.2f} frames ({page_size // 1024} KiB) per commit")
for name, count in total.most_common():
    print(f"{count / max(commits, 1):8.2f}  {name}")
