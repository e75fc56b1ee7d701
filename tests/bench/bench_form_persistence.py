"""Needs-report form steps per second through the whole router, with the draft saved every step.

    python tests/bench/bench_form_persistence.py [--conversations N] [--baseline DIR]

SQLite always (a file in a temp dir, WAL); PostgreSQL when TEST_DATABASE_URL is set or the machine's
server answers on 127.0.0.1:5432 (database ``test``, a private schema dropped afterwards).
Goals (issue 5): at least 1,000 steps/s on SQLite and 400 on PostgreSQL.

In the same run, as the baseline, the pure form engine (``bench_form_engine``: step, the state through
JSON, the reply as text; no database, no router) over the same number of steps, and the ratio
bot/engine. Steps per CPU second (this process's CPU; PostgreSQL's own work is not in it) are printed
beside the wall-clock figure: on a shared machine the wall clock includes waiting for a core.
With ``--baseline DIR`` (an older tree, e.g. ``git archive HEAD | tar -x -C DIR``) the bot figures of
that tree are measured too, in a child process, right before ours.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

# BENCH_ROOT: the tree whose ``bot`` is measured (``--baseline`` runs this file again in a child with it).
sys.path.insert(0, os.environ.get("BENCH_ROOT") or str(Path(__file__).parents[2]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

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


def run(url: str, conversations: int) -> tuple[float, float, int, float]:
    """(steps/s wall, p99 ms, reports submitted, steps per CPU second)."""
    app = build_app(load_settings(DATABASE_URL=url), clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    for answer in ANSWERS:  # warm-up: template compilation and first queries are not steps
        app.router.handle(IncomingMessage(user_id="warmup@kommune.no", channel="console", text=answer))
    latencies: list[float] = []
    started, started_cpu = time.perf_counter(), time.process_time()
    for number in range(conversations):
        user = f"person{number}@kommune.no"
        for answer in ANSWERS:
            before = time.perf_counter()
            app.router.handle(IncomingMessage(user_id=user, channel="console", text=answer))
            latencies.append(time.perf_counter() - before)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    with app.database.session() as session:
        submitted = len(app.needs_reports.all_submitted(session)) - 1
    app.close()
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    return len(latencies) / elapsed, p99, submitted, len(latencies) / cpu


def pure_engine(steps: int) -> tuple[float, float]:
    """The pure engine's (steps/s wall, steps per CPU second) over about ``steps`` steps."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_form_engine import conversation

    conversation(persist=True, render=True, wrong_first=False, commands=False)  # warm-up
    done = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    while done < steps:
        done += conversation(persist=True, render=True, wrong_first=False, commands=False)
    return done / (time.perf_counter() - started), done / (time.process_time() - started_cpu)


def _line(label: str, rate: float, p99: float, submitted: int, per_cpu: float, note: str = "") -> str:
    return (f"{label:<42} {rate:8.0f} steps/s  p99 {p99:6.2f} ms  {per_cpu:8.0f} steps/CPU-s  "
            f"({submitted} reports submitted{note})")


def baseline_figures(tree: Path, url: str, conversations: int) -> tuple[float, float, int, float]:
    """``run`` (this file's) over the baseline tree's bot, in a child process."""
    output = subprocess.run([sys.executable, __file__, "--child", url, "--conversations", str(conversations)],
                            check=True, capture_output=True, text=True, cwd=tree,
                            env={**os.environ, "BENCH_ROOT": str(tree)}).stdout.split()
    rate, p99, submitted, per_cpu = output[-4:]
    return float(rate), float(p99), int(submitted), float(per_cpu)


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
    parser.add_argument("--baseline", type=Path, default=None, help="an older tree to measure first")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)  # a URL: print run()'s figures
    args = parser.parse_args()
    if args.child:
        print(*run(args.child, args.conversations))
        return
    steps = args.conversations * len(ANSWERS)
    engine_rate, engine_cpu = pure_engine(steps)
    print(f"{'pure form engine (baseline, no database)':<42} {engine_rate:8.0f} steps/s  {'':14} "
          f"{engine_cpu:8.0f} steps/CPU-s")
    with tempfile.TemporaryDirectory() as directory:
        if args.baseline is not None:
            print(_line("  baseline tree, SQLite", *baseline_figures(args.baseline,
                                                                      f"sqlite:///{directory}/old.sqlite3",
                                                                      args.conversations)))
        rate, p99, submitted, per_cpu = run(f"sqlite:///{directory}/bench.sqlite3", args.conversations)
        print(_line("form steps with persistence, SQLite", rate, p99, submitted, per_cpu,
                    f"; {rate / engine_rate:.2f} of the pure engine; goal >= 1000 steps/s"))
    base = postgres_url()
    if base is None:
        print("form steps with persistence, PostgreSQL: not measured (no server on 127.0.0.1:5432)")
        return
    admin = make_engine(base)
    try:
        if args.baseline is not None:
            with _schema(admin) as schema:
                print(_line("  baseline tree, PostgreSQL", *baseline_figures(
                    args.baseline, f"{base}?options=-csearch_path%3D{schema}", args.conversations)))
        with _schema(admin) as schema:
            rate, p99, submitted, per_cpu = run(f"{base}?options=-csearch_path%3D{schema}", args.conversations)
        print(_line("form steps with persistence, PostgreSQL", rate, p99, submitted, per_cpu,
                    f"; {rate / engine_rate:.2f} of the pure engine; goal >= 400 steps/s"))
    finally:
        admin.dispose()


@contextmanager
def _schema(admin: Engine) -> Iterator[str]:
    """A private schema, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
