"""Tables the core needs. Later features add theirs here and through an alembic migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utc_column(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class Person(SQLModel, table=True):
    """Someone the bot knows: a network contact, a forum representative, the secretariat."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320, unique=True, index=True)
    slack_id: str | None = Field(default=None, max_length=64, unique=True, index=True)
    network: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(sa_column=_utc_column())


class PersonRole(SQLModel, table=True):
    """A role held by a person (``secretariat``, ``network_contact``, ``representative``...)."""

    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role", name="uq_person_role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=50)


class Conversation(SQLModel, table=True):
    """The state of one user's conversation on one channel; survives restarts."""

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_conversation_user_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    user_id: str = Field(max_length=320)
    thread_id: str | None = Field(default=None, max_length=200)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    language: str = Field(default="nb", max_length=5)
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())


class AuditEntry(SQLModel, table=True):
    """Who did what, when, on which channel, and with what outcome."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    actor: str = Field(max_length=320, index=True)
    channel: str = Field(max_length=20)
    action: str = Field(max_length=100, index=True)
    outcome: str = Field(default="ok", max_length=30)
    target: str | None = Field(default=None, max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
