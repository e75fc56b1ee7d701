"""Adaptive Cards (schema 1.5, what every Teams client shows): the campaign reminder with its buttons,
the same card after an answer (buttons gone), tables and file links."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from handlers.teams import texts

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"
MAX_CARD_BYTES = 24_000
"""A message may be about 28 KB with its cards; the rest is the activity around it."""
MAX_MEASURES_SHOWN = 60
ACTION_KEY = "kompetansebot"
CAMPAIGN_REPLY = "campaign_reply"
ANSWERS = ("done", "not_yet", "handover")


def card_size(card: Mapping[str, Any]) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


def card(body: list[dict[str, Any]], actions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    content: dict[str, Any] = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                               "version": CARD_VERSION, "body": body}
    if actions:
        content["actions"] = list(actions)
    return content


def attachment(content: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": CARD_TYPE, "content": content}


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _reminder_body(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    body = [text_block(texts.CARD_TITLE.format(year=payload.get("year", "")), weight="Bolder", size="Medium"),
            text_block(texts.CARD_INTRO.format(first_name=payload.get("first_name") or payload.get("name") or "",
                                               deadline=payload.get("deadline", ""),
                                               relative=payload.get("relative", "")))]
    shown = 0
    total = sum(len(group.get("measures", [])) for group in payload.get("groups", []))
    for group in payload.get("groups", []):
        if shown >= MAX_MEASURES_SHOWN:
            break
        lines = []
        for measure in group.get("measures", []):
            if shown >= MAX_MEASURES_SHOWN:
                break
            lines.append(f"- {measure.get('name', '')} ({measure.get('scheme', '')})")
            shown += 1
        body.append(text_block(str(group.get("network", "")), weight="Bolder", spacing="Medium"))
        body.append(text_block("\n".join(lines), spacing="Small"))
    if total > shown:
        body.append(text_block(f"… og {total - shown} til.", isSubtle=True))
    return body


def reminder_card(payload: Mapping[str, Any], *, outbox_id: int) -> dict[str, Any]:
    """The reminder: open measures, the reporting link and the three answers."""
    actions: list[dict[str, Any]] = []
    if payload.get("link"):
        actions.append({"type": "Action.OpenUrl", "title": texts.CARD_LINK, "url": str(payload["link"])})
    for answer in ANSWERS:
        actions.append({"type": "Action.Submit", "title": texts.ANSWER_LABELS[answer],
                        "data": {ACTION_KEY: CAMPAIGN_REPLY, "answer": answer, "outbox": outbox_id,
                                 "recipient": payload.get("recipient_id"), "campaign": payload.get("campaign_id")}})
    return card(_reminder_body(payload), actions)


def answered_card(payload: Mapping[str, Any], answer: str, when: str) -> dict[str, Any]:
    """The reminder after an answer: the same text, the link, no buttons, and what was answered."""
    body = _reminder_body(payload)
    body.append(text_block(texts.CARD_ANSWERED.format(label=texts.ANSWER_LABELS.get(answer, answer), when=when),
                           weight="Bolder", color="Good", spacing="Medium"))
    actions = [{"type": "Action.OpenUrl", "title": texts.CARD_LINK, "url": str(payload["link"])}] \
        if payload.get("link") else []
    return card(body, actions)


def payload_summary(payload: Mapping[str, Any]) -> str:
    """The notification text of a reminder card (shown in the activity feed and by old clients)."""
    return texts.CARD_TITLE.format(year=payload.get("year", ""))


_COLUMNS = re.compile(r"\s{2,}")


def table_card(block: str, title: str | None = None) -> dict[str, Any]:
    """A monospace table from the core's text as an Adaptive Card ``Table`` (columns at two or more
    spaces); a block that does not split into even columns stays a monospace text."""
    lines = [line for line in block.splitlines() if line.strip() and not set(line.strip()) <= set("-=+|─ ")]
    rows = [[cell.strip() for cell in _COLUMNS.split(line.strip())] for line in lines]
    width = max((len(row) for row in rows), default=0)
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder")] if title else []
    if width >= 2 and sum(len(row) == width for row in rows) >= max(2, len(rows) - 2):
        table_rows = []
        for index, row in enumerate(rows):
            cells = row + [""] * (width - len(row)) if len(row) < width else row[:width - 1] + [" ".join(row[width - 1:])]
            table_rows.append({"type": "TableRow", "cells": [
                {"type": "TableCell", "items": [text_block(cell or " ", weight="Bolder" if index == 0 else "Default",
                                                           horizontalAlignment="Right" if column and _numeric(cell)
                                                           else "Left")]}
                for column, cell in enumerate(cells)]})
        body.append({"type": "Table", "firstRowAsHeader": True, "gridStyle": "default",
                     "columns": [{"width": 3 if column == 0 else 2} for column in range(width)], "rows": table_rows})
    else:
        body.append(text_block(block, fontType="Monospace"))
    return card(body)


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s  .,]+%?(?:\s?(?:kr|NOK|mill\.?))?", cell.strip())) and any(
        ch.isdigit() for ch in cell)


def file_card(links: Sequence[tuple[str, str, str]], note: str) -> dict[str, Any]:
    """(filename, mimetype, url) of each file: images shown, the rest as download buttons."""
    body: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for filename, mimetype, url in links:
        if mimetype.startswith("image/"):
            body.append({"type": "Image", "url": url, "altText": texts.CHART_ALT.format(filename=filename),
                         "size": "Stretch"})
        actions.append({"type": "Action.OpenUrl", "title": texts.FILE_LINK.format(filename=filename), "url": url})
    body.append(text_block(note, isSubtle=True, size="Small"))
    return card(body, actions)
