"""The real `kompetansebot worker` process: killed mid-batch and restarted, and two at once.

The SMTP sink delivers into Dovecot (each answer to the asker's mailbox, the bot's archive copy
into the bot's INBOX), so the restarted worker has the same evidence a real deployment has.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.outbox import Outbox, OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailInbound, MailOutbox
from tests.email.conftest import BOT, TUESDAY, make_config, question_mail
from tests.servers import DovecotServer, SmtpServer

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))
ASKER = "alice"


@pytest.fixture
def sink(smtp_to_imap: SmtpServer, mailbox: DovecotServer) -> SmtpServer:
    def route(address: str) -> str | None:
        if address.endswith("@kompetansebot.test"):
            return "bot"
        local = address.split("@")[0].split("+")[0]
        return local if local in mailbox.users else None

    smtp_to_imap.forward_to(mailbox, route)
    return smtp_to_imap


class Worker:
    def __init__(self, database_url: str, mailbox: DovecotServer, smtp: SmtpServer, workdir: Path,
                 name: str = "worker") -> None:
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "KOMPETANSEBOT_NOW",
                                   "PLAN_FILE", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"}}
        self.env.update(DATABASE_URL=database_url, IMAP_URL=mailbox.url_for("bot"), SMTP_URL=smtp.url,
                        BOT_EMAIL=BOT, LOG_LEVEL=os.environ.get("WORKER_LOG_LEVEL", "INFO"))
        self.workdir = workdir
        self.log = workdir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [KOMPETANSEBOT, "worker", "--poll", "1", "--claim-timeout", "5", "--in-doubt-grace", "5",
                 "--rate", "0"],
                cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
                raise AssertionError(f"worker did not stop on SIGTERM:\n{self.log.read_text()[-3000:]}") from None
        return int(self.process.returncode)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@pytest.fixture
def workers(database: Database, database_url: str, mailbox: DovecotServer, sink: SmtpServer,
            tmp_path: Path) -> Iterator[Callable[[str], Worker]]:
    started: list[Worker] = []

    def make(name: str) -> Worker:
        worker = Worker(database_url, mailbox, sink, tmp_path, name)
        started.append(worker)
        return worker

    yield make
    for worker in started:
        if worker.alive():
            worker.process.kill()  # type: ignore[union-attr]
            worker.process.wait(timeout=10)  # type: ignore[union-attr]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 90.0,
               logs: list[Worker] | None = None, describe: Callable[[], str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(worker.log.read_text()[-1500:] for worker in logs or [] if worker.log.exists())
            state = describe() if describe is not None else ""
            raise AssertionError(f"timed out waiting for {what}\n{state}\n{tails}")
        time.sleep(0.2)  # each check fetches whole mailboxes over IMAP: poll gently


def _state(database: Database, mailbox: DovecotServer, sink: SmtpServer) -> str:
    with database.session() as session:
        outbox = session.exec(select(MailOutbox.kind, MailOutbox.status, func.count())
                              .group_by(MailOutbox.kind, MailOutbox.status)).all()
        inbound = session.exec(select(MailInbound.kind, MailInbound.status, func.count())
                               .group_by(MailInbound.kind, MailInbound.status)).all()
    answered = answers_by_question(sink)
    return (f"outbox={outbox}\ninbound={inbound}\nanswered={len(answered)} "
            f"inbox={len(mailbox.messages('bot'))} sink={len(sink.messages)}")


def processed_count(database: Database) -> int:
    with database.session() as session:
        return int(session.exec(select(func.count()).select_from(MailInbound).where(
            MailInbound.status == "done")).one())


def delivered(mailbox: DovecotServer) -> dict[str, list[str]]:
    """What really reached the askers' mailbox: In-Reply-To -> Message-IDs of the copies."""
    found: dict[str, list[str]] = {}
    for message in mailbox.messages(ASKER):
        parsed = message.email()
        found.setdefault(str(parsed["In-Reply-To"]).strip(), []).append(str(parsed["Message-ID"]).strip())
    return found


def answers_by_question(sink: SmtpServer) -> Counter[str]:
    counts: Counter[str] = Counter()
    for message in sink.messages:
        if any(rcpt.startswith(ASKER) for rcpt in message.rcpt_tos):
            counts[str(message.email()["In-Reply-To"]).strip()] += 1
    return counts


def test_killed_mid_batch_and_restarted_answers_every_question_exactly_once(
        workers: Callable[[str], Worker], database: Database, mailbox: DovecotServer, sink: SmtpServer) -> None:
    count = 80
    questions = [f"<q{n}@x.no>" for n in range(count)]
    for number, message_id in enumerate(questions):  # one asker each: the loop guard allows 5 a day
        mailbox.append("bot", question_mail(f"{ASKER}+{number}@x.no", "Når er fristen for behovsmelding?",
                                            message_id=message_id))
    first = workers("first").start()
    wait_until(lambda: processed_count(database) >= 10, "some mail processed", logs=[first])
    first.kill()  # in the middle of the intake batch
    killed_at = processed_count(database)
    assert killed_at < count

    second = workers("second").start()
    wait_until(lambda: sum(answers_by_question(sink).values()) >= 10, "some answers sent", logs=[second])
    second.kill()  # in the middle of sending

    third = workers("third").start()
    wait_until(lambda: set(delivered(mailbox)) == set(questions) and not mailbox.messages("bot"),
               "every question answered", logs=[third], describe=lambda: _state(database, mailbox, sink))
    time.sleep(10.5)  # longer than claim timeout + in-doubt grace: a duplicate would show now
    assert third.stop() == 0

    # Exactly one answer (one Message-ID) per question. The same Message-ID twice is allowed only
    # for a send that was in doubt (the test SMTP server can deliver and then lose its reply).
    copies = delivered(mailbox)
    assert set(copies) == set(questions)
    assert all(len(set(ids)) == 1 for ids in copies.values()), copies
    doubled = [ids[0] for ids in copies.values() if len(ids) > 1]
    with database.session() as session:
        rows = session.exec(select(MailInbound)).all()
        assert Counter(row.kind for row in rows)["human"] == count
        assert len({row.message_key for row in rows}) == len(rows)
        resent = {e.target for e in AuditLog.entries(session, action="email.resend_in_doubt")}
    assert set(doubled) <= resent


