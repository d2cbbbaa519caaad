#!/usr/bin/env python3
"""Generates the dedup labelled set (labelled.jsonl) from the real records in fixtures/.

Each line: {"guid": ID, "group": G, "variant": V, "fields": {FIELD: [text, ...]}} with the cleansed view's field
names (title, creator, date, description, image, isShownAt, subject, language, type). Records of one group are
duplicates of each other (every pair of them should be clustered); records of different groups are not.

For every real record (the base, variant "base") four duplicates with known edits:
  recased       title, creator and description re-cased, another image URL and landing page (another provider)
  repunctuated  punctuation changed, diacritics dropped, another image URL
  added-fields  the same image URL, subject/language/type added and a sentence appended to the description
  translated    the title translated word by word (a small dictionary), the same image URL
and three records that must match nothing (each its own group):
  other-work    the same creator and date, another work (another title, no description), its own image
  untitled-1/2  a template title ("Untitled", "Sans titre", "[no title]", "Ohne Titel") with the same creator and
                date, no description, its own image
Deterministic: run it again and the same file comes out.
"""
import glob
import json
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

def texts(values):
    out = []
    for v in values or []:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            if "#value" in v:
                out.append(v["#value"])
            elif "@resource" in v:
                out.append(v["@resource"])
    return [t.strip() for t in out if t and t.strip()]

def from_oai_json(record):
    proxies = [p for p in record.get("ore:Proxy", []) if p.get("edm:europeanaProxy", ["false"])[0] != "true"]
    proxy = proxies[0] if proxies else {}
    aggregation = (record.get("ore:Aggregation") or [{}])[0]
    fields = {
        "title": texts(proxy.get("dc:title")) + texts(proxy.get("dcterms:alternative"))[:0],
        "creator": texts(proxy.get("dc:creator")),
        "date": (texts(proxy.get("dc:date")) + texts(proxy.get("dcterms:created")) + texts(proxy.get("dcterms:issued")))[:1],
        "description": texts(proxy.get("dc:description")),
        "image": (texts(aggregation.get("edm:isShownBy")) or texts(aggregation.get("edm:object")))[:1],
        "isShownAt": texts(aggregation.get("edm:isShownAt"))[:1],
    }
    guid = record.get("identifier") or (record.get("edm:ProvidedCHO") or [{}])[0].get("@about")
    return guid, fields

def lang_map(value):
    out = []
    if isinstance(value, dict):
        for _, vs in sorted(value.items()):
            out += [vs] if isinstance(vs, str) else [v for v in vs if isinstance(v, str)]
    elif isinstance(value, list):
        out += [v for v in value if isinstance(v, str)]
    elif isinstance(value, str):
        out.append(value)
    return [t.strip() for t in out if t.strip()]

def from_fullbean(record):
    proxies = [p for p in record.get("proxies", []) if not p.get("europeanaProxy")]
    proxy = proxies[0] if proxies else {}
    aggregation = (record.get("aggregations") or [{}])[0]
    image = aggregation.get("edmIsShownBy") or aggregation.get("edmObject")
    fields = {
        "title": lang_map(proxy.get("dcTitle")),
        "creator": lang_map(proxy.get("dcCreator")),
        "date": (lang_map(proxy.get("dcDate")) + lang_map(proxy.get("dctermsCreated")) + lang_map(proxy.get("dctermsIssued")))[:1],
        "description": lang_map(proxy.get("dcDescription")),
        "image": [image] if isinstance(image, str) and image else [],
        "isShownAt": [aggregation["edmIsShownAt"]] if isinstance(aggregation.get("edmIsShownAt"), str) else [],
    }
    return record.get("about") or record.get("identifier"), fields

def bases():
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "fixtures", "*.json*"))):
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(l) for l in f if l.strip()] if path.endswith(".jsonl") else [json.load(f)]
        for record in lines:
            guid, fields = from_fullbean(record) if "proxies" in record else from_oai_json(record)
            fields = {k: v for k, v in fields.items() if v}
            if guid and ("title" in fields or "description" in fields):
                out.append((guid, fields))
    seen, unique = set(), []
    for guid, fields in out:
        if guid not in seen:
            seen.add(guid)
            unique.append((guid, fields))
    return unique

def strip_diacritics(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))

