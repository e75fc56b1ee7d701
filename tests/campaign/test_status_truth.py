"""The status tells the truth about every mail: planned, queued (waiting in the outbox), sent, failed,
cancelled or bounced, per contact and measure; past rounds are never "planned"; a measure is "purret"
only once a mail about it went out; the tick calls a first notice a "første varsel".

The season check drives the bot through Dovecot and aiosmtpd: contacts reply with a mixed message, a
question and "er det greit?"; the alerts and the digest carry their text, and the status's states
match what the SMTP sink received."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest

from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.status import WAITING, campaign_status
from bot.clock import OSLO, Clock
from bot.commands.campaign import tick_line
from bot.db import Database
from tests.campaign.helpers import (
    LINK,
    SECRETARIAT,
    START,
    Contact,
    at,
    contacts_csv,
    make_contacts,
    make_env,
    mark_sent,
    start_campaign,
    tick,
)
from tests.campaign.mailsim import Received, received, reply_to, wired_bot
from tests.servers import DovecotServer, SmtpServer


def rounds_of(env: CampaignEnv) -> dict[str, str]:
    return {key: state for key, _kind, _due, state in campaign_status(env).rounds}


def test_queued_mail_is_waiting_not_purret_and_sent_mail_is_sent(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(2, measures_per=(1, 2)))
    summary = tick(env, START)
    assert (summary.queued, summary.notices) == (2, 2)
    assert tick_line(summary).startswith("2 første varsler, 0 påminnelser")
    status = campaign_status(env)
    assert {item.state for item in status.measures} == {states.NOTIFIED}
    assert {item.state_label for item in status.measures} == {WAITING}  # not "varslet" with 0 sent
    assert all(item.sent == 0 for item in status.measures)
    contact = status.contacts[0]
    assert [(mail.round, mail.state) for mail in contact.mails][:2] == [("notice", "queued"), ("d-14", "planned")]
    assert contact.mail_counts["queued"] == 1 and contact.mail_counts["planned"] == 9  # d-14 … overdue-5
    assert rounds_of(env)["notice"] == "queued" and rounds_of(env)["d-14"] == "planned"
    mark_sent(database)
    status = campaign_status(env)
    assert {item.state_label for item in status.measures} == {"varslet"}
    assert [mail.state for mail in status.contacts[0].mails][0] == "sent"
    assert status.mail_counts["sent"] == 2 and rounds_of(env)["notice"] == "sent"
    assert "E-poster sendt: 2." in _status_text(env)
    later = tick(env, at("2027-01-04T08:00"))
    assert (later.queued, later.notices) == (2, 0)
    assert tick_line(later).startswith("0 første varsler, 2 påminnelser")
    status = campaign_status(env)
    assert {item.state_label for item in status.measures} == {"purret"}  # a mail about them went out before
    assert "venter i utboksen" in _status_text(env)


def _status_text(env: CampaignEnv) -> str:
    from bot.campaigns.status import status_text

    text = status_text(env)
    assert text is not None
    return text


def test_past_rounds_are_never_planned_and_cancelled_mail_says_so(database: Database) -> None:
    env = make_env(database, Clock(at("2026-12-01T09:00")))
    service = start_campaign(env, make_contacts(2))
    assert tick(env, at("2027-01-08T10:00")).queued == 2  # nothing ran since the start: only d-7, once
    derived = rounds_of(env)
    assert derived["notice"] == "skipped" and derived["d-14"] == "skipped"
    assert derived["d-7"] == "queued" and derived["d-2"] == "planned"
    json_rounds = {item["key"]: item["status"] for item in campaign_status(env).to_json()["rounds"]}
    assert json_rounds == derived
    service.pause(actor="t", channel="cli")
    status = campaign_status(env)
    assert {mail.state for contact in status.contacts for mail in contact.mails if mail.round == "d-7"} == {"cancelled"}
    assert rounds_of(env)["d-7"] == "cancelled"
    assert {item.state_label for item in status.measures} == {"ikke sendt (avbrutt)"}
    service.stop(actor="t", channel="cli")
    assert "planned" not in rounds_of(env).values()  # a stopped campaign plans nothing


# ---------------------------------------------------------------------------------------------- a season

MIXED = Contact("Kari Lie", "kari.lie@valdres.test", (
    ("Realfagsløftet i Valdres", "regional", "valdres"),
    ("Inkluderende praksis i barnehagen", "desentralisert", "valdres"),
    ("Lesing i Valdres", "kompetanseloftet", "valdres")))
ASKS = Contact("Per Lie", "per.lie@hamar.test", (("Språkløyper i Hamar", "regional", "hamarregionen"),))
GREIT = Contact("Siv Ås", "siv.as@gjovik.test", (("Vurdering for læring", "desentralisert", "gjovikregionen"),))
BOUNCE = Contact("Ola Borte", "ola@hadeland.test", (("Digital kompetanse", "regional", "hadeland"),))
SILENT = Contact("Anne Stille", "anne@lillehammer.test", (("Leseløftet", "regional", "lillehammerregionen"),))
MOMENTS = (time(9, 0), time(12, 0), time(15, 30))


@pytest.fixture
def season(database_url: str, mailbox: DovecotServer, sink: SmtpServer) -> Iterator[tuple[object, object, Clock]]:
    clock = Clock(START)
    bot_app, services = wired_bot(database_url, mailbox, sink, clock)
    try:
        yield bot_app, services, clock
    finally:
        if services.sender is not None:
            asyncio.run(services.sender.close())
        bot_app.close()


def body(mail: Received) -> str:
    message = email.message_from_bytes(mail.raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(part.get_content()) if part is not None else ""


def test_a_season_with_mixed_replies_questions_and_a_truthful_status(
        season: tuple[object, object, Clock], sink: SmtpServer, mailbox: DovecotServer,
        capsys: pytest.CaptureFixture[str]) -> None:
    bot_app, services, clock = season
    people = [MIXED, ASKS, GREIT, BOUNCE, SILENT]
    sink.refuse_rcpt(BOUNCE.email, "550 5.1.1 <address> User unknown")
    env = CampaignEnv.from_app(bot_app)  # type: ignore[arg-type]
    service = CampaignService(env)
    service.import_contacts(contacts_csv(people), source="kontakter.csv", actor="cli:test", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="cli:test", channel="cli")
    database = bot_app.database  # type: ignore[attr-defined]

    def latest(person: Contact) -> Received:
        return [mail for mail in received(sink, database) if mail.to == person.email and mail.round][-1]

    def answer(person: Contact, text: str) -> None:
        mailbox.append("bot", reply_to(latest(person), person.email, person.name, text, when=clock.now()))

    events = {
        at("2026-12-02T12:00"): [
            lambda: answer(MIXED, "Realfag har jeg levert nå. Men det er ikke jeg som har ansvaret for "
                                  "Inkluderende praksis, kontakt kollega@valdres.test"),
            lambda: answer(ASKS, "Hei! Hva skal vi egentlig rapportere på for Språkløyper, og hvem leser det?"),
            lambda: answer(GREIT, "Leverer mandag. Er det greit?")],
    }
    day = date(2026, 12, 1)
    while day <= date(2026, 12, 4):
        for moment in MOMENTS:
            instant = datetime.combine(day, moment, tzinfo=OSLO)
            clock.set(instant)
            for event in events.get(instant, []):
                event()
            asyncio.run(services.run_once())  # type: ignore[attr-defined]
        day += timedelta(days=1)

    everything = received(sink, database)
    to_secretariat = [mail for mail in everything if mail.to == SECRETARIAT]
    answers = {mail.to: body(mail) for mail in everything if mail.key.startswith("reply:")}
    # the mixed reply: Realfag done, only Inkluderende praksis handed over, Lesing still chased
    status = campaign_status(env)
    by_measure = {item.measure: item for item in status.measures}
    assert by_measure["Realfagsløftet i Valdres"].state == states.DONE
    assert by_measure["Inkluderende praksis i barnehagen"].state == states.HANDOVER
    assert by_measure["Inkluderende praksis i barnehagen"].handover_to == "kollega@valdres.test"
    assert by_measure["Lesing i Valdres"].state == states.NOTIFIED
    handover = [body(mail) for mail in to_secretariat if "ikke rett kontaktperson" in mail.subject]
    assert len(handover) == 1 and "Inkluderende praksis i barnehagen" in handover[0]
    assert "Realfag" not in handover[0].split("Det gjelder:")[1].split("Boten sender")[0]
    # questions: forwarded with their text, the contacts told so, never sent to Statsforvalteren
    questions = {mail.subject: body(mail) for mail in to_secretariat if mail.subject.startswith("Purring: spørsmål")}
    assert set(questions) == {f"Purring: spørsmål fra {ASKS.name}", f"Purring: spørsmål fra {GREIT.name}"}
    assert "Hva skal vi egentlig rapportere på for Språkløyper, og hvem leser det?" in \
        questions[f"Purring: spørsmål fra {ASKS.name}"]
    assert "Leverer mandag. Er det greit?" in questions[f"Purring: spørsmål fra {GREIT.name}"]
    for person in (ASKS, GREIT):
        assert "Jeg har sendt spørsmålet ditt videre til sekretariatet" in answers[person.email]
        assert "Spør Statsforvalteren" not in answers[person.email] and "i tvil" not in answers[person.email]
    assert "Realfagsløftet i Valdres" in answers[MIXED.email] and "Inkluderende praksis" in answers[MIXED.email]
    # the digest of 3 December carries the texts, not just "spørsmål"
    digest = next(body(mail) for mail in to_secretariat
                  if mail.subject.startswith("Purring årsrapportering") and mail.date.date() == date(2026, 12, 3))
    assert "«Er det greit?»" in digest and "Leverer mandag. Er det greit?" in digest
    assert "Hva skal vi egentlig rapportere på for Språkløyper" in digest
    assert f"{GREIT.name} <{GREIT.email}>: ikke levert ennå: «Leverer mandag. Er det greit?»" in digest
    # the status's mail states match what the sink received, contact by contact
    reminders = Counter(mail.to for mail in everything if mail.round)
    rows = []
    for contact in status.contacts:
        counts = contact.mail_counts
        rows.append((contact.name, contact.email, reminders.get(contact.email, 0),
                     ", ".join(f"{state} {number}" for state, number in counts.items() if number)))
        assert counts["sent"] == reminders.get(contact.email, 0) == contact.sent, contact.email
        assert counts["queued"] == 0
    with capsys.disabled():
        print("\nStatus mot SMTP-mottaket (navn, adresse, mottatt, status)")
        for row in rows:
            print("  " + " | ".join(str(cell) for cell in row))
    bounced = next(contact for contact in status.contacts if contact.email == BOUNCE.email)
    assert reminders.get(BOUNCE.email, 0) == 0 and bounced.mail_counts["bounced"] == 1
    assert [mail.state for mail in bounced.mails] == ["bounced"]  # and nothing planned for a dead address
    silent = next(contact for contact in status.contacts if contact.email == SILENT.email)
    assert [mail.state for mail in silent.mails][:2] == ["sent", "planned"]
    assert {key: state for key, _k, _d, state in status.rounds}["notice"] == "sent"
    assert status.to_json()["totals"]["mails"]["sent"] == sum(reminders.values())
