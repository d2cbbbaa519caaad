#!/usr/bin/env python3
"""Reference scorer for Thresher measurement schemas (docs/SCHEMAS.md), independent of the Swift engine.

Usage:
  measure_reference.py SCHEMA.json INPUT [INPUT ...] [--fields] [--fractions] [--quiet]

INPUT: a JSON file (one record, or an array of records) or a JSON Lines file (bare records, or
`thresher export` lines whose `record` holds one; deleted export lines are passed over).

Prints CSV `recordId,TOTAL,<schema dimensions...>` (with --fields also `existence:<label>` and
`cardinality:<label>` columns, schema order). Numbers are Python's shortest round-trip float repr
(the same digits as Swift's `Double.description`: 0.3888888888888889, 1.0); --fractions prints the
exact fraction instead (`14/36`; a dimension without slots is an empty cell in both).
With --time, prints records/s to stderr.

Implements completeness per dimension + TOTAL, existence and cardinality; not the problem catalogue
or multilinguality. Paths are RFC 9535 (package `jsonpath-rfc9535`); Jayway spellings are rewritten:
`$.[` -> `$[`, `@.[` -> `@[`, `[?(` … `)]` -> `[?` … `]`.
"""
import csv
import json
import sys
import time

import jsonpath_rfc9535 as jsonpath

ITEM_PREFIX = "http://data.europeana.eu/item/"


def to_rfc9535(path: str) -> str:
    """Rewrite the Jayway spellings the contract accepts into RFC 9535."""
    out = []
    i = 0
    quote = None
    while i < len(path):
        c = path[i]
        if quote:
            out.append(c)
            if c == "\\":
                out.append(path[i + 1]); i += 2; continue
            if c == quote:
                quote = None
            i += 1; continue
        if c in "'\"":
            quote = c; out.append(c); i += 1; continue
        if path.startswith("$.[", i) or path.startswith("@.[", i):
            out.append(c + "["); i += 3; continue
        if path.startswith("[?(", i):
            # find the matching ')' followed by ']' at depth 0
            depth = 0; j = i + 2; q = None
            while j < len(path):
                d = path[j]
                if q:
                    if d == "\\": j += 2; continue
                    if d == q: q = None
                elif d in "'\"": q = d
                elif d == "(": depth += 1
                elif d == ")":
                    depth -= 1
                    if depth == 0: break
                j += 1
            if depth == 0 and j + 1 < len(path) and path[j + 1] == "]":
                out.append("[?" + to_rfc9535(path[i + 3:j]) + "]"); i = j + 2; continue
        out.append(c); i += 1
    return "".join(out)


def flatten(node, acc):
    """A selected array contributes its elements (nested arrays flattened); null contributes nothing."""
    if node is None:
        return
    if isinstance(node, list):
        for x in node:
            flatten(x, acc)
    else:
        acc.append(node)


def is_blank_text(s) -> bool:
    return isinstance(s, str) and s.strip() == ""


def is_blank(v) -> bool:
    if isinstance(v, str):
        return v.strip() == ""
    if isinstance(v, dict):
        for k in ("@resource", "@lang", "#value"):
            x = v.get(k)
            if isinstance(x, str) and x.strip() != "":
                return False
            if x is not None and not isinstance(x, str):  # a non-string #value (number…) is a value
                return False
        return True
    return False  # numbers, booleans


class Field:
    def __init__(self, spec, coll):
        self.label = spec["label"]
        self.query = jsonpath.compile(to_rfc9535(spec["path"]))
        self.dims = spec.get("dimensions", [])
        self.existence = spec.get("existence", coll.existence)
        self.scored = spec.get("scored", True)

    def evaluate(self, instance):
        """(exists, cardinality) on one instance."""
        nodes = [n.value for n in self.query.find(instance)]
        values = []
        for n in nodes:
            flatten(n, values)
        if self.existence == "key":
            return len(nodes) > 0, len(values)
        if self.existence == "value":
            return len(values) > 0, len(values)
        if self.existence == "nonblank":
            good = sum(1 for v in values if not is_blank(v))
            return good > 0, good
        raise ValueError(f"field {self.label}: unknown existence rule {self.existence!r}")


