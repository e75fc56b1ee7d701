"""`kompetansebot worker --once`, the tick seam, and the done-reply seam."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from bot.db import Database
from bot.mail.classify import Classification
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.correlate import Correlation
from bot.mail.intent import DONE, reply_intent
from bot.mail.outbox import OutgoingRequest
from bot.mail.parse import ParsedMail
from bot.mail.tokens import ReplyTokens
from bot.messages import Reply
from bot.models_email import MailOutbox
from tests.email.conftest import BOT, MailBot, make_bot, question_mail
from tests.email.test_sender import drain, enqueue, row
from tests.servers import DovecotServer, SmtpServer

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL"}}
    return subprocess.run([KOMPETANSEBOT, *args], env={**base, **env}, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_worker_once_reads_answers_and_exits(database: Database, database_url: str, mailbox: DovecotServer,
                                             smtp_server: SmtpServer, tmp_path: Path) -> None:
    mailbox.append("bot", question_mail("kari@granli.kommune.no", "Når er fristen for behovsmelding?"))
    mailbox.append("bot", (Path(__file__).parent / "corpus" / "exchange_oof.eml").read_bytes())
    env = {"DATABASE_URL": database_url, "IMAP_URL": mailbox.url_for("bot"), "SMTP_URL": smtp_server.url,
           "BOT_EMAIL": BOT}
    result = _run(["worker", "--once", "--json"], env, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["read"] == 2 and summary["moved"] == {"Processed": 2}
    assert summary["statuses"] == {"done": 1, "ignored": 1}
    answers = [m for m in smtp_server.messages if "kari@granli.kommune.no" in m.rcpt_tos]
    assert len(answers) == 1 and mailbox.messages("bot") == []
    # a second run finds nothing new and sends nothing again
    again = _run(["worker", "--once", "--json"], env, tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout.strip().splitlines()[-1])["read"] == 0
    assert len([m for m in smtp_server.messages if "kari@granli.kommune.no" in m.rcpt_tos]) == 1


def test_worker_without_mail_settings_says_so(tmp_path: Path) -> None:
    result = _run(["worker", "--once"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}, tmp_path)
    assert result.returncode == 2 and "IMAP_URL" in result.stderr


async def test_ticks_enqueue_due_work_once_even_after_downtime_or_twice(
        database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> None:
    """A tick recomputes what is due from data (no timer state): a missed tick is caught up by the next
    one, a double tick adds nothing, and nothing depends on the tick function's name."""
    due = [("kari@granli.kommune.no", "2026-11-30T09:00"), ("ola@hamar.kommune.no", "2026-12-01T09:30"),
           ("later@x.no", "2026-12-24T09:00")]

    def reminders_due(app: Any) -> None:
        now = app.clock.now().isoformat()
        with app.database.session() as session:
            tokens = ReplyTokens.load(session, bot.config.identity, app.clock.now())
            for address, when in due:
                if when <= now[:16]:
                    bot.services.outbox.enqueue(session, OutgoingRequest(
                        key=f"campaign:1:{address}:1", to=Recipient(address), kind="reminder",
                        auto_submitted=AUTO_GENERATED, respect_quiet_hours=True,
                        content=render_reply("Påminnelse", subject="Påminnelse")), tokens)

    bot = make_bot(database_url, mailbox, smtp_server)
    try:
        bot.services.ticks.append(reminders_due)
        await bot.round()  # the first tick after two due times passed while "down"
        await bot.round()  # and a double tick
        with bot.app.database.session() as session:
            assert session.exec(select(func.count()).select_from(MailOutbox)).one() == 2
        assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == ["kari@granli.kommune.no",
                                                                         "ola@hamar.kommune.no"]
    finally:
        bot.app.close()


async def test_a_levert_reply_cancels_that_contacts_queued_reminder_via_an_observer(mailbot: MailBot) -> None:
    first = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:1", campaign="c1")
    await drain(mailbot)
    second = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:2", campaign="c1", quiet=True)
    other = enqueue(mailbot, "ola@hamar.kommune.no", key="c1:ola:2", campaign="c1", quiet=True)

    def campaign_reader(session: Session, mail: ParsedMail, kind: Classification, link: Correlation,
                        text: str) -> Reply | None:
        if link.linked and link.campaign_id and not link.other_sender and reply_intent(text) == DONE:
            mailbot.services.outbox.cancel_queued(session, reason="levert", campaign_id=link.campaign_id,
                                                  recipient=mail.sender_address)
            return Reply("Takk! Årsrapporten er registrert som levert. Svar «feil» hvis det ikke stemmer.",
                         intent="campaign.done")
        return None

    assert mailbot.services.processor is not None
    mailbot.services.processor.observers.append(campaign_reader)
    mailbot.deliver(question_mail("kari@granli.kommune.no", "Rapporten er levert.\n\nMvh Kari",
                                  headers={"In-Reply-To": first.message_id}))
    await mailbot.round()
    assert row(mailbot, second.id).status == "cancelled"
    assert row(mailbot, other.id).status == "sent"
    (confirmation,) = [m for m in mailbot.answers_to("kari@granli.kommune.no") if m.message_id != first.message_id]
    body = confirmation.email().get_body(preferencelist=("plain",))
    assert body is not None and "registrert som levert" in body.get_content()
