"""Fixtures for the email channel: a bot wired to the real Dovecot and aiosmtpd servers."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.mail.config import EmailConfig
from bot.mail.identity import BotIdentity
from bot.settings import load_settings
from handlers.email.service import EmailServices
from tests.servers import DovecotServer, SmtpServer

BOT = "bot@kompetansebot.test"
CORPUS = Path(__file__).parent / "corpus"
# A Tuesday in office hours; the business clock of every email test.
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)


def load_manifest() -> list[dict[str, Any]]:
    with (CORPUS / "manifest.toml").open("rb") as handle:
        return list(tomllib.load(handle)["message"])


def corpus_bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def question_mail(sender: str, text: str, *, subject: str = "Spørsmål", name: str = "Kari Nordmann",
                  headers: dict[str, str] | None = None, message_id: str | None = None,
                  to: str = BOT) -> bytes:
    """A plain UTF-8 mail from a person, as a mail client would write it."""
    lines = [
        f"From: {name} <{sender}>",
        f"To: Kompetansebot <{to}>",
        f"Subject: {subject}",
        f"Date: {format_datetime(TUESDAY)}",
        f"Message-ID: {message_id or make_msgid(domain=sender.split('@')[1])}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    for key, value in (headers or {}).items():
        lines.append(f"{key}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n" + text.replace("\n", "\r\n") + "\r\n").encode("utf-8")


@dataclass
class MailBot:
    """The bot, its email services and the two servers."""

    app: BotApp
    services: EmailServices
    mailbox: DovecotServer
    smtp: SmtpServer
    timer: Clock

    @property
    def config(self) -> EmailConfig:
        return self.services.config

    def deliver(self, raw: bytes, folder: str = "INBOX") -> int:
        """A mail arrives in the bot's mailbox."""
        return self.mailbox.append("bot", raw, folder)

    async def round(self) -> Any:
        return await self.services.run_once()

    def inbox(self) -> list[Any]:
        return self.mailbox.messages("bot", "INBOX")

    def processed(self) -> list[Any]:
        return self.mailbox.messages("bot", "Processed")

    def answers_to(self, address: str) -> list[Any]:
        return [m for m in self.smtp.messages if address in m.rcpt_tos]


def make_config(**overrides: Any) -> EmailConfig:
    values: dict[str, Any] = {"identity": BotIdentity(BOT), "rate_per_minute": None, "archive_copy": False,
                              "canary_minutes": None}
    values.update(overrides)
    return EmailConfig(**values)


def make_bot(database_url: str, mailbox: DovecotServer, smtp: SmtpServer, *, clock: Clock | None = None,
             timer: Clock | None = None, folder: str = "INBOX", **config: Any) -> MailBot:
    settings = load_settings(DATABASE_URL=database_url, IMAP_URL=mailbox.url_for("bot", folder),
                             SMTP_URL=smtp.url, BOT_EMAIL=BOT)
    app = build_app(settings, clock=clock or Clock(TUESDAY))
    timer = timer or Clock(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO))
    services = EmailServices.build(app, config=make_config(**config), timer=timer, worker="test-worker")
    return MailBot(app=app, services=services, mailbox=mailbox, smtp=smtp, timer=timer)


@pytest.fixture
def mailbot(database_url: str, mailbox: DovecotServer, smtp_server: SmtpServer) -> Iterator[MailBot]:
    bot = make_bot(database_url, mailbox, smtp_server)
    try:
        yield bot
    finally:
        bot.app.close()
