#!/usr/bin/env bash
# make bench-store: 100,000 generated EDM records stored as text (today's store) and compressed (zstd), alternating
# (ROUNDS, default 2), then read back; bytes on disk per record, the real fixture records' ratio, a migration.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH_PATH:-.build}"
# SwiftPM keeps the path dependency's file list in the build description: drop it so new source files count.
rm -rf "$SCRATCH/release.yaml" "$SCRATCH"/*/release/description.json "$SCRATCH"/*/release/StoreBench.build
swift build -c release --package-path . --scratch-path "$SCRATCH" --product StoreBench 2>&1 | grep -E "error|Compiling StoreBench|Build complete" >&2 || true
"$SCRATCH/release/StoreBench" "${RECORDS:-100000}"
