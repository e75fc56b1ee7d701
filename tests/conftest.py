"""Shared fixtures: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), a fixed clock,
and the real mail servers from tests/servers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.clock import OSLO, Clock
from bot.db import Database, make_engine, normalise_database_url
from bot.migrate import upgrade

pytest_plugins = ["tests.servers.conftest_fixtures"]

FIXED_NOW = datetime(2026, 11, 28, 10, 0, tzinfo=OSLO)


def _database_backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    elif os.environ.get("CI") == "true":
        raise RuntimeError("CI=true needs TEST_DATABASE_URL (the machine's PostgreSQL)")
    return backends


@pytest.fixture
def clock() -> Clock:
    return Clock(FIXED_NOW)


@pytest.fixture(params=_database_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL per test: a SQLite file, or a private PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    base = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database (alembic head) on the backend under test."""
    db = Database.from_url(database_url)
    upgrade(db.engine)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray settings from the developer's shell or .env leak into a test."""
    for name in ("DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
                 "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "SECRETARIAT", "PLAN_FILE", "KOMPETANSEBOT_NOW",
                 "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "TRUSTED_AUTHSERV_ID", "MAIL_AUTH", "M365_TENANT_ID",
                 "M365_CLIENT_ID", "M365_CLIENT_SECRET", "M365_CERTIFICATE_PATH", "M365_CERTIFICATE_THUMBPRINT",
                 "M365_AUTHORITY", "TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID",
                 "TEAMS_OPENID_METADATA_URL", "TEAMS_LOGIN_URL"):
        monkeypatch.delenv(name, raising=False)
