"""The audit log writes its entries without ORM objects (bot/audit.py) but with the ORM's transaction rules: in
the caller's transaction, seen by its later queries, gone with a rollback, and gone with a savepoint rolled back
when recorded inside it (issue 18). Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.models import Conversation


def _actions(database: Database) -> list[str]:
    with database.session() as session:
        return [entry.action for entry in AuditLog.entries(session)]


def test_entries_are_written_at_commit_in_order(database: Database, clock: Clock) -> None:
    audit = AuditLog(clock)
    with database.session() as session:
        for action in ("a", "b", "c"):
            audit.record(session, actor="x", channel="console", action=action, detail={"n": action})
        session.commit()
    assert _actions(database) == ["a", "b", "c"]


def test_a_query_in_the_same_transaction_sees_them(database: Database, clock: Clock) -> None:
    audit = AuditLog(clock)
    with database.session() as session:
        audit.record(session, actor="x", channel="console", action="seen")
        assert [entry.action for entry in AuditLog.entries(session)] == ["seen"]
        session.rollback()
    assert _actions(database) == []


def test_closing_without_commit_writes_nothing(database: Database, clock: Clock) -> None:
    audit = AuditLog(clock)
    session = Session(database.engine)
    audit.record(session, actor="x", channel="console", action="dropped")
    session.close()
    session.commit()  # the closed session's transaction is gone, and its entry with it
    assert _actions(database) == []


def test_a_savepoint_rolled_back_takes_its_entries_only(database: Database, clock: Clock) -> None:
    audit = AuditLog(clock)
    now = clock.now()
    with database.session() as session:
        audit.record(session, actor="x", channel="console", action="before")
        session.add(Conversation(channel="console", user_id="u1", state={}, created_at=now, updated_at=now))
        session.flush()
        with pytest.raises(IntegrityError), session.begin_nested():
            audit.record(session, actor="x", channel="console", action="inside")
            session.add(Conversation(channel="console", user_id="u1", state={}, created_at=now, updated_at=now))
            session.flush()
        with pytest.raises(RuntimeError), session.begin_nested():
            audit.record(session, actor="x", channel="console", action="inside, not flushed")
            raise RuntimeError("the caller gives up")
        audit.record(session, actor="x", channel="console", action="after")
        session.commit()
    assert _actions(database) == ["before", "after"]
