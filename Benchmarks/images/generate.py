"""The labelled image set of bench-images: N base scenes (scenes.py: gradients, shapes, text, noise; sizes drawn
between 240×180 and 480×360) saved as JPEG quality 75, and four variants of each: re-encoded at quality 50 and 90
(from the decoded base, as a second JPEG generation), resized to 50% and 200% (from the base scene, quality 75), and
a palette PNG (64 colours). Files are GROUP-VARIANT.ext: two files are the same picture exactly when their GROUP is.
Usage: generate.py OUTDIR [N=100]"""
import io
import os
import random
import sys

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenes import scene  # noqa: E402


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    os.makedirs(out, exist_ok=True)
    for group in range(count):
        rng = random.Random(group)
        width = rng.randint(240, 480)
        height = rng.randint(180, 360)
        base = scene(100_000 + group, width, height)
        buffer = io.BytesIO()
        base.save(buffer, "JPEG", quality=75)
        first = buffer.getvalue()
        decoded = Image.open(io.BytesIO(first)).convert("RGB")
        files = {"base.jpg": first}
        for quality in (50, 90):
            buffer = io.BytesIO()
            decoded.save(buffer, "JPEG", quality=quality)
            files[f"q{quality}.jpg"] = buffer.getvalue()
        for name, factor in (("half", 0.5), ("double", 2.0)):
            buffer = io.BytesIO()
            base.resize((round(width * factor), round(height * factor)), Image.LANCZOS).save(buffer, "JPEG", quality=75)
            files[f"{name}.jpg"] = buffer.getvalue()
        buffer = io.BytesIO()
        base.quantize(64).save(buffer, "PNG")
        files["palette.png"] = buffer.getvalue()
        for name, data in files.items():
            with open(os.path.join(out, f"{group:04d}-{name}"), "wb") as f:
                f.write(data)
    print(f"generated {count} groups, {count * 6} images in {out}")


if __name__ == "__main__":
    main()
