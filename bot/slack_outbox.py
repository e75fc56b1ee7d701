"""The Slack outbox: direct messages written in the caller's transaction (with the email they go
with), posted later by a sender (``handlers.slack.dm_sender``). No Slack library here.

* ``enqueue`` is idempotent on ``key``: the same key gives the existing row, nothing new.
* ``claim`` leases due rows until ``claimed_until``: a second sender skips them (PostgreSQL
  ``FOR UPDATE SKIP LOCKED``, and on both databases a conditional ``UPDATE`` that only one claimer
  wins); a sender that died leaves its lease to expire, then the row is claimed again.
* ``record_sent`` / ``record_failed``: retry with backoff (or after Slack's ``Retry-After``), or
  ``failed`` for good after ``max_attempts`` or when the caller says it is permanent.
* ``cancel_queued``: a reply ("levert"), a bounce, a stop... cancels what is still waiting.

Leases and retry times use ``timer`` (real time), the row's business times the business ``clock``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.models_slack_outbox import SlackOutboxMessage

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
ACTOR = "kompetansebot"
CHANNEL = "slack"
DEFAULT_BACKOFF_SECONDS: tuple[float, ...] = (30, 120, 600, 1800, 3600)


@dataclass(frozen=True)
class ClaimedDm:
    id: int
    key: str
    slack_user: str
    text: str
    kind: str
    attempt: int
    """1 for the first try."""
    claimed_until: datetime


def _run_update(session: Session, statement: Any) -> int:
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)


class SlackOutbox:
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

    def _tnow(self) -> datetime:
        """Real time in UTC (SQLite keeps the wall-clock text it is given)."""
        return self.timer.now().astimezone(UTC)

    def _bnow(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    # ------------------------------------------------------------------ writing

    def enqueue(self, session: Session, *, key: str, slack_user: str, text: str, kind: str,
                campaign_id: int | None = None, recipient_id: int | None = None) -> SlackOutboxMessage:
        """Queue one DM in the caller's transaction; the same key again gives the existing row."""
        existing = session.exec(select(SlackOutboxMessage).where(SlackOutboxMessage.key == key)).first()
        if existing is not None:
            return existing
        now = self._bnow()
        row = SlackOutboxMessage(key=key, slack_user=slack_user, text=text, kind=kind, campaign_id=campaign_id,
                                 recipient_id=recipient_id, status=QUEUED, attempts=0,
                                 next_attempt_at=self._tnow(), created_at=now, updated_at=now)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another process queued the same key meanwhile
            found = session.exec(select(SlackOutboxMessage).where(SlackOutboxMessage.key == key)).first()
            if found is None:
                raise
            return found
        return row

    def cancel_queued(self, session: Session, *, recipient_id: int | None = None, campaign_id: int | None = None,
                      reason: str) -> int:
        """Cancel DMs not yet posted, of one contact and/or one campaign; returns how many."""
        if recipient_id is None and campaign_id is None:
            raise ValueError("cancel_queued needs recipient_id or campaign_id")
        statement = update(SlackOutboxMessage).where(col(SlackOutboxMessage.status) == QUEUED)
        if recipient_id is not None:
            statement = statement.where(col(SlackOutboxMessage.recipient_id) == recipient_id)
        if campaign_id is not None:
            statement = statement.where(col(SlackOutboxMessage.campaign_id) == campaign_id)
        count = _run_update(session, statement.values(status=CANCELLED, error=reason[:2000], claimed_until=None,
                                                      updated_at=self._bnow()))
        if count:
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="slack.dm_cancelled",
                              detail={"count": count, "reason": reason[:300], "recipient": recipient_id,
                                      "campaign": campaign_id})
        return count

    # ------------------------------------------------------------------ sending

    def claim(self, limit: int = 20) -> list[ClaimedDm]:
        """Lease up to ``limit`` due rows to this sender (expired leases count as free)."""
        now = self._tnow()
        until = now + timedelta(seconds=self.lease_seconds)
        free = or_(col(SlackOutboxMessage.claimed_until).is_(None), col(SlackOutboxMessage.claimed_until) < now)
        with self.database.session() as session:
            query = (select(SlackOutboxMessage)
                     .where(col(SlackOutboxMessage.status) == QUEUED, col(SlackOutboxMessage.next_attempt_at) <= now,
                            free)
                     .order_by(col(SlackOutboxMessage.next_attempt_at), col(SlackOutboxMessage.id)).limit(limit))
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = list(session.exec(query).all())
            claimed: list[ClaimedDm] = []
            for row in rows:
                assert row.id is not None
                won = _run_update(session, update(SlackOutboxMessage).where(
                    col(SlackOutboxMessage.id) == row.id, col(SlackOutboxMessage.status) == QUEUED, free,
                ).values(claimed_until=until, attempts=col(SlackOutboxMessage.attempts) + 1))
                if won != 1:
                    continue
                claimed.append(ClaimedDm(id=row.id, key=row.key, slack_user=row.slack_user, text=row.text,
                                         kind=row.kind, attempt=row.attempts + 1, claimed_until=until))
            return claimed

    def still_queued(self, row_id: int) -> bool:
        """Checked right before posting: a reply may have cancelled the DM since it was claimed."""
        with self.database.session() as session:
            status = session.exec(select(SlackOutboxMessage.status).where(SlackOutboxMessage.id == row_id)).first()
        return status == QUEUED

    def record_sent(self, row_id: int, ts: str | None) -> bool:
        """Slack took the message (``ts`` is its id). Also when it was cancelled while being posted:
        the row then says what really happened. False when there was nothing to record."""
        with self.database.session() as session:
            changed = _run_update(session, update(SlackOutboxMessage).where(
                col(SlackOutboxMessage.id) == row_id,
                col(SlackOutboxMessage.status).in_([QUEUED, CANCELLED]),
            ).values(status=SENT, posted_ts=(ts or "")[:40] or None, sent_at=self._bnow(), claimed_until=None,
                     updated_at=self._bnow()))
            if changed:
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="slack.dm_sent",
                                  target=f"slack_outbox:{row_id}", detail={"ts": ts})
            return changed == 1

    def record_failed(self, row_id: int, error: str, retry: bool, *, retry_after: float | None = None) -> str:
        """A failed attempt: queued again after ``retry_after`` seconds (else the backoff step) while
        ``retry`` and attempts are left; otherwise ``failed`` for good. Returns the row's status."""
        with self.database.session() as session:
            row = session.get(SlackOutboxMessage, row_id, populate_existing=True)
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
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="slack.dm_failed", outcome="failed",
                                  target=f"slack_outbox:{row_id}",
                                  detail={"to": row.slack_user, "error": error[:300], "attempts": row.attempts})
            session.add(row)
            return row.status

    def release(self, row_id: int, *, delay: float = 0.0) -> bool:
        """Give a claimed row back untried (e.g. Slack asked to slow down before its turn): the
        attempt does not count; it is due again after ``delay`` seconds."""
        with self.database.session() as session:
            return _run_update(session, update(SlackOutboxMessage).where(
                col(SlackOutboxMessage.id) == row_id, col(SlackOutboxMessage.status) == QUEUED,
                col(SlackOutboxMessage.attempts) > 0,
            ).values(claimed_until=None, attempts=col(SlackOutboxMessage.attempts) - 1,
                     next_attempt_at=self._tnow() + timedelta(seconds=max(0.0, delay)))) == 1

    def _backoff(self, attempts: int) -> float:
        step = self.backoff_seconds[min(max(attempts, 1), len(self.backoff_seconds)) - 1]
        return step * random.uniform(0.8, 1.2)

    def counts(self) -> dict[str, int]:
        with self.database.session() as session:
            rows = session.exec(select(SlackOutboxMessage.status, func.count())
                                .group_by(col(SlackOutboxMessage.status))).all()
        return {str(status): int(count) for status, count in rows}
