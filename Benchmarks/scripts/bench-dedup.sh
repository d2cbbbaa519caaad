#!/usr/bin/env bash
# make bench-dedup: Thresher's dedup (release) on a store of RECORDS (default 1,000,000) generated records with
# planted near-duplicates (cleansed views written directly: no harvest, no cleanse): time on the machine's cores, peak
# RSS, precision and recall of the planted pairs, a second run over the unchanged store; the labelled set
# (Benchmarks/dedup-labelled) precision and recall; beside it, in the same run, Python datasketch MinHashLSH on a
# SAMPLE (default 100,000) of the same records (same normalised texts, word 3-gram shingles, threshold), and the
# records/s ratio; and cleanse's time over the same records (on a copy of the store; CLEANSE=0 skips it). Environment:
# RECORDS, SAMPLE, THRESHOLD (default 0.8), SCRATCH_PATH (SwiftPM scratch folder of the benchmark package). The
# generated store is kept in Benchmarks/.work/dedup (git-ignored) for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
records="${RECORDS:-1000000}"
sample="${SAMPLE:-100000}"
threshold="${THRESHOLD:-0.8}"
[ "$sample" -gt "$records" ] && sample="$records"
work=.work/dedup
mkdir -p "$work"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")

echo "# make bench-dedup ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
swift build -c release --package-path . --product DedupBench "${scratch[@]}" 2>&1 | grep -E "error|Build complete" >&2 || true
bench="$(swift build -c release --package-path . --product DedupBench "${scratch[@]}" --show-bin-path)/DedupBench"
[ -x "$bench" ] || { echo "bench-dedup: the release build failed" >&2; exit 1; }

# 1. The generated store (kept while the generator is unchanged), copied for each run.
key="$(cat Sources/DedupBench/*.swift | sha256sum | cut -c1-12)"
base="$work/generated-$records-$key.sqlite"
if [ ! -s "$base" ]; then
    rm -f "$work"/generated-*.sqlite* "$work"/sample-*.txt
    "$bench" generate --records "$records" --store "$base.part" --sample "$sample" --sample-out "$work/sample-$records-$key.txt"
    sqlite_files=("$base.part"*)
    for f in "${sqlite_files[@]}"; do mv "$f" "${f/.part/}"; done
else
    echo "store: $records generated records (kept from an earlier run: $base)"
fi
rm -f "$work"/run.sqlite*
cp "$base" "$work/run.sqlite"
[ -f "$base-wal" ] && cp "$base-wal" "$work/run.sqlite-wal"

# 2. Thresher's dedup, timed, with its peak RSS.
/usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$bench" run --store "$work/run.sqlite" --threshold "$threshold" | tee "$work/run.txt"
read -r wall user sys rss < "$work/time.txt"
echo "process: ${wall} s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') s CPU, peak RSS $((rss / 1024)) MB (both runs)"
dedup_seconds="$(sed -n 's/^dedup: \([0-9.]*\) s,.*/\1/p' "$work/run.txt")"
rm -f "$work"/run.sqlite*

# 3. Cleanse of the same records (on a copy: the views the dedup run read were written directly), timed.
if [ "${CLEANSE:-1}" = 1 ]; then
    rm -f "$work"/cleanse.sqlite*
    cp "$base" "$work/cleanse.sqlite"
    [ -f "$base-wal" ] && cp "$base-wal" "$work/cleanse.sqlite-wal"
    /usr/bin/time -f '%e %U %S %M' -o "$work/cleanse-time.txt" "$bench" cleanse --store "$work/cleanse.sqlite" | tee "$work/cleanse.txt"
    read -r cwall cuser csys crss < "$work/cleanse-time.txt"
    echo "cleanse process: ${cwall} s wall, $(awk -v u="$cuser" -v s="$csys" 'BEGIN { print u + s }') s CPU, peak RSS $((crss / 1024)) MB"
    rm -f "$work"/cleanse.sqlite*
fi

# 4. The labelled set.
"$bench" labelled --input dedup-labelled/labelled.jsonl --store "$work/labelled.sqlite" --threshold "$threshold"
rm -f "$work"/labelled.sqlite*

# 5. The peer: datasketch on the first $sample records' texts.
venv=.venv-dedup
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'datasketch==2.0.0' >&2
fi
"$venv/bin/python" peers/datasketch_peer.py "$work/sample-$records-$key.txt" "$threshold" | tee "$work/peer.txt"
peer_rate="$(sed -n 's/.* s, \([0-9]*\) records\/s.*/\1/p' "$work/peer.txt")"
awk -v n="$records" -v s="$dedup_seconds" -v p="$peer_rate" 'BEGIN {
    t = n / s; printf "RATIO: thresher dedup %.0f records/s (%d records in %.1f s) / datasketch %d records/s = %.1fx (target >= 10x; 1M under 300 s)\n", t, n, s, p, t / p }'
