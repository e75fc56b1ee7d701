"""Mentions in channels (answered in the thread) and direct messages (answered in the DM); files shared
in a DM go to ``handlers.slack.uploads`` (the contact list), any text with them to the router. A
``private`` answer to a mention (an export, someone's reports) goes to the asker's DM; the thread gets a
short note."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import IncomingMessage
from handlers.slack import uploads
from handlers.slack.blocks import unescape
from handlers.slack.dedup import delivery_keys
from handlers.slack.deps import SlackDeps
from handlers.slack.replies import post_private, post_reply

log = logging.getLogger(__name__)

# Outside text: the parts inside <...> never run over another "<" and are bounded, so a long text
# of unclosed "<@U1|" or "<https://" is scanned once (linear), never once per "<".
_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,30})(?:\|[^<>]{0,200})?>")
_LINK = re.compile(r"<(https?://[^|<>]{1,3000})(?:\|([^<>]{0,3000}))?>")
# Message subtypes that are a person writing; everything else (edits, joins, bots) is ignored.
_PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def clean_text(text: str, bot_user_id: str | None) -> str:
    """Remove mentions of the bot and Slack's escaping; other mentions stay readable."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]{{0,200}})?>", " ", text)
    text = _MENTION.sub(lambda match: "@" + match.group(1), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(unescape(text).split())


def is_person_message(event: dict[str, Any]) -> bool:
    return event.get("subtype") in _PERSON_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))


def reply_thread(event: dict[str, Any]) -> str | None:
    """Channels: always in a thread. A DM: in the thread only when the person wrote in one."""
    if event.get("channel_type") == "im":
        return event.get("thread_ts")
    return event.get("thread_ts") or event.get("ts")


def is_dm(event: dict[str, Any]) -> bool:
    """A direct message with the bot (``app_mention`` events carry no ``channel_type``: DM ids start with D)."""
    return event.get("channel_type") == "im" or str(event.get("channel") or "").startswith("D")


def is_dm_file_share(event: dict[str, Any]) -> bool:
    return is_dm(event) and bool(uploads.shared_files(event))


async def claim(event: dict[str, Any], body: dict[str, Any], deps: SlackDeps) -> bool:
    if await deps.events.claim_async(delivery_keys(body), str(event.get("type"))):
        return True
    log.info("duplicate Slack delivery %s dropped", body.get("event_id"))
    return False


async def answer_event(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext, deps: SlackDeps) -> None:
    """Claim the delivery, then: files shared in a DM to the upload handler (and any text with them to the
    router), anything else to the router."""
    if not await claim(event, body, deps):
        return
    if is_dm_file_share(event):
        await uploads.handle_uploads(uploads.shared_files(event), user_id=str(event["user"]),
                                     channel=str(event["channel"]), thread_ts=reply_thread(event), client=client,
                                     context=context, deps=deps)
        if not clean_text(str(event.get("text") or ""), context.bot_user_id):
            return
    await answer_message(event, client, context, deps)


async def answer_message(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext,
                         deps: SlackDeps) -> None:
    """Ask the router, post the answer (the delivery is claimed)."""
    user = await deps.users.lookup(client, event["user"])
    channel = str(event["channel"])
    thread_ts = reply_thread(event)
    message = IncomingMessage(user_id=user.user_id, channel="slack",
                              text=clean_text(str(event.get("text") or ""), context.bot_user_id),
                              conversation_id=f"{channel}:{thread_ts or ''}", display_name=user.display_name,
                              email=user.email, message_id=event.get("client_msg_id") or event.get("ts"))
    reply = await deps.ask(message)
    if reply.private and not is_dm(event):
        await post_private(client, reply, user_id=user.user_id, channel=channel, thread_ts=thread_ts)
        return
    await post_reply(client, reply, channel=channel, thread_ts=thread_ts)


async def on_app_mention(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                         context: AsyncBoltContext, deps: SlackDeps) -> None:
    if is_person_message(event):
        await answer_event(event, body, client, context, deps)


async def on_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                     context: AsyncBoltContext, deps: SlackDeps) -> None:
    # Only direct messages; in channels the bot answers when mentioned (app_mention).
    if event.get("channel_type") == "im" and is_person_message(event):
        await answer_event(event, body, client, context, deps)


def register(app: AsyncApp) -> None:
    app.event("app_mention")(on_app_mention)
    app.event("message")(on_message)
