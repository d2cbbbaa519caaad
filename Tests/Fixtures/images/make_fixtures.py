"""Writes the image fixtures of PipelineTests (see SOURCES.md). Run from the repository root:
    python3 Tests/Fixtures/images/make_fixtures.py  (needs Pillow; imagehash, numpy and scipy for --reference)"""
import io
import os
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Benchmarks", "images"))
from scenes import scene  # noqa: E402


def jpeg(image, quality):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def main():
    base = scene(1501, 256, 192)
    other = scene(2702, 256, 192)
    files = {}
    files["base-q85.jpg"] = jpeg(base, 85)
    reread = Image.open(io.BytesIO(files["base-q85.jpg"])).convert("RGB")
    files["base-q40.jpg"] = jpeg(reread, 40)  # re-encoded at another quality
    files["base-half.jpg"] = jpeg(base.resize((128, 96), Image.LANCZOS), 85)  # resized 50%
    files["base-progressive.jpg"] = jpeg(base, 85)
    out = io.BytesIO(); base.save(out, "JPEG", quality=85, progressive=True); files["base-progressive.jpg"] = out.getvalue()
    out = io.BytesIO(); base.convert("L").save(out, "JPEG", quality=85); files["base-gray.jpg"] = out.getvalue()
    out = io.BytesIO(); base.convert("CMYK").save(out, "JPEG", quality=85); files["base-cmyk.jpg"] = out.getvalue()
    files["other-q85.jpg"] = jpeg(other, 85)
    small = base.resize((128, 96), Image.LANCZOS)
    out = io.BytesIO(); small.quantize(64).save(out, "PNG"); files["base-palette.png"] = out.getvalue()
    # 16-bit gray: the 8-bit gray values times 257 (so that 16 → 8 bits gives them back exactly).
    gray16 = Image.new("I;16", small.size)
    gray16.putdata([v * 257 for v in small.convert("L").tobytes()])
    out = io.BytesIO(); gray16.save(out, "PNG"); files["base-gray16.png"] = out.getvalue()
    # RGBA: the left quarter fully transparent with black colour values, a 50% band, the rest opaque.
    rgba = small.convert("RGBA")
    px = rgba.load()
    for y in range(rgba.height):
        for x in range(rgba.width):
            r, g, b, _ = px[x, y]
            if x < 32:
                px[x, y] = (0, 0, 0, 0)
            elif x < 40:
                px[x, y] = (0, 0, 0, 128)
    out = io.BytesIO(); rgba.save(out, "PNG"); files["alpha.png"] = out.getvalue()
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")
    if "--reference" in sys.argv:
        reference(files)


def reference(files):
    import imagehash
    import numpy
    print("imagehash", imagehash.__version__)
    for name in sorted(files):
        image = Image.open(io.BytesIO(files[name]))
        print(f"{name}\tphash {imagehash.phash(image)}\tdhash {imagehash.dhash(image)}")
    # The exact-value inputs of PerceptualHashTests: 32×32 and 9×8 gray patterns (no resizing on either side).
    def pattern(w, h):
        return [((x * 37 + y * 91 + x * y * 13) ^ (x * y)) % 256 for y in range(h) for x in range(w)]
    for w, h in [(32, 32), (9, 8)]:
        image = Image.new("L", (w, h))
        image.putdata(pattern(w, h))
        print(f"pattern {w}x{h}\tphash {imagehash.phash(image)}\tdhash {imagehash.dhash(image)}")
    # The dHash input resized by imagehash to 9×8 is only the identity for a 9×8 image; pHash for 32×32.
    _ = numpy


if __name__ == "__main__":
    main()
