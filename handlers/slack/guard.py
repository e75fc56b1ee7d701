"""The gate in front of bolt for Slack over HTTP: a bounded read, then the signature, then the shape.

Nothing from outside is parsed, decoded or logged before the HMAC over the raw bytes and the
timestamp have been checked: a body over the limit is refused while it is being read (the declared
``Content-Length`` first, then a streamed read that stops past the limit, so a chunked body without a
length is bounded too), an unsigned or badly signed request gets 401, and only a signed body is
checked for the JSON or form shape bolt expects (400 when it is neither).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Mapping
from urllib.parse import parse_qsl

MAX_BODY_BYTES = 1024 * 1024
MAX_CLOCK_SKEW_SECONDS = 300
_MAX_TIMESTAMP_DIGITS = 12


class Rejected(Exception):
    """The request is refused; ``status`` and ``reason`` (a fixed word, never outside text) say why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason


async def read_body(headers: Mapping[str, str], chunks: AsyncIterator[bytes], *,
                    limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, at most ``limit`` bytes; raises ``Rejected(413)`` as soon as it is known to be larger."""
    declared = headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()) or len(declared) > 19:
            raise Rejected(400, "bad content-length")
        if int(declared) > limit:
            raise Rejected(413, "declared too large")
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise Rejected(413, "too large")
    return bytes(data)


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's ``v0=`` signature: HMAC-SHA256 of ``v0:{timestamp}:{raw body}``."""
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def verify(headers: Mapping[str, str], body: bytes, *, secret: str, now: float,
           max_skew: int = MAX_CLOCK_SKEW_SECONDS) -> None:
    """Raise ``Rejected(401)`` unless the timestamp is a number within ``max_skew`` seconds of ``now`` and
    the signature matches the raw bytes."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > _MAX_TIMESTAMP_DIGITS:
        raise Rejected(401, "bad timestamp")
    if abs(now - int(timestamp)) > max_skew:
        raise Rejected(401, "stale timestamp")
    if not signature.isascii() or not hmac.compare_digest(signature_for(secret, timestamp, body), signature):
        raise Rejected(401, "bad signature")


def check_shape(headers: Mapping[str, str], body: bytes) -> str:
    """The body as text when bolt can read it (a JSON object, or a form, with a JSON ``payload`` when
    one is present); ``Rejected(400)`` otherwise. Mirrors ``slack_bolt.request.internals.parse_body``."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(400, "not utf-8") from None
    if not text:
        return text
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "application/json" or text.startswith("{"):
            parsed: object = json.loads(text)
        elif "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            parsed = json.loads(payload) if payload is not None else {}
        else:
            parsed = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        raise Rejected(400, "malformed body") from None
    if not isinstance(parsed, dict):
        raise Rejected(400, "malformed body")
    return text
