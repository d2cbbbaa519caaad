"""make bench-similar's peer: hnswlib (PyPI) on the vectors, queries and exact answers SimilarBench wrote.

Usage: similar_hnswlib.py WORKDIR M EF_CONSTRUCTION EF_SEARCH THREADS
Prints the build time, the top-10 latency (p50/p99, one query at a time, one thread) and recall@10.
"""
import sys
import time

import hnswlib
import numpy as np

work, m, efc, ef, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
dim = 384
vectors = np.fromfile(f"{work}/vectors.f32", dtype=np.float32).reshape(-1, dim)
queries = np.fromfile(f"{work}/queries.f32", dtype=np.float32).reshape(-1, dim)
truth = np.fromfile(f"{work}/truth.i32", dtype=np.int32).reshape(-1, 10)

index = hnswlib.Index(space="ip", dim=dim)
index.init_index(max_elements=len(vectors), M=m, ef_construction=efc, random_seed=100)
index.set_num_threads(threads)
started = time.perf_counter()
index.add_items(vectors, np.arange(len(vectors)))
build = time.perf_counter() - started
print(f"hnswlib: built the graph: {build:.1f} s ({len(vectors) / build:.0f} vectors/s, {threads} thread(s))")
index.set_ef(ef)
index.set_num_threads(1)
latencies = []
found = []
for query in queries:
    t = time.perf_counter()
    labels, _ = index.knn_query(query.reshape(1, -1), k=10)
    latencies.append((time.perf_counter() - t) * 1000)
    found.append(labels[0])
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(np.ceil(q * len(latencies))) - 1)]
print(f"hnswlib: top-10 latency: p50 {p(0.5):.3f} ms, p99 {p(0.99):.3f} ms ({len(queries)} queries, 1 thread)")
hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth))
print(f"hnswlib: recall@10 vs exact: {hits / (10 * len(queries)):.4f}")
