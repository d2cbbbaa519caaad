#!/usr/bin/env bash
# Runs one benchmark (store | jsonpath | harvest | measure | report | similar) built with -c release, beside its peer where it has one.
set -euo pipefail
cd "$(dirname "$0")"
which="${1:?usage: run.sh store|jsonpath|harvest|measure|report|similar}"
script="scripts/bench-$which.sh"
[ -x "$script" ] || { echo "run.sh: no benchmark script $script" >&2; exit 64; }
exec "$script"
