"""Posting the Teams outbox (``bot.teams_outbox``): campaign reminders as proactive 1:1 Adaptive Cards.

``TeamsSender.drain()`` claims due rows, checks each is still wanted (a "levert", a pause or a stop may
have come since: ``bot.campaigns.mailing.teams_message_wanted``), finds the contact's conversation
reference (``teams_user`` by Entra object id or UPN; a 1:1 conversation is created from a reference when
there is none yet) and posts the card:

* accepted -> ``sent`` with the activity id;
* 429 (after the connector's own short waits) -> queued again after ``Retry-After``; the rest of the batch
  is given back untried with the same delay; 412/502/504/network trouble -> retried with backoff;
* no reference (never wrote to the bot, app not installed), or 403/404 from the connector ->
  ``failed`` with error ``unreachable: …`` (campaign status shows it; the email still goes).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.campaigns.mailing import teams_message_wanted
from bot.teams_outbox import FAILED, UNREACHABLE, ClaimedTeamsMessage, TeamsOutbox
from handlers.teams import cards, render
from handlers.teams.bot_token import TokenError
from handlers.teams.connector import ConnectorClient, ConnectorError
from handlers.teams.store import KnownUser, SeenUser, TeamsStore

if TYPE_CHECKING:
    from bot.db import Database

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 30.0
PERMANENT_STATUSES = frozenset({400, 401, 403, 404})


class _Unreachable(Exception):
    pass


class TeamsSender:
    def __init__(self, database: Database, outbox: TeamsOutbox, connector: ConnectorClient, store: TeamsStore, *,
                 bot_id: str, batch: int = 20) -> None:
        self.database = database
        self.outbox = outbox
        self.connector = connector
        self.store = store
        self.bot_id = bot_id
        self.batch = batch

    async def drain(self) -> dict[str, int]:
        summary = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "deferred": 0, "unreachable": 0}
        handled: set[int] = set()
        while True:
            claimed = await asyncio.to_thread(self.outbox.claim, self.batch)
            fresh = [item for item in claimed if item.id not in handled]
            for item in claimed:
                if item.id in handled:
                    await asyncio.to_thread(self.outbox.release, item.id)
            if not fresh:
                return summary
            for index, item in enumerate(fresh):
                handled.add(item.id)
                wait = await self._post(item, summary)
                if wait is not None:
                    for rest in fresh[index + 1:]:
                        await asyncio.to_thread(self.outbox.release, rest.id, delay=wait)
                        summary["deferred"] += 1
                    return summary

    def _wanted(self, item: ClaimedTeamsMessage) -> str | None:
        with self.database.session() as session:
            return teams_message_wanted(session, key=item.key, campaign_id=item.campaign_id,
                                        recipient_id=item.recipient_id)

    async def _conversation(self, item: ClaimedTeamsMessage) -> tuple[KnownUser, str]:
        user = await self.store.find_async(item.teams_id)
        if user is None:
            raise _Unreachable(f"{UNREACHABLE}: {item.teams_id} has never written to the bot")
        if user.personal_conversation_id:
            return user, user.personal_conversation_id
        try:
            conversation_id = await self.connector.create_conversation(
                user.service_url, bot_id=user.bot_id or self.bot_id, user_id=user.teams_user_id,
                tenant_id=user.tenant_id)
        except ConnectorError as exc:
            if exc.status in PERMANENT_STATUSES:
                raise _Unreachable(f"{UNREACHABLE}: no 1:1 chat with {item.teams_id} (HTTP {exc.status})") from exc
            raise
        await self.store.remember_async(SeenUser(teams_user_id=user.teams_user_id, service_url=user.service_url,
                                                 personal_conversation_id=conversation_id))
        return user, conversation_id

    async def _post(self, item: ClaimedTeamsMessage, summary: dict[str, int]) -> float | None:
        reason = await asyncio.to_thread(self._wanted, item)
        if reason is not None:
            await asyncio.to_thread(self.outbox.cancel, item.id, reason)
            summary["cancelled"] += 1
            return None
        if not await asyncio.to_thread(self.outbox.still_queued, item.id):
            summary["cancelled"] += 1
            return None
        try:
            user, conversation_id = await self._conversation(item)
            activity = render.card_message(cards.reminder_card(item.payload, outbox_id=item.id),
                                           summary=item.text or cards.payload_summary(item.payload))
            found = await self.connector.send(user.service_url, conversation_id, activity)
        except _Unreachable as exc:
            await asyncio.to_thread(self.outbox.record_failed, item.id, str(exc), False)
            summary["unreachable"] += 1
            log.info("Teams reminder %s: %s", item.key, exc)
            return None
        except ConnectorError as exc:
            if exc.status == 429:
                wait = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER
                await asyncio.to_thread(self.outbox.record_failed, item.id, f"throttled (retry after {wait:g} s)",
                                        True, retry_after=wait)
                summary["retry"] += 1
                return wait
            result = await asyncio.to_thread(self.outbox.record_failed, item.id, str(exc)[:300], exc.retryable)
            summary["failed" if result == FAILED else "retry"] += 1
            log.warning("Teams reminder %s failed: %s (%s)", item.key, exc, result)
            return None
        except TokenError as exc:
            await asyncio.to_thread(self.outbox.record_failed, item.id, str(exc)[:300], True)
            summary["retry"] += 1
            log.warning("Teams reminder %s: no bot token: %s", item.key, exc)
            return None
        recorded = await asyncio.to_thread(self.outbox.record_sent, item.id, activity_id=str(found.get("id") or ""),
                                           conversation_id=conversation_id)
        summary["sent"] += 1
        if not recorded:
            log.warning("Teams reminder %s was posted but its row could not be updated", item.key)
        return None


class TeamsSenderService:
    """Drains the Teams outbox every ``interval`` seconds until ``stop`` is set."""

    name = "teams-sender"

    def __init__(self, sender: TeamsSender, *, interval: float = 5.0,
                 on_stop: Callable[[], Awaitable[None]] | None = None) -> None:
        self.sender = sender
        self.interval = interval
        self._on_stop = on_stop

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    summary = await self.sender.drain()
                    if summary["sent"] or summary["failed"] or summary["unreachable"]:
                        log.info("Teams reminders: %s", summary)
                except Exception:
                    log.exception("draining the Teams outbox failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.interval)
        finally:
            if self._on_stop is not None:
                await self._on_stop()
