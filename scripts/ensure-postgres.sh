#!/usr/bin/env bash
# Make sure the machine's PostgreSQL answers on 127.0.0.1:5432 when the tests are to use it.
# In CI (CI=true) the suite runs against it; elsewhere it is used when TEST_DATABASE_URL is set.
set -uo pipefail
if [ "${CI:-}" != "true" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  echo "ensure-postgres: not in CI and TEST_DATABASE_URL unset; the suite uses SQLite only"
  exit 0
fi
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
  python3 -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; }
if ready; then
  echo "ensure-postgres: PostgreSQL answers on 127.0.0.1:5432"
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi
for _ in $(seq 1 30); do ready && { echo "ensure-postgres: started PostgreSQL"; exit 0; }; sleep 1; done
echo "ensure-postgres: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
exit 1
