"""Conversation state per user and channel, persisted so a conversation survives a restart."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.clock import Clock
from bot.models import Conversation


class ConversationStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def load(self, session: Session, channel: str, user_id: str) -> Conversation:
        """The user's conversation on the channel, created empty when there is none."""
        found = session.exec(
            select(Conversation).where(Conversation.channel == channel, Conversation.user_id == user_id)
        ).first()
        if found is not None:
            return found
        now = self._clock.now()
        conversation = Conversation(channel=channel, user_id=user_id, state={}, created_at=now, updated_at=now)
        try:
            with session.begin_nested():  # another process may create the same row at the same moment
                session.add(conversation)
        except IntegrityError:
            found = session.exec(
                select(Conversation).where(Conversation.channel == channel, Conversation.user_id == user_id)
            ).one()
            return found
        return conversation

    def save(self, session: Session, conversation: Conversation, state: dict[str, Any]) -> None:
        # A new dict object so SQLAlchemy sees the JSON column change.
        conversation.state = dict(state)
        conversation.updated_at = self._clock.now()
        session.add(conversation)
