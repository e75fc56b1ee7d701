"""Shared fixtures: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), a fixed clock,
and the real mail servers from tests/servers.

Every test gets its own fresh database at alembic head. The migrations run once per test process
(per xdist worker) into a template, and each test gets a copy of it: for SQLite a copy of the
migrated file; for PostgreSQL a new schema on which the exact DBAPI calls alembic made while
migrating the template are replayed (tests/test_database_fixture.py checks that the copy equals
a database migrated by `upgrade()`). `empty_database_url` gives an empty one, for migration tests.
"""

from __future__ import annotations

import copy
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

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


# ------------------------------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True)
class DbapiCall:
    """One call alembic's connection made on its DBAPI cursor: execute with or without
    parameters, or executemany."""

    kind: str  # "execute", "plain" or "many"
    statement: str
    parameters: Any


def postgres_base_url() -> str:
    return normalise_database_url(os.environ["TEST_DATABASE_URL"])


def schema_url(base: str, schema: str) -> str:
    """`base` with every connection's search_path set to `schema`, and named after it (so the teardown
    can find connections a test left open)."""
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}&application_name={schema}"


def new_schema_name() -> str:
    return f"t_{uuid.uuid4().hex[:12]}"


def record_migration(engine: Engine) -> list[DbapiCall]:
    """Run `upgrade()` on `engine` and return every DBAPI call it made, in order."""
    calls: list[DbapiCall] = []

    def on_execute(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        calls.append(DbapiCall("execute", statement, copy.deepcopy(parameters)))

    def on_plain(cursor: Any, statement: str, context: Any) -> None:
        calls.append(DbapiCall("plain", statement, None))

    def on_many(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        calls.append(DbapiCall("many", statement, copy.deepcopy(parameters)))

    engine.connect().close()  # the dialect's first-connect queries are not part of the migration
    listeners = (("do_execute", on_execute), ("do_execute_no_params", on_plain), ("do_executemany", on_many))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        upgrade(engine)
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    return calls


def replay_migration(connection: Any, calls: list[DbapiCall]) -> None:
    """Make the same DBAPI calls on a raw DBAPI connection (its search_path is the new schema)."""
    with connection.cursor() as cursor:
        for call in calls:
            if call.kind == "many":
                cursor.executemany(call.statement, call.parameters)
            elif call.kind == "plain":
                cursor.execute(call.statement)
            else:
                cursor.execute(call.statement, call.parameters)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on TEST_DATABASE_URL's default schema, for creating and dropping test schemas."""
    admin = make_engine(postgres_base_url())
    try:
        yield admin
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_migration(postgres_admin: Engine) -> list[DbapiCall]:
    """The DBAPI calls of one `upgrade()` from empty to head, recorded on a scratch schema."""
    schema = f"{new_schema_name()}_template"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(schema_url(postgres_base_url(), schema))
    try:
        calls = record_migration(engine)
    finally:
        engine.dispose()
        drop_schema(postgres_admin, schema)
    leaked = [call for call in calls if schema in f"{call.statement} {call.parameters!r}"]
    if leaked:  # the replay would write into the scratch schema, not the test's own
        raise RuntimeError(f"the migration names its schema; cannot replay it: {leaked[0]}")
    return calls


def _postgres_schema(admin: Engine, calls: list[DbapiCall] | None) -> Iterator[str]:
    schema = new_schema_name()
    raw = admin.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
            if calls is not None:
                cursor.execute(f'SET LOCAL search_path TO "{schema}"')
        if calls is not None:
            replay_migration(raw, calls)
        raw.commit()
    finally:
        raw.close()
    try:
        yield schema_url(postgres_base_url(), schema)
    finally:
        drop_schema(admin, schema)


def drop_schema(admin: Engine, schema: str) -> None:
    """Drop a test's schema. A connection the test left open (a thread still finishing its work, a pool
    not yet disposed) is ended first: otherwise it can hold a lock the DROP needs while waiting for one
    the DROP holds, and PostgreSQL breaks the deadlock by failing the teardown."""
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE application_name = :schema AND pid <> pg_backend_pid()"),
                           {"schema": schema})
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


# ------------------------------------------------------------------------------------- SQLite


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; tests get copies of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "migrated.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for suffix in ("-wal", "-shm"):  # everything is in the main file once the last connection closed
        side = path.with_name(path.name + suffix)
        if side.exists() and side.stat().st_size > 0 and suffix == "-wal":
            raise RuntimeError(f"SQLite template left a non-empty {side}")
        side.unlink(missing_ok=True)
    return path


# ------------------------------------------------------------------------------------- fixtures


@pytest.fixture(params=_database_backends())
def database_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(database_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at alembic head per test: a SQLite file, or a private PostgreSQL schema."""
    if database_backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    admin: Engine = request.getfixturevalue("postgres_admin")
    calls: list[DbapiCall] = request.getfixturevalue("postgres_migration")
    yield from _postgres_schema(admin, calls)


@pytest.fixture
def empty_database_url(database_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL per test (no tables, no alembic_version), for migration tests."""
    if database_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    yield from _postgres_schema(request.getfixturevalue("postgres_admin"), None)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database (alembic head) on the backend under test."""
    db = Database.from_url(database_url)
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
