#!/usr/bin/env bash
# Run every benchmark in tests/bench and print its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for bench in tests/bench/bench_*.py; do
  echo "== $bench"
  .venv/bin/python "$bench" || { echo "benchmark failed: $bench" >&2; status=1; }
done
exit $status
