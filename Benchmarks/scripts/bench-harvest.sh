#!/usr/bin/env bash
# make bench-harvest: Thresher and Sickle (PyPI, in Benchmarks/.venv-sickle) harvest the same 100,000
# generated EDM records from Thresher's serve-oai on 127.0.0.1, beside a floor for a harvest pipeline on libcurl, libxml2
# and SQLite (Benchmarks/peers/harvest_floor.c). Thresher harvests twice per round, payloads compressed (the default)
# and as text (--payload-compression none), and prints both figures and their ratio. RECORDS, PAGE_SIZE and ROUNDS
# (alternating rounds of all clients, default 3) override the defaults; SICKLE=0 leaves Sickle out.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "building thresher (release)" >&2
swift build -c release --product thresher 2>&1 | grep -E "error|Build complete" >&2 || true
bin="$(swift build -c release --product thresher --show-bin-path)/thresher"
[ -x "$bin" ] || { echo "bench-harvest: the release build failed" >&2; exit 1; }
venv=Benchmarks/.venv-sickle
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'sickle==0.7.0' >&2
fi
# The floor: the least a harvester on libcurl, libxml2 and SQLite spends per record (no conversion, no indexes).
floor=Benchmarks/.build/harvest_floor
mkdir -p Benchmarks/.build
if "${CC:-clang}" -O2 $(pkg-config --cflags libxml-2.0 libcurl sqlite3) Benchmarks/peers/harvest_floor.c -o "$floor" \
  $(pkg-config --libs libxml-2.0 libcurl sqlite3); then
  export FLOOR="$floor"
else
  echo "bench-harvest: the floor (Benchmarks/peers/harvest_floor.c) did not compile; running without it" >&2
fi
"$venv/bin/python" Benchmarks/peers/harvest_bench.py "$bin" "${RECORDS:-100000}" "${PAGE_SIZE:-250}" "${ROUNDS:-3}"
