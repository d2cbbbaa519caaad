#!/usr/bin/env bash
# Fuzzes the JSONPath module with libFuzzer + AddressSanitizer for SECONDS (default 120).
# Usage: Fuzz/run-jsonpath.sh [SECONDS] [extra libFuzzer flags…]
# Crash inputs land in Fuzz/JSONPath/crashes/ (keep each as a regression test in Tests/JSONPathTests).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
shift || true
work=.build-fuzz/jsonpath
mkdir -p "$work/corpus" Fuzz/JSONPath/crashes
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name JSONPathFuzz \
    Sources/JSONPath/*/*.swift Fuzz/JSONPath/FuzzEntry.swift \
    -o "$work/fuzz-jsonpath"
"$work/fuzz-jsonpath" "$work/corpus" Fuzz/JSONPath/seeds \
    -dict=Fuzz/JSONPath/jsonpath.dict \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=Fuzz/JSONPath/crashes/ -print_final_stats=1 "$@"
