"""Needs-report form steps per second through the whole router, with the draft saved every step.

    python tests/bench/bench_form_persistence.py [--conversations N]

SQLite always (a file in a temp dir, WAL); PostgreSQL when TEST_DATABASE_URL is set or the machine's
server answers on 127.0.0.1:5432 (database ``test``, a private schema dropped afterwards).
Goal (issue 5): at least 1,000 steps/s on SQLite.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))

from sqlalchemy import text  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.clock import OSLO, Clock  # noqa: E402
from bot.db import make_engine, normalise_database_url  # noqa: E402
from bot.messages import IncomingMessage  # noqa: E402
from bot.settings import load_settings  # noqa: E402

ANSWERS = ["meld behov", "valdres", "desentral", "nytt", "Lesing i alle fag",
           "Kartlegging i alle skolene viste behov for bedre leseopplæring.", "Felles lesestrategier innen 2029.",
           "Lærere på mellomtrinnet", "mange", "8", "120", "Høgskolen i Innlandet", "Nettverk og veiledning",
           "2027-2029", "1,2 mill", "30 %", "100 000", "400 000", "Frikjøp av lærere", "Spørreundersøkelse",
           "Kari Nordmann", "send"]


def run(url: str, conversations: int) -> tuple[float, float, int]:
    app = build_app(load_settings(DATABASE_URL=url), clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    for answer in ANSWERS:  # warm-up: template compilation and first queries are not steps
        app.router.handle(IncomingMessage(user_id="warmup@kommune.no", channel="console", text=answer))
    latencies: list[float] = []
    started = time.perf_counter()
    for number in range(conversations):
        user = f"person{number}@kommune.no"
        for answer in ANSWERS:
            before = time.perf_counter()
            app.router.handle(IncomingMessage(user_id=user, channel="console", text=answer))
            latencies.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - started
    with app.database.session() as session:
        submitted = len(app.needs_reports.all_submitted(session)) - 1
    app.close()
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    return len(latencies) / elapsed, p99, submitted


def postgres_url() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return normalise_database_url(os.environ["TEST_DATABASE_URL"])
    try:
        socket.create_connection(("127.0.0.1", 5432), 1).close()
    except OSError:
        return None
    return "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        rate, p99, submitted = run(f"sqlite:///{directory}/bench.sqlite3", args.conversations)
        print(f"form steps with persistence, SQLite:     {rate:8.0f} steps/s  p99 {p99:6.2f} ms  "
              f"({submitted} reports submitted; goal >= 1000 steps/s)")
    base = postgres_url()
    if base is None:
        print("form steps with persistence, PostgreSQL: not measured (no server on 127.0.0.1:5432)")
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        rate, p99, submitted = run(f"{base}?options=-csearch_path%3D{schema}", args.conversations)
        print(f"form steps with persistence, PostgreSQL: {rate:8.0f} steps/s  p99 {p99:6.2f} ms  "
              f"({submitted} reports submitted)")
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
