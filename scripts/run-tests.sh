#!/usr/bin/env bash
# Run the whole suite. In CI the PostgreSQL server on the machine is used as well as SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CI:-}" = "true" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi
exec .venv/bin/pytest -q -p no:cacheprovider "$@"
