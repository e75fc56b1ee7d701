"""What the Slack listeners need, in one object handed to them by bolt's kwargs injection (``deps``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.access import AccessPolicy
from bot.audit import AuditLog
from bot.messages import IncomingMessage, Reply
from handlers.slack import texts
from handlers.slack.dedup import EventStore

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackUser:
    user_id: str
    display_name: str | None = None
    email: str | None = None


class UserDirectory:
    """``users.info`` with a small time-limited cache: the email links Slack to the rest of the bot
    (SECRETARIAT by email, drafts shared with the email channel). Without the scope it is ``None``."""

    def __init__(self, *, ttl_seconds: float = 3600.0, max_entries: int = 2000) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._cache: OrderedDict[str, tuple[float, SlackUser]] = OrderedDict()

    async def lookup(self, client: AsyncWebClient, user_id: str) -> SlackUser:
        cached = self._cache.get(user_id)
        if cached is not None and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        user = await self._fetch(client, user_id)
        self._cache[user_id] = (time.monotonic(), user)
        self._cache.move_to_end(user_id)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return user

    @staticmethod
    async def _fetch(client: AsyncWebClient, user_id: str) -> SlackUser:
        try:
            response = await client.users_info(user=user_id)
        except (SlackApiError, SlackClientError, TimeoutError) as exc:
            log.info("users.info for %s failed (%s); going on without email", user_id, type(exc).__name__)
            return SlackUser(user_id)
        user: dict[str, Any] = response.get("user") or {}
        profile: dict[str, Any] = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name")
        email = profile.get("email")
        return SlackUser(user_id, display_name=name or None, email=str(email).strip().lower() if email else None)


class KeyedLocks:
    """One ``asyncio.Lock`` per key, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


@dataclass
class SlackDeps:
    bot_app: BotApp
    events: EventStore
    users: UserDirectory = field(default_factory=UserDirectory)
    turns: KeyedLocks = field(default_factory=KeyedLocks)

    def __post_init__(self) -> None:
        self.access = AccessPolicy(self.bot_app.settings.secretariat_ids)
        self.audit = AuditLog(self.bot_app.clock)

    async def ask(self, message: IncomingMessage) -> Reply:
        """The router's answer, off the event loop; one failing message never breaks the channel.

        One person's messages are answered one at a time and in order (a DM and a slash command
        sent together share the conversation state).
        """
        try:
            async with self.turns.hold(message.user_id):
                return await asyncio.to_thread(self.bot_app.router.handle, message)
        except Exception:
            log.exception("Slack message from %s failed", message.user_id)
            return Reply(texts.ERROR, intent="error")

    def is_secretariat(self, user: SlackUser) -> bool:
        with self.bot_app.database.session() as session:
            return self.access.is_secretariat(session, user.user_id, user.email)

    def record_refusal(self, user: SlackUser, action: str, text: str) -> None:
        with self.bot_app.database.session() as session:
            self.audit.record(session, actor=user.user_id, channel="slack", action=f"refused:{action}",
                              outcome="refused", detail={"text": text[:200], "email": user.email})
