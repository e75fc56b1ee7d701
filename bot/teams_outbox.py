"""The Teams outbox: proactive 1:1 messages (campaign reminder cards) written in the caller's transaction
(with the email they go with), posted later by ``handlers.teams.sender``. No Teams library here.

Same guarantees as ``bot.slack_outbox``: ``enqueue`` is idempotent on ``key``; ``claim`` leases due rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL and a conditional ``UPDATE`` only one claimer wins);
``record_sent`` / ``record_failed`` retry with backoff or after the connector's ``Retry-After``;
``cancel_queued`` cancels what still waits (a "levert", a bounce, a stop). ``UNREACHABLE`` marks a
contact the bot cannot write to (never talked to it, the app not installed for them).

Also the contacts' Teams ids (the contact list's ``teams_id`` column), kept per email.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.mail.state import run_update
from bot.models_teams import TeamsContact, TeamsOutboxMessage

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
UNREACHABLE = "unreachable"
"""The ``error`` of a row that failed because the person cannot be reached proactively."""
ACTOR = "kompetansebot"
CHANNEL = "teams"
DEFAULT_BACKOFF_SECONDS: tuple[float, ...] = (30, 120, 600, 1800, 3600)


@dataclass(frozen=True)
class ClaimedTeamsMessage:
    id: int
    key: str
    teams_id: str
    text: str
    payload: dict[str, Any]
    kind: str
    campaign_id: int | None
    recipient_id: int | None
    attempt: int
    claimed_until: datetime


class TeamsOutbox:
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
        return self.timer.now().astimezone(UTC)

    def _bnow(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    # ------------------------------------------------------------------ writing

    def enqueue(self, session: Session, *, key: str, teams_id: str, text: str, payload: dict[str, Any], kind: str,
                campaign_id: int | None = None, recipient_id: int | None = None) -> TeamsOutboxMessage:
        """Queue one message in the caller's transaction; the same key again gives the existing row."""
        existing = session.exec(select(TeamsOutboxMessage).where(TeamsOutboxMessage.key == key)).first()
        if existing is not None:
            return existing
        now = self._bnow()
        row = TeamsOutboxMessage(key=key, teams_id=teams_id.strip().lower(), text=text, payload=payload, kind=kind,
                                 campaign_id=campaign_id, recipient_id=recipient_id, status=QUEUED, attempts=0,
                                 next_attempt_at=self._tnow(), created_at=now, updated_at=now)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            found = session.exec(select(TeamsOutboxMessage).where(TeamsOutboxMessage.key == key)).first()
            if found is None:
                raise
            return found
        return row

    def cancel_queued(self, session: Session, *, recipient_id: int | None = None, campaign_id: int | None = None,
                      reason: str) -> int:
        """Cancel messages not yet posted, of one contact and/or one campaign; returns how many."""
        if recipient_id is None and campaign_id is None:
            raise ValueError("cancel_queued needs recipient_id or campaign_id")
        statement = update(TeamsOutboxMessage).where(col(TeamsOutboxMessage.status) == QUEUED)
        if recipient_id is not None:
            statement = statement.where(col(TeamsOutboxMessage.recipient_id) == recipient_id)
        if campaign_id is not None:
            statement = statement.where(col(TeamsOutboxMessage.campaign_id) == campaign_id)
        count = run_update(session, statement.values(status=CANCELLED, error=reason[:2000], claimed_until=None,
                                                      updated_at=self._bnow()))
        if count:
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="teams.message_cancelled",
                              detail={"count": count, "reason": reason[:300], "recipient": recipient_id,
                                      "campaign": campaign_id})
        return count

    def cancel(self, row_id: int, reason: str) -> bool:
        """Cancel one message still queued (the sender found it no longer wanted)."""
        with self.database.session() as session:
            count = run_update(session, update(TeamsOutboxMessage).where(
                col(TeamsOutboxMessage.id) == row_id, col(TeamsOutboxMessage.status) == QUEUED,
            ).values(status=CANCELLED, error=reason[:2000], claimed_until=None, updated_at=self._bnow()))
            if count:
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="teams.message_cancelled",
                                  target=f"teams_outbox:{row_id}", detail={"reason": reason[:300]})
            return count == 1

    # ------------------------------------------------------------------ sending

    def claim(self, limit: int = 20) -> list[ClaimedTeamsMessage]:
        """Lease up to ``limit`` due rows to this sender (expired leases count as free)."""
        now = self._tnow()
        until = now + timedelta(seconds=self.lease_seconds)
        free = or_(col(TeamsOutboxMessage.claimed_until).is_(None), col(TeamsOutboxMessage.claimed_until) < now)
        with self.database.session() as session:
            query = (select(TeamsOutboxMessage)
                     .where(col(TeamsOutboxMessage.status) == QUEUED, col(TeamsOutboxMessage.next_attempt_at) <= now,
                            free)
                     .order_by(col(TeamsOutboxMessage.next_attempt_at), col(TeamsOutboxMessage.id)).limit(limit))
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = list(session.exec(query).all())
            claimed: list[ClaimedTeamsMessage] = []
            for row in rows:
                assert row.id is not None
                won = run_update(session, update(TeamsOutboxMessage).where(
                    col(TeamsOutboxMessage.id) == row.id, col(TeamsOutboxMessage.status) == QUEUED, free,
                ).values(claimed_until=until, attempts=col(TeamsOutboxMessage.attempts) + 1))
                if won != 1:
                    continue
                claimed.append(ClaimedTeamsMessage(
                    id=row.id, key=row.key, teams_id=row.teams_id, text=row.text, payload=dict(row.payload or {}),
                    kind=row.kind, campaign_id=row.campaign_id, recipient_id=row.recipient_id,
                    attempt=row.attempts + 1, claimed_until=until))
            return claimed

    def still_queued(self, row_id: int) -> bool:
        """Checked right before posting: a reply may have cancelled the message since it was claimed."""
        with self.database.session() as session:
            status = session.exec(select(TeamsOutboxMessage.status).where(TeamsOutboxMessage.id == row_id)).first()
        return status == QUEUED

    def record_sent(self, row_id: int, *, activity_id: str | None, conversation_id: str | None) -> bool:
        """The connector took the message. False when there was nothing to record."""
        with self.database.session() as session:
            changed = run_update(session, update(TeamsOutboxMessage).where(
                col(TeamsOutboxMessage.id) == row_id,
                col(TeamsOutboxMessage.status).in_([QUEUED, CANCELLED]),
            ).values(status=SENT, activity_id=(activity_id or "")[:200] or None,
                     conversation_id=(conversation_id or "")[:500] or None, sent_at=self._bnow(),
                     claimed_until=None, updated_at=self._bnow()))
            if changed:
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="teams.message_sent",
                                  target=f"teams_outbox:{row_id}", detail={"activity": activity_id})
            return changed == 1

    def record_failed(self, row_id: int, error: str, retry: bool, *, retry_after: float | None = None) -> str:
        """A failed attempt: queued again after ``retry_after`` seconds (else the backoff step) while
        ``retry`` and attempts are left; otherwise ``failed`` for good. Returns the row's status."""
        with self.database.session() as session:
            row = session.get(TeamsOutboxMessage, row_id, populate_existing=True)
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
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="teams.message_failed",
                                  outcome="failed", target=f"teams_outbox:{row_id}",
                                  detail={"to": row.teams_id, "error": error[:300], "attempts": row.attempts})
            session.add(row)
            return row.status

    def release(self, row_id: int, *, delay: float = 0.0) -> bool:
        """Give a claimed row back untried (the attempt does not count); due again after ``delay`` s."""
        with self.database.session() as session:
            return run_update(session, update(TeamsOutboxMessage).where(
                col(TeamsOutboxMessage.id) == row_id, col(TeamsOutboxMessage.status) == QUEUED,
                col(TeamsOutboxMessage.attempts) > 0,
            ).values(claimed_until=None, attempts=col(TeamsOutboxMessage.attempts) - 1,
                     next_attempt_at=self._tnow() + timedelta(seconds=max(0.0, delay)))) == 1

    def _backoff(self, attempts: int) -> float:
        step = self.backoff_seconds[min(max(attempts, 1), len(self.backoff_seconds)) - 1]
        return step * random.uniform(0.8, 1.2)

    def counts(self) -> dict[str, int]:
        with self.database.session() as session:
            rows = session.exec(select(TeamsOutboxMessage.status, func.count())
                                .group_by(col(TeamsOutboxMessage.status))).all()
        return {str(status): int(count) for status, count in rows}


