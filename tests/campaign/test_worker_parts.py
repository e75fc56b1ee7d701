"""`worker --once` runs intake, scheduled ticks and sending as independent parts (issue 12, finding 6).

With the mailbox unreachable (IMAP_URL pointing at a closed port) the real worker process still
queues the due campaign reminders and sends them through the SMTP sink, and exits non-zero naming
the part that failed (the intake), in the log, on stderr and in the JSON summary. With the SMTP
server unreachable it still reads and answers the mailbox (the answer waits in the outbox) and
names the sending.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from bot.models_email import MailOutbox
from tests.campaign.helpers import BOT, SECRETARIAT, make_contacts
from tests.campaign.test_worker_process import ROOT, seed
from tests.email.conftest import question_mail
from tests.servers import DovecotServer, SmtpServer

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_worker_once_with_imap_down_still_queues_and_sends_due_reminders_and_names_the_intake(
        database_url: str, smtp_server: SmtpServer, tmp_path: Path) -> None:
    people = make_contacts(3, measures_per=(1, 2))
    database = seed(database_url, people)
    try:
        env = {key: value for key, value in os.environ.items()
               if key not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "KOMPETANSEBOT_NOW", "PLAN_FILE",
                              "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SECRETARIAT"}}
        env.update(DATABASE_URL=database_url, IMAP_URL=f"imap://bot:secret@127.0.0.1:{closed_port()}/INBOX",
                   SMTP_URL=smtp_server.url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT, LOG_LEVEL="INFO",
                   KOMPETANSEBOT_NOW="2026-12-01T09:00",  # a Tuesday, opening day of the campaign
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        done = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--json", "--rate", "0"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=180)
        print(done.stderr[-3000:])
        assert done.returncode == 1, done.stderr[-3000:]
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        assert list(summary["failed"]) == ["intake"], summary
        assert "127.0.0.1" in summary["failed"]["intake"]
        assert summary["ticks"] == 1
        assert "email intake failed" in done.stderr and "Feilet: intake" in done.stderr
        assert "failed parts: intake" in done.stderr

        # The campaign tick queued the notices and the sender delivered them, the mailbox down or not.
        notified = {person.email for person in people
                    if any(person.email in message.rcpt_tos for message in smtp_server.messages)}
        assert notified == {person.email for person in people}
        assert summary["sent"].get("sent", 0) >= len(people)
        with database.session() as session:
            queued = session.exec(select(func.count()).select_from(MailOutbox)
                                  .where(MailOutbox.status == "queued")).one()
        assert queued == 0
    finally:
        database.dispose()


def test_worker_once_with_smtp_down_still_reads_the_mailbox_and_names_the_sending(
        database_url: str, mailbox: DovecotServer, tmp_path: Path) -> None:
    mailbox.append("bot", question_mail("kari@valdres.kommune.test", "Når er fristen for årsrapport?"))
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "KOMPETANSEBOT_NOW", "PLAN_FILE",
                          "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SECRETARIAT"}}
    env.update(DATABASE_URL=database_url, IMAP_URL=mailbox.url_for("bot"),
               SMTP_URL=f"smtp://127.0.0.1:{closed_port()}", BOT_EMAIL=BOT, LOG_LEVEL="INFO",
               KOMPETANSEBOT_NOW="2026-12-01T10:00",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--json", "--rate", "0"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)
    print(done.stderr[-2000:])
    assert done.returncode == 1, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(summary["failed"]) == ["sending"], summary
    assert "unreachable" in summary["failed"]["sending"]
    assert summary["read"] == 1 and summary["statuses"] == {"done": 1}  # the intake did its part
    assert "email sending failed" in done.stderr and "Feilet: sending" in done.stderr
    assert mailbox.messages("bot", "INBOX") == [] and len(mailbox.messages("bot", "Processed")) == 1
