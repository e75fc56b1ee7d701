"""The Slack outbox: direct messages written in the caller's transaction (with the email they go
with), posted later by a sender (``handlers.slack.dm_sender``). No Slack library here.

The guarantees (idempotent ``enqueue``, leased ``claim``, retries, ``cancel_queued``) are the shared
chat outbox's (:mod:`bot.chat_outbox`); this module adds the Slack address and the posted message's ts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.chat_outbox import (
    ACTOR,
    CANCELLED,
    DEFAULT_BACKOFF_SECONDS,
    FAILED,
    QUEUED,
    SENT,
    ChatOutbox,
)
from bot.models_slack_outbox import SlackOutboxMessage

__all__ = ["ACTOR", "CANCELLED", "CHANNEL", "DEFAULT_BACKOFF_SECONDS", "FAILED", "QUEUED", "SENT", "ClaimedDm",
           "SlackOutbox"]

CHANNEL = "slack"


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


class SlackOutbox(ChatOutbox[SlackOutboxMessage, ClaimedDm]):
    model = SlackOutboxMessage
    channel = CHANNEL
    noun = "dm"
    recipient_field = "slack_user"

    def enqueue(self, session: Session, *, key: str, slack_user: str, text: str, kind: str,
                campaign_id: int | None = None, recipient_id: int | None = None) -> SlackOutboxMessage:
        """Queue one DM in the caller's transaction; the same key again gives the existing row."""
        return self.insert(session, key, lambda now, real_now: SlackOutboxMessage(
            key=key, slack_user=slack_user, text=text, kind=kind, campaign_id=campaign_id,
            recipient_id=recipient_id, status=QUEUED, attempts=0, next_attempt_at=real_now, created_at=now,
            updated_at=now))

    def _claimed(self, row: SlackOutboxMessage, attempt: int, until: datetime) -> ClaimedDm:
        assert row.id is not None
        return ClaimedDm(id=row.id, key=row.key, slack_user=row.slack_user, text=row.text, kind=row.kind,
                         attempt=attempt, claimed_until=until)

    def record_sent(self, row_id: int, ts: str | None) -> bool:
        """Slack took the message (``ts`` is its id). False when there was nothing to record."""
        return self.mark_sent(row_id, {"posted_ts": (ts or "")[:40] or None}, {"ts": ts})