# ---------------------------------------------------------------------- contacts' Teams ids


def remember_teams_ids(session: Session, pairs: Iterable[tuple[str, str | None]], now: datetime) -> int:
    """Store (email, teams_id) pairs of a contact list in the caller's transaction; returns how many changed."""
    wanted = {email.strip().lower(): teams_id.strip().lower() for email, teams_id in pairs if teams_id}
    if not wanted:
        return 0
    existing = {row.email: row for row in session.exec(
        select(TeamsContact).where(col(TeamsContact.email).in_(sorted(wanted)))).all()}
    changed = 0
    for email, teams_id in sorted(wanted.items()):
        row = existing.get(email)
        if row is not None and row.teams_id == teams_id:
            continue
        row = row or TeamsContact(email=email, teams_id=teams_id, updated_at=now)
        row.teams_id = teams_id
        row.updated_at = now
        session.add(row)
        changed += 1
    session.flush()
    return changed


def teams_id_for(session: Session, email: str | None) -> str | None:
    """The contact's Teams id (Entra object id or UPN), if the contact list gave one."""
    if not email:
        return None
    return session.exec(select(TeamsContact.teams_id).where(TeamsContact.email == email.strip().lower())).first()


def unreachable_recipients(session: Session, campaign_id: int) -> set[int]:
    """Contacts of a campaign whose latest Teams message failed because Teams could not reach them."""
    rows = session.exec(select(TeamsOutboxMessage.recipient_id, TeamsOutboxMessage.status, TeamsOutboxMessage.error)
                        .where(TeamsOutboxMessage.campaign_id == campaign_id)
                        .order_by(col(TeamsOutboxMessage.id))).all()
    latest: dict[int, tuple[str, str | None]] = {}
    for recipient_id, status, error in rows:
        if recipient_id is not None and status in {SENT, FAILED}:
            latest[int(recipient_id)] = (status, error)
    return {rid for rid, (status, error) in latest.items()
            if status == FAILED and (error or "").startswith(UNREACHABLE)}
