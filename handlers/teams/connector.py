"""The Bot Connector REST API (v3) at an activity's ``serviceUrl``: send, reply in a thread, update a
card, create a 1:1 conversation, look up a member, with the bot's token.

Teams throttles per conversation and per app and tenant: **429** is waited out (``Retry-After``, else
exponential backoff with jitter) and retried, as are 412, 502 and 504; anything else raises
``ConnectorError`` at once. A wait longer than ``max_wait`` is not slept here: the error carries the
``retry_after`` so an outbox can try again later instead of holding the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import quote

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 504})


class TokenSource(Protocol):
    async def token(self) -> str: ...


class ConnectorError(Exception):
    def __init__(self, status: int, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.status in RETRY_STATUSES or self.status == 0 or self.status >= 500


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def conversations_url(service_url: str, *parts: str) -> str:
    path = "/".join(quote(part, safe="") for part in parts)
    return f"{service_url.rstrip('/')}/v3/conversations" + (f"/{path}" if path else "")


class ConnectorClient:
    def __init__(self, http: httpx.AsyncClient, tokens: TokenSource, *, max_attempts: int = 5,
                 base_delay: float = 0.5, max_wait: float = 20.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._http = http
        self._tokens = tokens
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_wait = max_wait
        self._sleep = sleep

    async def _request(self, method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            headers = {"Authorization": f"Bearer {await self._tokens.token()}"}
            try:
                response = await self._http.request(method, url, json=body, headers=headers, timeout=30)
            except httpx.HTTPError as exc:
                if attempt >= self._max_attempts:
                    raise ConnectorError(0, f"{type(exc).__name__}: {exc}") from exc
                await self._sleep(self._backoff(attempt))
                continue
            if response.status_code < 300:
                if not response.content:
                    return {}
                try:
                    found = response.json()
                except ValueError:
                    return {}
                return found if isinstance(found, dict) else {}
            wait = _retry_after(response)
            if response.status_code not in RETRY_STATUSES:
                raise ConnectorError(response.status_code, response.text[:300], retry_after=wait)
            delay = wait if wait is not None else self._backoff(attempt)
            if attempt >= self._max_attempts or delay > self._max_wait:
                raise ConnectorError(response.status_code, response.text[:300], retry_after=delay)
            log.info("the Bot Connector answered %d; retrying in %.1f s", response.status_code, delay)
            await self._sleep(delay)

    def _backoff(self, attempt: int) -> float:
        return float(min(self._max_wait, self._base_delay * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2))

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any], *,
                   reply_to: str | None = None) -> dict[str, Any]:
        """Post an activity in the conversation (in reply to ``reply_to``: the thread of that message)."""
        if reply_to:
            activity = {**activity, "replyToId": reply_to}
            url = conversations_url(service_url, conversation_id, "activities", reply_to)
        else:
            url = conversations_url(service_url, conversation_id, "activities")
        return await self._request("POST", url, activity)

    async def update(self, service_url: str, conversation_id: str, activity_id: str,
                     activity: dict[str, Any]) -> dict[str, Any]:
        url = conversations_url(service_url, conversation_id, "activities", activity_id)
        return await self._request("PUT", url, {**activity, "id": activity_id})

    async def create_conversation(self, service_url: str, *, bot_id: str, user_id: str,
                                  tenant_id: str | None) -> str:
        """The 1:1 conversation with a user (Teams gives the existing one when there is one)."""
        body: dict[str, Any] = {"bot": {"id": bot_id}, "members": [{"id": user_id}], "isGroup": False}
        if tenant_id:
            body["tenantId"] = tenant_id
            body["channelData"] = {"tenant": {"id": tenant_id}}
        found = await self._request("POST", conversations_url(service_url), body)
        conversation_id = found.get("id")
        if not isinstance(conversation_id, str) or not conversation_id:
            raise ConnectorError(502, "createConversation returned no id")
        return conversation_id

    async def member(self, service_url: str, conversation_id: str, member_id: str) -> dict[str, Any]:
        """A member's profile (``userPrincipalName``, ``email``, ``aadObjectId``, ``name``)."""
        return await self._request("GET", conversations_url(service_url, conversation_id, "members", member_id))
