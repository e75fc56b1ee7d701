"""Process each Slack delivery once: a unique key per event id and per message, stored in the DB.

Retry headers (``X-Slack-Retry-Num``) are only hints: Slack retries after a slow first attempt that
may still be running, several processes may serve one app, and an ``app_mention`` in a channel
the bot also reads arrives a second time as ``message`` with another ``event_id``. The keys of a
delivery are inserted in one transaction; whoever inserts first processes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from bot.clock import Clock
from bot.db import Database
from bot.models_slack import SlackEvent

log = logging.getLogger(__name__)

RETENTION = timedelta(days=7)


def message_key(event: Mapping[str, Any]) -> str | None:
    """The same key for a message whichever event type (``message``, ``app_mention``) carries it."""
    if event.get("client_msg_id"):
        return f"message:{event['client_msg_id']}"
    if event.get("channel") and event.get("ts"):
        return f"message:{event['channel']}:{event['ts']}"
    return None


def delivery_keys(body: Mapping[str, Any]) -> list[str]:
    """The keys of an Events API delivery: its ``event_id`` and, for messages, the message."""
    keys: list[str] = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    event = body.get("event") or {}
    if event.get("type") in {"message", "app_mention"}:
        key = message_key(event)
        if key:
            keys.append(key)
    return keys


class EventStore:
    """Claims delivery keys; a key can be claimed once."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def claim(self, keys: list[str], kind: str = "") -> bool:
        """True when none of ``keys`` was claimed before (and now they are); False for a duplicate."""
        if not keys:
            return True
        now = self._clock.now()
        try:
            with self._database.session() as session:
                for key in dict.fromkeys(keys):
                    session.add(SlackEvent(key=key[:255], kind=kind[:60], received_at=now))
                session.flush()
        except IntegrityError:
            return False
        return True

    async def claim_async(self, keys: list[str], kind: str = "") -> bool:
        return await asyncio.to_thread(self.claim, keys, kind)

    def prune(self, older_than: timedelta = RETENTION) -> int:
        """Forget keys older than Slack's retry window by a wide margin; returns how many."""
        cutoff = self._clock.now() - older_than
        with self._database.session() as session:
            result = session.execute(delete(SlackEvent).where(col(SlackEvent.received_at) < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)