class Collection:
    def __init__(self, spec, schema):
        self.label = spec["label"]
        self.query = jsonpath.compile(to_rfc9535(spec["path"]))
        self.existence = spec.get("existence", schema.get("existence", "nonblank"))
        self.instances = spec.get("instances", schema.get("instances", "each"))
        self.fields = [Field(f, self) for f in spec["fields"]]

    def instances_of(self, record):
        out = []
        for n in self.query.find(record):
            v = n.value
            if isinstance(v, list):  # a collection path selecting an array: one instance per member
                out.extend(x for x in v if x is not None)
            elif v is not None:
                out.append(v)
        return out


class Schema:
    def __init__(self, spec):
        self.spec = spec
        self.dimensions = spec.get("dimensions", [])
        self.collections = [Collection(c, spec) for c in spec["collections"]]
        self.fields = [f for c in self.collections for f in c.fields if f.scored]
        self.groups = spec.get("groups", [])
        labels = [f.label for c in self.collections for f in c.fields]
        assert len(labels) == len(set(labels)), "duplicate field labels"

    def score(self, record):
        num = {d: 0 for d in ["TOTAL"] + self.dimensions}
        den = {d: 0 for d in num}
        existence = {}
        cardinality = {}
        exists_any = {}
        for coll in self.collections:
            insts = coll.instances_of(record)
            per_field = {f.label: [] for f in coll.fields}
            for inst in insts:
                for f in coll.fields:
                    per_field[f.label].append(f.evaluate(inst))
            for f in coll.fields:
                results = per_field[f.label]
                any_exists = any(e for e, _ in results)
                exists_any[f.label] = any_exists
                if not f.scored:
                    continue
                existence[f.label] = 1 if any_exists else 0
                cardinality[f.label] = sum(c for _, c in results)
                if coll.instances == "union":
                    slots = [any_exists]
                elif coll.instances == "each":
                    slots = [e for e, _ in results] or [False]
                else:
                    raise ValueError(f"collection {coll.label}: unknown instances rule {coll.instances!r}")
                for d in ["TOTAL"] + f.dims:
                    den[d] += len(slots)
                    num[d] += sum(1 for s in slots if s)
        for g in self.groups:
            filled = any(exists_any[l] for l in g["fields"])
            for d in g.get("dimensions", []):
                den[d] += 1
                num[d] += 1 if filled else 0
        return num, den, existence, cardinality


def record_id(rec):
    ident = rec.get("identifier", "")
    if isinstance(ident, list):
        ident = ident[0] if ident else ""
    ident = str(ident)
    return ident[len(ITEM_PREFIX):] if ident.startswith(ITEM_PREFIX) else ident


def read_records(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip()
    docs = None
    if path.endswith(".json"):
        try:
            docs = json.loads(text)
            docs = docs if isinstance(docs, list) else [docs]
        except json.JSONDecodeError:
            docs = None
    if docs is None:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    for d in docs:
        if isinstance(d, dict) and "record" in d and "identifier" not in d:
            if d.get("deleted"):
                continue
            d = d["record"]
        yield d


def fmt(n, d, fractions):
    if d == 0:
        return ""
    return f"{n}/{d}" if fractions else repr(n / d)


def main(argv):
    opts = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    with open(args[0], encoding="utf-8") as f:
        schema = Schema(json.load(f))
    fractions = "--fractions" in opts
    w = csv.writer(sys.stdout, lineterminator="\n")
    head = ["recordId", "TOTAL"] + schema.dimensions
    if "--fields" in opts:
        head += [f"existence:{f.label}" for f in schema.fields] + [f"cardinality:{f.label}" for f in schema.fields]
    w.writerow(head)
    start = time.perf_counter()
    count = 0
    for path in args[1:]:
        for rec in read_records(path):
            num, den, ex, card = schema.score(rec)
            row = [record_id(rec)] + [fmt(num[d], den[d], fractions) for d in ["TOTAL"] + schema.dimensions]
            if "--fields" in opts:
                row += [ex[f.label] for f in schema.fields] + [card[f.label] for f in schema.fields]
            w.writerow(row)
            count += 1
    if "--time" in opts:
        secs = time.perf_counter() - start
        print(f"{count} records in {secs:.3f} s: {count / secs:.1f} records/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
