"""Nobody acts as someone else by email (issue 12, finding 1), through Dovecot and aiosmtpd: each round
is what ``worker --once`` runs (mailbox scan, the campaign tick, the outbox sender).

Forged senders (encoded-word addresses, a plain forged From with Reply-To elsewhere, a forged
In-Reply-To, Authentication-Results from someone else's gateway, a forged out-of-office) change no
campaign state, no schedule and no report; each attempt is audited with the raw From and, where a
contact's own address was claimed, the confirmation mail goes to that address. The verified paths
(a reply with the token of a mail sent to that address; DMARC pass stamped by our own gateway; the
owner's confirming reply) do act."""

from __future__ import annotations

import asyncio
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from typing import Any

import pytest
from sqlmodel import select

from bot.app import BotApp
from bot.audit import AuditLog
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.messages import IncomingMessage
from bot.models import AuditEntry
from bot.models_email import MailPendingAction
from handlers.email.service import EmailServices
from tests.campaign.helpers import LINK, START, Contact, contacts_csv, make_contacts, measures, recipient
from tests.campaign.mailsim import Received, out_of_office, received, reply_to, route_for, wired_bot
from tests.email.conftest import MailBot
from tests.email.test_form_by_email import KARI, VALUES, filled
from tests.email.test_identity import GATEWAY, MALLORY, raw_mail
from tests.servers import DovecotServer, SmtpServer

ASKED = "Vi fikk en e-post i ditt navn"


@dataclass
class Season:
    app: BotApp
    services: EmailServices
    mailbox: DovecotServer
    sink: SmtpServer
    people: list[Contact]

    def round(self) -> None:
        asyncio.run(self.services.run_once())

    def deliver(self, raw: bytes) -> None:
        self.mailbox.append("bot", raw)

    def mails_to(self, address: str) -> list[Received]:
        return [mail for mail in received(self.sink, self.app.database) if mail.to == address]

    def reminder(self, person: Contact) -> Received:
        return [mail for mail in self.mails_to(person.email) if mail.round][-1]

    def states(self, person: Contact) -> set[str]:
        contact = recipient(self.app.database, person.email)
        return {m.state for m in measures(self.app.database) if m.recipient_id == contact.id}

    def audit(self, action: str) -> list[AuditEntry]:
        with self.app.database.session() as session:
            return AuditLog.entries(session, action=action)

    def pending(self) -> list[MailPendingAction]:
        with self.app.database.session() as session:
            return list(session.exec(select(MailPendingAction).order_by(MailPendingAction.id)).all())  # type: ignore[arg-type]


@pytest.fixture
def season(database_url: str, mailbox: DovecotServer, smtp_to_imap: SmtpServer) -> Iterator[Season]:
    smtp_to_imap.forward_to(mailbox, route_for(mailbox))
    bot_app, services = wired_bot(database_url, mailbox, smtp_to_imap, Clock(START))
    assert services.processor is not None
    services.processor.trusted_authserv_id = GATEWAY  # TRUSTED_AUTHSERV_ID
    people = make_contacts(4, measures_per=(1,))
    service = CampaignService(CampaignEnv.from_app(bot_app))
    service.import_contacts(contacts_csv(people), source="kontakter.csv", actor="cli:test", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="cli:test", channel="cli")
    season = Season(bot_app, services, mailbox, smtp_to_imap, people)
    season.round()  # the first reminders go out
    assert all(season.mails_to(person.email) for person in people)
    try:
        yield season
    finally:
        if services.sender is not None:
            asyncio.run(services.sender.close())
        bot_app.close()


