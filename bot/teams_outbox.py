"""The Teams outbox: proactive 1:1 messages (campaign reminder cards) written in the caller's transaction
(with the email they go with), posted later by ``handlers.teams.sender``. No Teams library here.

The guarantees (idempotent ``enqueue``, leased ``claim``, retries after the connector's ``Retry-After``,
``cancel_queued``) are the shared chat outbox's (:mod:`bot.chat_outbox`), as for Slack. ``UNREACHABLE``
marks a contact the bot cannot write to (never talked to it, the app not installed for them).

Also the contacts' Teams ids (the contact list's ``teams_id`` column), kept per email.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.chat_outbox import (
    ACTOR,
    CANCELLED,
    DEFAULT_BACKOFF_SECONDS,
    FAILED,
    QUEUED,
    SENT,
    ChatOutbox,
)
from bot.models_teams import TeamsContact, TeamsOutboxMessage

__all__ = ["ACTOR", "CANCELLED", "CHANNEL", "DEFAULT_BACKOFF_SECONDS", "FAILED", "QUEUED", "SENT", "UNREACHABLE",
           "ClaimedTeamsMessage", "TeamsOutbox", "remember_teams_ids", "teams_id_for", "unreachable_recipients"]

UNREACHABLE = "unreachable"
"""The ``error`` of a row that failed because the person cannot be reached proactively."""
CHANNEL = "teams"


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


class TeamsOutbox(ChatOutbox[TeamsOutboxMessage, ClaimedTeamsMessage]):
    model = TeamsOutboxMessage
    channel = CHANNEL
    noun = "message"
    recipient_field = "teams_id"

    def enqueue(self, session: Session, *, key: str, teams_id: str, text: str, payload: dict[str, Any], kind: str,
                campaign_id: int | None = None, recipient_id: int | None = None) -> TeamsOutboxMessage:
        """Queue one message in the caller's transaction; the same key again gives the existing row."""
        return self.insert(session, key, lambda now, real_now: TeamsOutboxMessage(
            key=key, teams_id=teams_id.strip().lower(), text=text, payload=payload, kind=kind,
            campaign_id=campaign_id, recipient_id=recipient_id, status=QUEUED, attempts=0,
            next_attempt_at=real_now, created_at=now, updated_at=now))

    def _claimed(self, row: TeamsOutboxMessage, attempt: int, until: datetime) -> ClaimedTeamsMessage:
        assert row.id is not None
        return ClaimedTeamsMessage(id=row.id, key=row.key, teams_id=row.teams_id, text=row.text,
                                   payload=dict(row.payload or {}), kind=row.kind, campaign_id=row.campaign_id,
                                   recipient_id=row.recipient_id, attempt=attempt, claimed_until=until)

    def record_sent(self, row_id: int, *, activity_id: str | None, conversation_id: str | None) -> bool:
        """The connector took the message. False when there was nothing to record."""
        return self.mark_sent(row_id, {"activity_id": (activity_id or "")[:200] or None,
                                       "conversation_id": (conversation_id or "")[:500] or None},
                              {"activity": activity_id})


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