def test_restart_mid_campaign_sends_no_second_copy(
        workers: Callable[[str], Worker], database: Database, sink: SmtpServer, mailbox: DovecotServer) -> None:
    count = 60
    outbox = Outbox(database, make_config(archive_copy=True), clock=Clock(TUESDAY), timer=Clock(), worker_id="test")
    with database.session() as session:
        tokens = ReplyTokens.load(session, outbox.config.identity, TUESDAY)
        for number in range(count):
            outbox.enqueue(session, OutgoingRequest(
                key=f"campaign:1:{number}:1", to=Recipient(f"{ASKER}@x.no"), kind="reminder",
                auto_submitted=AUTO_GENERATED,
                content=render_reply(f"Påminnelse nummer {number}", subject="Påminnelse")), tokens)
    worker = workers("sender").start()
    wait_until(lambda: len([m for m in sink.messages if f"{ASKER}@x.no" in m.rcpt_tos]) >= 10, "k of n sent",
               logs=[worker])
    worker.kill()
    restarted = workers("restarted").start()
    wait_until(lambda: _statuses(database) == {"sent": count}, "all sent", logs=[restarted])
    time.sleep(10.5)
    assert restarted.stop() == 0
    arrived = [str(m.email()["Message-ID"]).strip() for m in mailbox.messages(ASKER)]
    assert len(set(arrived)) == count, _missing(database, sink, set(arrived))  # exactly n unique Message-IDs
    with database.session() as session:
        resent = {e.target for e in AuditLog.entries(session, action="email.resend_in_doubt")}
    doubled = [mid for mid, copies in Counter(arrived).items() if copies > 1]
    assert set(doubled) <= resent and all(Counter(arrived)[mid] == 2 for mid in doubled)


def _statuses(database: Database) -> dict[str, int]:
    with database.session() as session:
        rows = session.exec(select(MailOutbox.status, func.count()).where(MailOutbox.kind == "reminder")
                            .group_by(MailOutbox.status)).all()
    return {status: int(n) for status, n in rows}


def test_two_workers_at_once_neither_double_send_nor_double_intake(
        workers: Callable[[str], Worker], database: Database, mailbox: DovecotServer, sink: SmtpServer) -> None:
    count = 40
    questions = [f"<both{n}@x.no>" for n in range(count)]
    for number, message_id in enumerate(questions):
        mailbox.append("bot", question_mail(f"{ASKER}+{number}@x.no", "Hvor mye kan gå til koordinator?",
                                            message_id=message_id))
    one, two = workers("one").start(), workers("two").start()
    wait_until(lambda: set(answers_by_question(sink)) == set(questions) and not mailbox.messages("bot"),
               "every question answered", logs=[one, two])
    time.sleep(10.5)
    assert one.stop() == 0 and two.stop() == 0
    answers = answers_by_question(sink)
    assert max(answers.values()) == 1, _diagnose(database, sink, answers)
    assert len(mailbox.messages(ASKER)) == count
    with database.session() as session:
        assert int(session.exec(select(func.count()).select_from(MailInbound)
                                .where(MailInbound.kind == "human")).one()) == count


def _diagnose(database: Database, sink: SmtpServer, answers: Counter[str]) -> str:
    from bot.audit import AuditLog

    doubled = [mid for mid, n in answers.items() if n > 1]
    lines = []
    for question in doubled:
        ids = [m.message_id for m in sink.messages if str(m.email()["In-Reply-To"]) == question]
        lines.append(f"{question}: {ids}")
        with database.session() as session:
            for message_id in set(ids):
                for entry in AuditLog.entries(session):
                    if entry.target == message_id:
                        lines.append(f"  {entry.at} {entry.action} {entry.outcome} {entry.detail}")
    return "\n".join(lines)


def _missing(database: Database, sink: SmtpServer, arrived: set[str | None]) -> str:
    from bot.audit import AuditLog

    lines = [f"received (all): {[(m.message_id, m.rcpt_tos, m.response) for m in sink.received][-5:]}"]
    with database.session() as session:
        rows = session.exec(select(MailOutbox).where(MailOutbox.kind == "reminder")).all()
        for row in rows:
            if row.message_id not in arrived:
                lines.append(f"{row.message_id} {row.status} attempts={row.attempts} echo={row.echo_at} "
                             f"error={row.last_error}")
                lines.extend(f"  {e.at} {e.action} {e.outcome} {e.detail}" for e in AuditLog.entries(session)
                             if e.target == row.message_id)
                lines.append(f"  in sink.received: {[m.response for m in sink.received if m.message_id == row.message_id]}")
    return "\n".join(lines)
