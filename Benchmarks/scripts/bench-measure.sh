#!/usr/bin/env bash
# make bench-measure: `thresher measure` (release, full `edm` schema with the problem catalogue and multilinguality)
# on a generated corpus of realistic EDM records (the JSONPath benchmark's generator, Thresher's JSON shape): from
# JSON Lines on one core and on all cores, from a record store (first run, then unchanged), peak RSS at two sizes;
# beside it the Python reference scorer (peers/measure_reference.py, jsonpath-rfc9535 in Benchmarks/.venv-measure)
# on a 10,000-record sample of the same corpus, and the agreement of both, value by value.
# Environment: RECORDS (default 1000000), SMALL (the smaller size for peak RSS, default RECORDS/10),
# SAMPLE (default 10000), SCRATCH_PATH (SwiftPM scratch folder of the benchmark package), KEEP=1 keeps the store,
# STORE_RECORDS (records loaded into the store for the store runs, default RECORDS, less when the disk is short),
# CORPUS (an existing corpus file of at least RECORDS lines made by this generator, read in place instead of
# generating one), UNCHANGED_STORE (a store whose records all have current `edm` measurements, e.g. ReportBench's
# store of 1,000,000: copied, then re-measured unchanged at its own size).
# Corpus, store and outputs go to Benchmarks/.work/measure (git-ignored); the corpus is kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
sample="${SAMPLE:-10000}"
cores="$(nproc)"
work=.work/measure
mkdir -p "$work"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")

echo "# make bench-measure ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# Disk: the corpus (≈15.8 KB a record, unless CORPUS names one) and the store (the same JSON again, its indexes, the
# measurements and the WAL while loading: ≈21 KB a record); use at most 60% of what is free, else fewer records.
free_kb="$(df -Pk "$work" | awk 'NR == 2 { print $4 }')"
have_kb=0
for f in "$work"/corpus-*.jsonl; do [ -f "$f" ] && [ ! -L "$f" ] && have_kb=$((have_kb + $(du -k "$f" | cut -f1))); done
per_record=37
[ -n "${CORPUS:-}" ] && per_record=21
fit=$(( (free_kb + have_kb) * 6 / 10 / per_record ))
if [ -z "${CORPUS:-}" ] && [ "$records" -gt "$fit" ]; then
    echo "disk: ${records} records need ≈$((records * per_record / 1024 / 1024)) GiB, $((free_kb / 1024 / 1024)) GiB free: measuring ${fit} records instead"
    records="$fit"
fi
store_records="${STORE_RECORDS:-$records}"
[ "$store_records" -gt "$records" ] && store_records="$records"
if [ "$store_records" -gt "$fit" ]; then
    echo "disk: a store of ${store_records} records needs ≈$((store_records * 21 / 1024 / 1024)) GiB: loading ${fit} records instead"
    store_records="$fit"
fi
small="${SMALL:-$((records / 10))}"
[ "$sample" -gt "$records" ] && sample="$records"
echo "disk: $((free_kb / 1024 / 1024)) GiB free on $(df -P "$work" | awk 'NR == 2 { print $6 }'); ${records} records read, ${store_records} stored"

# Builds (release): the benchmark package's MeasureBench, the main package's thresher.
rm -rf "${SCRATCH_PATH:-.build}/release.yaml" "${SCRATCH_PATH:-.build}"/*/release/description.json "${SCRATCH_PATH:-.build}"/*/release/MeasureBench.build
swift build -c release --package-path . --product MeasureBench "${scratch[@]}" 2>&1 | grep -E "error|Build complete" >&2 || true
bench="$(swift build -c release --package-path . --product MeasureBench "${scratch[@]}" --show-bin-path)/MeasureBench"
swift build -c release --package-path .. --product thresher 2>&1 | grep -E "error|Build complete" >&2 || true
thresher="$(swift build -c release --package-path .. --product thresher --show-bin-path)/thresher"
[ -x "$bench" ] && [ -x "$thresher" ] || { echo "bench-measure: the release build failed" >&2; exit 1; }

