"""Pair precision and recall of perceptual hashes on the generated set: every pair of images is a positive when both
are variants of one base picture (same GROUP prefix) and is predicted a match when the Hamming distance of the
hashes is at most the threshold. Reads Thresher's hashes (TSV: file, phash hex, dhash hex) and computes Python
imagehash 4's (phash, dhash; Lanczos resize) on the same files as a peer, with its throughput.
Usage: evaluate.py IMAGEDIR THRESHER.tsv [THRESHOLD=6]"""
import os
import sys
import time

from PIL import Image


def pairs_stats(hashes, threshold):
    names = sorted(hashes)
    tp = fp = fn = 0
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            same = a.split("-")[0] == b.split("-")[0]
            match = bin(hashes[a] ^ hashes[b]).count("1") <= threshold
            tp += same and match
            fp += (not same) and match
            fn += same and not match
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def main():
    directory, tsv = sys.argv[1], sys.argv[2]
    threshold = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    ours = {"phash": {}, "dhash": {}}
    with open(tsv) as f:
        for line in f:
            name, phash, dhash = line.rstrip("\n").split("\t")
            ours["phash"][name] = int(phash, 16)
            ours["dhash"][name] = int(dhash, 16)
    import imagehash
    files = sorted(n for n in os.listdir(directory) if not n.startswith("."))
    theirs = {"phash": {}, "dhash": {}}
    start = time.perf_counter()
    for name in files:
        with Image.open(os.path.join(directory, name)) as image:
            image.load()
            theirs["phash"][name] = int(str(imagehash.phash(image)), 16)
            theirs["dhash"][name] = int(str(imagehash.dhash(image)), 16)
    elapsed = time.perf_counter() - start
    print(f"imagehash {imagehash.__version__}: {len(files)} images decoded and hashed (both hashes) in {elapsed:.2f} s, "
          f"{len(files) / elapsed:.0f} images/s (one core)")
    groups = len({n.split('-')[0] for n in files})
    print(f"{len(files)} images in {groups} groups; pairs at Hamming <= {threshold}:")
    print("hash\timplementation\tprecision\trecall\ttp\tfp\tfn")
    for kind in ("phash", "dhash"):
        for label, table in (("thresher", ours[kind]), ("imagehash", theirs[kind])):
            p, r, tp, fp, fn = pairs_stats(table, threshold)
            print(f"{kind}\t{label}\t{p:.4f}\t{r:.4f}\t{tp}\t{fp}\t{fn}")
    agree = {k: sum(bin(ours[k][n] ^ theirs[k][n]).count("1") for n in files) / len(files) for k in ours}
    print(f"mean Hamming distance thresher vs imagehash on the same file: phash {agree['phash']:.2f}, dhash {agree['dhash']:.2f} bits")
    print("by threshold (thresher): t\tphash P/R\tdhash P/R")
    for t in (2, 4, 6, 8, 10, 12):
        pp, pr, *_ = pairs_stats(ours["phash"], t)
        dp, dr, *_ = pairs_stats(ours["dhash"], t)
        print(f"  {t}\t{pp:.4f}/{pr:.4f}\t{dp:.4f}/{dr:.4f}")


if __name__ == "__main__":
    main()
