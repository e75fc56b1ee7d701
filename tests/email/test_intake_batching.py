"""The intake's batch path on a real Dovecot: many mails per transaction, and what a failure mid-batch does."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlmodel import select

from bot.mail.intake import Location
from bot.models_email import MailCorrespondentCounter, MailInbound, MailOutbox
from tests.email.conftest import MailBot, question_mail


def _rows(bot: MailBot, model: Any) -> list[Any]:
    with bot.app.database.session() as session:
        return list(session.exec(select(model)).all())


def _batch(bot: MailBot) -> list[tuple[Location, bytes]]:
    status = bot.mailbox.status("bot")
    return [(Location("INBOX", status["UIDVALIDITY"], message.uid), message.raw) for message in bot.inbox()]


def test_a_failure_mid_batch_rolls_back_the_whole_transaction(mailbot: MailBot) -> None:
    for number in range(5):
        mailbot.deliver(question_mail(f"p{number}@hamar.kommune.no", "Når er fristen?"))
    processor = mailbot.services.processor
    assert processor is not None
    processor.batch_seconds = 60.0  # all five in one transaction
    seen: list[int] = []

    @contextlib.contextmanager
    def guard() -> Iterator[None]:
        seen.append(1)
        if len(seen) == 5 + 3:  # five parses, then the third mail's work: a real error inside the transaction
            raise RuntimeError("over budget")
        yield

    assert processor.process_batch(_batch(mailbot), guard=guard) is None
    # Nothing of the batch was stored: no inbound row, no answer; every mail is still in INBOX.
    assert _rows(mailbot, MailInbound) == [] and _rows(mailbot, MailOutbox) == []
    assert len(mailbot.inbox()) == 5


async def test_batches_answer_each_mail_once_and_count_the_loop_guard_per_sender(mailbot: MailBot) -> None:
    limit = mailbot.config.answers_per_day
    for number in range(limit + 2):  # one sender: the loop guard allows ``limit`` answers today
        mailbot.deliver(question_mail("kari@granli.kommune.no", f"Spørsmål {number}: når er fristen?"))
    for number in range(3):
        mailbot.deliver(question_mail(f"ola{number}@elverum.kommune.no", "Hvor mye kan gå til koordinator?"))

    summary = await mailbot.round()

    assert summary.intake.seen == limit + 5 and mailbot.inbox() == []
    rows = _rows(mailbot, MailInbound)
    assert len(rows) == limit + 5 and all(row.attempts == 1 for row in rows)
    assert sorted(row.status for row in rows if row.sender == "kari@granli.kommune.no") == \
        ["done"] * limit + ["review"] * 2
    assert len(mailbot.answers_to("kari@granli.kommune.no")) == limit
    assert all(len(mailbot.answers_to(f"ola{number}@elverum.kommune.no")) == 1 for number in range(3))
    counters = {row.address: row.answers for row in _rows(mailbot, MailCorrespondentCounter)}
    assert counters["kari@granli.kommune.no"] == limit and counters["ola0@elverum.kommune.no"] == 1


async def test_short_transactions_give_the_same_result_and_a_rerun_only_moves(mailbot: MailBot) -> None:
    processor = mailbot.services.processor
    assert processor is not None
    processor.batch_seconds = 0.0  # a commit after every mail
    for number in range(4):
        mailbot.deliver(question_mail(f"p{number}@gran.kommune.no", "Når er fristen?"))
    batch = _batch(mailbot)

    first = processor.process_batch(batch)
    # The process died before the MOVE: the next batch over the same mails finds every row done.
    again = processor.process_batch(batch)

    assert first is not None and [decision.status for decision in first] == ["done"] * 4
    assert again is not None and [decision.reason for decision in again] == ["already processed"] * 4
    assert len(_rows(mailbot, MailOutbox)) == 4 and len(_rows(mailbot, MailInbound)) == 4
    await mailbot.round()
    assert mailbot.inbox() == [] and all(len(mailbot.answers_to(f"p{n}@gran.kommune.no")) == 1 for n in range(4))


def test_each_answer_of_one_transaction_is_linked_to_its_own_mail(mailbot: MailBot) -> None:
    """The answers of a batch get their ids at one flush (not one each): every inbound row still points at
    its own answer, and every answer back at its mail."""
    processor = mailbot.services.processor
    assert processor is not None
    processor.batch_seconds = 60.0  # all in one transaction
    senders = [f"p{number}@stange.kommune.no" for number in range(4)]
    for sender in senders:
        mailbot.deliver(question_mail(sender, "Når er fristen for å melde behov?"))

    decisions = processor.process_batch(_batch(mailbot))

    assert decisions is not None and [decision.status for decision in decisions] == ["done"] * 4
    inbound = {row.id: row for row in _rows(mailbot, MailInbound)}
    answers = {row.id: row for row in _rows(mailbot, MailOutbox)}
    assert len(inbound) == 4 and len(answers) == 4
    for row in inbound.values():
        answer = answers[row.reply_outbox_id]
        assert answer.inbound_id == row.id and answer.recipient == row.sender
        assert row.detail["reply_message_id"] == answer.message_id
    assert sorted(row.sender for row in inbound.values()) == senders
