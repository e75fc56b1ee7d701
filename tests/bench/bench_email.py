"""Benchmark: the email channel against the raw libraries, in the same run, on real servers.

    .venv/bin/python tests/bench/bench_email.py [--inbound 1000] [--outbound 2000] [--database URL]

Inbound: N questions (distinct senders) are APPENDed to a private Dovecot. First the raw library
reads them (imap-tools ``MailBox.fetch(mark_seen=False, bulk=50)``, nothing else), then the bot
processes the same mails exactly as ``kompetansebot worker --once`` does: fetch, classify,
correlate, strip quotes, answer through the router (Q&A), write the answer to the outbox, UID MOVE
to Processed; then the answers are sent to aiosmtpd. Outbound: M rows in the outbox are sent to
aiosmtpd with the rate limit off, next to raw aiosmtplib sending the same bytes (one connection
reused, as the bot does; and one connection per message with ``aiosmtplib.send``).
Database: a fresh SQLite file (or ``--database``, e.g. the test PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import email
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
from imap_tools import MailBoxUnencrypted  # noqa: E402
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


def raw_fetch(dovecot: DovecotServer) -> tuple[int, float]:
    start = time.perf_counter()
    with MailBoxUnencrypted(dovecot.host, dovecot.port).login("bot", dovecot.password("bot"), "INBOX") as box:
        count = sum(1 for _ in box.fetch(mark_seen=False, bulk=50))
    return count, time.perf_counter() - start


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
        print(f"database: {'PostgreSQL' if args.database else 'SQLite'}; Dovecot {dovecot.port}; aiosmtpd {smtp.port}")
        # ------------------------------------------------------------ inbound
        append_all(dovecot, args.inbound)
        fetched, raw_seconds = raw_fetch(dovecot)
        assert fetched == args.inbound
        assert services.intake is not None and services.sender is not None
        start = time.perf_counter()
        summary = await asyncio.to_thread(services.intake.scan)
        intake_seconds = time.perf_counter() - start
        services.intake.client.close()
        start = time.perf_counter()
        sent = await services.sender.drain()
        answer_seconds = time.perf_counter() - start
        assert summary.seen == args.inbound and sent.get("sent") == args.inbound, (summary, sent)
        assert len(smtp.messages) == args.inbound
        print("inbound questions (IMAP):")
        print(f"  raw imap-tools fetch (bulk=50, PEEK) {rate(fetched, raw_seconds)}")
        print(f"  bot intake: read+answer+MOVE       {rate(summary.seen, intake_seconds)}"
              f"   ({intake_seconds / raw_seconds:.1f}x the raw time)")
        print(f"  bot sending the answers            {rate(args.inbound, answer_seconds)}")
        print(f"  bot end to end                     {rate(args.inbound, intake_seconds + answer_seconds)}")
        # ------------------------------------------------------------ outbound
        smtp.clear()
        start = time.perf_counter()
        with app.database.session() as session:
            tokens = ReplyTokens.load(session, config.identity, NOW)
            content = render_reply("Påminnelse: årsrapporten skal leveres innen 15. januar.",
                                   subject="Påminnelse: årsrapport")
            for number in range(args.outbound):
                services.outbox.enqueue(session, OutgoingRequest(
                    key=f"bench:{number}", to=Recipient(f"c{number}@kommune.no"), content=content, kind="reminder",
                    auto_submitted=AUTO_GENERATED), tokens)
        enqueue_seconds = time.perf_counter() - start
        start = time.perf_counter()
        sent = await services.sender.drain()
        send_seconds = time.perf_counter() - start
        assert sent.get("sent") == args.outbound and len(smtp.messages) == args.outbound, sent
        raws = [message.raw for message in smtp.messages]
        smtp.clear()
        start = time.perf_counter()
        client = aiosmtplib.SMTP(hostname=smtp.host, port=smtp.port, start_tls=False)
        await client.connect()
        for number, raw in enumerate(raws):
            await client.sendmail(BOT, [f"c{number}@kommune.no"], raw)
        await client.quit()
        raw_reused = time.perf_counter() - start
        smtp.clear()
        sample = raws[: args.outbound // 4]
        start = time.perf_counter()
        for number, raw in enumerate(sample):
            await aiosmtplib.send(email.message_from_bytes(raw), sender=BOT, recipients=[f"c{number}@kommune.no"],
                                  hostname=smtp.host, port=smtp.port, start_tls=False)
        raw_per_message = time.perf_counter() - start
        print("outbound through the outbox (SMTP, rate limit off):")
        print(f"  raw aiosmtplib, one connection     {rate(len(raws), raw_reused)}")
        print(f"  raw aiosmtplib.send per message    {rate(len(sample), raw_per_message)}")
        print(f"  bot outbox sender                  {rate(args.outbound, send_seconds)}"
              f"   ({send_seconds / raw_reused:.1f}x the raw time)")
        print(f"  (enqueue: rendering + Message-ID + row {rate(args.outbound, enqueue_seconds)})")
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
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (default: a fresh SQLite file)")
    asyncio.run(main(parser.parse_args()))
