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

The image part (labelled-images.jsonl and images.jsonl, images.py draws the pictures; README.md):
  every image URL of both files gets a picture, listed in images.jsonl as {"url", "scene", "edit"}: a base record's
  own URL the group's scene (JPEG quality 75), the re-cased variant's mirror URL the same picture re-encoded (quality
  85), the re-punctuated variant's .png URL a PNG of it; other-work and untitled records each a scene of their own.
  For every base with an image URL (26 of 32), labelled-images.jsonl adds five duplicates of the same group whose
  text says little: the title translated into English by hand (TRANSLATIONS), no description, another provider's
  image URL and landing page, the creator kept on three of them; their pictures:
    img-q50, img-q90      the base picture decoded and re-encoded as JPEG quality 50 / 90
    img-half, img-double  the base scene resized to 50% / 200% (JPEG quality 75)
    img-png               the base picture decoded and stored as PNG (lossless, RGB)
  and four records that must match nothing (each its own group), all with the base's creator and date:
    img-untitled-1/2      a template title and a scene of their own
    img-sibling-1/2       another picture of the same series: the base scene's background (gradient) with other
                          shapes and words; -1 with a template title, -2 with another title
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

# The first title of every base with an image URL, translated into English by hand (group number → title).
TRANSLATIONS = {
    3: "Sandglass (sandstone)", 4: "Zoomorphic lid", 5: "Side panel of a biroccio cart",
    7: "Circular No. 752: 27 February 1914, Varna",
    8: "Correspondent for Germany's book printers and type founders, 1909, no. 103",
    9: "Press photograph, 12 January 1966", 10: "Football, Eredivisie: Feyenoord against Go Ahead, 3-1",
    11: "Watercress", 12: "Greater stitchwort", 13: "Dwarf elder", 14: "Hawkweed oxtongue",
    15: "Hawk's-beard, Crepis leontodontoides", 16: "Garlic penny-cress", 17: "Cantabrian bindweed",
    18: "Alpine forget-me-not", 19: "Rough hawkbit", 20: "Grass-leaved bellflower",
    21: "In pious memory: Wilhelm, Count of Wurmbrand-Stuppach", 22: "Census of 1891, Fredrikstad, personal slips, page 3499",
    23: "The courtesan Agemaki of the Matsuganeya house", 24: "The ninth of October", 25: "Puig Major seen from Sóller",
    26: "Friendship album of Johann Lange of Liegnitz in Silesia (1592-1620), octavo, white vellum",
    29: "Johann Ladislaus Pyrker of Oberwart", 30: "Aurelian, Roman emperor", 31: "Lucien Bonaparte",
}
# The image variants: (variant, picture edit, creator kept, title suffix).
IMAGE_VARIANTS = [("img-q50", "q50", True, ""), ("img-q90", "q90", True, " [photograph]"),
                  ("img-half", "half", True, ""), ("img-double", "double", False, " [photograph]"),
                  ("img-png", "png", False, "")]

def image_part(lines):
    """The image variants and their records (labelled-images.jsonl) and the picture of every image URL (images.jsonl)."""
    pictures = {}
    def picture(url, scene, edit, background=None):
        assert pictures.get(url, (scene, edit, background)) == (scene, edit, background), url
        pictures[url] = (scene, edit, background)
    own = 300_000  # scenes of records that must match nothing: one each
    bases = {}
    for line in lines:
        n = int(line["group"][1:].split("-")[0])
        url = (line["fields"].get("image") or [None])[0]
        if line["variant"] == "base":
            bases[n] = line
        if url is None:
            continue
        if line["variant"] in ("base", "added-fields", "translated"):
            picture(url, 200_000 + n, "base")
        elif line["variant"] == "recased":
            picture(url, 200_000 + n, "mirror")
        elif line["variant"] == "repunctuated":
            picture(url, 200_000 + n, "png")
        else:
            own += 1
            picture(url, own, "base")
    out = []
    for n, base in sorted(bases.items()):
        fields = base["fields"]
        if not fields.get("image"):
            continue
        guid, group = base["guid"], base["group"]
        creator, date = fields.get("creator", []), fields.get("date", [])
        for k, (variant, edit, keep_creator, suffix) in enumerate(IMAGE_VARIANTS):
            url = f"https://images{k}.example.com/iiif/{n}/full/{edit}.{'png' if edit == 'png' else 'jpg'}"
            picture(url, 200_000 + n, edit)
            record = {"title": [TRANSLATIONS[n] + suffix], "creator": creator if keep_creator else [], "date": date,
                      "image": [url], "isShownAt": [f"https://portal{k}.example.com/object/{n}"],
                      "language": ["en"], "type": ["IMAGE"]}
            out.append({"guid": f"{guid}#{variant}", "group": group, "variant": variant,
                        "fields": {key: v for key, v in record.items() if v}})
        for k in (1, 2):
            url = f"https://images.example.com/untitled/{n}-{k}.jpg"
            own += 1
            picture(url, own, "base")
            record = {"title": [TEMPLATES[(n + k + 1) % len(TEMPLATES)]], "creator": creator, "date": date, "image": [url]}
            out.append({"guid": f"{guid}#img-untitled-{k}", "group": f"{group}-img-untitled-{k}", "variant": "untitled",
                        "fields": {key: v for key, v in record.items() if v}})
        # Another picture of the same series (the base scene's background, other shapes and words): with a template
        # title, then with another title; the base's creator and date.
        for k, title in ((1, TEMPLATES[(n + 3) % len(TEMPLATES)]), (2, f"Sheet {n + 2} of the series")):
            url = f"https://images.example.com/series/{n}-{k}.jpg"
            own += 1
            picture(url, own, "sibling", background=200_000 + n)
            record = {"title": [title], "creator": creator, "date": date, "image": [url]}
            out.append({"guid": f"{guid}#img-sibling-{k}", "group": f"{group}-img-sibling-{k}", "variant": "sibling",
                        "fields": {key: v for key, v in record.items() if v}})
    return out, [dict({"url": url, "scene": scene, "edit": edit}, **({"background": b} if b is not None else {}))
                 for url, (scene, edit, b) in sorted(pictures.items())]

def write(name, lines):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")

def count(lines):
    groups = {}
    for line in lines:
        groups[line["group"]] = groups.get(line["group"], 0) + 1
    return len(lines), len(groups), sum(c * (c - 1) // 2 for c in groups.values())

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
    write("labelled.jsonl", lines)
    print("labelled.jsonl: %d records, %d groups, %d duplicate pairs" % count(lines))
    extra, pictures = image_part(lines)
    write("labelled-images.jsonl", extra)
    write("images.jsonl", pictures)
    print("with labelled-images.jsonl: %d records, %d groups, %d duplicate pairs; images.jsonl: %d pictures"
          % (count(lines + extra) + (len(pictures),)))

if __name__ == "__main__":
    main()
