"""The fast database paths of a form step (bot/db.py): ``write_through`` stores a draft's changes with one
UPDATE and leaves the flush nothing to do, ``relax_durability`` changes only the one transaction, and the
SQLite pragmas are the ones DEVELOPERS.md names. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event, text
from sqlmodel import select

from bot.db import Database, relax_durability, write_through
from bot.models import NeedsReport

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _draft(database: Database) -> int:
    with database.session() as session:
        report = NeedsReport(owner_key="kari@valdres.kommune.no", channel="console", state={"mode": "asking"},
                             answers={"network": "valdres"}, created_at=NOW, updated_at=NOW)
        session.add(report)
        session.flush()
        assert report.id is not None
        return report.id


def _statements(database: Database) -> list[str]:
    seen: list[str] = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_args: seen.append(statement.split()[0].upper()))
    return seen


def test_write_through_stores_the_change_with_one_update_and_nothing_at_commit(database: Database) -> None:
    report_id = _draft(database)
    with database.session() as session:
        report = session.get(NeedsReport, report_id)
        assert report is not None
        seen = _statements(database)
        report.answers = {"network": "valdres", "title": "Lesing"}
        report.state = {"mode": "asking", "current": "amount"}
        assert write_through(session, report) is True
        assert seen.count("UPDATE") == 1
    assert seen.count("UPDATE") == 1, seen  # the commit's flush found nothing left to write
    with database.session() as session:
        stored = session.exec(select(NeedsReport).where(NeedsReport.id == report_id)).one()
        assert stored.answers == {"network": "valdres", "title": "Lesing"}
        assert stored.state == {"mode": "asking", "current": "amount"}


def test_write_through_leaves_new_or_unchanged_objects_to_the_flush(database: Database) -> None:
    report_id = _draft(database)
    with database.session() as session:
        report = session.get(NeedsReport, report_id)
        assert report is not None
        assert write_through(session, report) is False  # nothing changed: no write at all
        fresh = NeedsReport(owner_key="per@hamar.kommune.no", channel="console", created_at=NOW, updated_at=NOW)
        session.add(fresh)
        assert write_through(session, fresh) is False  # not persistent yet: the flush inserts it
    with database.session() as session:
        assert len(session.exec(select(NeedsReport)).all()) == 2


def test_relax_durability_is_for_one_transaction_only(database: Database) -> None:
    postgres = not database.is_sqlite
    with database.session() as session:
        relax_durability(session)
        if postgres:
            assert session.execute(text("SHOW synchronous_commit")).scalar_one() == "off"
    with database.session() as session:
        if postgres:
            assert session.execute(text("SHOW synchronous_commit")).scalar_one() == "on"
        else:
            assert session.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL, chosen for WAL
            assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
