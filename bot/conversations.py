"""Conversation state per user and channel, persisted so a conversation survives a restart.

One query per message: the conversation row, and with it (an outer join) each record its state
points at by id (``state["needs_report"] -> needs_report.id``), so the skill that then asks the
session for that record finds it in the session's identity map without a second round trip.
The statements are built once per store and reused with new parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, literal
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select
from sqlmodel import Session, SQLModel, select

from bot.clock import Clock
from bot.models import Conversation

StateRecord = tuple[str, type[SQLModel]]
"""(a key of the conversation state, the table whose integer ``id`` its value holds)."""

_ID_DIGITS = 9
"""A pointer is joined only when it is a plain number of at most this many digits (it then fits the
``id`` column on every database); anything else in the state is left to the skill, as before."""


def _pointer(key: str, dialect: str) -> ColumnElement[Any]:
    """``state[key]`` as an integer for the join. On SQLite a cast never fails (a stray value joins
    nothing, or a row the skill does not use: it only reads an integer pointer); on PostgreSQL only
    digits are cast."""
    value = Conversation.state[key]  # type: ignore[index]
    if dialect == "postgresql":  # a cast of anything but digits would fail the transaction there
        return case((value.as_string().regexp_match(f"^[0-9]{{1,{_ID_DIGITS}}}$"), value.as_integer()),
                    else_=literal(None))
    return value.as_integer()


class ConversationStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._statements: dict[tuple[str, tuple[StateRecord, ...]], Select[Any]] = {}

    def _statement(self, dialect: str, records: tuple[StateRecord, ...]) -> Select[Any]:
        key = (dialect, records)
        statement = self._statements.get(key)
        if statement is None:
            statement = select(Conversation, *(model for _, model in records))
            for state_key, model in records:
                statement = statement.outerjoin(model, model.id == _pointer(state_key, dialect))  # type: ignore[attr-defined]
            statement = statement.where(Conversation.channel == bindparam("channel"),
                                        Conversation.user_id == bindparam("user_id"))
            self._statements[key] = statement
        return statement

    def load(self, session: Session, channel: str, user_id: str) -> Conversation:
        """The user's conversation on the channel, created empty when there is none."""
        return self.load_with(session, channel, user_id)[0]

    def load_with(self, session: Session, channel: str, user_id: str,
                  records: Sequence[StateRecord] = ()) -> tuple[Conversation, tuple[Any, ...]]:
        """The conversation (created empty when there is none) and, from the same query, the records
        its state points at (None where it points at none). The session's identity map holds its
        objects weakly: the caller keeps the returned records while the session is open, so that
        ``session.get`` finds them there."""
        bind = session.get_bind()
        statement = self._statement(bind.dialect.name, tuple(records))
        found = session.execute(statement, {"channel": channel, "user_id": user_id}).first()
        if found is not None:
            return found[0], tuple(found[1:])
        now = self._clock.now()
        conversation = Conversation(channel=channel, user_id=user_id, state={}, created_at=now, updated_at=now)
        try:
            with session.begin_nested():  # another process may create the same row at the same moment
                session.add(conversation)
        except IntegrityError:
            again = session.execute(self._statement(bind.dialect.name, ()),
                                    {"channel": channel, "user_id": user_id}).one()
            return again[0], ()
        return conversation, ()

    def save(self, session: Session, conversation: Conversation, state: dict[str, Any]) -> None:
        # A new dict object so SQLAlchemy sees the JSON column change.
        conversation.state = dict(state)
        conversation.updated_at = self._clock.now()
        session.add(conversation)
