"""Reply text to Block Kit: escaping, splitting within the limits, small block builders.

Long answers are split by construction: text into sections of at most ``SECTION_TEXT`` characters
(at paragraph, then line, then word boundaries), sections into messages of at most
``MESSAGE_BLOCKS`` blocks and ``MESSAGE_TEXT_BUDGET`` characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.slack import limits

Block = dict[str, Any]

_SAFETY = 50  # escaping is counted exactly; this is a margin below Slack's limit


def escape(text: str) -> str:
    """Escape the three characters mrkdwn gives meaning to (https://docs.slack.dev/messaging/formatting-message-text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """What Slack sends in an event's ``text``: the same three characters escaped."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def _cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` (longer than ``limit``): the last paragraph, line or word break."""
    for separator in ("\n\n", "\n", " "):
        index = text.rfind(separator, 0, limit)
        if index > limit // 3:
            return index
    return limit


_ESCAPED_LENGTH = {"&": 5, "<": 4, ">": 4}


def _fitting(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` once escaped ("&" becomes "&amp;")."""
    size = 0
    for index, char in enumerate(text):
        size += _ESCAPED_LENGTH.get(char, 1)
        if size > limit:
            return index
    return len(text)


def split_text(text: str, limit: int = limits.SECTION_TEXT - _SAFETY) -> list[str]:
    """Split text into chunks of at most ``limit`` characters *after* mrkdwn escaping."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        raw_limit = _fitting(rest, limit)
        if raw_limit == len(rest):
            chunks.append(rest)
            break
        cut = _cut_point(rest, raw_limit)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    return [chunk for chunk in chunks if chunk]


def section(text: str, *, escaped: bool = False) -> Block:
    body = text if escaped else escape(text)
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(body, limits.SECTION_TEXT)}}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, limits.HEADER_TEXT),
                                       "emoji": True}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(escape(text), limits.CONTEXT_TEXT)}]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, *, value: str = "", style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "action_id": action_id,
                               "text": {"type": "plain_text", "text": truncate(text, limits.BUTTON_TEXT)}}
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


@dataclass(frozen=True)
class SlackMessage:
    """One chat message: the blocks and the notification text that goes with them."""

    text: str
    blocks: list[Block]


def to_messages(text: str) -> list[SlackMessage]:
    """A reply as one or more messages, each within the block and text limits (the router's texts
    already name their plan sections, so nothing is added)."""
    sections = [section(chunk) for chunk in split_text(text)] or [section(" ")]
    messages: list[SlackMessage] = []
    current: list[Block] = []
    used = 0
    for block in sections:
        size = _block_text_length(block)
        if current and (len(current) >= limits.MESSAGE_BLOCKS or used + size > limits.MESSAGE_TEXT_BUDGET):
            messages.append(_message(current))
            current, used = [], 0
        current.append(block)
        used += size
    messages.append(_message(current))
    return messages


def _message(blocks: list[Block]) -> SlackMessage:
    first = next((_block_text(block) for block in blocks if _block_text(block)), " ")
    return SlackMessage(text=truncate(unescape(first), limits.FALLBACK_TEXT), blocks=blocks)


def _block_text(block: Block) -> str:
    if "text" in block and isinstance(block["text"], dict):
        return str(block["text"].get("text", ""))
    return " ".join(str(element.get("text", "")) for element in block.get("elements", [])
                    if isinstance(element, dict))


def _block_text_length(block: Block) -> int:
    return len(_block_text(block))
