"""Synthetic but picture-like scenes for perceptual-hash tests and benchmarks: a gradient background, shapes,
a few words of text and a little noise, all from a seeded random generator (the same seed draws the same scene)."""
import math
import random

import numpy

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WORDS = ["Portrait", "Landscape", "Museum", "Archive", "Letter", "Map", "Vase", "Coin", "Manuscript", "Poster",
         "Harbour", "Chapel", "Textile", "Sketch", "Folio", "Plate", "Atlas", "Mill", "Bridge", "Garden"]


def _color(rng):
    return tuple(rng.randrange(256) for _ in range(3))


def scene(seed, width=320, height=240, background=None):
    """An RGB image drawn from `seed`; with `background`, another picture of a series: the gradient (colours and
    direction) of scene `background` under the shapes, words and noise of scene `seed`."""
    rng = random.Random(seed if background is None else background)
    a, b = _color(rng), _color(rng)
    angle = rng.uniform(0, 2 * math.pi)
    if background is not None:
        rng = random.Random(seed)
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
