"""The core's light markup, and how a channel without markup shows it.

Replies are written once, in a small subset that Slack shows as it is: ``*bold*`` and fenced
blocks (```` ``` ```` on a line of its own) for aligned tables. Each channel formats for itself:
Slack passes the text on, the console and the plain-text mail part call :func:`to_plain`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = "```"
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]{1,300})\*(?![\w*])")
"""``*bold*`` between non-word characters; bounded, so it stays linear on any line."""


def to_plain(text: str) -> str:
    """Plain text for a terminal or a text/plain mail part: fences dropped (their lines kept aligned),
    ``*bold*`` shown without its stars. Text inside fences is left exactly as it is."""
    lines: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if line.strip().startswith(FENCE):
            rest = line.strip()[len(FENCE):]
            if rest.endswith(FENCE):  # ```inline block``` on one line
                lines.append(rest[: -len(FENCE)])
                continue
            in_fence = not in_fence
            if rest:
                lines.append(rest)
            continue
        lines.append(line if in_fence else _BOLD.sub(r"\1", line))
    return "\n".join(lines)


_COLUMN_GAP = re.compile(r" {2,}")
_NUMERIC = re.compile(r"^[-+−]?[\d  .,]+(?: ?(?:kr|%))?$")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Table:
    """A fenced block read as a table: columns are separated by two or more spaces."""

    rows: tuple[tuple[str, ...], ...]

    def numeric(self, cell: str) -> bool:
        return bool(_NUMERIC.match(cell.strip()))


def _spans(line: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for found in _BOLD.finditer(line):
        if found.start() > position:
            spans.append(Span(line[position:found.start()]))
        spans.append(Span(found.group(1), bold=True))
        position = found.end()
    if position < len(line):
        spans.append(Span(line[position:]))
    return tuple(spans)


def blocks(text: str) -> list[Paragraph | Table]:
    """The light markup as blocks for an HTML channel (email): paragraphs with bold spans, and each
    fenced block as a table (its header row first)."""
    found: list[Paragraph | Table] = []
    paragraph: list[tuple[Span, ...]] = []
    fenced: list[str] | None = None

    def close_paragraph() -> None:
        if paragraph:
            found.append(Paragraph(tuple(paragraph)))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip().startswith(FENCE):
            if fenced is None:
                close_paragraph()
                fenced = []
            else:
                rows = tuple(tuple(cell.strip() for cell in _COLUMN_GAP.split(row.strip()))
                             for row in fenced if row.strip() and not set(row.strip()) <= set("-=+ |"))
                if rows:
                    found.append(Table(rows))
                fenced = None
            continue
        if fenced is not None:
            fenced.append(line)
        elif not line.strip():
            close_paragraph()
        else:
            paragraph.append(_spans(line))
    if fenced:  # an unclosed fence: its lines stay text
        paragraph.extend(_spans(line) for line in fenced if line.strip())
    close_paragraph()
    return found
