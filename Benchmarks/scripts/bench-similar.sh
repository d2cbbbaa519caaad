#!/usr/bin/env bash
# make bench-similar: Thresher's similarity search on RECORDS (default 1,000,000) generated clustered 384-d vectors
# in a record store: the HNSW graph's build, store and read-back times, p50/p99 latency of 1,000 top-10 queries and
# recall@10 against the exact BLAS scan (SimilarBench, release). Beside it, unless PEER=0, hnswlib (PyPI, in
# Benchmarks/.venv-similar) on the same vectors and queries with the same M/efConstruction/efSearch, one thread.
# Environment: RECORDS, QUERIES (1000), CLUSTERS (RECORDS/100), M (16), EF_CONSTRUCTION (100), EF_SEARCH (96),
# PEER (1), SCRATCH_PATH (SwiftPM scratch folder of the benchmark package), KEEP=1 keeps the store.
# Work files go to Benchmarks/.work/similar (git-ignored; ≈1.6 KB a vector for the store, as much again for the peer).
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
peer="${PEER:-1}"
work=.work/similar
mkdir -p "$work"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")
echo "# make bench-similar ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

rm -rf "${SCRATCH_PATH:-.build}/release.yaml" "${SCRATCH_PATH:-.build}"/*/release/description.json "${SCRATCH_PATH:-.build}"/*/release/SimilarBench.build
swift build -c release --package-path . --product SimilarBench "${scratch[@]}" 2>&1 | grep -E "error|Build complete" >&2 || true
bench="$(swift build -c release --package-path . --product SimilarBench "${scratch[@]}" --show-bin-path)/SimilarBench"
[ -x "$bench" ] || { echo "bench-similar: the release build failed" >&2; exit 1; }

export RECORDS="$records"
if [ "$peer" = 1 ]; then export PEER_FILES=1; fi
/usr/bin/time -f "similar: peak RSS %M KB, %e s wall, %U s user" "$bench" "$work"

if [ "$peer" = 1 ]; then
    venv=.venv-similar
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "hnswlib==0.8.0" "numpy<3" >&2
    fi
    PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" peers/similar_hnswlib.py "$work" "${M:-16}" "${EF_CONSTRUCTION:-100}" "${EF_SEARCH:-96}" 1
    rm -f "$work/vectors.f32" "$work/queries.f32" "$work/truth.i32"
fi
