"""The outbox sender against aiosmtpd: retries, refusals, pauses, partial refusal, in-doubt sends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.outbox import Outbox, OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailCorrespondent, MailOutbox
from handlers.email.smtp import SmtpSender
from handlers.email.urls import SmtpUrl
from tests.email.conftest import BOT, MailBot, make_bot
from tests.servers import DROP, DovecotServer, SmtpServer


def enqueue(bot: MailBot, to: str, *, key: str | None = None, kind: str = "reminder", quiet: bool = False,
            campaign: str | None = None) -> MailOutbox:
    outbox = bot.services.outbox
    content = render_reply("Påminnelse: årsrapporten skal leveres innen 15. januar.",
                           subject="Påminnelse: årsrapport 2025")
    with bot.app.database.session() as session:
        tokens = ReplyTokens.load(session, bot.config.identity, bot.app.clock.now())
        return outbox.enqueue(session, OutgoingRequest(
            key=key or f"test:{to}", to=Recipient(to), content=content, kind=kind, respect_quiet_hours=quiet,
            auto_submitted=AUTO_GENERATED, campaign_id=campaign), tokens)


def row(bot: MailBot, row_id: int | None) -> MailOutbox:
    with bot.app.database.session() as session:
        found = session.get(MailOutbox, row_id)
        assert found is not None
        return found


async def drain(bot: MailBot) -> dict[str, int]:
    assert bot.services.sender is not None
    return await bot.services.sender.drain(evidence=bot.services.evidence)


@pytest.mark.parametrize(("where", "answer"), [
    ("mail", "421 4.3.2 Service not available, closing transmission channel"),
    ("rcpt", "450 4.2.1 Mailbox busy, try later"),
    ("data", "451 4.3.0 Local error in processing"),
    ("mail", "452 4.3.1 Insufficient system storage"),
])
async def test_temporary_failures_back_off_then_send(mailbot: MailBot, where: str, answer: str) -> None:
    queued = enqueue(mailbot, "kari@granli.kommune.no")
    smtp = mailbot.smtp
    {"mail": smtp.script_mail, "data": smtp.script_data}.get(
        where, lambda a: smtp.script_rcpt("kari@granli.kommune.no", a))(answer)

    await drain(mailbot)

    first = row(mailbot, queued.id)
    assert first.status == "queued" and first.attempts == 1 and first.last_code == int(answer[:3])
    assert smtp.messages == []
    await drain(mailbot)  # not due yet: nothing happens
    assert row(mailbot, queued.id).attempts == 1
    mailbot.timer.advance(timedelta(minutes=2))
    await drain(mailbot)
    sent = row(mailbot, queued.id)
    assert sent.status == "sent" and sent.attempts == 2
    assert smtp.message_ids == [queued.message_id]


@pytest.mark.parametrize(("where", "answer"), [
    ("rcpt", "550 5.1.1 User unknown"),
    ("rcpt", "553 5.1.3 Bad recipient address syntax"),
    ("data", "554 5.6.0 Message content rejected"),
])
async def test_permanent_failures_are_never_retried(mailbot: MailBot, where: str, answer: str) -> None:
    queued = enqueue(mailbot, "ola@hamar.kommune.no")
    if where == "rcpt":
        mailbot.smtp.refuse_rcpt("ola@hamar.kommune.no", answer)
    else:
        mailbot.smtp.script_data(answer)

    await drain(mailbot)
    mailbot.timer.advance(timedelta(hours=5))
    await drain(mailbot)

    failed = row(mailbot, queued.id)
    assert failed.status == "failed" and failed.attempts == 1
    assert mailbot.smtp.commands.count("MAIL FROM:<bot@kompetansebot.test>") == 1


async def test_unknown_user_marks_the_address_invalid_and_stops_its_reminders(mailbot: MailBot) -> None:
    enqueue(mailbot, "ola@hamar.kommune.no", key="round1")
    mailbot.smtp.refuse_rcpt("ola@hamar.kommune.no", "550 5.1.1 User unknown")
    await drain(mailbot)
    later = enqueue(mailbot, "ola@hamar.kommune.no", key="round2")
    other = enqueue(mailbot, "kari@granli.kommune.no", key="round2-kari")

    await drain(mailbot)

    assert row(mailbot, later.id).status == "cancelled"
    assert row(mailbot, other.id).status == "sent"
    with mailbot.app.database.session() as session:
        (correspondent,) = session.exec(select(MailCorrespondent)).all()
        assert correspondent.address == "ola@hamar.kommune.no" and correspondent.invalid_at is not None
        assert AuditLog.entries(session, action="email.address_invalid")


async def test_authentication_failure_pauses_sending(database_url: str, mailbox: DovecotServer) -> None:
    server = SmtpServer(auth_users={"bot": "pw"}, auth_required=True).start()
    try:
        bot = make_bot(database_url, mailbox, server)
        assert bot.services.sender is not None
        bot.services.sender = SmtpSender(SmtpUrl.parse(server.url_for("bot", "pw")), bot.services.outbox)
        rows = [enqueue(bot, f"p{n}@x.no") for n in range(3)]
        server.fail_auth("535 5.7.8 Authentication credentials invalid")

        await drain(bot)

        assert server.messages == []
        assert all(row(bot, r.id).status == "queued" and row(bot, r.id).attempts == 0 for r in rows)
        assert bot.services.outbox.paused() is not None
        with bot.app.database.session() as session:
            assert AuditLog.entries(session, action="email.paused")
        await drain(bot)
        assert server.messages == []  # still paused
        bot.timer.advance(timedelta(minutes=61))
        await drain(bot)
        assert len(server.messages) == 3
        bot.app.close()
    finally:
        server.stop()


async def test_repeated_policy_refusals_pause_sending(mailbot: MailBot) -> None:
    rows = [enqueue(mailbot, f"p{n}@x.no") for n in range(5)]
    for n in range(5):
        mailbot.smtp.script_rcpt(f"p{n}@x.no", "550 5.7.1 Message rejected by policy")

    await drain(mailbot)

    statuses = [row(mailbot, r.id).status for r in rows]
    assert statuses[:3] == ["failed"] * 3 and statuses[3:] == ["queued", "queued"]
    assert mailbot.services.outbox.paused() is not None


async def test_partial_refusal_records_the_failure_and_never_resends_the_accepted_copy(
        database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> None:
    bot = make_bot(database_url, mailbox, smtp_server, archive_copy=True)
    try:
        refused = enqueue(bot, "gone@x.no")
        smtp_server.refuse_rcpt("gone@x.no", "550 5.1.1 User unknown")
        await drain(bot)
        bot.timer.advance(timedelta(hours=2))
        await drain(bot)
        failed = row(bot, refused.id)
        assert failed.status == "failed" and failed.attempts == 1
        assert failed.detail["refused"]["gone@x.no"][0] == 550
        assert [m.rcpt_tos for m in smtp_server.messages] == [(BOT,)]  # the archive copy, once

        smtp_server.clear()
        ok = enqueue(bot, "here@x.no")
        smtp_server.refuse_rcpt(BOT, "452 4.2.2 Mailbox full")
        await drain(bot)
        assert row(bot, ok.id).status == "sent"
        assert [m.rcpt_tos for m in smtp_server.messages] == [("here@x.no",)]
    finally:
        bot.app.close()


async def test_drop_after_data_is_in_doubt_then_resent_once_with_the_same_message_id(mailbot: MailBot) -> None:
    queued = enqueue(mailbot, "kari@granli.kommune.no")
    mailbot.smtp.script_data(DROP)

    await drain(mailbot)

    assert row(mailbot, queued.id).status == "in_doubt"
    assert mailbot.smtp.message_ids == [queued.message_id]  # the server got it
    await drain(mailbot)  # within the grace period: wait for evidence, no blind resend
    assert row(mailbot, queued.id).status == "in_doubt" and len(mailbot.smtp.messages) == 1
    mailbot.timer.advance(timedelta(seconds=mailbot.config.in_doubt_grace_seconds + 1))
    await drain(mailbot)
    resent = row(mailbot, queued.id)
    assert resent.status == "sent" and resent.in_doubt_resends == 1
    assert mailbot.smtp.message_ids == [queued.message_id, queued.message_id]
    mailbot.timer.advance(timedelta(hours=3))
    await drain(mailbot)
    assert len(mailbot.smtp.messages) == 2


async def test_in_doubt_send_is_reconciled_from_the_archive_copy_not_resent(
        database_url: str, mailbox: DovecotServer, smtp_to_imap: SmtpServer) -> None:
    smtp_to_imap.forward_to(mailbox, lambda address: "bot" if address.endswith("@kompetansebot.test") else
                            address.split("@")[0] if address.split("@")[0] in mailbox.users else None)
    bot = make_bot(database_url, mailbox, smtp_to_imap, archive_copy=True)
    try:
        queued = enqueue(bot, "alice@x.no")
        smtp_to_imap.script_data(DROP)
        await drain(bot)
        assert row(bot, queued.id).status == "in_doubt"
        # The evidence: the mail is in a mailbox folder (the bot's archive copy in INBOX).
        assert bot.services.evidence(queued.message_id)
        await bot.round()  # intake sees our own copy come back, then the sender reconciles
        settled = row(bot, queued.id)
        assert settled.status == "sent" and settled.echo_at is not None and settled.in_doubt_resends == 0
        bot.timer.advance(timedelta(hours=1))
        await bot.round()
        assert smtp_to_imap.message_ids == [queued.message_id]
        assert len(mailbox.messages("alice")) == 1
    finally:
        bot.app.close()


async def test_killed_between_250_and_commit_is_reconciled_not_resent(
        database_url: str, mailbox: DovecotServer, smtp_to_imap: SmtpServer) -> None:
    smtp_to_imap.forward_to(mailbox, lambda address: "bot" if address == BOT else
                            address.split("@")[0] if address.split("@")[0] in mailbox.users else None)
    bot = make_bot(database_url, mailbox, smtp_to_imap, archive_copy=True)
    try:
        queued = enqueue(bot, "alice@x.no")
        first = bot.services.outbox
        (claimed,) = first.claim()
        assert bot.services.sender is not None
        assert first.begin_send(claimed)
        result = await bot.services.sender.send(claimed)
        await bot.services.sender.close()
        assert result.outcome == "sent"
        # ... and the process dies here, before storing "sent". A new process starts:
        restarted = Outbox(bot.app.database, bot.config, clock=bot.app.clock, timer=bot.timer, worker_id="after")
        bot.services.outbox = restarted
        bot.services.sender = SmtpSender(SmtpUrl.parse(smtp_to_imap.url), restarted)
        assert bot.services.processor is not None
        bot.services.processor.outbox = restarted
        assert restarted.claim() == []  # still claimed by the dead sender within its lease
        bot.timer.advance(timedelta(seconds=bot.config.send_lease_seconds + 1))
        await bot.round()
        settled = row(bot, queued.id)
        assert settled.status == "sent" and settled.in_doubt_resends == 0
        bot.timer.advance(timedelta(hours=1))
        await bot.round()
        assert smtp_to_imap.message_ids == [queued.message_id]
    finally:
        bot.app.close()


async def test_rate_limit_holds(database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> None:
    bot = make_bot(database_url, mailbox, smtp_server, rate_per_minute=5)
    try:
        for n in range(12):
            enqueue(bot, f"p{n}@x.no")
        await drain(bot)
        assert len(smtp_server.messages) == 5
        bot.timer.advance(timedelta(seconds=30))
        await drain(bot)
        assert len(smtp_server.messages) == 5
        bot.timer.advance(timedelta(seconds=31))
        await drain(bot)
        assert len(smtp_server.messages) == 10
        bot.timer.advance(timedelta(seconds=61))
        await drain(bot)
        assert len(smtp_server.messages) == 12
    finally:
        bot.app.close()


@pytest.mark.parametrize(("instant", "allowed"), [
    ("2026-12-01T10:00", True),    # Tuesday
    ("2026-12-05T10:00", False),   # Saturday
    ("2026-12-01T16:30", False),   # after office hours
    ("2026-12-01T07:59", False),
    ("2026-12-25T10:00", False),   # Christmas Day (a Friday)
    ("2027-05-17T10:00", False),   # Constitution Day (a Monday)
    ("2026-03-30T07:30", False),   # the Monday after the spring DST change: 05:30 UTC
    ("2026-03-30T08:30", True),
    ("2026-10-26T15:30", True),    # the Monday after the autumn DST change
    ("2026-10-26T16:10", False),
])
async def test_quiet_hours_hold_reminders_but_not_answers(
        database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer, instant: str, allowed: bool) -> None:
    from bot.clock import parse_instant

    bot = make_bot(database_url, mailbox, smtp_server, clock=Clock(parse_instant(instant)))
    try:
        reminder = enqueue(bot, "kari@granli.kommune.no", key="reminder", quiet=True)
        answer = enqueue(bot, "ola@hamar.kommune.no", key="answer", kind="reply")
        await drain(bot)
        assert row(bot, answer.id).status == "sent"
        assert row(bot, reminder.id).status == ("sent" if allowed else "queued")
    finally:
        bot.app.close()


async def test_enqueue_twice_with_the_same_key_adds_no_row(mailbot: MailBot) -> None:
    first = enqueue(mailbot, "kari@granli.kommune.no", key="campaign:1:kari:1")
    second = enqueue(mailbot, "kari@granli.kommune.no", key="campaign:1:kari:1")
    assert first.id == second.id and first.message_id == second.message_id
    await drain(mailbot)
    await drain(mailbot)
    assert mailbot.smtp.message_ids == [first.message_id]


async def test_a_done_reply_cancels_that_contacts_queued_reminder(mailbot: MailBot) -> None:
    kari = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:2", campaign="c1")
    ola = enqueue(mailbot, "ola@hamar.kommune.no", key="c1:ola:2", campaign="c1")
    with mailbot.app.database.session() as session:
        cancelled = mailbot.services.outbox.cancel_queued(session, reason="levert", campaign_id="c1",
                                                          recipient="kari@granli.kommune.no")
    assert cancelled == 1
    await drain(mailbot)
    assert row(mailbot, kari.id).status == "cancelled" and row(mailbot, ola.id).status == "sent"
    assert mailbot.smtp.message_ids == [ola.message_id]


async def test_sent_mail_carries_the_loop_and_suppression_headers(mailbot: MailBot) -> None:
    queued = enqueue(mailbot, "kari@granli.kommune.no")
    await drain(mailbot)
    (message,) = mailbot.smtp.messages
    parsed = message.email()
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Auto-Response-Suppress"] == "All"
    assert parsed["X-Kompetansebot"] == BOT
    assert parsed["Message-ID"] == queued.message_id
    assert "Precedence" not in parsed
    assert message.mail_from == BOT


def _claim_ids(outbox: Outbox, results: list[Any]) -> None:
    results.extend(c.id for c in outbox.claim(100))
