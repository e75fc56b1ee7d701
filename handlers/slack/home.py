"""The App Home tab: drafts, submitted reports and deadlines for everyone; for the secretariat the
reports received per network and scheme, campaign status (marked as not built) and buttons."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import IncomingMessage
from bot.rendering import render
from handlers.slack import limits, texts
from handlers.slack.blocks import Block, actions, button, context, divider, escape, header, section, split_text
from handlers.slack.dedup import delivery_keys
from handlers.slack.deps import SlackDeps
from handlers.slack.home_data import HomeData, ReportLine, load_home_data
from handlers.slack.modal import open_needs_report
from handlers.slack.replies import DELIVERY_ERRORS, open_dm, post_reply

log = logging.getLogger(__name__)

# Secretariat buttons: the action id and the text the router gets (the same as typing it).
SECRETARIAT_ACTIONS = {
    "home_export": "eksporter behovsmeldinger",
    "home_campaign_start": "start purring",
    "home_campaign_pause": "pause purring",
}


def _report_lines(lines: list[ReportLine], *, drafts: bool) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        text = f"*{escape(line.title)}*"
        if line.reference:
            text += f"  `{escape(line.reference)}`"
        detail = f"sist endret {line.updated:%d.%m.%Y}"
        if drafts and line.answered:
            detail += f", {line.answered} svar"
        block = section(f"{text}\n{detail}", escaped=True)
        if drafts:
            block["accessory"] = button(texts.HOME_CONTINUE, "home_continue_report", value=str(line.id))
        blocks.append(block)
    return blocks


def _text_sections(text: str, block_id: str) -> list[Block]:
    blocks = [section(chunk) for chunk in split_text(text)]
    if blocks:
        blocks[0]["block_id"] = block_id
    return blocks


def build_home_view(data: HomeData) -> dict[str, Any]:
    """The ``home`` view; at most ``VIEW_BLOCKS`` blocks whatever the data."""
    blocks: list[Block] = [header(texts.HOME_TITLE), section(texts.HOME_INTRO),
                           actions(button(texts.HOME_NEW_REPORT, "home_new_report", style="primary"),
                                   block_id="home_actions"),
                           divider(), {**header(texts.HOME_DRAFTS), "block_id": "home_drafts"}]
    blocks += _report_lines(data.drafts, drafts=True) or [section(texts.HOME_NO_DRAFTS)]
    if data.more_drafts:
        blocks.append(context(f"… og {data.more_drafts} til."))
    blocks += [{**header(texts.HOME_SUBMITTED), "block_id": "home_submitted"}]
    blocks += _report_lines(data.submitted, drafts=False) or [section(texts.HOME_NO_SUBMITTED)]
    if data.more_submitted:
        blocks.append(context(f"… og {data.more_submitted} til."))
    blocks += [{**header(texts.HOME_DEADLINES), "block_id": "home_deadlines"}]
    if data.deadlines is None:
        blocks.append(section(texts.HOME_DEADLINES_NOT_BUILT))
    elif not data.deadlines:
        blocks.append(section(texts.HOME_NO_DEADLINES))
    else:
        for deadline in data.deadlines:
            source = f" (planens punkt {', '.join(deadline.sources)})" if deadline.sources else ""
            blocks.append(section(f"*{escape(deadline.when)}* ({escape(deadline.relative)}): "
                                  f"{escape(deadline.label)}{escape(source)}", escaped=True))
    if data.is_secretariat:
        blocks += _secretariat_blocks(data)
    if len(blocks) > limits.VIEW_BLOCKS:
        blocks = blocks[: limits.VIEW_BLOCKS - 1] + [context(texts.HOME_TRUNCATED)]
    return {"type": "home", "callback_id": "home", "blocks": blocks}


def _secretariat_blocks(data: HomeData) -> list[Block]:
    blocks: list[Block] = [divider(), {**header(texts.HOME_SECRETARIAT), "block_id": "home_secretariat"},
                           {**section(f"*{texts.HOME_REPORTS_RECEIVED}*", escaped=True),
                            "block_id": "home_received_title"}]
    if data.received:
        lines = [f"• {line.year or 'uten år'}: {line.network}, {line.scheme}: {line.count}" for line in data.received]
        blocks += _text_sections("\n".join(lines), "home_received")
    else:
        blocks.append({**section(texts.HOME_NO_REPORTS_RECEIVED), "block_id": "home_received"})
    blocks += [{**section(f"*{texts.HOME_CAMPAIGN}*\n{texts.HOME_CAMPAIGN_NOT_BUILT}", escaped=True),
                "block_id": "home_campaign"},
               actions(button(texts.HOME_EXPORT, "home_export"),
                       button(texts.HOME_CAMPAIGN_START, "home_campaign_start"),
                       button(texts.HOME_CAMPAIGN_PAUSE, "home_campaign_pause"), block_id="home_secretariat_actions")]
    return blocks


async def publish_home(client: AsyncWebClient, deps: SlackDeps, user_id: str) -> None:
    user = await deps.users.lookup(client, user_id)
    is_secretariat = await asyncio.to_thread(deps.is_secretariat, user)
    data = await asyncio.to_thread(load_home_data, deps.bot_app, user_id=user.user_id, email=user.email,
                                   is_secretariat=is_secretariat)
    await client.views_publish(user_id=user_id, view=build_home_view(data))


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
