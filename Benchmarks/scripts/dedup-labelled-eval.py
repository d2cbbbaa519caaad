#!/usr/bin/env python3
"""Pair precision and recall of `thresher dedup` on the dedup labelled set, through the command line and with the
thumbnails served over HTTP on 127.0.0.1 (Benchmarks/dedup-labelled/README.md).

Usage: dedup-labelled-eval.py THRESHER PICTURES WORKDIR [--threshold 0.8]
  THRESHER  the thresher binary; PICTURES  the folder images.py drew (one file per image URL, named by its SHA-1)

Every image URL of the set is rewritten to http://127.0.0.1:PORT/NAME (NAME the picture's file: equal URLs stay equal,
different ones stay different) and served by a small http.server from PICTURES (404 for a name it does not hold).
The records go in as `thresher export` JSON Lines (minimal EDM JSON: the provider proxy and aggregation) through
`thresher import`; `thresher dedup --report` (which cleanses first) then runs on four fresh stores: the text set
(labelled.jsonl, the figures bench-dedup's DedupBench gives) and the whole set (with labelled-images.jsonl), each
without and with --images. A pair is predicted when both records are members of one reported cluster; a labelled
pair is two records of one group. Precision and recall are over pairs; the whole set's figures are also split into
pairs of text-set records and pairs with an image variant."""
import collections
import functools
import hashlib
import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "..", "dedup-labelled")
PROXY_NAMES = {"title": "dc:title", "creator": "dc:creator", "description": "dc:description", "date": "dc:date",
               "subject": "dc:subject", "language": "dc:language", "type": "edm:type"}


def file_name(url):
    """As images.py names the picture of `url`."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest() + (".png" if url.endswith(".png") else ".jpg")


class Pictures(http.server.SimpleHTTPRequestHandler):
    """Serves PICTURES' files by name; counts the requests."""
    requests = collections.Counter()

    def do_GET(self):
        Pictures.requests[self.path] += 1
        super().do_GET()

    def log_message(self, *args):
        pass


