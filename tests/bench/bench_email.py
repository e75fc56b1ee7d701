"""Benchmark: the email channel against the raw libraries, in the same run, on real servers.

    .venv/bin/python tests/bench/bench_email.py [--inbound 1000] [--outbound 2000] [--database URL]

Inbound: N questions (distinct senders) are APPENDed to a private Dovecot. First the raw library
reads them (imap-tools ``MailBox.fetch(mark_seen=False, bulk=50)``, nothing else), then does the
bot processes them exactly as ``kompetansebot worker --once`` does: fetch, classify, correlate,
strip quotes, answer through the router (Q&A), write the answer to the outbox, UID MOVE to
Processed; then the answers are sent to aiosmtpd. The mails are moved back to INBOX and the raw
library does the intake's IMAP work (fetch in batches of 50 + one UID MOVE per batch), then sends
the bot's answers (the same bytes) with aiosmtplib over one connection: the raw end to end. Outbound: M rows in the outbox are sent to aiosmtpd with the rate
limit off, alternating with raw aiosmtplib sending the same bytes (one connection reused, as the bot
does; and one connection per message with ``aiosmtplib.send``). Every line shows wall and CPU time
and the ratio bot/raw as speed (1.0x = as fast as the raw library).
Database: a fresh SQLite file (or ``--database``, e.g. the test PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import email
import os
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import aiosmtplib  # noqa: E402
from imap_tools import AND, MailBoxUnencrypted  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.clock import OSLO, Clock  # noqa: E402
from bot.db import make_engine, normalise_database_url  # noqa: E402
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply  # noqa: E402
from bot.mail.config import EmailConfig  # noqa: E402
from bot.mail.identity import BotIdentity  # noqa: E402
from bot.mail.outbox import OutgoingRequest  # noqa: E402
from bot.mail.tokens import ReplyTokens  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from handlers.email.service import EmailServices  # noqa: E402
from tests.servers import DovecotServer, SmtpServer  # noqa: E402

BOT = "bot@kompetansebot.test"
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)
QUESTIONS = ["Når er fristen for å melde behov?", "Hvor mye kan gå til koordinator?",
             "Hvem sitter i samarbeidsforumet?", "Når er fristen for årsrapportering?",
             "Hva er egenandelen i desentralisert ordning?"]


def question(number: int) -> bytes:
    body = (f"Hei,\r\n\r\n{QUESTIONS[number % len(QUESTIONS)]}\r\n\r\nMed vennlig hilsen\r\nPerson {number}\r\n")
    headers = (f"From: Person {number} <p{number}@kommune{number % 50}.no>\r\nTo: Kompetansebot <{BOT}>\r\n"
               f"Subject: Spørsmål {number}\r\nDate: {format_datetime(NOW)}\r\n"
               f"Message-ID: <bench{number}.{uuid.uuid4().hex[:8]}@kommune{number % 50}.no>\r\n"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
    return (headers + "\r\n" + body).encode("utf-8")


def append_all(dovecot: DovecotServer, count: int) -> None:
    with dovecot.session("bot") as imap:
        for number in range(count):
            imap.append("INBOX", None, None, question(number))


class Timed:
    """Wall time and this process's CPU time of a block (others share the machine: CPU shows what is ours;
    the in-process aiosmtpd's CPU is included on both sides)."""

    def __enter__(self) -> Timed:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def raw_fetch(dovecot: DovecotServer) -> tuple[int, float]:
    start = time.perf_counter()
    with MailBoxUnencrypted(dovecot.host, dovecot.port).login("bot", dovecot.password("bot"), "INBOX") as box:
        count = sum(1 for _ in box.fetch(mark_seen=False, bulk=50))
    return count, time.perf_counter() - start


