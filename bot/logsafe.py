"""Log lines that outside text cannot forge.

Messages carry text from outside (Slack ids, mail subjects, exception messages quoting input). A line
break in such text would start what looks like a new log record. ``SafeFormatter`` escapes every
control character (C0, DEL, C1, and the Unicode line and paragraph separators) in the formatted message,
so one record's message is always one line; a traceback keeps its lines, each indented under the record,
so no line of it can pass for a record of its own.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
CONTINUATION = "    | "


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return _CONTROL.sub(_escape_one, text)


def indent_block(text: str) -> str:
    """A multi-line block (a traceback) as continuation lines: each line escaped and prefixed."""
    return "\n".join(CONTINUATION + escape(line) for line in text.splitlines())


class SafeFormatter(logging.Formatter):
    """``logging.Formatter`` whose message is one escaped line; exception and stack text follow indented."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        line = escape(self.formatMessage(record))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        extra = [record.exc_text or "", self.formatStack(record.stack_info) if record.stack_info else ""]
        blocks = [indent_block(block) for block in extra if block]
        return "\n".join([line, *blocks])


def safe_handler(stream: TextIO, fmt: str = FORMAT) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter(fmt))
    return handler


def configure(level: int, stream: TextIO, fmt: str = FORMAT) -> None:
    """``logging.basicConfig`` with one handler on ``stream`` that formats with ``SafeFormatter`` (like
    ``basicConfig``, a no-op when the root logger already has handlers)."""
    logging.basicConfig(level=level, handlers=[safe_handler(stream, fmt)])
