"""Draws the pictures of the dedup labelled set: one file for every line of images.jsonl ({"url", "scene", "edit"}),
named by the SHA-1 of its URL (hex; .jpg or .png), so a server can answer a URL from its name alone.

A scene is Benchmarks/images/scenes.py's picture-like drawing (gradient, shapes, words, noise), its size drawn from
the scene number (240×180 to 480×360), as bench-images draws them. Edits of a scene's picture:
  base    JPEG quality 75 (the record's own thumbnail)
  mirror  the base JPEG decoded and re-encoded at quality 85 (an aggregator's copy)
  q50     the base JPEG decoded and re-encoded at quality 50
  q90     the base JPEG decoded and re-encoded at quality 90
  half    the scene resized to 50% (Lanczos), JPEG quality 75
  double  the scene resized to 200% (Lanczos), JPEG quality 75
  png     the base JPEG decoded and stored as PNG (RGB, lossless)
  sibling another picture of the same series: the background (gradient colours and direction, size) of scene
          `background`, the shapes, words and noise of scene `scene`; JPEG quality 75
Deterministic for one Pillow version (the eval pins pillow==13.0.0). Usage: images.py images.jsonl OUTDIR"""
import hashlib
import io
import json
import os
import random
import sys

from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "images"))
from scenes import scene  # noqa: E402


def file_name(url):
    """The file serving `url`: the SHA-1 of its UTF-8 bytes, hex, and .png or .jpg."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return digest + (".png" if url.endswith(".png") else ".jpg")


def encoded(image, form, **options):
    buffer = io.BytesIO()
    image.save(buffer, form, **options)
    return buffer.getvalue()


def picture(number, edit, background=None):
    rng = random.Random(number if background is None else background)
    width, height = rng.randint(240, 480), rng.randint(180, 360)
    drawn = scene(number, width, height, background=background)
    base = encoded(drawn, "JPEG", quality=75)
    decoded = Image.open(io.BytesIO(base)).convert("RGB")
    if edit in ("base", "sibling"):
        return base
    if edit in ("mirror", "q50", "q90"):
        return encoded(decoded, "JPEG", quality={"mirror": 85, "q50": 50, "q90": 90}[edit])
    if edit in ("half", "double"):
        factor = 0.5 if edit == "half" else 2.0
        return encoded(drawn.resize((round(width * factor), round(height * factor)), Image.LANCZOS), "JPEG", quality=75)
    if edit == "png":
        return encoded(decoded, "PNG")
    raise ValueError(f"unknown edit {edit}")


def main():
    manifest, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            data = picture(entry["scene"], entry["edit"], entry.get("background"))
            with open(os.path.join(out, file_name(entry["url"])), "wb") as g:
                g.write(data)
            count += 1
    print(f"images.py: {count} pictures in {out}")


if __name__ == "__main__":
    main()
