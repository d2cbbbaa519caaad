#!/usr/bin/env python3
"""make bench-dedup's peer: datasketch MinHashLSH over the same texts, shingles and threshold as Thresher's dedup.

Reads normalised texts (one record a line, as Thresher's dedup normalises title+creator+description), makes each
record's word 3-gram shingles (a text of fewer words is one shingle), a MinHash of 128 permutations
(datasketch's default) with update_batch, inserts it into a MinHashLSH at the threshold, then queries every
record; prints records/s over the whole (shingling, hashing, inserting, querying) and the candidate pairs found.
"""
import sys
import time

from datasketch import MinHash, MinHashLSH

def main():
    path, threshold = sys.argv[1], float(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f]
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes = []
    for k, text in enumerate(texts):
        words = text.split(" ") if text else []
        if not words:
            hashes.append(None)
            continue
        shingles = {" ".join(words[i:i + 3]) for i in range(len(words) - 2)} if len(words) >= 3 else {text}
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles])
        lsh.insert(k, m)
        hashes.append(m)
    pairs = 0
    for k, m in enumerate(hashes):
        if m is not None:
            pairs += sum(1 for other in lsh.query(m) if other > k)
    seconds = time.perf_counter() - start
    print(f"datasketch: {len(texts)} records in {seconds:.2f} s, {len(texts) / seconds:.0f} records/s, "
          f"{pairs} candidate pairs (bands {lsh.b} x rows {lsh.r})")

if __name__ == "__main__":
    main()
