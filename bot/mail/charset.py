"""Decoding bytes and headers from real mail clients without losing æøå.

Rules (reference/email.md section 3): try the declared charset first, reading ``iso-8859-1`` and
``us-ascii`` as Windows-1252 (Outlook labels cp1252 bytes as Latin-1); then UTF-8, cp1252 and
Latin-1. The first decoding without errors wins. Unknown labels are skipped, never raised.
"""

from __future__ import annotations

import codecs
import email.header
import email.message
import re

# Labels whose bytes are, in practice, often Windows-1252.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                        "iso-8859-15", "iso8859-15", "ansi_x3.4-1968", "windows-1252", "cp1252"})
_FALLBACKS = ("utf-8", "cp1252", "iso-8859-1")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[qQbB]\?[^?\s]*\?=")
_FOLD = re.compile(r"\r?\n[ \t]+")
_HEADER_BREAKS = re.compile(r"[\t\r\n\v\f\x85\u2028\u2029]+")
_HEADER_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a MIME charset label, or None when unknown or absent."""
    if not label:
        return None
    cleaned = label.strip().strip('"').strip("'").lower()
    if not cleaned:
        return None
    if cleaned in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode body bytes: declared charset (Latin-1 read as cp1252), then UTF-8, cp1252, Latin-1."""
    candidates: list[str] = []
    codec = normalise_charset(declared)
    if codec is not None:
        candidates.append(codec)
    # A declared Latin-1/ASCII body that is valid UTF-8 with non-ASCII bytes is UTF-8 in practice.
    if codec == "cp1252" and not data.isascii():
        candidates.insert(0, "utf-8")
    for name in (*candidates, *_FALLBACKS):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")  # pragma: no cover - Latin-1 never fails


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def unfold(value: str) -> str:
    return _FOLD.sub(" ", value).replace("\r", "").replace("\n", "")


def decode_header_value(value: str | None) -> str:
    """A header as text: unfolded, 8-bit bytes decoded, encoded-words (RFC 2047) decoded, and
    control characters an encoded-word can smuggle in (NUL, CR, LF...) removed.

    ``value`` is the raw header string from a compat32 parse of the message bytes (8-bit bytes
    appear as surrogate escapes).
    """
    text = _decode_header_value(value)
    return clean_header_text(text) if _HEADER_CONTROLS.search(text) else text


def clean_header_text(value: str) -> str:
    """One line of header text: NUL, CR, LF and every other C0/C1 control character (and DEL, the
    Unicode line/paragraph separators) removed; breaks and tabs become single spaces."""
    return " ".join(_HEADER_CONTROLS.sub("", _HEADER_BREAKS.sub(" ", value)).split())


def _decode_header_value(value: str | None) -> str:
    if value is None:
        return ""
    text = unfold(str(value))
    if _has_surrogates(text):
        text = decode_bytes(text.encode("utf-8", "surrogateescape"))
    if "=?" not in text or not _ENCODED_WORD.search(text):
        return text.strip()
    try:
        parts = email.header.decode_header(text)
    except Exception:  # malformed encoded-words: keep the raw text
        return text.strip()
    pieces: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            pieces.append(chunk)
        elif charset is None:
            # Unencoded runs come back as raw-unicode-escape bytes.
            try:
                pieces.append(chunk.decode("raw-unicode-escape"))
            except UnicodeDecodeError:
                pieces.append(decode_bytes(chunk))
        else:
            pieces.append(decode_bytes(chunk, charset))
    return "".join(pieces).strip()


_MIME_BOILERPLATE = re.compile(
    r"^[ \t]*+(?:this is a multi-?part message in mime format\.?|this is a message in mime format\.?|"
    r"dette er en melding (?:med flere deler )?i mime-format\.?)[ \t\r]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _raw_text(value: str) -> bytes:
    """A compat32 payload or preamble string back to the bytes it was parsed from."""
    return value.encode("ascii", "surrogateescape") if value.isascii() or _has_surrogates(value) else \
        value.encode("utf-8", "surrogateescape")


def preamble_text(message: email.message.Message) -> str:
    """Text a broken multipart carries outside any part, for when no part holds text.

    A ``multipart/*`` whose parts are missing (no boundary line found: the parser keeps the body as
    one string) or empty can hold the person's text in its preamble. MIME boilerplate ("This is a
    multi-part message in MIME format.") is not text. Returns ``""`` when there is none.
    """
    found: list[str] = []
    for part in message.walk():
        if part.get_content_maintype() != "multipart":
            continue
        payload = part.get_payload()
        if isinstance(payload, str):  # no boundary found: the whole body is outside any part
            try:
                data = part.get_payload(decode=True)
            except Exception:
                data = None
            raw = data if isinstance(data, bytes) else _raw_text(payload)
            charset = part.get_param("charset")
            found.append(decode_bytes(raw, charset if isinstance(charset, str) else None))
        elif part.preamble:
            found.append(decode_bytes(_raw_text(part.preamble)))
    for text in found:
        cleaned = _MIME_BOILERPLATE.sub("", text).strip()
        if cleaned:
            return cleaned
    return ""
