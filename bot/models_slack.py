"""Tables for the Slack channel: the ids of events already processed (dedup of Slack retries).

Slack retries an Events API delivery up to three times and a mention can arrive both as
``app_mention`` and as ``message``; bolt has no dedup. Each processed delivery stores its keys
(``event:<event_id>`` and ``message:<client_msg_id>`` or ``message:<channel>:<ts>``) under a unique
constraint, so the second arrival loses the insert and is dropped, whichever process gets it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class SlackEvent(SQLModel, table=True):
    """One key of a Slack delivery that has been claimed for processing."""

    __tablename__ = "slack_event"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True, index=True)
    kind: str = Field(default="", max_length=60)
    received_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
