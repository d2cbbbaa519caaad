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
import math
import random
import sys

import numpy
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "images"))
from scenes import WORDS, _color, scene  # noqa: E402


def sibling(background, number, width, height):
    """scenes.scene's drawing with the gradient of scene `background` and everything else of scene `number`."""
    rng = random.Random(background)
    a, b = _color(rng), _color(rng)
    angle = rng.uniform(0, 2 * math.pi)
    rng = random.Random(number)
    dx, dy = math.cos(angle), math.sin(angle)
    span = abs(dx) * width + abs(dy) * height
    ys, xs = numpy.mgrid[0:height, 0:width]
    t = ((xs * dx + ys * dy) - min(0, dx * width) - min(0, dy * height)) / span
    channels = [(a[i] + (b[i] - a[i]) * t).astype(numpy.uint8) for i in range(3)]
    gradient = Image.fromarray(numpy.dstack(channels), "RGB")
    draw = ImageDraw.Draw(gradient)
    for _ in range(rng.randint(3, 8)):
        kind = rng.choice(["ellipse", "rectangle", "polygon", "line"])
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randint(20, width // 2), y0 + rng.randint(20, height // 2)
        if kind == "ellipse":
            draw.ellipse([x0, y0, x1, y1], fill=_color(rng))
        elif kind == "rectangle":
            draw.rectangle([x0, y0, x1, y1], fill=_color(rng))
        elif kind == "polygon":
            points = [(rng.randrange(width), rng.randrange(height)) for _ in range(rng.randint(3, 6))]
            draw.polygon(points, fill=_color(rng))
        else:
            draw.line([x0, y0, x1, y1], fill=_color(rng), width=rng.randint(2, 10))
    font = ImageFont.load_default(size=rng.randint(14, 30))
    for _ in range(rng.randint(1, 3)):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        draw.text((rng.randrange(width // 2), rng.randrange(height - 30)), text, fill=_color(rng), font=font)
    image = gradient.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.effect_noise((width, height), rng.uniform(4, 16)).convert("RGB")
    return Image.blend(image, noise, 0.08)


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
    drawn = scene(number, width, height) if background is None else sibling(background, number, width, height)
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
