"""Channel-agnostic message types: what a person said, and what the bot answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Channel = Literal["console", "slack", "email", "cli", "teams"]

UNVERIFIED = "none"
VERIFIED_BY_REPLY_TOKEN = "reply_token"
VERIFIED_BY_DMARC = "dmarc"
EMAIL_VERIFICATIONS = frozenset({VERIFIED_BY_REPLY_TOKEN, VERIFIED_BY_DMARC})


@dataclass(frozen=True)
class IncomingMessage:
    """One message from a person, already decoded to text by its channel."""

    user_id: str
    channel: Channel
    text: str
    conversation_id: str | None = None
    display_name: str | None = None
    email: str | None = None
    message_id: str | None = None
    verified_by: str | None = None
    """How the sender's identity was checked. Email: ``none`` (only a From header: anyone can write
    it), ``reply_token`` (a reply carrying a token the bot sent to that address) or ``dmarc`` (the
    organisation's own gateway saw DMARC pass for the From domain); the intake always sets it, and
    an email message without it counts as unverified. Chat channels: their platform vouches."""
    raw_sender: str | None = None
    """The From header exactly as it came (email), for the audit log."""

    @property
    def verified(self) -> bool:
        """Whether the sender may change their stored data (a report, a campaign measure, reminders)."""
        if self.channel == "email":
            return self.verified_by in EMAIL_VERIFICATIONS
        return True

    def identity_detail(self) -> dict[str, str]:
        """Who sent it, for an audit entry: the address, the raw From and how it was verified."""
        detail = {"sender": self.email or self.user_id}
        if self.channel == "email":
            detail["raw_from"] = self.raw_sender or ""
            detail["verified_by"] = self.verified_by or UNVERIFIED
        return detail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Reply:
    """What the bot answers. ``intent`` and ``sources`` let channels and tests see why."""

    text: str
    intent: str
    sources: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    end_conversation: bool = False
    pending: PendingRequest | None = None
    """An action held until the sender proves they read the mailbox: the email channel stores it
    and performs it when a reply to this answer comes back with its token."""
    private: bool = False
    """Personal data or secretariat output: a channel with public spaces (a Slack or Teams channel)
    delivers it privately (a DM, or an ephemeral answer) and leaves only a short note in public."""


@dataclass(frozen=True)
class PendingRequest:
    """What an unverified sender asked for, kept until they confirm (``kind`` names who performs it)."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    description: str = ""
