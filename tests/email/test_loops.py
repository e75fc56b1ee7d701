"""Loops and automatic mail: the loop guard, bounces, observers, the canary and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.audit import AuditLog
from bot.mail.classify import Classification
from bot.mail.correlate import Correlation
from bot.mail.parse import ParsedMail
from bot.models_email import MailCorrespondent, MailInbound, MailOutbox
from tests.email.conftest import BOT, MailBot, corpus_bytes, make_bot, question_mail
from tests.email.test_sender import drain, enqueue, row
from tests.servers import DovecotServer, SmtpServer


async def test_ping_pong_with_a_headerless_autoresponder_stops_after_n_answers(mailbot: MailBot) -> None:
    limit = mailbot.config.answers_per_day
    last_answer: str | None = None
    for _ in range(limit + 3):
        headers = {"In-Reply-To": last_answer} if last_answer else {}
        mailbot.deliver(question_mail("robot@autosvar.example", "Takk for e-posten din. Jeg svarer så snart jeg kan.",
                                      subject="Re: Svar", name="Sentralbord", headers=headers))
        await mailbot.round()
        answers = mailbot.answers_to("robot@autosvar.example")
        last_answer = answers[-1].message_id if answers else None
    assert len(mailbot.answers_to("robot@autosvar.example")) == limit
    with mailbot.app.database.session() as session:
        held = session.exec(select(MailInbound).where(MailInbound.status == "review")).all()
        assert len(held) == 3
        assert len(AuditLog.entries(session, action="email.loop_guard")) == 3
    # A new day: the correspondent may get answers again.
    mailbot.app.clock.advance(timedelta(days=1))
    mailbot.deliver(question_mail("robot@autosvar.example", "Når er fristen?"))
    await mailbot.round()
    assert len(mailbot.answers_to("robot@autosvar.example")) == limit + 1


def _dsn(name: str, original: str, recipient: str, placeholder_id: str, placeholder_rcpt: str) -> bytes:
    return corpus_bytes(name).replace(placeholder_id.encode(), original.encode()).replace(
        placeholder_rcpt.encode(), recipient.encode())


async def test_a_permanent_bounce_marks_only_that_contact_invalid_and_stops_its_reminders(mailbot: MailBot) -> None:
    ola = enqueue(mailbot, "ola@granli.kommune.no", key="c1:ola:1", campaign="c1")
    kari = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:1", campaign="c1")
    await drain(mailbot)
    for name, placeholder in (("dsn_postfix_511.eml", "<kb.0000000000000000000b0511@kompetansebot.test>"),
                              ("dsn_exchange_511.eml", "<kb.0000000000000000000e0511@kompetansebot.test>"),
                              ("dsn_gmail_511.eml", "<kb.0000000000000000000a0511@kompetansebot.test>")):
        mailbot.mailbox.reset(["bot"])
        raw = corpus_bytes(name).replace(placeholder.encode(), ola.message_id.encode())
        mailbot.deliver(raw)
        await mailbot.round()
    assert mailbot.smtp.message_ids == [ola.message_id, kari.message_id]  # no answer to any bounce
    with mailbot.app.database.session() as session:
        invalid = session.exec(select(MailCorrespondent)).all()
        assert [c.address for c in invalid] == ["ola@granli.kommune.no"]
        assert AuditLog.entries(session, action="email.bounce")
        assert any(e.outcome == "alert" for e in AuditLog.entries(session, action="email.address_invalid"))
    assert row(mailbot, ola.id).bounce_status and row(mailbot, kari.id).bounced_at is None
    # The next reminder to the bounced address is not sent; the others are.
    again = enqueue(mailbot, "ola@granli.kommune.no", key="c1:ola:2", campaign="c1")
    kari2 = enqueue(mailbot, "kari@granli.kommune.no", key="c1:kari:2", campaign="c1")
    await drain(mailbot)
    assert row(mailbot, again.id).status == "cancelled" and row(mailbot, kari2.id).status == "sent"


async def test_a_delayed_dsn_is_only_logged(mailbot: MailBot) -> None:
    silje = enqueue(mailbot, "silje.berg@hamar.kommune.no")
    await drain(mailbot)
    mailbot.deliver(corpus_bytes("dsn_postfix_delayed.eml").replace(
        b"<kb.0000000000000000000d0441@kompetansebot.test>", silje.message_id.encode()))
    await mailbot.round()
    with mailbot.app.database.session() as session:
        assert session.exec(select(MailCorrespondent)).all() == []
        (entry,) = AuditLog.entries(session, action="email.bounce")
        assert entry.outcome == "delayed" and entry.target == silje.message_id
    assert row(mailbot, silje.id).status == "sent" and row(mailbot, silje.id).bounce_status == "4.4.1"


async def test_observers_see_people_and_out_of_office_never_bounces_lists_or_own_mail(
        database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> None:
    seen: list[tuple[str, str, str]] = []

    def observer(session: Any, mail: ParsedMail, kind: Classification, link: Correlation, text: str) -> bool:
        seen.append((kind.kind, mail.sender_address, text))
        return False  # not a Reply: the router answers as usual

    bot = make_bot(database_url, mailbox, smtp_server)
    try:
        assert bot.services.processor is not None
        bot.services.processor.observers.append(observer)
        for name in ("exchange_oof.eml", "gmail_vacation.eml", "nb_oof_subject_only.eml", "dsn_postfix_511.eml",
                     "list_mail.eml", "own_loop_header.eml", "gmail_nb_not_yet.eml", "outlook_html_only_done.eml"):
            bot.deliver(corpus_bytes(name))
        await bot.round()
        assert sorted(kind for kind, _, _ in seen) == ["auto_reply", "auto_reply", "human", "human", "probably_auto"]
        humans = {sender: text for kind, sender, text in seen if kind == "human"}
        assert set(humans) == {"ola.hansen.skole@gmail.com", "per.hakon.strand@ostre-toten.kommune.no"}
        assert "påminnelse" not in humans["ola.hansen.skole@gmail.com"].lower()
        assert "15. januar" not in humans["per.hakon.strand@ostre-toten.kommune.no"]
        # only the two people got an answer
        assert sorted(r for m in smtp_server.messages for r in m.rcpt_tos) == [
            "ola.hansen.skole@gmail.com", "per.hakon.strand@ostre-toten.kommune.no"]
    finally:
        bot.app.close()


async def test_the_canary_comes_back_and_a_lost_one_raises_an_alert(
        database_url: str, mailbox: DovecotServer, smtp_to_imap: SmtpServer) -> None:
    bot = make_bot(database_url, mailbox, smtp_to_imap, canary_minutes=60.0, canary_max_delay_minutes=30.0)
    try:
        await bot.round()  # sends the canary (delivered to the bot's INBOX by the SMTP server)
        await bot.round()  # intake sees it come back
        with bot.app.database.session() as session:
            (canary,) = session.exec(select(MailOutbox).where(MailOutbox.kind == "canary")).all()
            assert canary.status == "sent" and canary.echo_at is not None
            assert session.exec(select(MailInbound)).one().kind == "own"
        # Next hour the SMTP server silently stops delivering to the mailbox.
        smtp_to_imap.forward_to(None)
        bot.timer.advance(timedelta(minutes=61))
        await bot.round()
        bot.timer.advance(timedelta(minutes=31))
        await bot.round()
        with bot.app.database.session() as session:
            alerts = AuditLog.entries(session, action="email.canary_late")
            assert len(alerts) == 1 and alerts[0].outcome == "alert"
        assert [m.rcpt_tos for m in smtp_to_imap.messages] == [(BOT,), (BOT,)]  # one canary an hour
    finally:
        bot.app.close()


async def test_every_state_change_is_audited_with_its_message_id(mailbot: MailBot) -> None:
    mailbot.deliver(question_mail("kari@granli.kommune.no", "Når er fristen?", message_id="<ask@granli.kommune.no>"))
    mailbot.deliver(corpus_bytes("exchange_oof.eml"))
    mailbot.deliver(corpus_bytes("nb_oof_subject_only.eml"))
    await mailbot.round()
    with mailbot.app.database.session() as session:
        answer = session.exec(select(MailOutbox)).one()
        actions = {(e.action, e.target) for e in AuditLog.entries(session)}
    assert ("email.inbound.human", "<ask@granli.kommune.no>") in actions
    assert ("email.queued", answer.message_id) in actions
    assert ("email.sent", answer.message_id) in actions
    assert ("email.inbound.auto_reply",
            "<fa1b2c3d4e5f40718293a4b5c6d7e8f9@HE1PR07MB3322.eurprd07.prod.outlook.com>") in actions
    assert ("email.inbound.probably_auto", "<oof-20251202-1016@kongsvinger.kommune.no>") in actions
