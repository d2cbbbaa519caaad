#!/usr/bin/env bash
# make bench-images: the quality and speed of Thresher's perceptual hashes on a generated labelled image set
# (images/generate.py: GROUPS base scenes, each with 5 variants: JPEG re-encoded at quality 50 and 90, resized to 50%
# and 200%, a 64-colour PNG). Thresher's release ImageHashBench hashes every file (throughput, one core);
# images/evaluate.py computes the pair precision and recall at Hamming <= THRESHOLD for pHash and dHash, and the
# same for Python imagehash (the peer, in Benchmarks/.venv-images) on the same files, in the same run.
# Environment: GROUPS (default 100), THRESHOLD (default 6), SCRATCH_PATH (SwiftPM scratch folder).
# Images and outputs go to Benchmarks/.work/images (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
groups="${GROUPS:-100}"
threshold="${THRESHOLD:-6}"
work=.work/images
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")
echo "# make bench-images ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

venv=.venv-images
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pillow==13.0.0 imagehash==4.3.2 numpy scipy
fi

rm -rf "$work/set"
mkdir -p "$work/set"
"$venv/bin/python" images/generate.py "$work/set" "$groups"

swift build -c release --package-path . --product ImageHashBench "${scratch[@]}" 2>&1 | grep -E "error|complete!" >&2 || true
bench="$(swift build -c release --package-path . --product ImageHashBench "${scratch[@]}" --show-bin-path)/ImageHashBench"
[ -x "$bench" ] || { echo "bench-images: the release build failed" >&2; exit 1; }
"$bench" "$work/set" "$work/thresher.tsv" --rounds 3
"$venv/bin/python" images/evaluate.py "$work/set" "$work/thresher.tsv" "$threshold"
