#!/usr/bin/env bash
# make bench-dedup-labelled: pair precision and recall of `thresher dedup` (a debug build is enough) on the dedup
# labelled set (Benchmarks/dedup-labelled: real fixture records with text variants, and image variants whose
# thumbnails are served on 127.0.0.1), without and with --images, on the text set alone and on the whole set.
# Environment: THRESHER (default: the main package's debug build, built when missing), THRESHOLD (default 0.8).
# Pictures, stores and reports go to Benchmarks/.work/dedup-labelled (git-ignored); the venv to .venv-dedup-labelled.
set -euo pipefail
cd "$(dirname "$0")/.."
threshold="${THRESHOLD:-0.8}"
work=.work/dedup-labelled
echo "# dedup labelled set ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

thresher="${THRESHER:-}"
if [ -z "$thresher" ]; then
    swift build --package-path .. --product thresher 2>&1 | grep -E "error|complete!" >&2 || true
    thresher="$(swift build --package-path .. --show-bin-path)/thresher"
fi
[ -x "$thresher" ] || { echo "dedup-labelled-eval: no thresher binary at $thresher" >&2; exit 1; }

venv=.venv-dedup-labelled
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pillow==13.0.0 numpy
fi

# The pictures are drawn again only when images.jsonl changed; stores and reports are made fresh.
if ! cmp -s dedup-labelled/images.jsonl "$work/pictures/images.jsonl"; then
    rm -rf "$work/pictures"
    mkdir -p "$work/pictures"
    "$venv/bin/python" dedup-labelled/images.py dedup-labelled/images.jsonl "$work/pictures"
    cp dedup-labelled/images.jsonl "$work/pictures/images.jsonl"
fi
rm -f "$work"/*.sqlite* "$work"/*.jsonl
python3 scripts/dedup-labelled-eval.py "$thresher" "$work/pictures" "$work" --threshold "$threshold"
