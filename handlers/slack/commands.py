"""Slash commands: ``ack()`` first, then the same router as a typed message, answered ephemerally.

``/frist``, ``/fordeling`` and ``/kompetansebot`` become text for the router; ``/purring`` is for
the secretariat and refused (politely, audited) for others before anything runs; ``/behov`` opens
the needs-report modal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import IncomingMessage, Reply
from bot.rendering import render
from handlers.slack import texts
from handlers.slack.blocks import SlackMessage, unescape
from handlers.slack.command_text import fordeling_text, frist_text, kompetansebot_text, purring_text
from handlers.slack.deps import SlackDeps, SlackUser
from handlers.slack.modal import open_needs_report
from handlers.slack.replies import DELIVERY_ERRORS, open_dm, post_reply, respond_reply, upload_attachments

log = logging.getLogger(__name__)


async def run_text_command(command: dict[str, Any], text: str, client: AsyncWebClient, respond: AsyncRespond,
                           deps: SlackDeps, user: SlackUser | None = None) -> Reply:
    """Ask the router with ``text`` and answer through the command's ``response_url``.

    What does not fit in the ephemeral answers, and any files (the allocation's chart and XLSX),
    goes to the person's DM with the bot.
    """
    user = user or await deps.users.lookup(client, command["user_id"])
    message = IncomingMessage(user_id=user.user_id, channel="slack", text=text,
                              conversation_id=f"{command.get('channel_id', '')}:{command.get('command', '')}",
                              display_name=user.display_name, email=user.email)
    reply = await deps.ask(message)
    try:
        rest = await respond_reply(respond, reply)
        if rest or reply.attachments:
            dm = await open_dm(client, user.user_id)
            if rest:
                await post_reply(client, Reply(_joined(rest), intent=reply.intent), channel=dm)
            await upload_attachments(client, reply, channel=dm)
            await respond(text=texts.FILES_SENT_TO_DM if reply.attachments else texts.REST_SENT_TO_DM,
                          response_type="ephemeral", replace_original=False)
    except DELIVERY_ERRORS:
        log.exception("could not answer %s for %s", command.get("command"), user.user_id)
    return reply


def _joined(messages: list[SlackMessage]) -> str:
    """The plain text of messages built by ``to_messages`` (unescaped, to be built again)."""
    return "\n\n".join(unescape(block["text"]["text"]) for message in messages for block in message.blocks
                       if isinstance(block.get("text"), dict))


def text_command(to_text: Callable[[str, SlackDeps], str]) -> Callable[..., Any]:
    async def listener(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
                       deps: SlackDeps) -> None:
        await ack()
        await run_text_command(command, to_text(str(command.get("text") or ""), deps), client, respond, deps)

    return listener


async def on_purring(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
                     deps: SlackDeps) -> None:
    await ack()
    user = await deps.users.lookup(client, command["user_id"])
    text = purring_text(str(command.get("text") or ""))
    if not await asyncio.to_thread(deps.is_secretariat, user):
        await asyncio.to_thread(deps.record_refusal, user, "/purring", text)
        log.info("refused /purring for %s", user.user_id)
        await respond(text=render("chat/refused.nb.txt.j2"), response_type="ephemeral", replace_original=False)
        return
    await run_text_command(command, text, client, respond, deps, user)


async def on_behov(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
                   deps: SlackDeps) -> None:
    await ack()
    await open_needs_report(client, deps, trigger_id=command["trigger_id"], user_id=command["user_id"],
                            respond=respond, text=str(command.get("text") or ""))


def register(app: AsyncApp) -> None:
    app.command("/frist")(text_command(lambda args, _deps: frist_text(args)))
    app.command("/fordeling")(text_command(lambda args, deps: fordeling_text(args, deps.bot_app.plan.get("schemes", []))))
    app.command("/kompetansebot")(text_command(lambda args, _deps: kompetansebot_text(args)))
    app.command("/purring")(on_purring)
    app.command("/behov")(on_behov)
