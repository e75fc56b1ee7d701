"""Builders shared by the campaign tests: contact lists, a campaign environment, inspection helpers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.tick import CampaignTicker, TickSummary
from bot.clock import OSLO, Clock
from bot.db import Database
from bot.mail.config import EmailConfig
from bot.mail.identity import BotIdentity
from bot.mail.outbox import Outbox
from bot.models_campaign import CampaignMail, CampaignMeasure, CampaignRecipient
from bot.models_email import MailOutbox
from bot.planfacts import load_plan_data

BOT = "bot@kompetansebot.test"
SECRETARIAT = "sekretariat@statsforvalteren.test"
LINK = "https://rapportering.udir.no/skjema/2026"
START = datetime(2026, 12, 1, 9, 0, tzinfo=OSLO)  # a Tuesday
NETWORKS = ("hamarregionen", "valdres", "gjovikregionen", "hadeland", "lillehammerregionen", "kongsvingerregionen",
            "sor-osterdal", "nord-osterdal", "midt-gudbrandsdal", "nord-gudbrandsdal", "innlandet-fylkeskommune",
            "friskolene")
SCHEMES = ("regional", "desentralisert", "kompetanseloftet")
HEADER = ("measure", "scheme", "network", "name", "email", "slack_id")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    measures: tuple[tuple[str, str, str], ...]
    """(measure, scheme, network)"""


def at(text: str) -> datetime:
    """A business time in Europe/Oslo from ISO text ("2026-12-01T09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def make_contacts(count: int, *, domain: str = "kommune.test", measures_per: Sequence[int] = (1, 2, 1, 3)) -> list[Contact]:
    contacts = []
    for number in range(count):
        many = measures_per[number % len(measures_per)]
        network = NETWORKS[number % len(NETWORKS)]
        items = tuple((f"Tiltak {number}-{index} for {network}", SCHEMES[(number + index) % 3], network)
                      for index in range(many))
        contacts.append(Contact(f"Person{number} Etternavn", f"p{number}@{domain}", items))
    return contacts


def contacts_csv(contacts: Sequence[Contact], *, delimiter: str = ";", header: Sequence[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for contact in contacts:
        for measure, scheme, network in contact.measures:
            writer.writerow([measure, scheme, network, contact.name, contact.email, ""])
    return buffer.getvalue().encode("utf-8")


def email_config(**overrides: Any) -> EmailConfig:
    values: dict[str, Any] = {"identity": BotIdentity(BOT), "rate_per_minute": None, "archive_copy": False,
                              "canary_minutes": None}
    values.update(overrides)
    return EmailConfig(**values)


def make_env(database: Database, clock: Clock, *, answerer: Any = None, config: EmailConfig | None = None,
             timer: Clock | None = None, secretariat: frozenset[str] = frozenset({SECRETARIAT})) -> CampaignEnv:
    timer = timer or Clock()
    outbox = Outbox(database, config or email_config(), clock=clock, timer=timer, worker_id="test")
    return CampaignEnv(database=database, clock=clock, plan=load_plan_data(), outbox=outbox,
                       secretariat_ids=secretariat, answerer_source=(lambda: answerer) if answerer else None,
                       timer=timer)


def start_campaign(env: CampaignEnv, contacts: Sequence[Contact], *, year: int = 2026) -> CampaignService:
    service = CampaignService(env)
    service.import_contacts(contacts_csv(contacts), source="kontakter.csv", actor="test", channel="cli")
    service.start(kind="arsrapport", year=year, link=LINK, actor="test", channel="cli")
    return service


def tick(env: CampaignEnv, when: datetime) -> TickSummary:
    env.clock.set(when)
    return CampaignTicker(env).tick()


def outbox_rows(database: Database, *, kind: str | None = None) -> list[MailOutbox]:
    with database.session() as session:
        query = select(MailOutbox).order_by(col(MailOutbox.id))
        if kind is not None:
            query = query.where(MailOutbox.kind == kind)
        return list(session.exec(query).all())


def campaign_mails(database: Database) -> list[CampaignMail]:
    with database.session() as session:
        return list(session.exec(select(CampaignMail).order_by(col(CampaignMail.id))).all())


def measures(database: Database) -> list[CampaignMeasure]:
    with database.session() as session:
        return list(session.exec(select(CampaignMeasure).order_by(col(CampaignMeasure.id))).all())


def recipient(database: Database, email: str) -> CampaignRecipient:
    with database.session() as session:
        return session.exec(select(CampaignRecipient).where(CampaignRecipient.email == email)).one()


def mark_sent(database: Database) -> None:
    """Pretend the SMTP side sent everything queued (for tests without a server: the outbox's own
    claim/record API, not a shortcut around it)."""
    from bot.mail.outbox import SendResult

    outbox = Outbox(database, email_config(), clock=Clock(START), timer=Clock(), worker_id="sender")
    while True:
        claimed = outbox.claim(500)
        if not claimed:
            return
        for mail in claimed:
            outbox.record(mail, SendResult("sent", 250, "2.0.0 OK"))
