#!/usr/bin/env python3
"""Reference token ids and vectors for all-MiniLM-L6-v2 (Tests/Fixtures/embedding/), computed once.

Token ids: Hugging Face `tokenizers` (the Rust tokenizer) loaded from the model package's tokenizer.json, with its
128-token truncation and fixed padding removed and truncation at 256 (sentence-transformers' max_seq_length).
Vectors: an independent numpy fp32 forward pass of the BERT encoder on the package's model.safetensors (read by
the small reader below), mean pooling over the tokens, L2 normalisation. Before writing, the script checks the
issue's golden values (token ids and first components to 1e-5 of "Portrait of a Young Woman, …").

    python -m venv /tmp/venv && /tmp/venv/bin/pip install numpy tokenizers
    /tmp/venv/bin/python scripts/embedding-reference.py --model ~/.cache/thresher/models/all-MiniLM-L6-v2 \
        --out Tests/Fixtures/embedding

The forward pass (`MiniLMNumpy`) is also the numpy peer of `make bench-embed` (Benchmarks/peers/embed_numpy.py).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

HIDDEN, HEADS, HEAD_SIZE, LAYERS, EPS = 384, 12, 32, 6, 1e-12
MAX_TOKENS = 256

GOLDEN_TEXT = "Portrait of a Young Woman, oil on panel, Rijksmuseum, c. 1632"
GOLDEN_IDS = [101, 6533, 1997, 1037, 2402, 2450, 1010, 3514, 2006, 5997, 1010, 15544, 15992, 6491, 8557, 2819, 1010,
              1039, 1012, 28216, 102]
GOLDEN_FIRST = [-0.069656, 0.066457, 0.030794, -0.002820, -0.021451, 0.033107]

LONG_DESCRIPTION = (
    "Dit schilderij toont een jonge vrouw in een zwarte japon met een witte molensteenkraag, geschilderd in olieverf "
    "op een eikenhouten paneel. The portrait was acquired by the museum in 1885 from a private collection in "
    "Amsterdam; the sitter's identity remains uncertain, although earlier catalogues name her as a member of the "
    "Van Beresteyn family. Restoration in 1976 removed a yellowed varnish and later overpaint along the edges. ")
TEXTS = [
    GOLDEN_TEXT,
    "Musée d'Orsay — Édouard Manet, « Le Déjeuner sur l'herbe » (1863)",
    "Ærøskøbing: Straße in Schleswig-Holstein, Åland, Øresund",
    "葛飾北斎 富嶽三十六景 神奈川沖浪裏",
    "東京国立博物館所蔵の屏風、江戸時代",
    "Kraków, Wawel\u00a0Castle — 1920s photograph",
    "zero\u200bwidth\u200bspace in Rijks\u200bmuseum",
    "Emoji in a caption 🎨🖼️ painting 😀 and a newer one 🥲",
    "Control\u0007chars\u0000and\ttabs\r\nnewlines\u0085NEL\u000bVT\u001fUS",
    "",
    "   \t\n  ",
    "Ελληνικός αμφορέας, 5ος αιώνας π.Χ.",
    "Москва, Государственный Исторический музей, йод",
    "İstanbul Arkeoloji Müzeleri, Topkapı Sarayı",
    "Ångström's “quoted” ‘text’ … ½ ﬁnal ligature",
    "المتحف الوطني للفنون",
    "राष्ट्रीय संग्रहालय, नई दिल्ली",
    "국립중앙박물관 소장품",
    "Title with URL http://data.europeana.eu/item/2021672/resource_document_mauritshuis_670 and #123",
    "UPPER CASE TITLE: THE NIGHT WATCH (DE NACHTWACHT)",
    "Tab\tseparated\u2003em-space\u3000ideographic\u2028line separator",
    "Vincent van Gogh’s ‘Sterrennacht’ – een schilderij",
    "Cafe\u0301 decomposed, café composed",
    "a" * 101 + " " + "b" * 100,
    "Pneumonoultramicroscopicsilicovolcanoconiosis and antidisestablishmentarianism",
    "$100 + 50% = <value> ^ `code` | ~tilde {braces} [brackets] @at",
    LONG_DESCRIPTION * 3,
]


def load_safetensors(path):
    """The file's F32 tensors as numpy arrays (its own reader: header length, JSON header, little-endian data)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=base + begin).reshape(entry["shape"])
    return tensors


