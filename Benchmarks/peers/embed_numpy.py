#!/usr/bin/env python3
"""make bench-embed's numpy peer: all-MiniLM-L6-v2 in numpy fp32 (the reference forward pass of
scripts/embedding-reference.py) on padded batches, tokens from Hugging Face `tokenizers` (truncation 256).

usage: embed_numpy.py MODEL_DIR TEXTS_FILE RECORDS BATCH VECTORS_OUT
Prints records/s on stderr's last line; writes the vectors of the file's distinct texts (float32, in order) to
VECTORS_OUT: the fp32 reference the other runs are compared with.
"""
import importlib.util
import os
import sys
import time

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("reference", os.path.join(here, "..", "..", "scripts", "embedding-reference.py"))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def main():
    model_dir, texts_file, records, batch, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    texts = [line.rstrip("\n") for line in open(texts_file, encoding="utf-8") if line.strip()]
    corpus = [texts[k % len(texts)] for k in range(records)]
    tokenizer = reference.reference_tokenizer(model_dir)
    model = reference.MiniLMNumpy(model_dir)
    distinct = model.forward([tokenizer.encode(t).ids for t in texts[:8]])  # warm-up
    start = time.perf_counter()
    for k in range(0, len(corpus), batch):
        ids = [e.ids for e in tokenizer.encode_batch(corpus[k:k + batch])]
        model.forward(ids)
    elapsed = time.perf_counter() - start
    distinct = np.concatenate([model.forward([tokenizer.encode(t).ids for t in texts[k:k + batch]])
                               for k in range(0, len(texts), batch)])
    distinct.astype("<f4").tofile(out)
    print(f"numpy fp32: {records} records in {elapsed:.2f} s: {records / elapsed:.1f} records/s", file=sys.stderr)


if __name__ == "__main__":
    main()
