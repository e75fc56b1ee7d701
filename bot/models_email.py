"""Tables of the email channel: the outbox, the inbound log, sender state and correspondents.

Times: ``created_at``/``received_at``/``processed_at`` come from the business clock; the columns
that steer retries and leases (``next_attempt_at``, ``last_attempt_at``, ``claimed_at``) come
from the sender's real-time clock, so a pinned ``KOMPETANSEBOT_NOW`` never freezes a retry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _time(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class MailOutbox(SQLModel, table=True):
    """One outgoing message, written (with its Message-ID) before the first attempt to send it.

    ``status``: ``queued`` (waiting, maybe for a retry at ``next_attempt_at``), ``sending``
    (claimed by a sender), ``sent`` (the server said 250), ``in_doubt`` (connection lost after
    DATA, or a sender died while sending: to be reconciled, never resent blindly),
    ``failed`` (permanent refusal or too many attempts) and ``cancelled``.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    kind: str = Field(default="reply", max_length=20)
    message_id: str = Field(max_length=250, unique=True)
    recipient: str = Field(max_length=320, index=True)
    envelope_recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str = Field(default="", max_length=500)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    reply_token: str | None = Field(default=None, max_length=64, unique=True)
    thread_key: str | None = Field(default=None, max_length=250, index=True)
    campaign_id: str | None = Field(default=None, max_length=100, index=True)
    inbound_id: int | None = Field(default=None, index=True)
    status: str = Field(default="queued", max_length=20, index=True)
    attempts: int = Field(default=0)
    in_doubt_resends: int = Field(default=0)
    respect_quiet_hours: bool = Field(default=False)
    next_attempt_at: datetime = Field(sa_column=_time())
    last_attempt_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    last_code: int | None = Field(default=None)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=_time())
    sent_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    echo_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    bounced_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    bounce_status: str | None = Field(default=None, max_length=20)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class MailInbound(SQLModel, table=True):
    """One inbound message, keyed by where it was found and by a hash of its Message-ID.

    ``status``: ``processing`` (claimed), ``done`` (acted on), ``ignored`` (auto-reply, list,
    bounce, own mail: recorded, never answered), ``review`` (held for a person), ``failed``
    (an attempt raised; retried), ``quarantined`` (gave up after N attempts, reason kept).
    """

    __tablename__ = "mail_inbound"
    __table_args__ = (UniqueConstraint("folder", "uidvalidity", "uid", name="uq_mail_inbound_location"),)

    id: int | None = Field(default=None, primary_key=True)
    folder: str = Field(max_length=200)
    uidvalidity: int = Field(sa_column=Column(BigInteger, nullable=False))
    uid: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_key: str = Field(max_length=64, unique=True)
    message_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sender: str = Field(default="", max_length=320, index=True)
    subject: str = Field(default="", max_length=500)
    kind: str | None = Field(default=None, max_length=20)
    status: str = Field(default="processing", max_length=20, index=True)
    attempts: int = Field(default=0)
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    correlated_outbox_id: int | None = Field(default=None, index=True)
    correlation_via: str | None = Field(default=None, max_length=20)
    reply_outbox_id: int | None = Field(default=None)
    received_at: datetime = Field(sa_column=_time())
    processed_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    raw_from: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The From header as it came (unfolded, control characters escaped); ``sender`` is the address
    parsed from it before any decoding."""
    verified_by: str = Field(default="none", max_length=20)
    """How the sender was verified: ``none``, ``reply_token`` or ``dmarc`` (``bot.mail.verification``)."""


class MailPendingAction(SQLModel, table=True):
    """An action asked for by email from an unverified sender, held until they confirm.

    The bot mailed the claimed address (``address``) asking for confirmation; ``outbox_id`` is that
    mail, whose reply token a confirming reply must carry, from the same address. ``status``:
    ``pending``, ``done`` (performed), ``declined`` (the owner said no), ``expired``, ``failed``.
    """

    __tablename__ = "mail_pending_action"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50)
    address: str = Field(max_length=320, index=True)
    raw_from: str = Field(default="", sa_column=Column(Text, nullable=False))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    description: str = Field(default="", max_length=500)
    inbound_id: int | None = Field(default=None)
    outbox_id: int | None = Field(default=None, index=True)
    status: str = Field(default="pending", max_length=20, index=True)
    created_at: datetime = Field(sa_column=_time())
    expires_at: datetime = Field(sa_column=_time())
    resolved_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    resolved_by_inbound_id: int | None = Field(default=None)


class MailSenderState(SQLModel, table=True):
    """Small named state of the email channel (signing secret, sender pause, folder UIDVALIDITY).

    The ``smtp`` row is also the lock every claim takes first, so claimers serialise.
    """

    __tablename__ = "mail_sender_state"

    key: str = Field(primary_key=True, max_length=100)
    value: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_column=_time())


class MailCorrespondent(SQLModel, table=True):
    """What the channel knows about an address: bounced (invalid) or opted out of automatic mail."""

    __tablename__ = "mail_correspondent"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=320, unique=True)
    invalid_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    invalid_status: str | None = Field(default=None, max_length=20)
    invalid_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    opted_out_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    updated_at: datetime = Field(sa_column=_time())


class MailCorrespondentCounter(SQLModel, table=True):
    """Automatic answers sent to one correspondent on one (Europe/Oslo) day: the loop guard."""

    __tablename__ = "mail_correspondent_counter"
    __table_args__ = (UniqueConstraint("address", "day", name="uq_mail_counter_address_day"),)

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=320, index=True)
    day: date = Field(sa_column=Column(Date, nullable=False))
    answers: int = Field(default=0)
