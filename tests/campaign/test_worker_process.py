"""The real worker process against Dovecot and aiosmtpd.

* ``worker --once`` under ``KOMPETANSEBOT_NOW`` does what the live scheduler does at that moment.
* A campaign of 200 contacts with the worker killed (SIGKILL) at random points 20 times: after the
  restarts every planned mail reached the sink exactly once (counted by Message-ID), and every
  reply was processed and acted on.

The worker runs as the installed ``kompetansebot worker --once`` binary, in its own process group.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bot.app import build_app
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.db import Database
from bot.models_campaign import CampaignMeasure
from bot.models_email import MailInbound, MailOutbox
from bot.settings import load_settings
from tests.campaign.helpers import BOT, LINK, SECRETARIAT, START, Contact, at, contacts_csv, make_contacts
from tests.campaign.mailsim import received, reply_to
from tests.servers import DovecotServer, SmtpServer

ROOT = Path(__file__).parents[2]
KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))
WORKER_ARGS = ["worker", "--once", "--rate", "0", "--claim-timeout", "2", "--in-doubt-grace", "2"]


class Worker:
    """Runs the worker process at a business time, optionally killing it after ``kill_after`` seconds."""

    def __init__(self, database_url: str, mailbox: DovecotServer, smtp: SmtpServer, workdir: Path) -> None:
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "KOMPETANSEBOT_NOW",
                                   "PLAN_FILE", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SECRETARIAT"}}
        self.env.update(DATABASE_URL=database_url, IMAP_URL=mailbox.url_for("bot"), SMTP_URL=smtp.url,
                        BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT, LOG_LEVEL="WARNING",
                        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.workdir = workdir
        self.log = workdir / "worker.log"
        self.command = [KOMPETANSEBOT, *WORKER_ARGS]
        self.kills = 0

    def run(self, when: datetime, *, kill_after: float | None = None) -> int | None:
        """Exit code, or None when it was killed."""
        env = {**self.env, "KOMPETANSEBOT_NOW": when.isoformat()}
        with self.log.open("ab") as log:
            process = subprocess.Popen(self.command, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                code = process.wait(timeout=kill_after if kill_after is not None else 300)
                return code
            except subprocess.TimeoutExpired:
                if kill_after is None:
                    process.kill()
                    raise
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
                self.kills += 1
                return None

    def run_clean(self, when: datetime) -> None:
        code = self.run(when)
        assert code == 0, self.log.read_text()[-4000:]


def seed(database_url: str, people: list[Contact]) -> Database:
    settings = load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT,
                             SMTP_URL="smtp://127.0.0.1:9")  # only for starting; the worker has its own settings
    bot_app = build_app(settings, clock=Clock(START))
    service = CampaignService(CampaignEnv.from_app(bot_app))
    service.import_contacts(contacts_csv(people), source="kontakter.csv", actor="cli:test", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="cli:test", channel="cli")
    return bot_app.database


@pytest.fixture
def cleanup() -> Iterator[list[Database]]:
    opened: list[Database] = []
    yield opened
    for database in opened:
        database.dispose()


def rounds_of(sink: SmtpServer, database: Database, person: Contact) -> list[str]:
    return [mail.round for mail in received(sink, database) if mail.to == person.email and mail.round]


def test_worker_once_under_a_pinned_clock_does_what_the_scheduler_would(
        database_url: str, mailbox: DovecotServer, sink: SmtpServer, tmp_path: Path,
        cleanup: list[Database]) -> None:
    people = make_contacts(4, measures_per=(1, 2))
    database = seed(database_url, people)
    cleanup.append(database)
    worker = Worker(database_url, mailbox, sink, tmp_path)
    worker.run_clean(at("2026-12-01T07:45"))  # before opening: nothing
    assert not [m for m in received(sink, database) if m.to != SECRETARIAT]
    worker.run_clean(at("2026-12-01T09:00"))
    assert {p.email: rounds_of(sink, database, p) for p in people} == {p.email: ["notice"] for p in people}
    worker.run_clean(at("2026-12-01T09:05"))  # a second tick adds nothing
    worker.run_clean(at("2026-12-05T10:00"))  # Saturday
    assert sum(1 for m in received(sink, database) if m.round) == 4
    notice = next(m for m in received(sink, database) if m.to == people[0].email)
    mailbox.append("bot", reply_to(notice, people[0].email, people[0].name, "Levert!", when=at("2026-12-07T10:00")))
    worker.run_clean(at("2026-12-07T10:00"))
    answers = [m for m in received(sink, database) if m.to == people[0].email and m.key.startswith("reply:")]
    assert len(answers) == 1 and "registrert at årsrapporten" in answers[0].text
    worker.run_clean(at("2027-01-04T09:00"))
    assert rounds_of(sink, database, people[0]) == ["notice"]
    assert [rounds_of(sink, database, p) for p in people[1:]] == [["notice", "d-14"]] * 3


def test_the_real_binary_runs_the_campaign(database_url: str, mailbox: DovecotServer, sink: SmtpServer,
                                           tmp_path: Path, cleanup: list[Database]) -> None:
    settings = load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT)
    probe = build_app(settings)
    cleanup.append(probe.database)
    people = make_contacts(3)
    cleanup.append(seed(database_url, people))
    Worker(database_url, mailbox, sink, tmp_path).run_clean(at("2026-12-01T09:00"))
    assert sorted(m.to for m in received(sink, probe.database) if m.round) == sorted(p.email for p in people)


def test_killed_twenty_times_during_a_campaign_of_200_contacts_every_mail_exactly_once(
        database_url: str, mailbox: DovecotServer, sink: SmtpServer, tmp_path: Path, cleanup: list[Database],
        capsys: pytest.CaptureFixture[str]) -> None:
    seed_value = int(os.environ.get("CAMPAIGN_KILL_SEED", "20261201"))
    rng = random.Random(seed_value)
    people = make_contacts(200)
    database = seed(database_url, people)
    cleanup.append(database)
    worker = Worker(database_url, mailbox, sink, tmp_path)
    delivered = people[0:60:3]   # 20 answer "levert" on 10 December
    not_yet = people[1:60:6]     # 10 answer "ikke levert ennå" on 5 January
    asking = people[2:60:12]     # 5 ask a question on 5 January
    steps = [at(text) for text in ("2026-12-01T09:00", "2026-12-01T15:30", "2026-12-10T12:00", "2027-01-04T09:00",
                                   "2027-01-05T12:00", "2027-01-08T09:00", "2027-01-13T09:00", "2027-01-15T09:00",
                                   "2027-01-18T09:00", "2027-01-19T09:00", "2027-01-20T09:00", "2027-01-21T09:00",
                                   "2027-01-22T09:00", "2027-01-25T09:00")]
    replies_at = {at("2026-12-10T12:00"): [(person, "Hei! Rapporten er levert.") for person in delivered],
                  at("2027-01-05T12:00"): [(person, "Nei, ikke levert ennå. Kommer neste uke.") for person in not_yet]
                  + [(person, "Hvem skal rapportere, og når er fristen?") for person in asking]}
    kills_at = Counter(rng.choice([step for step in steps if step.hour == 9 or step in replies_at])
                       for _ in range(20))
    log: list[str] = []
    for step in steps:
        if step in replies_at:
            arrived_so_far = received(sink, database)
        for person, text in replies_at.get(step, []):
            last = [m for m in arrived_so_far if m.to == person.email and m.round][-1]
            mailbox.append("bot", reply_to(last, person.email, person.name, text, when=step))
        longest = 12.0
        wanted = worker.kills + kills_at.get(step, 0)
        while worker.kills < wanted:
            before = len(sink.messages)
            delay = rng.uniform(1.0, longest)
            started = time.monotonic()
            code = worker.run(step, kill_after=delay)
            log.append(f"{step:%m-%d %H:%M} kill after {delay:.1f} s: {'killed' if code is None else f'exit {code}'}"
                       f", {len(sink.messages) - before} mails reached the sink meanwhile")
            if code is not None:  # it finished first: aim earlier next time
                longest = max(1.5, (time.monotonic() - started) * 0.9)
        worker.run_clean(step)
    # Settle what the kills left in doubt or claimed: wait out the claim timeout and the grace, then rounds.
    for _ in range(6):
        if not _unsettled(database):
            break
        time.sleep(2.5)
        worker.run_clean(steps[-1])
    assert not _unsettled(database), _statuses(database)
    with capsys.disabled():
        print(f"\n{worker.kills} kills of the worker (seed {seed_value}):")
        for line in log:
            print("  " + line)

    assert worker.kills == 20
    arrived = [message for message in sink.messages if any(rcpt.lower() != BOT for rcpt in message.rcpt_tos)]
    counts = Counter(message.message_id for message in arrived)
    assert max(counts.values()) == 1, [mid for mid, n in counts.items() if n > 1][:5]
    all_rounds = ["notice", "d-14", "d-7", "d-2", "d0", "overdue-1", "overdue-2", "overdue-3", "overdue-4",
                  "overdue-5"]
    planned = {person.email: (["notice"] if person in delivered else all_rounds) for person in people}
    everything = received(sink, database)
    got: dict[str, list[str]] = {person.email: [] for person in people}
    for mail in everything:
        if mail.round:
            got[mail.to].append(mail.round)
    wrong = {email: (got[email], rounds) for email, rounds in planned.items()
             if Counter(got[email]) != Counter(rounds)}
    assert not wrong, (len(wrong), list(wrong.items())[:5], _statuses(database))
    with database.session() as session:
        sent = session.exec(select(MailOutbox.message_id).where(MailOutbox.kind == "reminder",
                                                                MailOutbox.status == "sent")).all()
        assert set(sent) == {m.message_id for m in everything if m.round}
        replies = session.exec(select(MailInbound).where(MailInbound.kind == "human")).all()
        assert len(replies) == len(delivered) + len(not_yet) + len(asking)
        assert {row.status for row in replies} == {"done"}
        done = session.exec(select(func.count()).select_from(CampaignMeasure)
                            .where(CampaignMeasure.state == "done")).one()
        assert int(done) == sum(len(person.measures) for person in delivered)
    answers = Counter(m.to for m in everything if m.key.startswith("reply:"))
    assert answers == Counter({person.email: 1 for person in [*delivered, *not_yet, *asking]})


def _unsettled(database: Database) -> int:
    with database.session() as session:
        return int(session.exec(select(func.count()).select_from(MailOutbox).where(
            col(MailOutbox.status).in_(["queued", "sending", "in_doubt"]))).one())


def _statuses(database: Database) -> dict[str, int]:
    with database.session() as session:
        rows = session.exec(select(MailOutbox.status, func.count()).group_by(MailOutbox.status)).all()
    return {status: int(n) for status, n in rows}
