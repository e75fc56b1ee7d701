"""The OAuth2 mail world: a local Entra-style token service (HTTPS, test CA), Dovecot with its oauth2
passdb and an aiosmtpd server that accepts only XOAUTH2, both checking tokens at that service.

Without Dovecot the tests skip locally and fail when CI=true (``skip_or_fail``).
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.mail.config import EmailConfig
from bot.settings import Settings, load_settings
from handlers.email.service import EmailServices
from tests.email.conftest import BOT, TUESDAY, make_config
from tests.email.m365.dovecot_oauth import OAuthDovecotServer
from tests.email.m365.smtp_oauth import OAuthSmtpServer
from tests.email.m365.token_service import TokenService
from tests.servers.conftest_fixtures import skip_or_fail
from tests.servers.dovecot import dovecot_missing

TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CLIENT_SECRET = "Xq8~kompetansebot-test-secret-" + secrets.token_hex(8)
"""Random per run, so a test that finds it in a log found a real leak."""


def route(address: str) -> str | None:
    """SMTP recipient -> Dovecot user: the bot's domain to ``bot``, else the local part."""
    if address.lower().endswith("@kompetansebot.test"):
        return "bot"
    local = address.split("@")[0].split("+")[0]
    return local if local in {"alice", "bob", "sekretariat"} else None


@dataclass
class M365World:
    tokens: TokenService
    dovecot: OAuthDovecotServer
    smtp: OAuthSmtpServer

    def env(self, database_url: str, **extra: str) -> dict[str, str]:
        """The environment of a bot on this world with MAIL_AUTH=oauth2 (no password anywhere)."""
        return {"DATABASE_URL": database_url, "IMAP_URL": self.dovecot.oauth_url_for(BOT),
                "SMTP_URL": self.smtp.oauth_url_for(BOT), "BOT_EMAIL": BOT, "MAIL_AUTH": "oauth2",
                "M365_TENANT_ID": TENANT, "M365_CLIENT_ID": CLIENT_ID, "M365_CLIENT_SECRET": CLIENT_SECRET,
                "M365_AUTHORITY": self.tokens.authority, "REQUESTS_CA_BUNDLE": str(self.tokens.ca_file),
                "SSL_CERT_FILE": str(self.tokens.ca_file), **extra}

    def settings(self, database_url: str, **extra: str) -> Settings:
        env = self.env(database_url, **extra)
        env.pop("REQUESTS_CA_BUNDLE")
        env.pop("SSL_CERT_FILE")
        return load_settings(**env)


@pytest.fixture(scope="session")
def m365_session() -> Iterator[tuple[TokenService, OAuthDovecotServer]]:
    skip_or_fail(dovecot_missing())
    workdir = Path(tempfile.mkdtemp(prefix="m365-world-"))
    service = TokenService(TENANT, workdir).start()
    dovecot = OAuthDovecotServer(service.introspection_url)
    try:
        dovecot.start()
        yield service, dovecot
    finally:
        dovecot.stop()
        service.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def m365(m365_session: tuple[TokenService, OAuthDovecotServer], monkeypatch: pytest.MonkeyPatch) -> Iterator[M365World]:
    service, dovecot = m365_session
    dovecot.reset()
    with service.lock:
        service.tokens.clear()
        service.introspections = service.token_requests = service.failed_token_requests = 0
    service.lifetime = 3600.0
    service.deny_mailboxes = False
    service.clients.clear()
    service.register(CLIENT_ID, {BOT}, secret=CLIENT_SECRET)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(service.ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(service.ca_file))  # aiosmtplib's STARTTLS trusts the test CA
    smtp = OAuthSmtpServer(service.introspection_url, tls_context=service.server_context())
    smtp.start()
    smtp.forward_to(dovecot, route)
    try:
        yield M365World(service, dovecot, smtp)
    finally:
        smtp.stop()


@dataclass
class OAuthBot:
    app: BotApp
    services: EmailServices
    world: M365World

    @property
    def config(self) -> EmailConfig:
        return self.services.config

    async def round(self) -> Any:
        return await self.services.run_once()


def make_oauth_bot(world: M365World, database_url: str, **config: Any) -> OAuthBot:
    app = build_app(world.settings(database_url), clock=Clock(TUESDAY))
    timer = Clock(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO))
    services = EmailServices.build(app, config=make_config(**config), timer=timer, worker="m365-worker")
    return OAuthBot(app, services, world)


@pytest.fixture
def oauth_bot(m365: M365World, database_url: str) -> Iterator[OAuthBot]:
    bot = make_oauth_bot(m365, database_url)
    try:
        yield bot
    finally:
        bot.app.close()
