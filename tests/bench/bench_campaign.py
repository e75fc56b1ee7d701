"""Campaign tick throughput for 1000 contacts (``--contacts``): the round that queues a mail for everyone, the ticks that
find nothing new (the scheduler's normal case), and building the status.

    python tests/bench/bench_campaign.py            # SQLite in a temp dir
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python tests/bench/bench_campaign.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402

from bot.campaigns.status import campaign_status  # noqa: E402
from bot.campaigns.tick import CampaignTicker  # noqa: E402
from bot.clock import Clock  # noqa: E402
from bot.db import Database, make_engine, normalise_database_url  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from tests.campaign.helpers import START, make_contacts, make_env, mark_sent, start_campaign  # noqa: E402

CONTACTS = 1000


def bench(url: str, label: str, contacts: int = CONTACTS) -> None:
    database = Database.from_url(url)
    upgrade(database.engine)
    env = make_env(database, Clock(START))
    people = make_contacts(contacts)
    started = time.perf_counter()
    start_campaign(env, people)
    setup = time.perf_counter() - started
    measures = sum(len(person.measures) for person in people)
    ticker = CampaignTicker(env)
    started, cpu = time.perf_counter(), time.process_time()
    first = ticker.tick()
    queue_round, queue_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert first.queued == contacts, first
    mark_sent(database)
    idle = []
    for minute in range(1, 31):
        env.clock.set(START + timedelta(minutes=minute))
        started = time.perf_counter()
        summary = ticker.tick()
        idle.append(time.perf_counter() - started)
        assert summary.queued == 0
    env.clock.set(START + timedelta(days=34))  # 4 January: the d-14 round for everyone
    started, cpu = time.perf_counter(), time.process_time()
    second = ticker.tick()
    reminder_round, reminder_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert second.queued == contacts
    started = time.perf_counter()
    status = campaign_status(env)
    status_time = time.perf_counter() - started
    assert status.total == measures
    print(f"{label}: {contacts} contacts, {measures} measures (goal: the round queues 1000 mails in < 2 s)")
    print(f"  import + start:                  {setup * 1000:8.1f} ms")
    print(f"  notice round ({contacts} queued):     {queue_round * 1000:8.1f} ms  ({contacts / queue_round:7.1f} mails/s)"
          f"  cpu {queue_cpu * 1000:7.1f} ms")
    print(f"  reminder round ({contacts} queued):   {reminder_round * 1000:8.1f} ms  "
          f"({contacts / reminder_round:7.1f} mails/s)  cpu {reminder_cpu * 1000:7.1f} ms")
    print(f"  idle tick (nothing due), median: {statistics.median(idle) * 1000:8.1f} ms  "
          f"({1 / statistics.median(idle):7.1f} ticks/s)")
    print(f"  status (all measures):           {status_time * 1000:8.1f} ms")
    database.dispose()


def main() -> None:
    contacts = int(sys.argv[sys.argv.index("--contacts") + 1]) if "--contacts" in sys.argv else CONTACTS
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{folder}/bench.sqlite3", "SQLite", contacts)
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        base = normalise_database_url(base)
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            bench(f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}", "PostgreSQL", contacts)
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
