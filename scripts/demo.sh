#!/usr/bin/env bash
# The demo: Thresher's own OAI-PMH data provider serves generated sample records (CC0, made by the
# project) on 127.0.0.1; Thresher harvests the sets in datasets.txt into ./thresher.sqlite, prints
# the per-set summary and measures every record's metadata quality. Nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${DEMO_PORT:-8089}"
RECORDS="${DEMO_RECORDS:-1200}"
WORK=.demo
STORE="${DEMO_STORE:-./thresher.sqlite}"

echo "== building thresher (debug; the first build takes a few minutes)" >&2
swift build --product thresher 2>&1 | grep -E "error|warning: .*Sources/|Compiling thresher|Build complete" >&2 || true
BIN="$(swift build --show-bin-path)/thresher"
[ -x "$BIN" ] || { echo "demo: the build failed (run 'swift build' to see why)" >&2; exit 1; }

mkdir -p "$WORK"
rm -f "$WORK"/source.sqlite*
echo "== generating $RECORDS sample records into $WORK/source.sqlite" >&2
"$BIN" sample-data --store "$WORK/source.sqlite" --records "$RECORDS"

echo "== serving them at http://127.0.0.1:$PORT/oai" >&2
"$BIN" serve-oai --store "$WORK/source.sqlite" --host 127.0.0.1 --port "$PORT" --page-size 100 --quiet &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  kill -0 $SERVER 2>/dev/null || { echo "demo: serve-oai did not start (is port $PORT free? set DEMO_PORT)" >&2; exit 1; }
  sleep 0.1
done

echo "== harvesting the sets in datasets.txt into $STORE" >&2
"$BIN" harvest --endpoint "http://127.0.0.1:$PORT/oai" --metadata-prefix edm \
  --sets-file datasets.txt --parallel 4 --store "$STORE"
echo "== measuring metadata quality (EDM completeness, schema edm) into $WORK/quality.csv" >&2
"$BIN" measure --store "$STORE" --output "$WORK/quality.csv"
echo "== cleansing the records and clustering near-duplicates into $WORK/clusters.jsonl" >&2
"$BIN" cleanse --store "$STORE"
"$BIN" dedup --store "$STORE" --report "$WORK/clusters.jsonl"
echo "== writing the quality reports (per dataset, data provider and the whole store) into reports/demo" >&2
INDEX="$("$BIN" report --store "$STORE" --out reports/demo --quiet)"
echo "== reports: $INDEX (open it in a browser)" >&2
echo "== done: $STORE; try '$BIN status --store $STORE', 'make models && $BIN embed --store $STORE && $BIN similar --store $STORE --text \"portrait\"', '$BIN measure --store $STORE | head' or '$BIN export --store $STORE | head -1'" >&2