# 1. The corpus (deterministic: kept while the generator and the seeds are unchanged).
key="$(cat Sources/EDMCorpus/CorpusGenerator.swift seeds/edm-oai-pmh-json/* | sha256sum | cut -c1-12)"
corpus="$work/corpus-$records-$key.jsonl"
larger=""
for f in "$work"/corpus-*-"$key".jsonl; do
    [ -f "$f" ] || continue
    m="${f#"$work"/corpus-}"; m="${m%%-*}"
    [ "$m" -gt "$records" ] && larger="$f"
done
if [ -n "${CORPUS:-}" ]; then
    [ "$(basename "$CORPUS")" = "corpus-$(basename "$CORPUS" | cut -d- -f2)-$key.jsonl" ] \
        || { echo "bench-measure: $CORPUS is not a corpus of this generator (key $key)" >&2; exit 1; }
    corpus="$CORPUS"
    echo "corpus: $records records read in place from $CORPUS"
elif [ ! -s "$corpus" ] && [ -n "$larger" ]; then
    # Record k is the same bytes whatever N is: the first N lines of a larger corpus are the corpus of N records.
    head -n "$records" "$larger" > "$corpus"
    echo "corpus: $records records, $(( $(stat -c %s "$corpus") / 1000000 )) MB (the first lines of $larger)"
elif [ ! -s "$corpus" ]; then
    for f in "$work"/corpus-*.jsonl; do [ -f "$f" ] && [ "${f%-$key.jsonl}" = "$f" ] && rm -f "$f"; done  # another generator's
    "$bench" corpus --seeds seeds/edm-oai-pmh-json --records "$records" --output "$corpus.part"
    mv "$corpus.part" "$corpus"
else
    echo "corpus: $records records, $(( $(stat -c %s "$corpus") / 1000000 )) MB (kept from an earlier run: $corpus)"
fi
head -n "$sample" "$corpus" > "$work/sample.jsonl"
head -n "$small" "$corpus" > "$work/small.jsonl"
if [ -n "${CORPUS:-}" ] && [ "$records" -lt "$(basename "$CORPUS" | cut -d- -f2)" ]; then
    # A larger CORPUS: its first RECORDS lines are the corpus of RECORDS, written out once.
    head -n "$records" "$CORPUS" > "$work/corpus-part.jsonl"
    corpus="$work/corpus-part.jsonl"
fi

# Runs a command under /usr/bin/time; prints records/s with wall and CPU seconds and peak RSS.
timed() {
    local label="$1" count="$2"; shift 2
    local status=0
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" || status=$?
    read -r wall user sys rss < "$work/time.txt"
    awk -v l="$label" -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v st="$status" 'BEGIN {
        printf "%-52s %9d records  %8.2f s wall  %8.2f s CPU (%.2f user + %.2f sys)  peak RSS %6.0f MB  %9.0f records/s%s\n",
            l, n, w, u + s, u, s, r / 1024, n / (w > 0 ? w : 0.001), (st == 0 ? "" : "  [exit " st "]") }'
    eval "last_wall=$wall; last_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}

# 2. The store (setup, not a figure).
store="$work/store.sqlite"
if [ "$store_records" -lt "$records" ]; then
    head -n "$store_records" "$corpus" > "$work/store-input.jsonl"
    timed "(setup) MeasureBench load: store the first $store_records" "$store_records" "$bench" load --input "$work/store-input.jsonl" --store "$store"
    rm -f "$work/store-input.jsonl"
else
    timed "(setup) MeasureBench load: store the corpus" "$records" "$bench" load --input "$corpus" --store "$store"
fi

