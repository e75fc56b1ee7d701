"""Linking replies to what the bot sent: tokens, In-Reply-To, References, other senders, forgeries."""

from __future__ import annotations

import email.policy
from email import message_from_bytes

from sqlmodel import select

from bot.audit import AuditLog
from bot.mail.correlate import base_subject
from bot.mail.identity import BotIdentity
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailInbound, MailOutbox
from tests.email.conftest import BOT, MailBot, question_mail
from tests.email.test_sender import drain, enqueue


def inbound(bot: MailBot, sender: str) -> MailInbound:
    with bot.app.database.session() as session:
        row = session.exec(select(MailInbound).where(MailInbound.sender == sender)).one()
    return row


def token_of(row: MailOutbox) -> str:
    assert row.reply_token is not None
    return row.reply_token


async def test_a_token_alone_links_the_reply(mailbot: MailBot) -> None:
    sent = enqueue(mailbot, "kari@granli.kommune.no")
    await drain(mailbot)
    mailbot.deliver(question_mail("kari@granli.kommune.no", "Når er fristen?",
                                  to=f"bot+{token_of(sent)}@kompetansebot.test"))
    await mailbot.round()
    row = inbound(mailbot, "kari@granli.kommune.no")
    assert row.correlated_outbox_id == sent.id and row.correlation_via == "token"


async def test_comma_joined_references_without_a_token_link_the_reply(mailbot: MailBot) -> None:
    sent = enqueue(mailbot, "kari@granli.kommune.no")
    mailbot.deliver(question_mail(
        "kari@granli.kommune.no", "Nå er rapporten levert.", subject="SV: SV: VS: Påminnelse: årsrapport 2025",
        headers={"References": f"<a1@granli.kommune.no>,{sent.message_id},<b2@granli.kommune.no>"}))
    await mailbot.round()
    row = inbound(mailbot, "kari@granli.kommune.no")
    assert row.correlated_outbox_id == sent.id and row.correlation_via == "references"
    reminder, answer = mailbot.answers_to("kari@granli.kommune.no")
    assert reminder.message_id == sent.message_id
    assert message_from_bytes(answer.raw, policy=email.policy.default)["Subject"] == \
        "SV: Påminnelse: årsrapport 2025"


async def test_a_reply_to_round_one_after_round_three_links_to_round_one(mailbot: MailBot) -> None:
    rounds = [enqueue(mailbot, "ola@hamar.kommune.no", key=f"c1:ola:{n}", campaign="c1") for n in (1, 2, 3)]
    await drain(mailbot)
    mailbot.deliver(question_mail("ola@hamar.kommune.no", "Levert nå.",
                                  headers={"In-Reply-To": rounds[0].message_id}))
    await mailbot.round()
    row = inbound(mailbot, "ola@hamar.kommune.no")
    assert row.correlated_outbox_id == rounds[0].id and row.correlation_via == "in-reply-to"


async def test_forged_guessed_and_foreign_tokens_are_rejected(mailbot: MailBot) -> None:
    sent = enqueue(mailbot, "kari@granli.kommune.no")
    token = token_of(sent)
    forged = token[:-1] + ("a" if token[-1] != "a" else "b")
    guessed = "a" * 32
    foreign = ReplyTokens("another-installation-secret", BotIdentity(BOT)).new()
    for number, bad in enumerate((forged, guessed, foreign)):
        mailbot.deliver(question_mail(f"p{number}@x.no", "Levert.", to=f"bot+{bad}@kompetansebot.test"))
    await mailbot.round()
    with mailbot.app.database.session() as session:
        rows = session.exec(select(MailInbound)).all()
        assert len(rows) == 3 and all(row.correlated_outbox_id is None for row in rows)
        assert len(AuditLog.entries(session, action="email.token_rejected")) == 3


async def test_another_campaigns_token_links_only_to_that_campaign(mailbot: MailBot) -> None:
    first = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:1", campaign="c1")
    enqueue(mailbot, "kari@granli.kommune.no", key="c2:kari:1", campaign="c2")
    mailbot.deliver(question_mail("kari@granli.kommune.no", "Levert.", to=f"bot+{token_of(first)}@kompetansebot.test"))
    await mailbot.round()
    row = inbound(mailbot, "kari@granli.kommune.no")
    with mailbot.app.database.session() as session:
        linked = session.get(MailOutbox, row.correlated_outbox_id)
    assert linked is not None and linked.campaign_id == "c1"


async def test_reply_from_another_address_is_accepted_audited_and_answered_to_its_sender(mailbot: MailBot) -> None:
    sent = enqueue(mailbot, "kari@granli.kommune.no")
    await drain(mailbot)
    mailbot.deliver(question_mail("kollega@granli.kommune.no", "Kari er syk. Når er fristen?",
                                  to=f"bot+{token_of(sent)}@kompetansebot.test"))
    await mailbot.round()
    row = inbound(mailbot, "kollega@granli.kommune.no")
    assert row.correlated_outbox_id == sent.id
    with mailbot.app.database.session() as session:
        (entry,) = AuditLog.entries(session, action="email.reply_other_sender")
    assert entry.actor == "kollega@granli.kommune.no" and entry.detail["linked_to"] == "kari@granli.kommune.no"
    assert len(mailbot.answers_to("kollega@granli.kommune.no")) == 1
    assert len(mailbot.answers_to("kari@granli.kommune.no")) == 1  # only the original reminder


def test_reply_prefixes_are_stripped_from_subjects() -> None:
    assert base_subject("SV: SV: VS: Påminnelse: årsrapport 2025") == "Påminnelse: årsrapport 2025"
    assert base_subject("Re: AW: Fwd: TR: RE[2]: Frist") == "Frist"
    assert base_subject("Svar på spørsmål") == "Svar på spørsmål"
