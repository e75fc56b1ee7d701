"""Helpers for campaign tests on the real mail servers: contact replies as mail clients write them,
reading what reached the SMTP sink, and the campaign-wired email services."""

from __future__ import annotations

import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from typing import Any

from sqlmodel import select

from bot.app import BotApp, build_app
from bot.campaigns.env import CampaignEnv
from bot.campaigns.scheduler import campaign_observers, campaign_tick
from bot.clock import OSLO, Clock
from bot.db import Database
from bot.mail.outbox import Outbox
from bot.models_email import MailOutbox
from bot.settings import load_settings
from handlers.email.service import EmailServices
from tests.campaign.helpers import BOT, SECRETARIAT, email_config
from tests.campaign.test_chat import campaign_router
from tests.servers import DovecotServer, SmtpServer


def route_for(mailbox: DovecotServer) -> Any:
    def route(address: str) -> str | None:
        address = address.lower()
        if address.endswith("@kompetansebot.test"):
            return "bot"
        if address == SECRETARIAT:
            return "sekretariat"
        return None  # contacts: recorded at the sink only

    return route


def wired_bot(database_url: str, mailbox: DovecotServer, smtp: SmtpServer, clock: Clock) -> tuple[BotApp, EmailServices]:
    """The bot with the campaign plugged in where the wiring report asks: the tick in the worker's ticks,
    the observer in the intake, the skills in the router."""
    settings = load_settings(DATABASE_URL=database_url, IMAP_URL=mailbox.url_for("bot"), SMTP_URL=smtp.url,
                             BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT, TRUSTED_AUTHSERV_ID=GATEWAY)
    bot_app = build_app(settings, clock=clock)
    env = CampaignEnv.from_app(bot_app)
    bot_app.__dict__["router"] = campaign_router(bot_app, env)
    services = EmailServices.build(bot_app, config=email_config(archive_copy=True), ticks=[campaign_tick],
                                   timer=Clock(), worker="sim", observers=campaign_observers(bot_app))
    if services.processor is not None:
        services.processor.trusted_authserv_id = GATEWAY  # what TRUSTED_AUTHSERV_ID gives a real worker
    return bot_app, services


@dataclass(frozen=True)
class Received:
    to: str
    message_id: str
    date: datetime
    subject: str
    key: str
    """The outbox idempotency key (``campaign:<id>:<contact>:<round>:g<n>``, ``reply:…``, ``campaign:<id>:digest…``)."""
    raw: bytes

    @property
    def round(self) -> str:
        parts = self.key.split(":")
        return parts[3] if self.key.startswith("campaign:") and len(parts) > 4 and parts[2].isdigit() else ""

    @property
    def text(self) -> str:
        import email
        import email.policy

        message = email.message_from_bytes(self.raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
        return str(part.get_content()) if part is not None else ""


def received(smtp: SmtpServer, database: Database) -> list[Received]:
    """What reached the sink for people (not the bot's archive copies), with the outbox key of each."""
    with database.session() as session:
        keys = {row.message_id: row.idempotency_key for row in session.exec(select(MailOutbox)).all()}
    found = []
    for message in smtp.messages:
        people = [to for to in message.rcpt_tos if to.lower() != BOT]
        if not people:
            continue
        # Only Date and Subject are read here: parse the header block alone (same policy, same values),
        # not every body part of every message on every call.
        parsed = BytesHeaderParser(policy=email.policy.default).parsebytes(message.raw)
        for to in people:
            found.append(Received(to=to.lower(), message_id=str(message.message_id),
                                  date=parsedate_to_datetime(str(parsed["Date"])).astimezone(OSLO),
                                  subject=str(parsed["Subject"]).strip(), key=keys.get(str(message.message_id), "?"),
                                  raw=message.raw))
    return found


def reply_to(mail: Received, sender: str, name: str, text: str, *, when: datetime, html_only: bool = False) -> bytes:
    """A person's answer to one of our mails, as Outlook writes it (their words above a quoted copy)."""
    import email
    import email.policy

    original = email.message_from_bytes(mail.raw, policy=email.policy.default)
    reply_address = str(original["Reply-To"]).split("<")[-1].strip(">") if original["Reply-To"] else BOT
    quoted = ("\n\nFra: Kompetansebot <bot@kompetansebot.test>\nSendt: " + format_datetime(mail.date)
              + f"\nTil: {name} <{sender}>\nEmne: {mail.subject}\n\n" + mail.text)
    body = text + quoted
    lines = [f"From: {name} <{sender}>", f"To: Kompetansebot <{reply_address}>", f"Subject: SV: {mail.subject}",
             f"Date: {format_datetime(when)}", f"Message-ID: {make_msgid(domain=sender.split('@')[1])}",
             f"In-Reply-To: {mail.message_id}", f"References: {mail.message_id}", "MIME-Version: 1.0"]
    if html_only:
        html = "<html><body><p>" + text.replace("\n", "<br>") + "</p><div id=\"divRplyFwdMsg\"><p>" \
               + mail.text.replace("\n", "<br>") + "</p></div></body></html>"
        lines += ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return ("\r\n".join(lines) + "\r\n\r\n" + html + "\r\n").encode("utf-8")
    lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode("utf-8")


GATEWAY = "mx.statsforvalteren.test"
"""The organisation's own mail gateway (TRUSTED_AUTHSERV_ID) in the simulated season."""


def out_of_office(sender: str, name: str, text: str, *, subject: str, when: datetime) -> bytes:
    """An Exchange out-of-office answer to our reminder (sent to the bot's own address)."""
    domain = sender.split("@")[1]
    lines = [f"Authentication-Results: {GATEWAY}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; "
             f"dmarc=pass header.from={domain}",  # our gateway saw it: an out-of-office may move the schedule
             f"From: {name} <{sender}>", f"To: Kompetansebot <{BOT}>", f"Subject: Automatisk svar: {subject}",
             f"Date: {format_datetime(when)}", f"Message-ID: {make_msgid(domain=sender.split('@')[1])}",
             "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: "
             + sender, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
             "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(lines) + "\r\n\r\n" + text.replace("\n", "\r\n") + "\r\n").encode("utf-8")


def outbox_for_test(bot_app: BotApp) -> Outbox:
    return Outbox(bot_app.database, email_config(), clock=bot_app.clock, timer=Clock(), worker_id="t")
