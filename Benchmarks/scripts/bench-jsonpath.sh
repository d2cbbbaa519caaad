#!/usr/bin/env bash
# make bench-jsonpath: JSONPathBench (release) on a generated corpus of EDM records, then the Python
# peer (jsonpath-rfc9535, in Benchmarks/.venv-jsonpath) on a 10,000-record sample of the same records.
# Environment: RECORDS (default 10000), PASSES (default 3), SCRATCH_PATH (SwiftPM scratch folder).
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-10000}"
passes="${PASSES:-3}"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")

# SwiftPM keeps the path dependency's file list in the build description: drop it so new source files count.
rm -rf "${SCRATCH_PATH:-.build}/release.yaml" "${SCRATCH_PATH:-.build}"/*/release/description.json "${SCRATCH_PATH:-.build}"/*/release/JSONPathBench.build
swift build -c release --package-path . --product JSONPathBench "${scratch[@]}" >&2
bin="$(swift build -c release --package-path . --product JSONPathBench "${scratch[@]}" --show-bin-path)/JSONPathBench"

mkdir -p .work/jsonpath
sample=.work/jsonpath/sample.jsonl
paths=seeds/edm-completeness-paths.txt
echo "# make bench-jsonpath ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores)"
"$bin" --seeds seeds/edm-oai-pmh-json --paths "$paths" --records "$records" --passes "$passes" --write-sample "$sample"

if [ ! -x .venv-jsonpath/bin/python ]; then
    python3 -m venv .venv-jsonpath
    .venv-jsonpath/bin/pip install -q 'jsonpath-rfc9535==1.0.1' >&2
fi
.venv-jsonpath/bin/python peers/jsonpath_rfc9535_peer.py "$sample" "$paths"
