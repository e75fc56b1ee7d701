#!/usr/bin/env bash
# Run the whole suite. In CI the PostgreSQL server on the machine is used as well as SQLite.
#
# Tests run in parallel (pytest-xdist): TEST_WORKERS processes, default 3 on this 2-core setup (many
# tests wait on servers and subprocesses, so one more worker than cores keeps both busy). Each worker
# has its own Dovecot, SMTP servers, temp dirs and database templates (tests/conftest.py);
# `xdist_group` marks keep tests that must not overlap on one worker. TEST_WORKERS=0 runs in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CI:-}" = "true" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi
# Keep compiled bytecode (__pycache__, ignored by git): every `kompetansebot` subprocess a test starts
# would otherwise compile the whole bot from source again (~0.5 s CPU each), and every worker would
# rewrite every test module's asserts again. Compile the bot once up front so the workers share it.
unset PYTHONDONTWRITEBYTECODE
.venv/bin/python -m compileall -q -j 0 bot handlers forms calc templates >/dev/null
workers="${TEST_WORKERS:-3}"
parallel=()
if [ "$workers" != "0" ]; then
  parallel=(-n "$workers" --dist loadgroup)
fi
exec .venv/bin/pytest -q -p no:cacheprovider "${parallel[@]}" "$@"