def repunctuate(text, rng):
    words = text.split(" ")
    if len(words) > 2:
        k = rng.randrange(1, len(words))
        words[k - 1] = words[k - 1].rstrip(",;:.") + rng.choice([",", ";", " -", ":"])
    out = " ".join(words).replace(",", " ,").replace("  ", " ")
    return strip_diacritics(out.rstrip(".") + rng.choice([".", " ...", "!", ""]))

DICTIONARY = {
    "the": "der", "of": "von", "and": "und", "a": "ein", "with": "mit", "in": "im", "on": "auf", "at": "bei",
    "portrait": "Bildnis", "view": "Ansicht", "house": "Haus", "church": "Kirche", "map": "Karte", "letter": "Brief",
    "der": "the", "die": "the", "das": "the", "und": "and", "von": "of", "mit": "with", "zu": "to", "im": "in",
    "de": "of", "la": "the", "le": "the", "et": "and", "des": "of the", "du": "of the", "il": "the", "di": "of",
    "del": "of the", "della": "of the", "e": "and", "en": "in", "het": "the", "van": "of", "een": "a",
}

def translate(title):
    words = title.split()
    out = [DICTIONARY.get(w.lower().strip(",.;:"), w) for w in words]
    changed = sum(1 for a, b in zip(words, out) if a != b)
    if changed == 0:
        out = ["Titel:"] + out[::-1]  # nothing to translate: the words in another order, another label
    return " ".join(out)

OTHER_WORKS = ["Landscape with a river", "Study of a horse", "View of a village in winter", "Still life with fruit",
               "Portrait of an old man", "Interior of a church", "Sketch of a ship", "Map of the coast",
               "Letter to a friend", "Drawing of a flower", "Market scene", "Design for a fountain"]
TEMPLATES = ["Untitled", "Sans titre", "[no title]", "Ohne Titel"]

def main():
    rng = random.Random(15)
    lines = []
    for n, (guid, base) in enumerate(bases()):
        group = f"g{n}"
        def add(suffix, fields, group=group, variant=None):
            lines.append({"guid": guid + suffix, "group": group, "variant": variant or (suffix.lstrip("#") or "base"),
                          "fields": {k: v for k, v in fields.items() if v}})
        add("", base, variant="base")
        title = base.get("title", [])
        recased = dict(base)
        recased["title"] = [t.upper() if n % 2 else t.lower() for t in title]
        recased["creator"] = [c.upper() for c in base.get("creator", [])]
        recased["description"] = [d.lower() for d in base.get("description", [])]
        recased["image"] = [f"https://mirror{n}.example.org/media/{n}/a.jpg"]
        recased["isShownAt"] = [f"https://mirror{n}.example.org/item/{n}"]
        add("#recased", recased)
        repunct = dict(base)
        repunct["title"] = [repunctuate(t, rng) for t in title]
        repunct["description"] = [repunctuate(d, rng) for d in base.get("description", [])]
        repunct["creator"] = [strip_diacritics(c) for c in base.get("creator", [])]
        repunct["image"] = [f"https://cdn{n}.example.net/thumbs/{n}.png"]
        add("#repunctuated", repunct)
        added = dict(base)
        added["subject"] = ["heritage", "digitised collection"]
        added["language"] = ["en"]
        added["type"] = ["IMAGE"]
        added["description"] = base.get("description", [])[:-1] + [
            (base.get("description", [""])[-1] + " Digitised in 2019.").strip()]
        add("#added-fields", added)
        translated = dict(base)
        translated["title"] = [translate(t) for t in title]
        add("#translated", translated)
        creator, date = base.get("creator", []), base.get("date", [])
        add("#other-work", {"title": [f"{OTHER_WORKS[n % len(OTHER_WORKS)]} ({n})"], "creator": creator, "date": date,
                            "image": [f"https://other.example.org/{n}.jpg"]}, group=group + "-other", variant="other-work")
        for k in (1, 2):
            add(f"#untitled-{k}", {"title": [TEMPLATES[(n + k) % len(TEMPLATES)]], "creator": creator, "date": date,
                                   "image": [f"https://untitled.example.org/{n}-{k}.jpg"]},
                group=f"{group}-untitled-{k}", variant="untitled")
    with open(os.path.join(HERE, "labelled.jsonl"), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    groups = {}
    for line in lines:
        groups.setdefault(line["group"], 0)
        groups[line["group"]] += 1
    pairs = sum(c * (c - 1) // 2 for c in groups.values())
    print(f"{len(lines)} records, {len(groups)} groups, {pairs} duplicate pairs")

if __name__ == "__main__":
    main()