def raw_fetch_move(dovecot: DovecotServer, folder: str) -> tuple[list[bytes], Timed]:
    """The IMAP work of the intake with the bare library: fetch in bulk (PEEK), UID MOVE each fetched batch
    of 50 to ``folder`` in one command."""
    with MailBoxUnencrypted(dovecot.host, dovecot.port).login("bot", dovecot.password("bot"), "INBOX") as box:
        if not box.folder.exists(folder):
            box.folder.create(folder)
        box.folder.set("INBOX")
        messages = []
        with Timed() as timed:
            uids = box.uids()
            for start in range(0, len(uids), 50):
                chunk = uids[start:start + 50]
                messages += list(box.fetch(AND(uid=chunk), mark_seen=False, bulk=50))
                box.client.uid("MOVE", ",".join(chunk), folder)  # one UID MOVE per batch, as the bot does
    return [message.obj.as_bytes() for message in messages], timed


async def raw_send(smtp: SmtpServer, raws: list[bytes]) -> Timed:
    """aiosmtplib over one connection: MAIL, RCPT, DATA per message."""
    with Timed() as timed:
        client = aiosmtplib.SMTP(hostname=smtp.host, port=smtp.port, start_tls=False)
        await client.connect()
        for number, raw in enumerate(raws):
            await client.sendmail(BOT, [f"c{number}@kommune.no"], raw)
        await client.quit()
    return timed


def line(label: str, count: int, timed: Timed, baseline: Timed | None = None) -> str:
    text = f"  {label:<38} {rate(count, timed.wall)}  cpu {timed.cpu:6.2f} s"
    if baseline is not None:
        text += f"   ratio {baseline.wall / timed.wall:4.2f}x (cpu {baseline.cpu / timed.cpu:4.2f}x)"
    return text


