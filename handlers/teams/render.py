"""A core ``Reply`` as Teams activities: markdown text split within Teams' message size (about 28 KB with
everything around it), monospace tables as Adaptive Cards, files as signed download links (``files``)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.messages import Attachment, Reply
from handlers.teams import cards, texts
from handlers.teams.files import FileLinks

MAX_TEXT_BYTES = 20_000
"""Per message, as JSON-encoded UTF-8: well inside Teams' limit with the activity's other fields."""
_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)


def _size(text: str) -> int:
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))


def split_text(text: str, limit: int = MAX_TEXT_BYTES) -> list[str]:
    """Split at paragraph, then line boundaries (a line longer than the limit is cut); code fences are
    closed at the end of a part and opened again in the next."""
    parts: list[str] = []
    current: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if current:
            body = "\n".join(current + (["```"] if fence is not None else []))
            if body.strip():
                parts.append(body)
            current.clear()
            if fence is not None:
                current.append(fence)

    for raw in text.split("\n"):
        pieces = [raw]
        while _size(pieces[-1]) > limit // 2:
            last = pieces.pop()
            cut = len(last) // 2
            pieces += [last[:cut], last[cut:]]
        for line in pieces:
            if _size("\n".join([*current, line])) + 8 > limit:
                flush()
            current.append(line)
            if line.strip().startswith("```"):
                fence = None if fence is not None else line.strip()
    if current:
        fence = None
        flush()
    return parts


def message(text: str) -> dict[str, Any]:
    return {"type": "message", "text": text, "textFormat": "markdown"}


def card_message(content: dict[str, Any], summary: str = "") -> dict[str, Any]:
    activity: dict[str, Any] = {"type": "message", "attachments": [cards.attachment(content)]}
    if summary:
        activity["summary"] = summary
    return activity


def text_activities(reply: Reply, *, tables_as_cards: bool = True) -> list[dict[str, Any]]:
    """The reply's text; with ``tables_as_cards`` each fenced monospace block becomes an Adaptive Card."""
    if not tables_as_cards or "```" not in reply.text:
        return [message(part) for part in split_text(reply.text)]
    activities: list[dict[str, Any]] = []
    position = 0
    for found in _FENCE.finditer(reply.text):
        before = reply.text[position:found.start()].strip()
        title = None
        if before:
            lines = before.splitlines()
            if len(lines) > 1 or not lines[-1].rstrip().endswith(":"):
                activities += [message(part) for part in split_text(before)]
            else:
                title = lines[-1].rstrip(":").strip()
        content = cards.table_card(found.group(1).rstrip("\n"), title)
        if cards.card_size(content) <= cards.MAX_CARD_BYTES:
            activities.append(card_message(content))
        else:
            activities += [message(part) for part in split_text(found.group(0))]
        position = found.end()
    rest = reply.text[position:].strip()
    if rest:
        activities += [message(part) for part in split_text(rest)]
    return activities


def file_activities(attachments: tuple[Attachment, ...], links: FileLinks, base_url: str) -> list[dict[str, Any]]:
    if not attachments:
        return []
    found = [(item.filename, item.mimetype, links.add(item, base_url)) for item in attachments]
    note = texts.FILE_NOTE.format(minutes=int(links.ttl // 60))
    return [card_message(cards.file_card(found, note), summary=", ".join(name for name, _m, _u in found))]


def is_shareable(attachment: Attachment) -> bool:
    """Images (the allocation chart) may be shown where the question was asked; files go to the 1:1 chat."""
    return attachment.mimetype.startswith("image/")
