"""The App Home tab's listeners: publish on ``app_home_opened``, and its buttons (a new or continued
needs report; for the secretariat export and campaign start/pause through the router)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import IncomingMessage
from bot.rendering import render
from handlers.slack.dedup import delivery_keys
from handlers.slack.deps import SlackDeps
from handlers.slack.home_view import publish_home
from handlers.slack.modal import open_needs_report
from handlers.slack.replies import DELIVERY_ERRORS, open_dm, post_reply

log = logging.getLogger(__name__)

# Secretariat buttons: the action id and the text the router gets (the same as typing it).
SECRETARIAT_ACTIONS = {
    "home_export": "eksporter behovsmeldinger",
    "home_campaign_start": "start purring",
    "home_campaign_pause": "pause purring",
}


async def on_app_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                             deps: SlackDeps) -> None:
    if event.get("tab", "home") != "home":
        return
    if not await deps.events.claim_async(delivery_keys(body), "app_home_opened"):
        return
    try:
        await publish_home(client, deps, event["user"])
    except DELIVERY_ERRORS:
        log.exception("could not publish the App Home for %s", event.get("user"))


async def on_new_report(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: SlackDeps) -> None:
    await ack()
    await open_needs_report(client, deps, trigger_id=body["trigger_id"], user_id=body["user"]["id"])


async def on_continue_report(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                             deps: SlackDeps) -> None:
    await ack()
    value = str(action.get("value") or "")
    await open_needs_report(client, deps, trigger_id=body["trigger_id"], user_id=body["user"]["id"],
                            report_id=int(value) if value.isdigit() else None)


async def on_secretariat_action(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                                client: AsyncWebClient, deps: SlackDeps) -> None:
    """Export / start / pause: refused and audited for others; otherwise the router's answer in the DM."""
    await ack()
    user = await deps.users.lookup(client, body["user"]["id"])
    text = SECRETARIAT_ACTIONS[str(action["action_id"])]
    channel = await open_dm(client, user.user_id)
    if not await asyncio.to_thread(deps.is_secretariat, user):
        await asyncio.to_thread(deps.record_refusal, user, str(action["action_id"]), text)
        await client.chat_postMessage(channel=channel, text=render("chat/refused.nb.txt.j2"))
        return
    reply = await deps.ask(IncomingMessage(user_id=user.user_id, channel="slack", text=text,
                                           conversation_id=f"{channel}:", display_name=user.display_name,
                                           email=user.email))
    await post_reply(client, reply, channel=channel)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(on_app_home_opened)
    app.action("home_new_report")(on_new_report)
    app.action("home_continue_report")(on_continue_report)
    for action_id in SECRETARIAT_ACTIONS:
        app.action(action_id)(on_secretariat_action)