def median(runs: list[Timed]) -> Timed:
    """The run with the median wall time."""
    return sorted(runs, key=lambda run: run.wall)[len(runs) // 2]


def fresh_database(url: str | None, workdir: Path) -> tuple[str, object]:
    if url is None:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    base = normalise_database_url(url)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", (admin, schema)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (what else ran meanwhile shows in the wall times)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"


def rate(count: int, seconds: float) -> str:
    return f"{count:>5} in {seconds:6.2f} s = {count / seconds:8.1f} msg/s"


async def main(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-email-"))
    dovecot = DovecotServer().start()
    smtp = SmtpServer().start()
    database_url, cleanup = fresh_database(args.database, workdir)
    settings = load_settings(DATABASE_URL=database_url, IMAP_URL=dovecot.url_for("bot"), SMTP_URL=smtp.url,
                             BOT_EMAIL=BOT)
    app = build_app(settings, clock=Clock(NOW))
    config = EmailConfig(identity=BotIdentity(BOT), rate_per_minute=None, archive_copy=False, canary_minutes=None)
    services = EmailServices.build(app, config=config, timer=Clock(NOW), worker="bench")
    try:
        print(f"database: {'PostgreSQL' if args.database else 'SQLite'}; Dovecot {dovecot.port}; aiosmtpd {smtp.port}; "
              f"load average {load_average()}")
        # ------------------------------------------------------------ inbound
        append_all(dovecot, args.inbound)
        fetched, raw_seconds = raw_fetch(dovecot)
        assert fetched == args.inbound
        assert services.intake is not None and services.sender is not None
        with Timed() as intake:
            summary = await asyncio.to_thread(services.intake.scan)
        services.intake.client.close()
        with Timed() as answers:
            sent = await services.sender.drain()
        assert summary.seen == args.inbound and sent.get("sent") == args.inbound, (summary, sent)
        assert len(smtp.messages) == args.inbound
        answer_bytes = [message.raw for message in smtp.messages]
        smtp.clear()
        with dovecot.session("bot") as imap:  # the raw loop reads the same mails from INBOX again
            imap.select("Processed")
            imap.uid("MOVE", "1:*", "INBOX")
        raws, raw_imap = raw_fetch_move(dovecot, "RawDone")
        assert len(raws) == args.inbound
        raw_smtp = await raw_send(smtp, answer_bytes)  # the same bytes the bot sent
        smtp.clear()
        raw_e2e = Timed()
        raw_e2e.wall, raw_e2e.cpu = raw_imap.wall + raw_smtp.wall, raw_imap.cpu + raw_smtp.cpu
        bot_e2e = Timed()
        bot_e2e.wall, bot_e2e.cpu = intake.wall + answers.wall, intake.cpu + answers.cpu
        print("inbound questions (IMAP), goal 1: intake >= 0.5x raw fetch+MOVE; goal 2: end to end >= 0.5x raw:")
        print(f"  raw imap-tools fetch only (bulk=50)    {rate(fetched, raw_seconds)}")
        print(line("raw imap-tools fetch + UID MOVE", args.inbound, raw_imap))
        print(line("bot intake: read+answer+outbox+MOVE", summary.seen, intake, raw_imap))
        print(line("raw aiosmtplib send, one connection", args.inbound, raw_smtp))
        print(line("bot sending the answers", args.inbound, answers, raw_smtp))
        print(line("raw end to end: fetch+MOVE+send", args.inbound, raw_e2e))
        print(line("bot end to end", args.inbound, bot_e2e, raw_e2e))
        # ------------------------------------------------------------ outbound
        smtp.clear()
        with app.database.session() as session, Timed() as enqueue:
            tokens = ReplyTokens.load(session, config.identity, NOW)
            content = render_reply("Påminnelse: årsrapporten skal leveres innen 15. januar.",
                                   subject="Påminnelse: årsrapport")
            for number in range(args.outbound):
                services.outbox.enqueue(session, OutgoingRequest(
                    key=f"bench:{number}", to=Recipient(f"c{number}@kommune.no"), content=content, kind="reminder",
                    auto_submitted=AUTO_GENERATED), tokens)
        # The bot and the raw library take turns (``--rounds`` each, same bytes): others share the machine.
        bot_runs: list[Timed] = []
        raw_runs: list[Timed] = []
        raws = []
        for round_number in range(args.rounds):
            if round_number:
                with app.database.session() as session:
                    session.execute(text("UPDATE mail_outbox SET status = 'queued', attempts = 0 "
                                         "WHERE kind = 'reminder'"))
            smtp.clear()
            with Timed() as bot_send:
                sent = await services.sender.drain()
            assert sent.get("sent") == args.outbound and len(smtp.messages) == args.outbound, sent
            bot_runs.append(bot_send)
            raws = [message.raw for message in smtp.messages]
            smtp.clear()
            raw_runs.append(await raw_send(smtp, raws))
        smtp.clear()
        sample = raws[: args.outbound // 4]
        start = time.perf_counter()
        for number, raw in enumerate(sample):
            await aiosmtplib.send(email.message_from_bytes(raw), sender=BOT, recipients=[f"c{number}@kommune.no"],
                                  hostname=smtp.host, port=smtp.port, start_tls=False)
        raw_per_message = time.perf_counter() - start
        bot_send, raw_reused = median(bot_runs), median(raw_runs)
        print(f"outbound through the outbox (SMTP, rate limit off; median of {args.rounds} alternating rounds), "
              "goal 3: >= 0.8x raw:")
        print(line("raw aiosmtplib, one connection", len(raws), raw_reused))
        print(f"  raw aiosmtplib.send per message        {rate(len(sample), raw_per_message)}")
        print(line("bot outbox sender", args.outbound, bot_send, raw_reused))
        print("  rounds (bot/raw msg/s): " + ", ".join(f"{args.outbound / b.wall:.0f}/{args.outbound / r.wall:.0f}"
                                                        for b, r in zip(bot_runs, raw_runs, strict=True)))
        print(line("(enqueue: rendering + Message-ID + row)", args.outbound, enqueue))
        print(f"load average at the end {load_average()} (others share the machine: compare cpu as well as wall)")
    finally:
        app.close()
        smtp.stop()
        dovecot.stop()
        if cleanup is not None:
            admin, schema = cleanup  # type: ignore[misc]
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inbound", type=int, default=1000)
    parser.add_argument("--outbound", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating bot/raw rounds of the outbound test")
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (default: a fresh SQLite file)")
    asyncio.run(main(parser.parse_args()))
