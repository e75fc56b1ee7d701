"""The App Home view: drafts, submitted reports and deadlines for everyone; for the secretariat the
reports received per network and scheme, the reminder campaign's status and buttons."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack import limits, texts
from handlers.slack.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    section,
    split_text,
)
from handlers.slack.deps import SlackDeps
from handlers.slack.home_data import HomeData, ReportLine, load_home_data


def _report_lines(lines: list[ReportLine], *, drafts: bool) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        text = f"*{escape(line.title)}*"
        if line.reference:
            text += f"  `{escape(line.reference)}`"
        detail = texts.HOME_CHANGED.format(date=f"{line.updated:%d.%m.%Y}")
        if drafts and line.answered:
            detail += texts.HOME_ANSWERS.format(count=line.answered)
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
        blocks.append(context(texts.HOME_MORE.format(count=data.more_drafts)))
    blocks += [{**header(texts.HOME_SUBMITTED), "block_id": "home_submitted"}]
    blocks += _report_lines(data.submitted, drafts=False) or [section(texts.HOME_NO_SUBMITTED)]
    if data.more_submitted:
        blocks.append(context(texts.HOME_MORE.format(count=data.more_submitted)))
    blocks += [{**header(texts.HOME_DEADLINES), "block_id": "home_deadlines"}]
    if data.deadlines is None:
        blocks.append(section(texts.HOME_DEADLINES_NOT_BUILT))
    elif not data.deadlines:
        blocks.append(section(texts.HOME_NO_DEADLINES))
    else:
        for deadline in data.deadlines:
            source = texts.HOME_PLAN_SECTIONS.format(sections=", ".join(deadline.sources)) if deadline.sources else ""
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
        lines = [f"• {line.year or texts.HOME_NO_YEAR}: {line.network}, {line.scheme}: {line.count}"
                 for line in data.received]
        blocks += _text_sections("\n".join(lines), "home_received")
    else:
        blocks.append({**section(texts.HOME_NO_REPORTS_RECEIVED), "block_id": "home_received"})
    blocks.append({**section(f"*{texts.HOME_CAMPAIGN}*", escaped=True), "block_id": "home_campaign_title"})
    if data.campaign:
        blocks += _text_sections(data.campaign, "home_campaign")
    else:
        year = data.campaign_year if data.campaign_year is not None else "ÅÅÅÅ"
        blocks.append({**section(texts.HOME_NO_CAMPAIGN.format(year=year)), "block_id": "home_campaign"})
    blocks += [actions(button(texts.HOME_EXPORT, "home_export"),
                       button(texts.HOME_CAMPAIGN_START, "home_campaign_start"),
                       button(texts.HOME_CAMPAIGN_PAUSE, "home_campaign_pause"), block_id="home_secretariat_actions")]
    return blocks


async def publish_home(client: AsyncWebClient, deps: SlackDeps, user_id: str) -> None:
    user = await deps.users.lookup(client, user_id)
    is_secretariat = await asyncio.to_thread(deps.is_secretariat, user)
    data = await asyncio.to_thread(load_home_data, deps.bot_app, user_id=user.user_id, email=user.email,
                                   is_secretariat=is_secretariat)
    await client.views_publish(user_id=user_id, view=build_home_view(data))
