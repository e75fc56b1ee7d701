"""The core's light markup, and how a channel without markup shows it.

Replies are written once, in a small subset that Slack shows as it is: ``*bold*`` and fenced
blocks (```` ``` ```` on a line of its own) for aligned tables. Each channel formats for itself:
Slack passes the text on, the console and the plain-text mail part call :func:`to_plain`.
"""

from __future__ import annotations

import re

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
