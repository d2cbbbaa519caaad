#!/usr/bin/env bash
# make bench-report: `thresher report` (release, built-in `edm` schema, every group: each dataset, each data provider,
# the store) on a store of RECORDS (default 1,000,000) measured records across 1,000 datasets (skewed) and 300 data
# providers, made fast by ReportBench (synthetic measurements, nothing scored), at RECORDS and at SMALL (default
# RECORDS/10) to show peak RSS at both sizes; --format json too. Beside it, the peer: the measured CSV of the same
# records (`thresher measure --store`, written from the stored measurements) read by pandas (Benchmarks/.venv-report)
# for per-dataset describe() + 0.25/0.5/0.75 quantiles of TOTAL and every dimension, timed (read + compute).
# Environment: RECORDS, SMALL, SCRATCH_PATH (SwiftPM scratch folder of the benchmark package), KEEP=0 removes the
# stores (kept by default: a store is reused when its generator is unchanged). Everything goes to Benchmarks/.work/report.
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
small="${SMALL:-$((records / 10))}"
cores="$(nproc)"
work=.work/report
mkdir -p "$work"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")

echo "# make bench-report ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# Builds (release): the benchmark package's ReportBench, the main package's thresher.
swift build -c release --package-path . --product ReportBench "${scratch[@]}" 2>&1 | grep -E "error|Build complete" >&2 || true
bench="$(swift build -c release --package-path . --product ReportBench "${scratch[@]}" --show-bin-path)/ReportBench"
swift build -c release --package-path .. --product thresher 2>&1 | grep -E "error|Build complete" >&2 || true
thresher="$(swift build -c release --package-path .. --product thresher --show-bin-path)/thresher"
[ -x "$bench" ] && [ -x "$thresher" ] || { echo "bench-report: the release build failed" >&2; exit 1; }

# Runs a command under /usr/bin/time -v; prints wall and CPU seconds, peak RSS and peak anonymous memory (RSS less
# the file pages SQLite maps, sampled every 0.1 s from /proc: what the process itself allocated).
timed() {
    local label="$1" count="$2"; shift 2
    local status=0 anon=0 pid child value
    /usr/bin/time -v -o "$work/time.txt" "$@" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        for child in $(pgrep -P "$pid"); do
            value="$(awk '/^RssAnon:/ { print $2 }' "/proc/$child/status" 2>/dev/null || true)"
            [ -n "$value" ] && [ "$value" -gt "$anon" ] && anon="$value"
        done
        sleep 0.1
    done
    wait "$pid" || status=$?
    awk -v l="$label" -v n="$count" -v st="$status" -v anon="$anon" -F': ' '
        /Elapsed \(wall clock\)/ { k = split($2, p, ":"); wall = (k == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
        END { printf "%-46s %8d records  %8.2f s wall  %8.2f s CPU (%.2f user + %.2f sys)  peak RSS %6.0f MB, anonymous %6.0f MB%s\n",
              l, n, wall, user + sys, user, sys, rss / 1024, anon / 1024, (st == 0 ? "" : "  [exit " st "]") }' "$work/time.txt"
}

# 1. The stores (setup, timed: the generation), kept for the next run while ReportBench is unchanged.
key="$(cat Sources/ReportBench/main.swift | sha256sum | cut -c1-12)"
for n in "$records" "$small"; do
    store="$work/store-$n-$key.sqlite"
    if [ -s "$store" ]; then
        echo "store: $n records (kept from an earlier run: $store)"
    else
        rm -f "$work"/store-"$n"-*.sqlite*
        timed "(setup) ReportBench store" "$n" "$bench" store --store "$store.part" --records "$n"
        mv "$store.part" "$store"; rm -f "$store.part-wal" "$store.part-shm"
    fi
done

# 2. Thresher: every group, html (all pages) at both sizes, json at RECORDS.
echo "thresher report --by all (each dataset, each data provider, the store):"
for n in "$records" "$small"; do
    store="$work/store-$n-$key.sqlite"
    rm -rf "$work/out-$n"
    timed "report --format html, $n records" "$n" "$thresher" report --store "$store" --out "$work/out-$n" --quiet
    echo "    $(find "$work/out-$n" -type f | wc -l) files, $(du -sm "$work/out-$n" | cut -f1) MB; $(($(wc -l < "$work/out-$n/groups.csv") - 1)) groups"
done
store="$work/store-$records-$key.sqlite"
rm -rf "$work/out-json"
timed "report --format json, $records records" "$records" "$thresher" report --store "$store" --out "$work/out-json" --format json --quiet
rm -rf "$work/out-$small"

# 3. The peer: the measured CSV of the same records, then pandas.
timed "(setup) measure --store --output m.csv" "$records" "$thresher" measure --store "$store" --output "$work/m.csv" --quiet
venv=.venv-report
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pandas' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pandas >&2
fi
timed "python report_pandas.py (describe + quantiles)" "$records" "$venv/bin/python" peers/report_pandas.py "$work/m.csv" "$work/pandas.csv"
[ "${KEEP:-1}" = 1 ] || rm -f "$work"/store-*.sqlite*
