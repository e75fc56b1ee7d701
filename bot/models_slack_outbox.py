"""The Slack outbox: direct messages the bot will post (campaign reminders by DM), written in the
caller's transaction and posted later by ``handlers.slack.dm_sender``.

``key`` is the idempotency key (a campaign reminder DM: the reminder mail's key + ``:slack``), so a
second tick or a restart adds nothing. ``status``: ``queued`` (waiting, or leased to a sender until
``claimed_until``), ``sent`` (``posted_ts`` is Slack's message ts), ``failed`` (``error``) or
``cancelled`` (``error`` holds the reason). Times are stored in UTC; ``next_attempt_at`` and
``claimed_until`` are real time (a pinned business clock never freezes retries or leases).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel


def _time(nullable: bool = False, index: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class SlackOutboxMessage(SQLModel, table=True):
    """One direct message to a Slack user."""

    __tablename__ = "slack_outbox"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=250, unique=True)
    slack_user: str = Field(max_length=64, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="", max_length=40)
    campaign_id: int | None = Field(default=None, index=True)
    recipient_id: int | None = Field(default=None, index=True)
    status: str = Field(default="queued", max_length=20, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=_time())
    claimed_until: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    posted_ts: str | None = Field(default=None, max_length=40)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())