def _text(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(part.get_content()) if part is not None else ""


def _good_dmarc(domain: str) -> str:
    return f"{GATEWAY}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}"


def _identities(entries: list[AuditEntry]) -> dict[str, dict[str, Any]]:
    return {str(entry.target): entry.detail.get("identity", {}) for entry in entries}


def test_forged_senders_change_no_campaign_state_or_schedule(season: Season) -> None:
    p0, p1, p2, _p3 = season.people
    before = {person.email: season.states(person) for person in season.people}
    r0, r1 = season.reminder(p0), season.reminder(p1)
    qp = f"=?utf-8?q?{p0.email}?= <{MALLORY}>"
    b64 = f"=?utf-8?b?cDBAa29tbXVuZS50ZXN0?= <{MALLORY}>"
    plain0, plain1, plain2 = (f"{person.name} <{person.email}>" for person in (p0, p1, p2))
    forged = {
        "<qp@evil.example>": (qp, "Rapporten er levert.", {"In-Reply-To": r0.message_id}),
        "<b64@evil.example>": (b64, "Rapporten er levert.", {"In-Reply-To": r0.message_id}),
        "<replyto@evil.example>": (plain0, "Rapporten er levert.",
                                   {"In-Reply-To": r0.message_id, "References": r0.message_id,
                                    "Reply-To": f"Kari <{MALLORY}>"}),
        "<ar@evil.example>": (plain0, "Hei, årsrapporten er levert.",
                              {"Authentication-Results": f"mx.evil.example; dmarc=pass header.from={p0.email.split('@')[1]}"}),
        "<handover@evil.example>": (plain1, "Det er ikke jeg som har ansvaret, kontakt kollegaen min "
                                            "(mallory@evil.example).", {"In-Reply-To": r1.message_id}),
    }
    for message_id, (from_header, text, headers) in forged.items():
        season.deliver(raw_mail(from_header, text, headers=headers, message_id=message_id, subject="SV: Påminnelse"))
    oof = out_of_office(p2.email, p2.name, "Jeg er på ferie og er tilbake 20. januar.", subject="Påminnelse",
                        when=START).replace(b"Message-ID: <", b"Message-ID: <oof.", 1)
    season.deliver(oof)
    season.round()

    # Nothing changed for anyone: no measure done or handed over, no reminder held back.
    assert {person.email: season.states(person) for person in season.people} == before
    assert states.DONE not in season.states(p0) and states.HANDOVER not in season.states(p1)
    assert recipient(season.app.database, p2.email).snooze_until is None
    # The encoded-word senders are mallory (a colleague's reply at most: flagged, never acting).
    other = _identities(season.audit("email.reply_other_sender"))
    assert other["<qp@evil.example>"] == {"raw_from": qp, "sender": MALLORY, "verified_by": "none"}
    assert other["<b64@evil.example>"]["raw_from"] == b64
    # The claimed contacts are asked to confirm, at their own address; Reply-To gets nothing.
    refused = _identities(season.audit("campaign.reply_unverified"))
    assert refused.keys() == {f"campaign:1:recipient:{recipient(season.app.database, p.email).id}" for p in (p0, p1)}
    assert {entry.detail["identity"]["raw_from"] for entry in season.audit("campaign.reply_unverified")} \
        == {plain0, plain1}
    asked0 = [mail for mail in season.mails_to(p0.email) if ASKED in mail.text]
    asked1 = [mail for mail in season.mails_to(p1.email) if ASKED in mail.text]
    assert len(asked0) == 2 and len(asked1) == 1
    assert "levert" in asked0[0].text and "noen andre har ansvaret" in asked1[0].text
    assert all("bot+" in str(message_from_bytes(mail.raw)["Reply-To"]) for mail in asked0 + asked1)
    assert not any(ASKED in mail.text for mail in season.mails_to(MALLORY))
    assert [(action.address, action.status) for action in season.pending()] == [
        (p0.email, "pending"), (p0.email, "pending"), (p1.email, "pending")]
    assert {action.raw_from for action in season.pending()} == {plain0, plain1}
    # The forged out-of-office: audited with its raw From, no schedule change, never answered.
    (oof_entry,) = season.audit("campaign.out_of_office_unverified")
    assert oof_entry.detail["identity"]["raw_from"] == f"{p2.name} <{p2.email}>"
    assert not any("ferie" in mail.text or ASKED in mail.text for mail in season.mails_to(p2.email)[1:])


def test_verified_senders_act(season: Season) -> None:
    p0, p1, p2, p3 = season.people
    domain = p1.email.split("@")[1]
    # A reply with the reminder's token, from the address it was sent to.
    season.deliver(reply_to(season.reminder(p0), p0.email, p0.name, "Rapporten er levert.", when=START))
    # DMARC pass for the From domain, stamped by our own gateway.
    season.deliver(raw_mail(f"{p1.name} <{p1.email}>", "Hei! Rapporten er levert.", message_id="<dmarc@kommune.test>",
                            headers={"Authentication-Results": _good_dmarc(domain)}))
    # Unverified: held until the owner confirms (p2) or declines (p3).
    season.deliver(raw_mail(f"{p2.name} <{p2.email}>", "Rapporten er levert.", message_id="<u2@kommune.test>"))
    season.deliver(raw_mail(f"{p3.name} <{p3.email}>", "Rapporten er levert.", message_id="<u3@kommune.test>"))
    season.round()
    assert season.states(p0) == {states.DONE} and season.states(p1) == {states.DONE}
    assert states.DONE not in season.states(p2) and states.DONE not in season.states(p3)
    (ask2,) = [mail for mail in season.mails_to(p2.email) if ASKED in mail.text]
    (ask3,) = [mail for mail in season.mails_to(p3.email) if ASKED in mail.text]

    season.deliver(reply_to(ask2, p2.email, p2.name, "Ja, det var meg.", when=START))
    season.deliver(reply_to(ask3, p3.email, p3.name, "Nei, det var ikke meg!", when=START))
    season.round()
    assert season.states(p2) == {states.DONE}
    assert states.DONE not in season.states(p3)
    assert [(action.address, action.status) for action in season.pending()] == [(p2.email, "done"),
                                                                               (p3.email, "declined")]
    thanks = season.mails_to(p2.email)[-1]
    assert "Takk" in thanks.text and ASKED not in thanks.text
    assert len(season.audit("email.pending_confirmed")) == 1 and len(season.audit("email.pending_declined")) == 1
    # The same token replayed by the same address performs nothing twice.
    season.deliver(reply_to(ask2, p2.email, p2.name, "Ja", when=START).replace(b"Message-ID: <", b"Message-ID: <x", 1))
    season.round()
    assert len(season.audit("email.pending_confirmed")) == 1

    # A verified out-of-office holds the next reminder; the token of p0's mail does not verify p3.
    oof = out_of_office(p3.email, p3.name, "Jeg er tilbake 20. januar.", subject="Påminnelse", when=START)
    season.deliver(oof.replace(b"MIME-Version", f"Authentication-Results: {_good_dmarc(domain)}\r\nMIME-Version"
                               .encode(), 1))
    season.round()
    assert recipient(season.app.database, p3.email).snooze_until is not None


# ---------------------------------------------------------------------------------------------- needs reports


def _submit_karis_report(bot: MailBot) -> None:
    """Kari sends in a report by email, each mail verified (as replies to the bot's mails are)."""
    def say(text: str) -> Any:
        from bot.mail.formmail import condense_form_reply, has_form_answers

        body = condense_form_reply(text) if has_form_answers(text) else text
        return bot.app.router.handle(IncomingMessage(user_id=KARI, channel="email", text=body, email=KARI,
                                                     conversation_id="thread-1", verified_by="reply_token"))
    form = say("behovsmelding")
    assert say(filled(form.text, VALUES)).intent == "needs_report_summary"
    assert say("ja").intent == "needs_report_submitted"


def _report(bot: MailBot) -> Any:
    with bot.app.database.session() as session:
        (report,) = bot.app.needs_reports.all_submitted(session)
        return report


def _reply_to_address(raw: bytes) -> str:
    return str(message_from_bytes(raw, policy=email.policy.default)["Reply-To"].addresses[0].addr_spec)


async def test_a_forged_sender_never_edits_or_submits_karis_report(mailbot: MailBot) -> None:
    _submit_karis_report(mailbot)
    assert (_report(mailbot).version, _report(mailbot).amount) == (1, 1_200_000)
    qp = f"=?utf-8?q?{KARI}?= <{MALLORY}>"
    plain = f"Kari Nordmann <{KARI}>"
    mailbot.deliver(raw_mail(f"Mallory <{MALLORY}>", "endre BM-2027-0001", message_id="<e1@evil.example>"))
    mailbot.deliver(raw_mail(qp, "endre BM-2027-0001", message_id="<e2@evil.example>"))
    await mailbot.round()
    refused = season_entries(mailbot, "needs_report.change_refused")
    assert [(entry.detail["reason"], entry.detail["identity"]["raw_from"]) for entry in refused] == [
        ("someone else's report", f"Mallory <{MALLORY}>"), ("someone else's report", qp)]
    assert all("finner ingen" in _text(mail.raw) for mail in mailbot.answers_to(MALLORY))

    # A plain forged From: Kari's own conversation moves, but everything goes to Kari, nothing is stored.
    steps = ["endre BM-2027-0001", "endre beløp", "1 300 000", "ja"]
    for number, text in enumerate(steps):
        mailbot.deliver(raw_mail(plain, text, message_id=f"<f{number}@evil.example>",
                                 headers={"Reply-To": MALLORY, "In-Reply-To": "<f0@evil.example>"}))
        await mailbot.round()
    assert mailbot.answers_to(MALLORY)[2:] == []
    assert (_report(mailbot).version, _report(mailbot).amount) == (1, 1_200_000)
    (held,) = season_entries(mailbot, "needs_report.unverified")
    assert held.detail["identity"] == {"sender": KARI, "raw_from": plain, "verified_by": "none"}
    asked = mailbot.answers_to(KARI)[-1]
    asked_text = _text(asked.raw)
    assert ASKED in asked_text and "sende inn behovsmeldingen BM-2027-0001" in asked_text
    assert "1 300 000" in asked_text  # what she would confirm is in front of her

    # Kari answers that mail (its token, from her address): now it is sent in, as her own act.
    mailbot.deliver(raw_mail(plain, "ja", message_id="<k1@valdres.kommune.no>", to=_reply_to_address(asked.raw),
                             headers={"In-Reply-To": str(asked.message_id)}))
    await mailbot.round()
    report = _report(mailbot)
    assert (report.version, report.amount) == (2, 1_300_000)
    assert "BM-2027-0001" in _text(mailbot.answers_to(KARI)[-1].raw)


def season_entries(bot: MailBot, action: str) -> list[AuditEntry]:
    with bot.app.database.session() as session:
        return AuditLog.entries(session, action=action)
