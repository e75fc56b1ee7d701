"""The audit log: every privileged action and every refusal, with who, where and when.

An entry is written in the caller's transaction, as an ORM object would be, but without one: ``record`` keeps
the row's values with the session, and they go out as one INSERT (one executemany for several) before the
session's next flush, its next query and its commit. A rollback drops them with the rest of the transaction; a
savepoint rolled back drops those recorded inside it. Building and flushing an ORM object per entry was about a
sixth of the mail intake's time (two entries per mail), and campaign rounds write one per mail too (issue 18).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, UOWTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.models import AuditEntry

_PENDING = "kompetansebot.audit.pending"
_MARKS = "kompetansebot.audit.savepoints"
_INSERT = insert(AuditEntry)


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def record(self, session: Session, *, actor: str, channel: str, action: str, outcome: str = "ok",
               target: str | None = None, detail: dict[str, Any] | None = None,
               note: str | None = None, identity: Mapping[str, str] | None = None) -> None:
        """``identity``: who sent an email as it came (``raw_from``, the parsed ``sender``,
        ``verified_by``), kept with the entry so a forged attempt shows the real header."""
        details = dict(detail or {})
        if identity:
            details["identity"] = {key: str(value)[:2000] for key, value in identity.items()}
        _pending(session).append({"at": self._clock.now(), "actor": actor[:320], "channel": channel, "action": action,
                                  "outcome": outcome, "target": target[:200] if target else target,
                                  "detail": details, "note": note})

    @staticmethod
    def entries(session: Session, *, action: str | None = None, actor: str | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        return list(session.exec(query))


def _pending(session: OrmSession) -> list[dict[str, Any]]:
    """The entries recorded and not yet written. Recording begins the session's transaction (as adding an object
    and flushing would), so that the entries belong to it: closing the session without a commit drops them."""
    if not session.in_transaction():
        session.begin()
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    return pending


def write_pending(session: OrmSession) -> None:
    """The recorded entries not yet written, as one statement in the session's transaction."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    rows = list(pending)
    pending.clear()
    session.connection().execute(_INSERT, rows[0] if len(rows) == 1 else rows)


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, flush_context: UOWTransaction, instances: object) -> None:
    write_pending(session)


@event.listens_for(OrmSession, "before_commit")
def _before_commit(session: OrmSession) -> None:
    write_pending(session)


@event.listens_for(OrmSession, "do_orm_execute")
def _before_query(state: ORMExecuteState) -> None:
    if state.session.info.get(_PENDING):
        write_pending(state.session)  # a query in the same transaction sees the entries, as after an autoflush


@event.listens_for(OrmSession, "after_transaction_create")
def _savepoint_started(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[transaction] = len(_pending(session))


@event.listens_for(OrmSession, "after_soft_rollback")
def _rolled_back(session: OrmSession, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        mark = session.info.get(_MARKS, {}).pop(previous_transaction, None)
        pending = session.info.get(_PENDING)
        if pending and mark is not None:
            del pending[mark:]


@event.listens_for(OrmSession, "after_transaction_end")
def _ended(session: OrmSession, transaction: SessionTransaction) -> None:
    """The outermost transaction ending (committed, rolled back or closed) leaves nothing pending. (A savepoint's
    mark stays until then: this event comes before ``after_soft_rollback``, which needs it.)"""
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_MARKS, None)
        session.info.pop(_PENDING, None)
