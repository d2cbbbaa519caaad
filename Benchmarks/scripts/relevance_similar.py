#!/usr/bin/env python3
"""Relevance of `thresher similar` on real records (weak labels).

Imports every real Europeana record committed under Tests/Fixtures (quality/*.json, the herbarium JSON Lines) into a
fresh store, runs `cleanse` and `embed`, then asks `similar --id ID --k 10 --format json` for each record. A hit is
relevant when it shares the query's dataset (its first set) or one of its creators (the cleansed view's creator
values, case-folded). Prints, over the queries that have at least one relevant record: mean precision@10, mean
R-precision (precision@R, R = the number of relevant records, at most 10) and mean reciprocal rank; and the top 3 of
three queries, for the README.

usage: relevance_similar.py THRESHER_BINARY WORKDIR
"""
import glob, json, os, subprocess, sys

binary, work = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(__file__), "..", "..")
os.makedirs(work, exist_ok=True)
store = os.path.join(work, "relevance.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(store + suffix):
        os.remove(store + suffix)

records = []
for path in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/quality/*.json"))):
    records.append(json.load(open(path, encoding="utf-8")))
for path in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/quality/*.jsonl"))):
    for line in open(path, encoding="utf-8"):
        if line.strip():
            records.append(json.loads(line))
seen, lines = set(), []
for record in records:
    identifier = record.get("identifier")
    if not identifier or identifier in seen:
        continue
    seen.add(identifier)
    sets = record.get("sets") or []
    lines.append(json.dumps({"id": identifier, "sets": sets, "datestamp": "2024-01-01T00:00:00Z", "record": record}))
jsonl = os.path.join(work, "real-records.jsonl")
open(jsonl, "w", encoding="utf-8").write("\n".join(lines) + "\n")

def run(*args, capture=False):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"relevance: {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout

run("import", "--input", jsonl, "--store", store, "--quiet")
run("cleanse", "--store", store, "--quiet")
run("embed", "--store", store, "--quiet")

import sqlite3
db = sqlite3.connect(store)
views = {}
for identifier, view in db.execute("""SELECT c.identifier, c.view FROM cleansed_views c JOIN record_vectors v ON v.seq = c.seq
                                      WHERE c.view IS NOT NULL AND c.rejected IS NULL AND length(v.vector) > 0"""):
    views[identifier] = json.loads(view)
dataset = {identifier: (json.loads(l)["sets"] or [""])[0] for identifier, l in
           ((json.loads(l)["id"], l) for l in lines)}
def creators(identifier):
    fields = views.get(identifier, {}).get("fields", {})
    return {v["text"].casefold() for v in fields.get("creator", [])}
def relevant(a, b):
    return dataset.get(a) == dataset.get(b) or bool(creators(a) & creators(b))

p10, rprec, rr, asked = [], [], [], 0
examples = {}
for identifier in sorted(views):
    others = [o for o in views if o != identifier and relevant(identifier, o)]
    hits = json.loads(run("similar", "--store", store, "--id", identifier, "--k", "10", "--format", "json"))
    examples[identifier] = hits
    if not others:
        continue
    asked += 1
    flags = [relevant(identifier, h["id"]) for h in hits]
    p10.append(sum(flags[:10]) / 10)
    r = min(10, len(others))
    rprec.append(sum(flags[:r]) / r)
    rr.append(next((1 / (i + 1) for i, f in enumerate(flags) if f), 0.0))

print(f"records: {len(views)}; queries with a relevant record: {asked}")
print(f"precision@10: {sum(p10) / len(p10):.3f}  R-precision: {sum(rprec) / len(rprec):.3f}  MRR: {sum(rr) / len(rr):.3f}")
for identifier in sys.argv[3:]:
    title = (views.get(identifier, {}).get("fields", {}).get("title") or [{"text": "?"}])[0]["text"]
    print(f"\n{identifier} — {title}")
    for hit in examples.get(identifier, [])[:3]:
        print(f"  {hit['score']:.4f}  {hit['id']}  {hit['title']}  ({hit['dataset']})")
