"""Tables of the Microsoft Teams channel.

* ``teams_user``: a Teams user the bot has seen (a message, a mention, an installation): their Teams id
  (``29:…``), Entra object id and UPN, the tenant and the Bot Connector ``serviceUrl`` of their region, and
  the 1:1 conversation with the bot once there is one — the conversation reference proactive messages use.
* ``teams_contact``: the ``teams_id`` column of the contact list (Entra object id or UPN) per contact email.
* ``teams_activity``: keys of activities (and card clicks) already processed; Teams retries a delivery
  that did not get a timely answer, and a person can press a button twice.
* ``teams_outbox``: proactive 1:1 messages (campaign reminder cards), written in the campaign round's
  transaction and posted later by ``handlers.teams.sender`` (same guarantees as ``slack_outbox``).

Times are UTC; ``next_attempt_at`` and ``claimed_until`` are real time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text
from sqlmodel import Field, SQLModel


def _time(nullable: bool = False, index: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class TeamsUser(SQLModel, table=True):
    """A Teams user and, once known, the bot's 1:1 conversation with them."""

    __tablename__ = "teams_user"

    id: int | None = Field(default=None, primary_key=True)
    teams_user_id: str = Field(max_length=200, unique=True)
    aad_object_id: str | None = Field(default=None, max_length=64, index=True)
    upn: str | None = Field(default=None, max_length=320, index=True)
    email: str | None = Field(default=None, max_length=320)
    name: str = Field(default="", max_length=200)
    tenant_id: str | None = Field(default=None, max_length=64)
    service_url: str = Field(max_length=500)
    personal_conversation_id: str | None = Field(default=None, max_length=500)
    bot_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())


class TeamsContact(SQLModel, table=True):
    """The Teams identity of a contact-list person (by lower-case email)."""

    __tablename__ = "teams_contact"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    teams_id: str = Field(max_length=320, index=True)
    updated_at: datetime = Field(sa_column=_time())


class TeamsActivity(SQLModel, table=True):
    """One processed activity or card click (its key can be claimed once)."""

    __tablename__ = "teams_activity"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True)
    kind: str = Field(default="", max_length=60)
    received_at: datetime = Field(sa_column=_time(index=True))


class TeamsOutboxMessage(SQLModel, table=True):
    """One proactive 1:1 message to a Teams user (``teams_id``: Entra object id or UPN)."""

    __tablename__ = "teams_outbox"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=250, unique=True)
    teams_id: str = Field(max_length=320, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    kind: str = Field(default="", max_length=40)
    campaign_id: int | None = Field(default=None, index=True)
    recipient_id: int | None = Field(default=None, index=True)
    status: str = Field(default="queued", max_length=20, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=_time())
    claimed_until: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    activity_id: str | None = Field(default=None, max_length=200)
    conversation_id: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())
