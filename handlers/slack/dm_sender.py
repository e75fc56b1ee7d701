"""Posting the Slack outbox (``bot.slack_outbox``): campaign reminders as direct messages.

``SlackDmSender.drain()`` claims due rows, checks each is still wanted (a "levert" may have
cancelled it since), posts it with ``chat.postMessage`` to the user's id and records the answer:

* ``ok`` -> ``sent`` with the message ``ts``;
* ``ratelimited`` (HTTP 429) -> queued again after ``Retry-After``; the rest of the batch is given
  back untried with the same delay;
* ``user_not_found``, ``channel_not_found``, ``account_inactive``, ``cannot_dm_bot`` -> ``failed``
  for good (no retry);
* anything else (other API errors, network trouble) -> retried with backoff, ``failed`` after the
  outbox's ``max_attempts``.

``SlackDmService`` runs ``drain`` every few seconds under ``kompetansebot serve``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_outbox import FAILED, ClaimedDm, SlackOutbox

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)

PERMANENT_ERRORS = frozenset({"user_not_found", "channel_not_found", "account_inactive", "cannot_dm_bot"})
DEFAULT_RETRY_AFTER = 30.0


def _retry_after(error: SlackApiError) -> float:
    headers = getattr(error.response, "headers", None) or {}
    value = None
    for name, item in dict(headers).items():
        if str(name).lower() == "retry-after":
            value = item[0] if isinstance(item, list | tuple) and item else item
    try:
        return max(0.0, float(str(value))) if value is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER


def _error_code(error: SlackApiError) -> str:
    try:
        return str(error.response.get("error") or "")
    except (AttributeError, TypeError):
        return ""


class SlackDmSender:
    def __init__(self, bot_app: BotApp, client: AsyncWebClient, *, outbox: SlackOutbox | None = None,
                 batch: int = 20) -> None:
        self.client = client
        self.outbox = outbox or SlackOutbox(bot_app.database, bot_app.clock)
        self.batch = batch

    async def drain(self) -> dict[str, int]:
        """Post everything due now; returns what happened (``sent``, ``retry``, ``failed``,
        ``cancelled`` (cancelled after the claim), ``deferred`` (given back after a rate limit))."""
        summary = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "deferred": 0}
        handled: set[int] = set()
        while True:
            claimed = await asyncio.to_thread(self.outbox.claim, self.batch)
            fresh = [item for item in claimed if item.id not in handled]
            for item in claimed:
                if item.id in handled:  # due again at once (no delay): next drain
                    await asyncio.to_thread(self.outbox.release, item.id)
            if not fresh:
                return summary
            for index, item in enumerate(fresh):
                handled.add(item.id)
                wait = await self._post(item, summary)
                if wait is not None:  # rate limited: the rest waits as long, untried
                    for rest in fresh[index + 1:]:
                        await asyncio.to_thread(self.outbox.release, rest.id, delay=wait)
                        summary["deferred"] += 1
                    return summary

    async def _post(self, item: ClaimedDm, summary: dict[str, int]) -> float | None:
        """Post one row and record it; returns the Retry-After when Slack rate-limited us."""
        if not await asyncio.to_thread(self.outbox.still_queued, item.id):
            summary["cancelled"] += 1
            return None
        try:
            response = await self.client.chat_postMessage(channel=item.slack_user, text=item.text,
                                                          unfurl_links=False, unfurl_media=False)
        except SlackApiError as error:
            code = _error_code(error)
            status = getattr(error.response, "status_code", None)
            if code == "ratelimited" or status == 429:
                wait = _retry_after(error)
                await asyncio.to_thread(self.outbox.record_failed, item.id, f"ratelimited (retry after {wait:g} s)",
                                        True, retry_after=wait)
                summary["retry"] += 1
                log.warning("Slack rate-limited the DM to %s; retry after %g s", item.slack_user, wait)
                return wait
            permanent = code in PERMANENT_ERRORS
            result = await asyncio.to_thread(self.outbox.record_failed, item.id, code or str(error)[:300],
                                             not permanent)
            summary["failed" if result == FAILED else "retry"] += 1
            log.warning("DM to %s failed: %s (%s)", item.slack_user, code or error, result)
            return None
        except Exception as error:  # network trouble, timeouts: try again later
            result = await asyncio.to_thread(self.outbox.record_failed, item.id,
                                             f"{type(error).__name__}: {error}"[:300], True)
            summary["failed" if result == FAILED else "retry"] += 1
            log.warning("DM to %s failed: %s (%s)", item.slack_user, error, result)
            return None
        ts = response.get("ts")
        recorded = await asyncio.to_thread(self.outbox.record_sent, item.id, str(ts) if ts else None)
        summary["sent"] += 1
        if not recorded:
            log.warning("DM %s was posted but its row could not be updated", item.key)
        return None


class SlackDmService:
    """Drains the Slack outbox every ``interval`` seconds until ``stop`` is set."""

    name = "slack-dm-sender"

    def __init__(self, sender: SlackDmSender, *, interval: float = 5.0) -> None:
        self.sender = sender
        self.interval = interval

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                summary = await self.sender.drain()
                if summary["sent"] or summary["failed"]:
                    log.info("Slack DMs: %s", summary)
            except Exception:  # a database hiccup must not end the process; try again next round
                log.exception("draining the Slack outbox failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)

