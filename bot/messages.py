"""Channel-agnostic message types: what a person said, and what the bot answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Channel = Literal["console", "slack", "email", "cli"]


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
