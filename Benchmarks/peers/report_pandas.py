"""The pandas peer of `make bench-report`: per-dataset describe() and the 0.25/0.5/0.75 quantiles of TOTAL and every
dimension, from the CSV `thresher measure --store S --output m.csv` writes. Prints the seconds of reading the CSV
and of computing, and the group count; the statistics go to OUT (CSV) when given.
usage: report_pandas.py MEASURED.csv [OUT.csv]"""
import sys
import time

import pandas as pd

path = sys.argv[1]
start = time.perf_counter()
frame = pd.read_csv(path)
read = time.perf_counter() - start
fixed = {"recordId", "dataset", "dataProvider"}
columns = [c for c in frame.columns if c not in fixed]  # TOTAL and the dimensions
start = time.perf_counter()
groups = frame.groupby("dataset")[columns]
described = groups.describe()
quantiles = groups.quantile([0.25, 0.5, 0.75])
compute = time.perf_counter() - start
if len(sys.argv) > 2:
    described.to_csv(sys.argv[2])
    quantiles.to_csv(sys.argv[2] + ".quantiles.csv")
print(f"pandas {pd.__version__}: {len(frame)} rows, {len(columns)} series, {described.shape[0]} datasets: "
      f"read {read:.2f} s + describe/quantiles {compute:.2f} s = {read + compute:.2f} s")
