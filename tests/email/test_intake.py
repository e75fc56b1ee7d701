"""IMAP intake on a real Dovecot: exactly once, crash points, quarantine, UIDVALIDITY, drops, flags."""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from typing import Any

from sqlmodel import select

from bot.audit import AuditLog
from bot.mail.intake import Location
from bot.models_email import MailInbound, MailOutbox
from bot.router import Turn
from handlers.email.imap import ImapClient
from handlers.email.intake import Backoff
from handlers.email.urls import ImapUrl
from tests.email.conftest import MailBot, make_bot, question_mail
from tests.servers import DovecotServer, SmtpServer


class ExplodingSkill:
    """A skill that fails on one word: a real failure inside the intake transaction."""

    name = "explode"
    secretariat_only = False

    def wants(self, turn: Turn) -> bool:
        return "eksploder" in turn.message.text

    def handle(self, turn: Turn) -> Any:
        raise RuntimeError("the skill crashed")


def _with_exploding_skill(bot: MailBot) -> None:
    assert bot.services.processor is not None
    router = copy.copy(bot.app.router)
    router.skills = [ExplodingSkill(), *router.skills]
    bot.services.processor.router = router


def _rows(bot: MailBot, model: Any) -> list[Any]:
    with bot.app.database.session() as session:
        return list(session.exec(select(model)).all())


async def test_crash_after_commit_before_move_reprocesses_as_a_no_op(mailbot: MailBot) -> None:
    uid = mailbot.deliver(question_mail("kari@granli.kommune.no", "Når er fristen for årsrapporten?"))
    status = mailbot.mailbox.status("bot")
    processor = mailbot.services.processor
    assert processor is not None
    # The first run commits its work and dies before the MOVE: the mail is still in INBOX.
    decision = processor.process(Location("INBOX", status["UIDVALIDITY"], uid), mailbot.inbox()[0].raw)
    assert decision.status == "done"
    assert len(mailbot.inbox()) == 1

    await mailbot.round()

    assert mailbot.inbox() == [] and len(mailbot.processed()) == 1
    assert len(mailbot.answers_to("kari@granli.kommune.no")) == 1
    assert len(_rows(mailbot, MailOutbox)) == 1
    (row,) = _rows(mailbot, MailInbound)
    assert row.attempts == 1


async def test_crash_before_commit_leaves_the_mail_in_inbox_and_nothing_written(mailbot: MailBot) -> None:
    _with_exploding_skill(mailbot)
    mailbot.deliver(question_mail("ola@hamar.kommune.no", "eksploder: når er fristen?"))

    await mailbot.round()

    assert len(mailbot.inbox()) == 1 and mailbot.processed() == []
    assert mailbot.smtp.messages == [] and _rows(mailbot, MailOutbox) == []
    (row,) = _rows(mailbot, MailInbound)
    assert row.status == "failed" and "the skill crashed" in (row.last_error or "")
    # After the restart (a working router) the same mail is processed, once.
    assert mailbot.services.processor is not None
    mailbot.services.processor.router = mailbot.app.router
    await mailbot.round()
    assert mailbot.inbox() == [] and len(mailbot.answers_to("ola@hamar.kommune.no")) == 1


async def test_a_mail_that_keeps_failing_is_quarantined_and_blocks_nothing(mailbot: MailBot) -> None:
    _with_exploding_skill(mailbot)
    mailbot.deliver(question_mail("ola@hamar.kommune.no", "eksploder"))
    for round_number in range(mailbot.config.max_intake_attempts + 1):
        mailbot.deliver(question_mail(f"person{round_number}@elverum.kommune.no", "Når er fristen?"))
        await mailbot.round()

    quarantined = mailbot.mailbox.messages("bot", "Quarantine")
    assert len(quarantined) == 1 and "eksploder" in quarantined[0].raw.decode()
    assert mailbot.inbox() == []
    assert len(mailbot.processed()) == mailbot.config.max_intake_attempts + 1
    row = next(r for r in _rows(mailbot, MailInbound) if r.sender == "ola@hamar.kommune.no")
    assert row.status == "quarantined" and "the skill crashed" in (row.last_error or "")
    assert row.attempts == mailbot.config.max_intake_attempts
    with mailbot.app.database.session() as session:
        assert AuditLog.entries(session, action="email.quarantined")
    # Quarantined means done with: further rounds do not touch it again.
    await mailbot.round()
    assert len(mailbot.mailbox.messages("bot", "Quarantine")) == 1


