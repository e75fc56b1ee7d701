"""A whole season against Dovecot and aiosmtpd, day by day from 1 December to 25 January.

Each simulated moment runs exactly one round of what ``kompetansebot worker --once`` runs (mailbox
scan, the scheduled ticks, the outbox sender) with the business clock pinned to that moment. Scripted
contacts answer in several styles: delivered, not yet (then delivered), a question, an
out-of-office, a bounced address, a handover, silence, and a contact with one of three measures
marked done by hand. What each person received, and when, is checked against the plan.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from sqlmodel import select

from bot.calendar import NorwegianCalendar
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.status import campaign_status
from bot.clock import OSLO, Clock
from bot.models import AuditEntry
from bot.models_email import MailInbound
from tests.campaign.helpers import LINK, SECRETARIAT, START, Contact, at, contacts_csv, make_contacts
from tests.campaign.mailsim import Received, out_of_office, received, reply_to, wired_bot
from tests.servers import DovecotServer, SmtpServer

CAL = NorwegianCalendar()
MOMENTS = (time(7, 30), time(9, 0), time(12, 0), time(15, 30), time(16, 30))
ALL_ROUNDS = ["notice", "d-14", "d-7", "d-2", "d0", "overdue-1", "overdue-2", "overdue-3", "overdue-4", "overdue-5"]
ROUND_SENT = {"notice": "2026-12-01 09:00", "d-14": "2027-01-04 09:00", "d-7": "2027-01-08 09:00",
              "d-2": "2027-01-13 09:00", "d0": "2027-01-15 09:00", "overdue-1": "2027-01-18 09:00",
              "overdue-2": "2027-01-19 09:00", "overdue-3": "2027-01-20 09:00", "overdue-4": "2027-01-21 09:00",
              "overdue-5": "2027-01-22 09:00"}


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


def script(people: list[Contact]) -> dict[str, str]:
    roles = ["delivered", "not_yet", "question", "away", "bounce", "handover", "silent", "one_of_three"]
    return {person.email: role for person, role in zip(people, roles, strict=True)}


def test_a_season_from_1_december_to_25_january(season: tuple[object, object, Clock], sink: SmtpServer,
                                                 mailbox: DovecotServer, capsys: pytest.CaptureFixture[str]) -> None:
    bot_app, services, clock = season
    people = make_contacts(8, measures_per=(1, 1, 1, 1, 1, 1, 1, 3))
    roles = script(people)
    by_role = {role: person for person, role in zip(people, roles.values(), strict=True)}
    sink.refuse_rcpt(by_role["bounce"].email, "550 5.1.1 <address> User unknown")
    env = CampaignEnv.from_app(bot_app)  # type: ignore[arg-type]
    service = CampaignService(env)
    service.import_contacts(contacts_csv(people), source="kontakter.csv", actor="cli:test", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="cli:test", channel="cli")
    database = bot_app.database  # type: ignore[attr-defined]

    def mails_to(person: Contact) -> list[Received]:
        return [mail for mail in received(sink, database) if mail.to == person.email]

    def latest(person: Contact) -> Received:
        return [mail for mail in mails_to(person) if mail.round][-1]

    def deliver(raw: bytes) -> None:
        mailbox.append("bot", raw)

    events: dict[datetime, list[object]] = {
        at("2026-12-02T12:00"): [lambda: deliver(reply_to(latest(by_role["handover"]), by_role["handover"].email,
                                                         by_role["handover"].name,
                                                         "Det er ikke jeg som har ansvaret, kontakt kollegaen min "
                                                         "(kollega@granli.kommune.no).", when=clock.now()))],
        at("2026-12-03T12:00"): [lambda: deliver(reply_to(latest(by_role["question"]), by_role["question"].email,
                                                         by_role["question"].name,
                                                         "Hei! Når er fristen for årsrapporteringen?",
                                                         when=clock.now()))],
        at("2026-12-10T12:00"): [lambda: deliver(reply_to(latest(by_role["delivered"]), by_role["delivered"].email,
                                                         by_role["delivered"].name, "Hei, Rapporten er levert.",
                                                         when=clock.now(), html_only=True))],
        at("2027-01-04T12:00"): [lambda: deliver(out_of_office(by_role["away"].email, by_role["away"].name,
                                                               "Jeg er på ferie til 11. januar og leser ikke e-post. "
                                                               "Rapporten er levert.",
                                                               subject=latest(by_role["away"]).subject,
                                                               when=clock.now()))],
        at("2027-01-05T12:00"): [lambda: deliver(reply_to(latest(by_role["not_yet"]), by_role["not_yet"].email,
                                                         by_role["not_yet"].name,
                                                         "Nei, ikke levert ennå. Vi leverer fredag.",
                                                         when=clock.now()))],
        at("2027-01-12T12:00"): [lambda: service.mark_done([by_role["one_of_three"].measures[1][0]],
                                                           actor="cli:test", channel="cli")],
        at("2027-01-19T12:00"): [lambda: deliver(reply_to(latest(by_role["not_yet"]), by_role["not_yet"].email,
                                                         by_role["not_yet"].name, "Nå er rapporten sendt inn.",
                                                         when=clock.now()))],
    }
    day = date(2026, 12, 1)
    while day <= date(2027, 1, 25):
        for moment in MOMENTS:
            instant = datetime.combine(day, moment, tzinfo=OSLO)
            clock.set(instant)
            for event in events.get(instant, []):
                event()  # type: ignore[operator]
            asyncio.run(services.run_once())  # type: ignore[attr-defined]
        day += timedelta(days=1)

    everything = received(sink, database)
    to_contacts = [mail for mail in everything if mail.to != SECRETARIAT]
    # Every reminder on an allowed day and hour; at most one a day per person.
    for mail in to_contacts:
        if mail.round:
            local = mail.date
            assert CAL.is_working_day(local.date()) and time(8) <= local.time() < time(16), (mail.to, local)
    per_day = Counter((mail.to, mail.date.date()) for mail in to_contacts if mail.round)
    assert max(per_day.values()) == 1

    def plan(person: Contact) -> list[tuple[str, str]]:
        return [(mail.round or ("answer" if mail.key.startswith("reply:") else mail.key), f"{mail.date:%Y-%m-%d %H:%M}")
                for mail in mails_to(person)]

    assert _audited(database, "campaign.out_of_office")
    expected: dict[str, list[tuple[str, str]]] = {
        "delivered": [("notice", ROUND_SENT["notice"]), ("answer", "2026-12-10 12:00")],
        "not_yet": [*[(key, ROUND_SENT[key]) for key in ALL_ROUNDS[:2]], ("answer", "2027-01-05 12:00"),
                    *[(key, ROUND_SENT[key]) for key in ALL_ROUNDS[2:7]], ("answer", "2027-01-19 12:00")],
        "question": [("notice", ROUND_SENT["notice"]), ("answer", "2026-12-03 12:00"),
                     *[(key, ROUND_SENT[key]) for key in ALL_ROUNDS[1:]]],
        # The out-of-office never counts (no answer, nothing done; it even says "levert"), but its return
        # date holds d-7 of Friday 8 January until Monday 11 January.
        "away": [(key, ROUND_SENT[key]) for key in ALL_ROUNDS[:2]] + [("d-7", "2027-01-11 09:00")]
        + [(key, ROUND_SENT[key]) for key in ALL_ROUNDS[3:]],
        "bounce": [],
        "handover": [("notice", ROUND_SENT["notice"]), ("answer", "2026-12-02 12:00")],
        "silent": [(key, ROUND_SENT[key]) for key in ALL_ROUNDS],
        "one_of_three": [(key, ROUND_SENT[key]) for key in ALL_ROUNDS],
    }
    rows = []
    for person in people:
        got = plan(person)
        rows.append((roles[person.email], person.email, ", ".join(f"{key}@{when[5:]}" for key, when in got)))
    with capsys.disabled():
        print("\nSesongen 1. desember–25. januar: hva hver kontaktperson fikk")
        for role, email, got_text in rows:
            print(f"  {role:13} {email:18} {got_text}")
    for person in people:
        assert plan(person) == expected[roles[person.email]], roles[person.email]

    answers = {roles[mail.to]: mail.text for mail in to_contacts if mail.key.startswith("reply:")}
    assert "registrert at årsrapporten for 2026 er levert" in answers["delivered"]
    assert "15. januar" in answers["question"]
    assert "sekretariatet" in answers["handover"]
    one_of_three = [mail for mail in mails_to(by_role["one_of_three"]) if mail.round]
    assert by_role["one_of_three"].measures[1][0] in one_of_three[2].text  # d-7, 8 January: all three
    assert by_role["one_of_three"].measures[1][0] not in one_of_three[3].text  # d-2: the two still open
    assert by_role["one_of_three"].measures[0][0] in one_of_three[3].text

    to_secretariat = [mail for mail in everything if mail.to == SECRETARIAT]
    subjects = Counter(mail.subject.split(":")[0] for mail in to_secretariat)
    assert sum(1 for mail in to_secretariat if "virker ikke" in mail.subject) == 1
    assert sum(1 for mail in to_secretariat if "ikke rett kontaktperson" in mail.subject) == 1
    assert sum(1 for mail in to_secretariat if "er ikke levert" in mail.subject) == 1  # the escalation
    digests = [mail for mail in to_secretariat if mail.subject.startswith("Purring årsrapportering")]
    working_days = sum(1 for n in range(56) if CAL.is_working_day(date(2026, 12, 1) + timedelta(days=n)))
    assert len(digests) == working_days, subjects
    assert all(mail.date.time() == time(9, 0) for mail in digests)  # the first tick from 08:00

    status = campaign_status(env)
    by_email = {item.email: item for item in status.measures}
    assert by_email[by_role["delivered"].email].state == states.DONE
    assert by_email[by_role["not_yet"].email].state == states.DONE
    assert by_email[by_role["bounce"].email].state == states.BOUNCED
    assert by_email[by_role["handover"].email].state == states.HANDOVER
    assert by_email[by_role["handover"].email].handover_to == "kollega@granli.kommune.no"
    for role in ("question", "away", "silent"):
        assert by_email[by_role[role].email].state == states.ESCALATED
    assert status.counts == {states.DONE: 3, states.ESCALATED: 5, states.BOUNCED: 1, states.HANDOVER: 1}
    # the times shown are the times the mails went (stored in UTC, shown in Oslo time on both databases)
    assert by_email[by_role["silent"].email].last_reminder == at("2027-01-22T09:00")
    assert by_email[by_role["delivered"].email].last_reminder == at("2026-12-01T09:00")
    with database.session() as session:
        inbound = session.exec(select(MailInbound)).all()
        assert not [row for row in inbound if row.status not in {"done", "ignored", "review"}]
        assert {row.kind for row in inbound if row.sender == by_role["away"].email} == {"auto_reply"}


def _audited(database: object, action: str) -> bool:
    with database.session() as session:  # type: ignore[attr-defined]
        return session.exec(select(AuditEntry).where(AuditEntry.action == action)).first() is not None