def erf(x):
    """erf in float64 (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7): numpy has none of its own."""
    x = x.astype(np.float64)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return np.sign(x) * y


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + EPS)) * weight + bias


class MiniLMNumpy:
    """BERT encoder forward pass in numpy fp32 (padded batches with an attention mask), mean pooling, L2 norm."""

    def __init__(self, model_dir):
        t = load_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.t = {k: v.astype(np.float32) for k, v in t.items()}

    def forward(self, batch):
        """batch: list of token id lists; returns [len(batch), 384] float32 unit vectors."""
        t = self.t
        n = max(len(ids) for ids in batch)
        b = len(batch)
        ids = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for i, seq in enumerate(batch):
            ids[i, :len(seq)] = seq
            mask[i, :len(seq)] = 1
        x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:n][None] \
            + t["embeddings.token_type_embeddings.weight"][0]
        x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"]).astype(np.float32)
        additive = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for k in range(LAYERS):
            p = f"encoder.layer.{k}."

            def dense(v, name):
                return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

            def heads(v):
                return v.reshape(b, n, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            kk = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = (q @ kk.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(HEAD_SIZE)) + additive
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs = probs / probs.sum(-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(b, n, HIDDEN)
            x = layer_norm(x + dense(context, "attention.output.dense"), t[p + "attention.output.LayerNorm.weight"],
                           t[p + "attention.output.LayerNorm.bias"]).astype(np.float32)
            h = dense(x, "intermediate.dense")
            h = (h * 0.5 * (1.0 + erf(h / np.sqrt(2.0)))).astype(np.float32)
            x = layer_norm(x + dense(h, "output.dense"), t[p + "output.LayerNorm.weight"],
                           t[p + "output.LayerNorm.bias"]).astype(np.float32)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def reference_tokenizer(model_dir):
    """The package's tokenizer.json without its 128 truncation and padding, truncating at 256 tokens."""
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="the all-MiniLM-L6-v2 folder (model.safetensors, tokenizer.json)")
    parser.add_argument("--out", required=True, help="the fixture folder to write tokens.json and embeddings.json to")
    args = parser.parse_args()
    import tokenizers
    tokenizer = reference_tokenizer(args.model)
    ids = [tokenizer.encode(text).ids for text in TEXTS]
    if ids[0] != GOLDEN_IDS:
        sys.exit(f"golden token ids differ: {ids[0]}")
    model = MiniLMNumpy(args.model)
    vectors = np.concatenate([model.forward([seq]) for seq in ids])
    batched = model.forward(ids)
    if np.max(np.abs(batched - vectors)) > 1e-5:
        sys.exit("the padded batch differs from one text at a time")
    first = vectors[0][:6]
    if np.max(np.abs(first - np.array(GOLDEN_FIRST))) > 1e-5:
        sys.exit(f"golden first components differ: {first}")
    print(f"golden token ids and first components reproduced (max difference {np.max(np.abs(first - np.array(GOLDEN_FIRST))):.2e})")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer": f"tokenizers {tokenizers.__version__}, tokenizer.json, truncation {MAX_TOKENS}, no padding",
                   "cases": [{"text": text, "ids": seq} for text, seq in zip(TEXTS, ids)]}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "embeddings.json"), "w", encoding="utf-8") as f:
        json.dump({"reference": f"numpy {np.__version__} fp32 forward pass (scripts/embedding-reference.py)",
                   "cases": [{"text": text, "vector": [float(v) for v in vec]} for text, vec in zip(TEXTS, vectors)]},
                  f, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(TEXTS)} cases to {args.out}")


if __name__ == "__main__":
    main()