async def test_the_same_message_id_twice_is_answered_once(mailbot: MailBot) -> None:
    raw = question_mail("kari@granli.kommune.no", "Når er fristen?", message_id="<same@granli.kommune.no>")
    mailbot.deliver(raw)
    mailbot.deliver(raw)

    await mailbot.round()

    assert len(mailbot.answers_to("kari@granli.kommune.no")) == 1
    assert len(mailbot.processed()) == 2 and mailbot.inbox() == []
    with mailbot.app.database.session() as session:
        assert len(AuditLog.entries(session, action="email.duplicate")) == 1


async def test_uidvalidity_change_rescans_without_false_already_processed(
        database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> None:
    with mailbox.session("bot") as imap:
        imap.create("Intake")
    bot = make_bot(database_url, mailbox, smtp_server, folder="Intake")
    try:
        first = question_mail("a@granli.kommune.no", "Når er fristen?", message_id="<first@granli.kommune.no>")
        mailbox.append("bot", first, "Intake")
        await bot.round()
        old = mailbox.status("bot", "Intake")["UIDVALIDITY"]
        # The folder is deleted and made again: UIDs start from 1 under a new UIDVALIDITY.
        await asyncio.sleep(1.1)
        with mailbox.session("bot") as imap:
            imap.delete("Intake")
            imap.create("Intake")
        second = question_mail("b@granli.kommune.no", "Hvor mye kan gå til koordinator?",
                               message_id="<second@granli.kommune.no>")
        uid_second = mailbox.append("bot", second, "Intake")
        uid_first_again = mailbox.append("bot", first, "Intake")
        assert uid_second == 1 and mailbox.status("bot", "Intake")["UIDVALIDITY"] != old

        await bot.round()

        # UID 1 is a different mail now: answered. The old mail (same Message-ID) is not answered again.
        assert len(bot.answers_to("b@granli.kommune.no")) == 1
        assert len(bot.answers_to("a@granli.kommune.no")) == 1
        assert mailbox.messages("bot", "Intake") == []
        assert uid_first_again == 2
        with bot.app.database.session() as session:
            assert AuditLog.entries(session, action="email.uidvalidity_changed")
    finally:
        bot.app.close()


async def test_flags_untouched_and_no_mailbox_wide_expunge(mailbot: MailBot) -> None:
    # A person has read one mail in Outlook and deleted another (flagged, not yet expunged).
    mailbot.deliver(question_mail("a@x.no", "Når er fristen?"))
    mailbot.mailbox.append("bot", question_mail("b@x.no", "Når er møtet?"), flags=("\\Seen",))
    mailbot.mailbox.append("bot", question_mail("c@x.no", "slettet av en person"), flags=("\\Deleted",))

    await mailbot.round()

    inbox = mailbot.inbox()
    assert len(inbox) == 1 and "\\Deleted" in inbox[0].flags  # never expunged, never read by the bot
    processed = {m.email()["From"].addresses[0].addr_spec: m for m in mailbot.processed()}
    assert set(processed) == {"a@x.no", "b@x.no"}
    assert not processed["a@x.no"].seen and processed["b@x.no"].seen
    assert all("\\Deleted" not in m.flags for m in processed.values())
    assert mailbot.smtp.messages and not mailbot.answers_to("c@x.no")


def test_capabilities_are_refreshed_after_login_so_uid_move_is_used(mailbox: DovecotServer) -> None:
    with ImapClient(ImapUrl.parse(mailbox.url_for("bot"))).connect() as client:
        assert "MOVE" in client.capabilities and "IDLE" in client.capabilities
        assert "MOVE" in client.client.capabilities  # what imap-tools' own move() would read
        uid = mailbox.append("bot", question_mail("a@x.no", "hei"))
        client.select("INBOX")
        client.move([uid], "Processed")
    assert mailbox.messages("bot") == [] and len(mailbox.messages("bot", "Processed")) == 1


async def test_drop_during_fetch_reconnects_and_finishes(mailbot: MailBot) -> None:
    intake = mailbot.services.intake
    assert intake is not None
    intake.backoff = Backoff(first=0.05, cap=0.2)
    for number in range(5):
        mailbot.deliver(question_mail(f"p{number}@x.no", "Når er fristen?"))
    intake.client.connect()
    intake.client.select("INBOX")
    mailbot.mailbox.kick("bot")  # the connection dies between SELECT and FETCH

    summary = intake.scan_with_retry()

    assert summary.seen == 5 and mailbot.inbox() == []
    assert intake.reconnects >= 1


def test_drop_during_idle_reconnects_with_backoff_and_catches_up(mailbot: MailBot) -> None:
    intake = mailbot.services.intake
    assert intake is not None
    intake.backoff = Backoff(first=0.2, cap=0.5)
    stop = threading.Event()
    scans: list[int] = []
    thread = threading.Thread(target=intake.run, args=(stop, lambda s: scans.append(s.seen)), daemon=True)
    thread.start()
    try:
        _wait(lambda: len(scans) >= 1 and bool(mailbot.mailbox.sessions()), "first scan and IDLE")
        connects = intake.reconnects
        mailbot.mailbox.kick("bot")
        # Mail arrives while the connection is down; the catch-up scan after reconnecting finds it.
        mailbot.deliver(question_mail("late@x.no", "Når er fristen?"))
        _wait(lambda: not mailbot.inbox(), "the late mail to be processed")
        assert intake.reconnects >= connects + 1
        time.sleep(1.0)
        assert intake.reconnects <= connects + 3  # no busy reconnect loop
        # New mail during IDLE is seen without waiting for the poll interval.
        mailbot.deliver(question_mail("idle@x.no", "Hvem sitter i forumet?"))
        _wait(lambda: not mailbot.inbox(), "mail announced by IDLE")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def _wait(condition: Any, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


async def test_missing_target_folders_are_created(database_url: str, mailbox: DovecotServer,
                                                  smtp_server: SmtpServer) -> None:
    bot = make_bot(database_url, mailbox, smtp_server, processed_folder="Behandlet",
                   quarantine_folder="Karantene")
    try:
        bot.deliver(question_mail("a@x.no", "Når er fristen?"))
        await bot.round()
        assert {"Behandlet", "Karantene"} <= set(mailbox.folders("bot"))
        assert len(mailbox.messages("bot", "Behandlet")) == 1 and bot.inbox() == []
    finally:
        bot.app.close()


async def test_a_reused_uid_under_the_same_uidvalidity_is_decided_by_message_id(mailbot: MailBot) -> None:
    """Dovecot can give a recreated folder the same UIDVALIDITY within one second: a new mail may then
    sit at a (UIDVALIDITY, UID) the bot has already seen. It must still be processed."""
    processor = mailbot.services.processor
    assert processor is not None
    first = question_mail("a@x.no", "Når er fristen?", message_id="<one@x.no>")
    second = question_mail("b@x.no", "Hvem sitter i forumet?", message_id="<two@x.no>")
    assert processor.process(Location("INBOX", 7, 1), first).status == "done"
    assert processor.process(Location("INBOX", 7, 1), second).status == "done"
    assert processor.process(Location("INBOX", 7, 1), second).reason == "already processed"
    assert len(_rows(mailbot, MailOutbox)) == 2
