"""Tables the core needs. Later features add theirs here and through an alembic migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, DateTime, String, Text, UniqueConstraint, false
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


class NeedsReport(SQLModel, table=True):
    """A needs report (behovsmelding): a draft while being filled in, then submitted versions.

    ``owner_key`` is the person's identity across channels (their email when known, otherwise
    ``channel:user_id``), so a draft begun in one channel can be finished in another.
    """

    __tablename__ = "needs_report"

    id: int | None = Field(default=None, primary_key=True)
    reference: str | None = Field(default=None, max_length=40, unique=True, index=True)
    owner_key: str = Field(max_length=320, index=True)
    channel: str = Field(max_length=20)
    status: str = Field(default="draft", max_length=20, index=True)
    version: int = Field(default=0)
    form_id: str = Field(default="needs_report", max_length=50)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    year: int | None = Field(default=None, index=True)
    network: str | None = Field(default=None, max_length=100)
    scheme: str | None = Field(default=None, max_length=40)
    amount: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())
    submitted_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class NeedsReportVersion(SQLModel, table=True):
    """Every submitted version of a needs report is kept; a change stores a new one."""

    __tablename__ = "needs_report_version"
    __table_args__ = (UniqueConstraint("report_id", "version", name="uq_needs_report_version"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="needs_report.id", index=True, ondelete="CASCADE")
    version: int
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_by: str = Field(max_length=320)
    channel: str = Field(max_length=20)
    submitted_at: datetime = Field(sa_column=_utc_column())


class NetworkStatistics(SQLModel, table=True):
    """One network's statistics for a year (the allocation key's measures), as imported."""

    __tablename__ = "network_statistics"
    __table_args__ = (UniqueConstraint("year", "network", name="uq_network_statistics_year_network"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    network: str = Field(max_length=100)
    position: int = Field(default=0)
    measures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(sa_column=_utc_column())
    imported_by: str = Field(default="", max_length=320)
    source: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    """The imported file's name (the shipped example figures are named as such)."""
    example: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    """Example figures, not real statistics (the file said so): everything made from them is marked."""


class NetworkRegisterEntry(SQLModel, table=True):
    """A network name the secretariat confirmed for a year (issue 17): a new network, or (``alias_of``
    set) another spelling of a register network. The register of a year is the shipped list
    (networks.toml) plus every entry confirmed for that year or earlier."""

    __tablename__ = "network_register"
    __table_args__ = (UniqueConstraint("year", "name", name="uq_network_register_year_name"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    name: str = Field(max_length=100)
    alias_of: str | None = Field(default=None, max_length=100)
    source: str = Field(default="", max_length=300)
    confirmed_by: str = Field(default="", max_length=320)
    confirmed_at: datetime = Field(sa_column=_utc_column())


class SchemeBudget(SQLModel, table=True):
    """The state budget for one scheme in one year, in whole kroner."""

    __tablename__ = "scheme_budget"
    __table_args__ = (UniqueConstraint("year", "scheme", name="uq_scheme_budget_year_scheme"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    scheme: str = Field(max_length=40)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    set_at: datetime = Field(sa_column=_utc_column())
    set_by: str = Field(default="", max_length=320)
