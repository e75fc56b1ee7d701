"""Tables of the reminder campaigns (annual reports due 15 January).

* ``campaign_contact``: the imported contact list, one row per competence measure (tiltak) with the
  contact person responsible for reporting it.
* ``campaign``: one campaign per kind and year, with its deadline, reporting link and status.
* ``campaign_round``: the campaign's plan as data, one row per round with its due time (already
  moved into the allowed sending window); editable until it is due.
* ``campaign_recipient``: a contact person in one campaign (reply, bounce and absence state).
* ``campaign_measure``: a measure in one campaign and its state (``bot.campaigns.states``).
* ``campaign_mail``: every mail the campaign put into the outbox, keyed like the outbox row
  (campaign + contact + round), so a second tick or a restart adds nothing.
* ``campaign_lease``: who may run the scheduler tick now (one process at a time).

Times: business times (``*_at`` of events, ``due_at``) come from the business clock
(``KOMPETANSEBOT_NOW`` when set); the lease uses real time, so a pinned clock never freezes it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _time(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class CampaignContact(SQLModel, table=True):
    """One measure of the contact list and the person who reports it."""

    __tablename__ = "campaign_contact"

    id: int | None = Field(default=None, primary_key=True)
    measure_key: str = Field(max_length=300, unique=True)
    measure: str = Field(max_length=300)
    scheme: str = Field(max_length=40)
    network: str = Field(max_length=100, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="SET NULL")
    name: str = Field(default="", max_length=200)
    email: str = Field(max_length=320, index=True)
    slack_id: str | None = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    source: str = Field(default="", max_length=300)
    imported_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())


class Campaign(SQLModel, table=True):
    """A reminder campaign; ``status``: ``active``, ``paused``, ``stopped`` or ``finished``."""

    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("kind", "year", name="uq_campaign_kind_year"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    year: int
    deadline: date = Field(sa_column=Column(Date, nullable=False))
    link: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="active", max_length=20, index=True)
    generation: int = Field(default=0)
    """Raised on every resume: mail cancelled by a pause may be queued again under a new key."""
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(default="", max_length=320)
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())
    paused_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    stopped_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    escalated_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))


class CampaignRound(SQLModel, table=True):
    """One round of the plan: ``kind`` notice, reminder, deadline, overdue or escalation."""

    __tablename__ = "campaign_round"
    __table_args__ = (UniqueConstraint("campaign_id", "key", name="uq_campaign_round_key"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    position: int = Field(default=0)
    planned_at: datetime = Field(sa_column=_time())
    """When the schedule asked for it, before moving it into the sending window."""
    due_at: datetime = Field(sa_column=_time())
    status: str = Field(default="planned", max_length=20)
    """``planned`` or ``skipped`` (edited out, or it fell together with a later round)."""
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class CampaignRecipient(SQLModel, table=True):
    """A contact person in one campaign. ``status``: ``active``, ``bounced`` or ``removed``."""

    __tablename__ = "campaign_recipient"
    __table_args__ = (UniqueConstraint("campaign_id", "email", name="uq_campaign_recipient_email"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    name: str = Field(default="", max_length=200)
    email: str = Field(max_length=320, index=True)
    slack_id: str | None = Field(default=None, max_length=64, index=True)
    status: str = Field(default="active", max_length=20)
    lock_version: int = Field(default=0)
    """Bumped first in every transaction that changes this contact: the row lock that serialises
    the tick with a reply arriving at the same time."""
    snooze_until: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    snooze_reason: str | None = Field(default=None, max_length=300)
    bounced_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    bounce_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_reply_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    last_reply_intent: str | None = Field(default=None, max_length=20)
    last_reply_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_reply_message_id: str | None = Field(default=None, max_length=250)
    replies: int = Field(default=0)
    review: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """Something a person should look at (an unclear reply, a reply from another address)."""
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())


class CampaignMeasure(SQLModel, table=True):
    """A measure in one campaign; ``state`` follows ``bot.campaigns.states``."""

    __tablename__ = "campaign_measure"
    __table_args__ = (UniqueConstraint("campaign_id", "measure_key", name="uq_campaign_measure_key"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    recipient_id: int = Field(foreign_key="campaign_recipient.id", index=True, ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="campaign_contact.id", ondelete="SET NULL")
    measure_key: str = Field(max_length=300)
    measure: str = Field(max_length=300)
    scheme: str = Field(max_length=40)
    network: str = Field(max_length=100)
    state: str = Field(default="pending", max_length=20, index=True)
    state_changed_at: datetime = Field(sa_column=_time())
    done_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    done_by: str | None = Field(default=None, max_length=320)
    done_via: str | None = Field(default=None, max_length=20)
    handover_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    handover_to: str | None = Field(default=None, max_length=320)
    created_at: datetime = Field(sa_column=_time())


class CampaignMail(SQLModel, table=True):
    """A mail the campaign put into the outbox (or decided not to): the idempotency record.

    ``key`` is the outbox row's idempotency key (``campaign:<id>:<recipient>:<round>`` for a
    reminder), unique here and in the outbox; ``(campaign_id, recipient_id, round_id)`` is unique
    for the reminders. ``status``: ``queued`` (in the outbox; its own status says whether sent) or
    ``cancelled`` (``cancel_reason``).
    """

    __tablename__ = "campaign_mail"
    __table_args__ = (UniqueConstraint("campaign_id", "recipient_id", "round_id", name="uq_campaign_mail_round"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=20)
    recipient_id: int | None = Field(default=None, foreign_key="campaign_recipient.id", index=True,
                                     ondelete="CASCADE")
    round_id: int | None = Field(default=None, foreign_key="campaign_round.id", ondelete="CASCADE")
    address: str = Field(max_length=320)
    outbox_id: int | None = Field(default=None, index=True)
    message_id: str | None = Field(default=None, max_length=250, index=True)
    status: str = Field(default="queued", max_length=20)
    cancel_reason: str | None = Field(default=None, max_length=300)
    generation: int = Field(default=0)
    measure_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=_time())


class CampaignLease(SQLModel, table=True):
    """The scheduler lease: only its holder runs the tick until ``expires_at`` (real time)."""

    __tablename__ = "campaign_lease"

    name: str = Field(primary_key=True, max_length=50)
    holder: str | None = Field(default=None, max_length=200)
    acquired_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    expires_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    ticks: int = Field(default=0)
