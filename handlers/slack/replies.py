"""Post a ``Reply`` to Slack: split within the Block Kit limits, files uploaded after the text; a ``private``
reply asked for in a channel goes to the asker's DM (``post_private``)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import Reply
from handlers.slack import texts
from handlers.slack.blocks import SlackMessage, to_messages

log = logging.getLogger(__name__)

# Failures the Slack SDK raises after its retry handlers gave up.
DELIVERY_ERRORS = (SlackApiError, SlackClientError, TimeoutError, OSError)

Respond = Callable[..., Awaitable[Any]]


def reply_messages(reply: Reply) -> list[SlackMessage]:
    return to_messages(reply.text)


async def post_reply(client: AsyncWebClient, reply: Reply, *, channel: str, thread_ts: str | None = None) -> bool:
    """Post the reply in ``channel`` (in the thread when given); False when Slack could not take it."""
    try:
        for message in reply_messages(reply):
            await client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                          thread_ts=thread_ts, unfurl_links=False, unfurl_media=False)
        await upload_attachments(client, reply, channel=channel, thread_ts=thread_ts)
    except DELIVERY_ERRORS:
        log.exception("could not deliver a Slack reply to %s", channel)
        return False
    return True


async def post_private(client: AsyncWebClient, reply: Reply, *, user_id: str, channel: str,
                       thread_ts: str | None = None) -> bool:
    """A ``private`` reply asked for in a channel: the whole reply (text and files) in the asker's DM, and
    only a short note in the channel's thread. When the DM fails nothing private goes to the channel."""
    try:
        dm = await open_dm(client, user_id)
    except (*DELIVERY_ERRORS, KeyError):
        log.exception("could not open a DM with %s for a private reply", user_id)
        dm = None
    delivered = dm is not None and await post_reply(client, reply, channel=dm)
    note = texts.SENT_TO_DM if delivered else texts.PRIVATE_DM_FAILED
    await post_reply(client, Reply(note, intent="sent_to_dm" if delivered else "private_dm_failed"),
                     channel=channel, thread_ts=thread_ts)
    return delivered


async def respond_reply(respond: Respond, reply: Reply, *, max_messages: int = 4) -> list[SlackMessage]:
    """Answer a slash command through its ``response_url`` (ephemeral); returns what did not fit."""
    messages = reply_messages(reply)
    for message in messages[:max_messages]:
        await respond(text=message.text, blocks=message.blocks, response_type="ephemeral",
                      replace_original=False)
    return messages[max_messages:]


async def open_dm(client: AsyncWebClient, user_id: str) -> str:
    response = await client.conversations_open(users=user_id)
    channel: dict[str, Any] = response.get("channel") or {}
    return str(channel["id"])


async def upload_attachments(client: AsyncWebClient, reply: Reply, *, channel: str,
                             thread_ts: str | None = None) -> None:
    if not reply.attachments:
        return
    uploads = [{"filename": item.filename, "content": item.content, "title": item.filename}
               for item in reply.attachments]
    await client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread_ts)
