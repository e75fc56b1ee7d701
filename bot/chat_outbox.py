"""The one outbox mechanism behind the chat outboxes (``bot.slack_outbox``, ``bot.teams_outbox``): messages
written in the caller's transaction (with the email they go with), posted later by a channel's sender.
No channel library here.

* ``insert`` is idempotent on ``key``: the same key gives the existing row, nothing new.
* ``claim`` leases due rows until ``claimed_until``: a second sender skips them (PostgreSQL
  ``FOR UPDATE SKIP LOCKED``, and on both databases a conditional ``UPDATE`` that only one claimer
  wins); a sender that died leaves its lease to expire, then the row is claimed again.
* ``mark_sent`` / ``record_failed``: retry with backoff (or after the service's ``Retry-After``), or
  ``failed`` for good after ``max_attempts`` or when the caller says it is permanent.
* ``cancel_queued`` / ``cancel``: a reply ("levert"), a bounce, a stop... cancels what is still waiting.

Leases and retry times use ``timer`` (real time), the row's business times the business ``clock``.
A channel's outbox is a thin subclass: its row model, its audit names, ``enqueue`` with its own
address fields, and ``_claimed`` (the row as the sender sees it).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.mail.state import run_update
from bot.models_slack_outbox import SlackOutboxMessage
from bot.models_teams import TeamsOutboxMessage

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
ACTOR = "kompetansebot"
DEFAULT_BACKOFF_SECONDS: tuple[float, ...] = (30, 120, 600, 1800, 3600)

Row = TypeVar("Row", SlackOutboxMessage, TeamsOutboxMessage)
Claimed = TypeVar("Claimed")


class ChatOutbox(Generic[Row, Claimed]):
    model: ClassVar[type[Any]]
    channel: ClassVar[str]
    """The audit channel, and the prefix of the audit actions and targets ("slack" -> ``slack.dm_sent``)."""
    noun: ClassVar[str]
    """What one row is in the audit actions: ``dm`` (``slack.dm_sent``), ``message`` (``teams.message_sent``)."""
    recipient_field: ClassVar[str]
    """The row's address column, named in the audit row of a message that failed for good."""

    def __init__(self, database: Database, clock: Clock, *, timer: Clock | None = None,
                 lease_seconds: float = 120.0, max_attempts: int = 6,
                 backoff_seconds: Sequence[float] = DEFAULT_BACKOFF_SECONDS) -> None:
        self.database = database
        self.clock = clock
        self.timer = timer or Clock()
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.backoff_seconds = tuple(backoff_seconds) or DEFAULT_BACKOFF_SECONDS
        self.audit = AuditLog(clock)

    def _claimed(self, row: Row, attempt: int, until: datetime) -> Claimed:
        """The claimed row as the sender sees it (``attempt``: 1 for the first try)."""
        raise NotImplementedError

    def _tnow(self) -> datetime:
        """Real time in UTC (SQLite keeps the wall-clock text it is given)."""
        return self.timer.now().astimezone(UTC)

    def _bnow(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    def _action(self, event: str) -> str:
        return f"{self.channel}.{self.noun}_{event}"

    def _target(self, row_id: int) -> str:
        return f"{self.channel}_outbox:{row_id}"

    # ------------------------------------------------------------------ writing

    def insert(self, session: Session, key: str, build: Callable[[datetime, datetime], Row]) -> Row:
        """Queue ``build(business_now, real_now)`` in the caller's transaction, unless ``key`` is queued
        already: then the existing row, nothing new (also when another process won the race)."""
        model = self.model
        existing: Row | None = session.exec(select(model).where(model.key == key)).first()
        if existing is not None:
            return existing
        row = build(self._bnow(), self._tnow())
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another process queued the same key meanwhile
            found: Row | None = session.exec(select(model).where(model.key == key)).first()
            if found is None:
                raise
            return found
        return row

    def cancel_queued(self, session: Session, *, recipient_id: int | None = None, campaign_id: int | None = None,
                      reason: str) -> int:
        """Cancel messages not yet posted, of one contact and/or one campaign; returns how many."""
        if recipient_id is None and campaign_id is None:
            raise ValueError("cancel_queued needs recipient_id or campaign_id")
        model = self.model
        statement = update(model).where(col(model.status) == QUEUED)
        if recipient_id is not None:
            statement = statement.where(col(model.recipient_id) == recipient_id)
        if campaign_id is not None:
            statement = statement.where(col(model.campaign_id) == campaign_id)
        count = run_update(session, statement.values(status=CANCELLED, error=reason[:2000], claimed_until=None,
                                                     updated_at=self._bnow()))
        if count:
            self.audit.record(session, actor=ACTOR, channel=self.channel, action=self._action("cancelled"),
                              detail={"count": count, "reason": reason[:300], "recipient": recipient_id,
                                      "campaign": campaign_id})
        return count

    def cancel(self, row_id: int, reason: str) -> bool:
        """Cancel one message still queued (the sender found it no longer wanted)."""
        model = self.model
        with self.database.session() as session:
            count = run_update(session, update(model).where(col(model.id) == row_id, col(model.status) == QUEUED)
                               .values(status=CANCELLED, error=reason[:2000], claimed_until=None,
                                       updated_at=self._bnow()))
            if count:
                self.audit.record(session, actor=ACTOR, channel=self.channel, action=self._action("cancelled"),
                                  target=self._target(row_id), detail={"reason": reason[:300]})
            return count == 1

    # ------------------------------------------------------------------ sending

    def claim(self, limit: int = 20) -> list[Claimed]:
        """Lease up to ``limit`` due rows to this sender (expired leases count as free)."""
        model = self.model
        now = self._tnow()
        until = now + timedelta(seconds=self.lease_seconds)
        free = or_(col(model.claimed_until).is_(None), col(model.claimed_until) < now)
        with self.database.session() as session:
            query = (select(model).where(col(model.status) == QUEUED, col(model.next_attempt_at) <= now, free)
                     .order_by(col(model.next_attempt_at), col(model.id)).limit(limit))
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows: list[Row] = list(session.exec(query).all())
            claimed: list[Claimed] = []
            for row in rows:
                assert row.id is not None
                won = run_update(session, update(model).where(
                    col(model.id) == row.id, col(model.status) == QUEUED, free,
                ).values(claimed_until=until, attempts=col(model.attempts) + 1))
                if won == 1:
                    claimed.append(self._claimed(row, row.attempts + 1, until))
            return claimed

    def still_queued(self, row_id: int) -> bool:
        """Checked right before posting: a reply may have cancelled the message since it was claimed."""
        model = self.model
        with self.database.session() as session:
            status = session.exec(select(model.status).where(model.id == row_id)).first()
        return bool(status == QUEUED)

    def mark_sent(self, row_id: int, values: dict[str, Any], detail: dict[str, Any]) -> bool:
        """The service took the message (``values``: its ids on the row). Also when it was cancelled
        while being posted: the row then says what really happened. False when nothing was recorded."""
        model = self.model
        with self.database.session() as session:
            changed = run_update(session, update(model).where(
                col(model.id) == row_id, col(model.status).in_([QUEUED, CANCELLED]),
            ).values(status=SENT, sent_at=self._bnow(), claimed_until=None, updated_at=self._bnow(), **values))
            if changed:
                self.audit.record(session, actor=ACTOR, channel=self.channel, action=self._action("sent"),
                                  target=self._target(row_id), detail=detail)
            return changed == 1

    def record_failed(self, row_id: int, error: str, retry: bool, *, retry_after: float | None = None) -> str:
        """A failed attempt: queued again after ``retry_after`` seconds (else the backoff step) while
        ``retry`` and attempts are left; otherwise ``failed`` for good. Returns the row's status."""
        with self.database.session() as session:
            row: Row | None = session.get(self.model, row_id, populate_existing=True)
            if row is None:
                return "missing"
            if row.status != QUEUED:
                return row.status
            row.error = error[:2000]
            row.claimed_until = None
            row.updated_at = self._bnow()
            if retry and row.attempts < self.max_attempts:
                delay = retry_after if retry_after is not None else self._backoff(row.attempts)
                row.next_attempt_at = self._tnow() + timedelta(seconds=max(0.0, delay))
            else:
                row.status = FAILED
                self.audit.record(session, actor=ACTOR, channel=self.channel, action=self._action("failed"),
                                  outcome="failed", target=self._target(row_id),
                                  detail={"to": getattr(row, self.recipient_field), "error": error[:300],
                                          "attempts": row.attempts})
            session.add(row)
            return row.status

    def release(self, row_id: int, *, delay: float = 0.0) -> bool:
        """Give a claimed row back untried (the service asked to slow down before its turn): the attempt
        does not count; it is due again after ``delay`` seconds."""
        model = self.model
        with self.database.session() as session:
            return run_update(session, update(model).where(
                col(model.id) == row_id, col(model.status) == QUEUED, col(model.attempts) > 0,
            ).values(claimed_until=None, attempts=col(model.attempts) - 1,
                     next_attempt_at=self._tnow() + timedelta(seconds=max(0.0, delay)))) == 1

    def _backoff(self, attempts: int) -> float:
        step = self.backoff_seconds[min(max(attempts, 1), len(self.backoff_seconds)) - 1]
        return step * random.uniform(0.8, 1.2)

    def counts(self) -> dict[str, int]:
        model = self.model
        with self.database.session() as session:
            rows = session.exec(select(model.status, func.count()).group_by(col(model.status))).all()
        return {str(status): int(count) for status, count in rows}
