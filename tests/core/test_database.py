from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.clock import Clock
from bot.db import Database
from bot.migrate import current_revisions, head_revisions, is_up_to_date, upgrade
from bot.models import Person, PersonRole


def test_migrations_create_the_core_tables(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"person", "person_role", "conversation", "audit_entry", "needs_report", "needs_report_version",
            "network_statistics", "scheme_budget", "alembic_version"} <= tables
    assert current_revisions(database.engine) == head_revisions()
    assert is_up_to_date(database.engine)


def test_upgrade_twice_is_harmless(database: Database) -> None:
    upgrade(database.engine)
    assert is_up_to_date(database.engine)


def test_sqlite_runs_with_wal_and_foreign_keys(database: Database) -> None:
    if not database.is_sqlite:
        return
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(database: Database, clock: Clock) -> None:
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(PersonRole(person_id=9999, role="secretariat"))
        session.flush()


def test_a_failed_session_rolls_back(database: Database, clock: Clock) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(Person(name="Kari", email="kari@example.no", created_at=clock.now()))
        session.flush()
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.exec(select(Person)).all() == []