def read(name):
    with open(os.path.join(SET, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def export_line(line, base_url):
    fields = line["fields"]
    proxy = {"edm:europeanaProxy": ["false"]}
    for field, name in PROXY_NAMES.items():
        if fields.get(field):
            proxy[name] = list(fields[field])
    aggregation = {}
    if fields.get("image"):
        aggregation["edm:isShownBy"] = [{"@resource": base_url + file_name(fields["image"][0])}]
    if fields.get("isShownAt"):
        aggregation["edm:isShownAt"] = [{"@resource": fields["isShownAt"][0]}]
    record = {"edm:ProvidedCHO": [{"@about": line["guid"]}], "ore:Proxy": [proxy], "ore:Aggregation": [aggregation]}
    return {"id": line["guid"], "datestamp": "2024-01-01T00:00:00Z", "sets": ["labelled"], "deleted": False,
            "record": record}


def pairs_of(groups):
    out = set()
    for members in groups:
        members = sorted(members)
        out.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return out


def figures(predicted, truth, scope):
    """Precision and recall over the pairs that `scope(pair)` keeps."""
    p = {pair for pair in predicted if scope(pair)}
    t = {pair for pair in truth if scope(pair)}
    right = len(p & t)
    precision = right / len(p) if p else 1.0
    recall = right / len(t) if t else 1.0
    return f"precision {precision:.4f}, recall {recall:.4f} ({len(p)} pairs clustered, {right} right, {len(t)} labelled)"


def margins(store, lines, base_url, group_of, variant_of, hamming=6):
    """The Hamming distances behind the figures, read from the store's thumbnail hashes: per edit, the largest pHash
    and dHash distance of an image variant to its base picture; and over every pair of pictures of records of
    different groups (must not match), the smallest distances and how many pairs are within `hamming`."""
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        hashes = {url: (p & (2**64 - 1), d & (2**64 - 1))
                  for url, p, d in db.execute("SELECT url, phash, dhash FROM thumbnail_hashes WHERE phash IS NOT NULL")}
    picture = {}
    for line in lines:
        url = (line["fields"].get("image") or [None])[0]
        if url is not None and base_url + file_name(url) in hashes:
            picture[line["guid"]] = hashes[base_url + file_name(url)]
    failed = sum(1 for line in lines if line["fields"].get("image") and line["guid"] not in picture)
    distance = lambda x, y: (bin(x[0] ^ y[0]).count("1"), bin(x[1] ^ y[1]).count("1"))
    base_of = {line["group"]: line["guid"] for line in lines if line["variant"] == "base"}
    worst = collections.defaultdict(lambda: [0, 0])
    for guid, variant in variant_of.items():
        if variant.startswith("img-") and base_of[group_of[guid]] in picture and guid in picture:
            d = distance(picture[guid], picture[base_of[group_of[guid]]])
            worst[variant] = [max(worst[variant][0], d[0]), max(worst[variant][1], d[1])]
    guids = sorted(picture)
    closest, within = [64, 64], [0, 0, 0]
    close = collections.Counter()
    creators = {line["guid"]: [c.lower() for c in line["fields"].get("creator", []) if c] for line in lines}
    for i, a in enumerate(guids):
        for b in guids[i + 1:]:
            if group_of[a] == group_of[b] or picture[a] == picture[b]:
                continue
            d = distance(picture[a], picture[b])
            closest = [min(closest[0], d[0]), min(closest[1], d[1])]
            within[0] += d[0] <= hamming
            within[1] += d[1] <= hamming
            within[2] += d[0] <= hamming and d[1] <= hamming
            if d[0] <= hamming or d[1] <= hamming:
                kinds = " & ".join(sorted((variant_of[a], variant_of[b])))
                creator = "same creator" if creators.get(a) and creators.get(a) == creators.get(b) else "no shared creator"
                close[f"{kinds} ({'both hashes' if max(d) <= hamming else 'pHash only' if d[0] <= hamming else 'dHash only'}, {creator})"] += 1
    print(f"    thumbnails: {len(set(picture.values()))} distinct hashes, {failed} record(s) without one; "
          "largest distance to the base picture (pHash/dHash): "
          + ", ".join(f"{variant} {p}/{d}" for variant, (p, d) in sorted(worst.items())))
    print(f"    pictures of records of different groups: closest pHash {closest[0]}, dHash {closest[1]} bits; "
          f"pairs within {hamming}: pHash {within[0]}, dHash {within[1]}, both {within[2]}"
          + (": " + "; ".join(f"{kind} {count}" for kind, count in sorted(close.items())) if close else ""))


def run(thresher, work, name, lines, base_url, threshold, images):
    store = os.path.join(work, name + ".sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    records = os.path.join(work, name + ".jsonl")
    with open(records, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(export_line(line, base_url), ensure_ascii=False, sort_keys=True) + "\n")
    subprocess.run([thresher, "import", "--store", store, "--input", records, "--quiet"], check=True)
    report = os.path.join(work, name + ".report.jsonl")
    command = [thresher, "dedup", "--store", store, "--threshold", str(threshold), "--report", report, "--quiet"]
    if images:
        command.append("--images")
    start = time.monotonic()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.monotonic() - start
    with open(report, encoding="utf-8") as f:
        clusters = [json.loads(line) for line in f if line.strip()]
    return clusters, seconds, done.stderr.strip(), store


def main():
    thresher, pictures, work = sys.argv[1], sys.argv[2], sys.argv[3]
    threshold = float(sys.argv[sys.argv.index("--threshold") + 1]) if "--threshold" in sys.argv else 0.8
    os.makedirs(work, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Pictures, directory=pictures))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"

    text_set, image_part = read("labelled.jsonl"), read("labelled-images.jsonl")
    text_guids = {line["guid"] for line in text_set}
    for name, lines in (("text set", text_set), ("whole set", text_set + image_part)):
        group_of = {line["guid"]: line["group"] for line in lines}
        variant_of = {line["guid"]: line["variant"] for line in lines}
        by_group = collections.defaultdict(list)
        for guid, group in group_of.items():
            by_group[group].append(guid)
        truth = pairs_of(by_group.values())
        print(f"{name}: {len(lines)} records, {len(by_group)} groups, {len(truth)} labelled pairs")
        for images in (False, True):
            Pictures.requests.clear()
            tag = name.replace(" ", "-") + ("-images" if images else "-text")
            clusters, seconds, summary, store = run(thresher, work, tag, lines, base_url, threshold, images)
            predicted = pairs_of(cluster["members"] for cluster in clusters)
            kinds = collections.Counter(e["by"] for cluster in clusters for e in cluster["evidence"])
            option = "--images" if images else "text only"
            print(f"  {option} (threshold {threshold}, {seconds:.1f} s"
                  + (f", {sum(Pictures.requests.values())} thumbnail requests" if images else "") + f"): "
                  + figures(predicted, truth, lambda pair: True))
            print(f"    {summary}")
            print("    evidence: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
            if name == "whole set":
                print("    pairs of text-set records: "
                      + figures(predicted, truth, lambda pair: pair[0] in text_guids and pair[1] in text_guids))
                print("    pairs with an image variant: "
                      + figures(predicted, truth, lambda pair: pair[0] not in text_guids or pair[1] not in text_guids))
            # Per variant: clustered with its base record (duplicates) or not (records that must match nothing).
            cluster_of = {}
            for cluster in clusters:
                for member in cluster["members"]:
                    cluster_of[member] = cluster["canonical"]
            base_of = {line["group"]: line["guid"] for line in lines if line["variant"] == "base"}
            hits = collections.defaultdict(lambda: [0, 0])
            for guid, variant in variant_of.items():
                if variant == "base":
                    continue
                base = base_of[group_of[guid].split("-")[0]]
                expected = variant not in ("other-work", "untitled", "sibling")
                together = guid in cluster_of and cluster_of.get(base) == cluster_of[guid]
                hits[variant][0] += together == expected
                hits[variant][1] += 1
            print("    as labelled: " + ", ".join(f"{variant} {right}/{total}"
                                                  for variant, (right, total) in sorted(hits.items())))
            # Image variants joined to a text-set record by their own thumbnail evidence (not through another variant).
            if name == "whole set" and images:
                direct = set()
                for cluster in clusters:
                    for e in cluster["evidence"]:
                        if e["by"] in ("phash", "dhash", "image-url"):
                            for x, y in ((e["a"], e["b"]), (e["b"], e["a"])):
                                if x not in text_guids and y in text_guids and group_of[x] == group_of[y]:
                                    direct.add(x)
                variants = [guid for guid in variant_of if guid not in text_guids and variant_of[guid] not in ("untitled", "sibling")]
                print(f"    image variants with thumbnail evidence to a text-set record of their group: "
                      f"{len(direct & set(variants))} of {len(variants)}")
                margins(store, lines, base_url, group_of, variant_of)
            for cluster in clusters:
                if len({group_of[m] for m in cluster["members"]}) > 1:
                    wrong = [e for e in cluster["evidence"] if group_of[e["a"]] != group_of[e["b"]]]
                    print("    wrong cluster: " + " ".join(cluster["members"]) + "; by "
                          + ", ".join(f"{e['a']}–{e['b']} {e['by']} {e['score']}" for e in wrong))
    server.shutdown()


if __name__ == "__main__":
    main()
