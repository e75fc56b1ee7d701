"""The router: one message in, one reply out, by intent.

A conversation's state (JSON) is loaded per user and channel, handed to the skill that takes
the message, and saved in the same transaction as everything the skill wrote. A skill that is
busy with a multi-step flow (the needs-report form) gets the next message first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any, Protocol

from sqlmodel import Session

from bot.access import AccessPolicy
from bot.audit import AuditLog
from bot.clock import Clock
from bot.conversations import ConversationStore, StateRecord
from bot.db import Database
from bot.messages import IncomingMessage, Reply
from bot.rendering import render
from bot.text import fold, guess_language

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 8000


@dataclass
class Turn:
    """Everything a skill needs for one message."""

    message: IncomingMessage
    session: Session
    state: dict[str, Any]
    access: AccessPolicy
    now: datetime
    folded: str
    language: str
    audit: AuditLog

    @cached_property
    def is_secretariat(self) -> bool:
        """Looked up only when a skill asks (most messages never need it).

        Never by email: a From address can be forged, so secretariat commands need Slack or the CLI.
        """
        if self.message.channel == "email":
            return False
        return self.access.is_secretariat(self.session, self.message.user_id, self.message.email)

    @property
    def today(self) -> date:
        return self.now.date()

    def record(self, action: str, outcome: str = "ok", **detail: Any) -> None:
        self.audit.record(self.session, actor=self.message.user_id, channel=self.message.channel,
                          action=action, outcome=outcome, detail=detail)


def _private_if_secretariat(skill: Skill, reply: Reply) -> Reply:
    """A secretariat skill's answer is secretariat output: delivered privately wherever it was asked."""
    return replace(reply, private=True) if skill.secretariat_only and not reply.private else reply


class Skill(Protocol):
    """One thing the bot can do. ``wants`` must be cheap and side-effect free."""

    name: str
    secretariat_only: bool

    def wants(self, turn: Turn) -> bool: ...

    def handle(self, turn: Turn) -> Reply: ...


class FlowSkill(Skill, Protocol):
    """A skill that can own the conversation across several messages.

    Such a skill may also name ``state_records``: (state key, table model) pairs for records its
    state points at by id; the router loads them with the conversation in one query (see
    ``bot.conversations``), so ``session.get`` of such a record costs no round trip.
    """

    def is_active(self, state: dict[str, Any]) -> bool: ...


@dataclass
class Router:
    database: Database
    clock: Clock
    access: AccessPolicy
    skills: list[Skill] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.audit = AuditLog(self.clock)
        self.conversations = ConversationStore(self.clock)

    def handle(self, message: IncomingMessage) -> Reply:
        text = message.text.strip()
        language = guess_language(text)
        if len(text) > MAX_MESSAGE_CHARS:
            return Reply(render(f"chat/too_long.{language}.txt.j2", length=len(text), limit=MAX_MESSAGE_CHARS),
                         intent="too_long")
        with self.database.session() as session:
            # ``records`` (the draft the state points at) stays referenced while the session is open.
            conversation, records = self.conversations.load_with(session, message.channel, message.user_id,
                                                                 self._state_records())
            turn = Turn(message=message, session=session, state=dict(conversation.state), access=self.access,
                        now=self.clock.now(), folded=fold(text), language=language, audit=self.audit)
            reply = self._dispatch(turn)
            if turn.state != conversation.state:
                self.conversations.save(session, conversation, turn.state)
        return reply

    def _state_records(self) -> tuple[StateRecord, ...]:
        return tuple(record for skill in self.skills for record in getattr(skill, "state_records", ()))

    def _dispatch(self, turn: Turn) -> Reply:
        for skill in self.skills:
            is_active = getattr(skill, "is_active", None)
            if is_active is not None and is_active(turn.state):
                return _private_if_secretariat(skill, skill.handle(turn))
        if not turn.folded:
            return Reply(render(f"chat/empty.{turn.language}.txt.j2"), intent="empty")
        for skill in self.skills:
            if skill.wants(turn):
                if skill.secretariat_only and not turn.is_secretariat:
                    turn.record(f"refused:{skill.name}", outcome="refused", text=turn.message.text[:200])
                    log.info("refused secretariat command %s for %s", skill.name, turn.message.user_id)
                    return Reply(render(f"chat/refused.{turn.language}.txt.j2"), intent="refused")
                return _private_if_secretariat(skill, skill.handle(turn))
        return Reply(render(f"chat/unknown.{turn.language}.txt.j2"), intent="unknown")