# 3. Thresher.
echo "thresher measure (schema edm: completeness, existence, cardinality, problem catalogue, multilinguality):"
timed "--input corpus.jsonl --jobs 1" "$records" "$thresher" measure --input "$corpus" --jobs 1 --quiet --output /dev/null
single_wall="$last_wall"
timed "--input corpus.jsonl --jobs $cores" "$records" "$thresher" measure --input "$corpus" --jobs "$cores" --quiet --output /dev/null
timed "--store (first run: scores and stores all) --jobs $cores" "$store_records" "$thresher" measure --store "$store" --jobs "$cores" --quiet --output /dev/null
timed "--store (unchanged) --jobs $cores" "$store_records" "$thresher" measure --store "$store" --jobs "$cores" --quiet --output /dev/null
unchanged_wall="$last_wall"
unchanged_records="$store_records"
timed "--store (unchanged) --jobs $cores --output file" "$store_records" "$thresher" measure --store "$store" --jobs "$cores" --quiet --output "$work/unchanged.csv"
rm -f "$work/unchanged.csv"
if [ -n "${UNCHANGED_STORE:-}" ]; then
    n="$(sqlite3 "file:$UNCHANGED_STORE?mode=ro" "SELECT count(*) FROM measurements WHERE schema = 'edm'" 2>/dev/null || echo 0)"
    cp "$UNCHANGED_STORE" "$work/unchanged.sqlite"
    [ -f "$UNCHANGED_STORE-wal" ] && cp "$UNCHANGED_STORE-wal" "$work/unchanged.sqlite-wal"
    timed "--store (unchanged, $(basename "$UNCHANGED_STORE")) --jobs $cores" "$n" "$thresher" measure --store "$work/unchanged.sqlite" --jobs "$cores" --quiet --output /dev/null
    unchanged_wall="$last_wall"
    unchanged_records="$n"
    timed "--store (unchanged, $(basename "$UNCHANGED_STORE")) --jobs 1" "$n" "$thresher" measure --store "$work/unchanged.sqlite" --jobs 1 --quiet --output /dev/null
    timed "--store (unchanged, $(basename "$UNCHANGED_STORE")) --format seed" "$n" "$thresher" measure --store "$work/unchanged.sqlite" --jobs "$cores" --format seed --quiet --output /dev/null
    rm -f "$work"/unchanged.sqlite*
fi
echo "memory (peak RSS) at $small records:"
timed "--input small.jsonl --jobs $cores" "$small" "$thresher" measure --input "$work/small.jsonl" --jobs "$cores" --quiet --output /dev/null
"$bench" load --input "$work/small.jsonl" --store "$work/small.sqlite" > /dev/null
timed "--store small (first run) --jobs $cores" "$small" "$thresher" measure --store "$work/small.sqlite" --jobs "$cores" --quiet --output /dev/null
rm -f "$work"/small.sqlite*

# 4. The peer: the Python reference scorer on the first $sample records, and the agreement.
venv=.venv-measure
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'jsonpath-rfc9535==1.0.1' >&2
fi
schema=../Sources/Quality/Resources/schemas/edm.json
echo "peer on the first $sample records (completeness per dimension and TOTAL, existence, cardinality):"
timed "python measure_reference.py (jsonpath-rfc9535 1.0.1)" "$sample" \
    sh -c 'exec "$0" "$@" > "'"$work/python.csv"'" 2> "'"$work/python.err"'"' \
    "$venv/bin/python" peers/measure_reference.py "$schema" "$work/sample.jsonl" --fields --time
python_rate="$(sed -n 's/.*s: \([0-9.]*\) records\/s.*/\1/p' "$work/python.err")"
echo "    (its own timer, reading and scoring only: $(cat "$work/python.err"))"
timed "thresher measure --input sample.jsonl --jobs 1 --fields" "$sample" \
    "$thresher" measure --input "$work/sample.jsonl" --jobs 1 --fields --quiet --output "$work/thresher.csv"
awk -v n="$records" -v w="$single_wall" -v p="$python_rate" 'BEGIN {
    t = n / w; printf "RATIO: thresher single core %.0f records/s / python %.1f records/s = %.1fx (target >= 18x)\n", t, p, t / p }'
awk -v w="$unchanged_wall" -v n="$unchanged_records" 'BEGIN { printf "unchanged store of %d records re-measured in %.2f s (target < 10 s at 1,000,000)\n", n, w }'
python3 scripts/measure-agree.py "$work/thresher.csv" "$work/python.csv"

[ "${KEEP:-0}" = 1 ] || rm -f "$store" "$store-wal" "$store-shm"
rm -f "$work/small.jsonl" "$work/corpus-part.jsonl"
