"""Decode an uploaded or imported text file (CSV) without ever guessing wrong in silence.

Order: UTF-8 with BOM, UTF-16 with BOM, then strict UTF-8. A file that is not valid UTF-8 throughout
is read as a legacy encoding only when it is consistently one: no valid multi-byte UTF-8 sequence
anywhere (a file that mixes UTF-8 with Latin-1 rows is refused, naming the rows that are not UTF-8),
and the bytes decode strictly in Windows-1252 (Excel on Windows) or Mac Roman (older Excel on Mac),
whichever gives Norwegian text. Nothing is ever decoded "with replacement", so a name is stored as
written or not at all: "Kåre Ødegård" never becomes "KÃ¥re Ã˜degÃ¥rd".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
LEGACY_ENCODINGS = ("cp1252", "mac_roman")
MAX_ROWS_NAMED = 10
SAVE_AS_UTF8 = "Lagre fila på nytt som «CSV UTF-8 (kommadelt)» og prøv igjen."

# One well-formed multi-byte UTF-8 sequence (RFC 3629): if a file has one of these and also bytes that
# are not UTF-8, it mixes encodings.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_NORWEGIAN = frozenset("æøåÆØÅ")
_LIKELY = frozenset("äöüÄÖÜéèêëáàâóòôíìîúùûçñÉÈÊÁÀÓÒÔÍÚÜÇÑ«»–—‘’“”€§°½¼¾·")


class TextDecodeError(ValueError):
    """The bytes are not text in one known encoding; ``rows`` are the (1-based) lines that are not UTF-8."""

    def __init__(self, message: str, rows: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.rows = tuple(rows)


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_NAMED])
    more = len(rows) - MAX_ROWS_NAMED
    return shown + (f" og {more} til" if more > 0 else "")


def non_utf8_rows(data: bytes) -> list[int]:
    """The 1-based line numbers whose bytes are not valid UTF-8."""
    rows = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                rows.append(number)
    return rows


def _score(text: str) -> int:
    """How much a decoding looks like Norwegian text: æøå count most, control characters rule it out."""
    score = 0
    for char in text:
        if char.isascii():
            if char < " " and char not in "\t\n\r":
                return -1
            continue
        if char in _NORWEGIAN:
            score += 3
        elif char in _LIKELY:
            score += 1
        elif unicodedata.category(char) in ("Cc", "Co", "Cn"):
            return -1
    return score


def legacy_encoding(data: bytes) -> str | None:
    """The legacy encoding the (non-UTF-8) bytes are written in, or None when none reads as text."""
    best: tuple[int, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            score = _score(data.decode(encoding))
        except UnicodeDecodeError:
            continue
        if score >= 0 and (best is None or score > best[0]):
            best = (score, encoding)
    return best[1] if best else None


def detect_encoding(data: bytes) -> str:
    """The Python codec name to read ``data`` with; raises ``TextDecodeError`` (Norwegian message)."""
    if data.startswith(UTF8_BOM):
        bad = non_utf8_rows(data[len(UTF8_BOM):])
        if bad:
            raise TextDecodeError(f"Fila er merket som UTF-8, men rad {_rows_text(bad)} er ikke gyldig UTF-8 "
                                  f"(blandet tegnsett). Rett opp radene, eller {SAVE_AS_UTF8[0].lower()}"
                                  f"{SAVE_AS_UTF8[1:]}", bad)
        return "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextDecodeError(f"Fila er merket som UTF-16, men er ødelagt. {SAVE_AS_UTF8}") from None
        return "utf-16"
    if b"\x00" in data:
        raise TextDecodeError(f"Fila inneholder nulltegn og er ikke en tekstfil (kanskje UTF-16 uten BOM). "
                              f"{SAVE_AS_UTF8}")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    bad = non_utf8_rows(data)
    if _UTF8_SEQUENCE.search(data):
        raise TextDecodeError(f"Fila er UTF-8, men rad {_rows_text(bad)} er ikke gyldig UTF-8 (blandet tegnsett, "
                              f"for eksempel æøå limt inn fra en annen kilde). Rett opp radene, eller "
                              f"{SAVE_AS_UTF8[0].lower()}{SAVE_AS_UTF8[1:]}", bad)
    encoding = legacy_encoding(data)
    if encoding is None:
        raise TextDecodeError(f"Klarte ikke å finne tegnsettet i fila (rad {_rows_text(bad)}). {SAVE_AS_UTF8}", bad)
    return encoding


def decode_text(data: bytes) -> str:
    """The file's text, decoded strictly (see the module docstring); raises ``TextDecodeError``."""
    return data.decode(detect_encoding(data))
