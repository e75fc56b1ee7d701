"""Who really sent this mail: the sender's verification, and actions held until they confirm.

A ``From`` header proves nothing (reference/security.md section 1). The sender of a mail counts as
**verified** when one of these holds:

* ``reply_token``: the mail carries, in a recipient address (To, Cc, Delivered-To, X-Original-To),
  a valid reply token (``bot+<token>@``) of a mail the bot sent **to that same From address**: the
  sender can read that mailbox. A token of a mail sent to someone else proves nothing about this
  sender; ``In-Reply-To``/``References`` never verify (Message-IDs travel in every quote and
  forward, and anyone can write them).
* ``dmarc``: the **first** ``Authentication-Results`` header stamped by the organisation's own
  gateway (its authserv-id equals ``TRUSTED_AUTHSERV_ID``) shows ``dmarc=pass`` with
  ``header.from`` equal to the From domain. Every other Authentication-Results header is ignored
  (anyone can write one); the gateway puts its own on top and (RFC 8601 section 5) removes any
  that claim its id, so only the topmost one with our id is read.

A mail with more than one From address (or From header) is never verified.

Anything that changes a person's stored data by email acts only for a verified sender. For an
unverified one the bot answers **to the From address** (never to Reply-To) "Vi fikk en e-post i
ditt navn som ber om …", and the action waits in ``mail_pending_action`` until a reply to that
mail comes back from the same address with its token (:class:`PendingActions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.mail.parse import ParsedMail
from bot.mail.tokens import ReplyTokens
from bot.messages import UNVERIFIED, VERIFIED_BY_DMARC, VERIFIED_BY_REPLY_TOKEN, PendingRequest
from bot.models_email import MailOutbox, MailPendingAction
from bot.rendering import render
from bot.text import fold

MAX_AR_HEADERS = 20
MAX_AR_CHARS = 8_000
PENDING_DAYS = 7

PENDING = "pending"
DONE = "done"
DECLINED = "declined"
EXPIRED = "expired"
FAILED = "failed"

_DECLINE = re.compile(r"^(nei|no|nope|ikke meg|ikkje meg|not me|det var ikke meg|det var ikkje meg|it was not me"
                      r"|avbryt|stopp|stop|cancel)\b")


@dataclass(frozen=True)
class Verification:
    method: str = UNVERIFIED
    """``none``, ``reply_token`` or ``dmarc``."""
    outbox_ids: tuple[int, ...] = ()
    """For ``reply_token``: the bot's mails to this address whose tokens the mail carries."""
    reason: str = ""

    @property
    def verified(self) -> bool:
        return self.method != UNVERIFIED


@dataclass(frozen=True)
class AuthResult:
    method: str
    result: str
    properties: dict[str, str]


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str
    results: tuple[AuthResult, ...]


# ---------------------------------------------------------------------------------- Authentication-Results


def _segments(value: str) -> list[str]:
    """The value split on top-level ``;`` with comments dropped and quotes kept: one linear pass."""
    segments: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
            if depth == 0:
                current.append(char)
        elif char == "\\":
            escaped = True
        elif quoted:
            current.append(char)
            if char == '"':
                quoted = False
        elif char == "(":
            depth += 1
            current.append(" ")
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth:
            continue
        elif char == '"':
            quoted = True
            current.append(char)
        elif char == ";":
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
    segments.append("".join(current))
    return segments


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def parse_authentication_results(value: str) -> AuthenticationResults | None:
    """RFC 8601 ``authserv-id [version] ; method=result [reason=…] ptype.property=value …``.

    Linear in the length of the (bounded) value; None when there is no authserv-id (Exchange
    Online's own ``spf=pass …`` form without one is never the trusted gateway's)."""
    segments = _segments(" ".join(value[:MAX_AR_CHARS].split()))
    head = segments[0].split()
    if not head or "=" in head[0]:
        return None
    results: list[AuthResult] = []
    for segment in segments[1:]:
        words = segment.split()
        if not words or "=" not in words[0]:
            continue
        method, _, result = words[0].partition("=")
        properties: dict[str, str] = {}
        for word in words[1:]:
            key, sep, item = word.partition("=")
            if sep and key:
                properties.setdefault(key.lower(), _unquote(item).lower())
        results.append(AuthResult(method=method.split("/", 1)[0].lower(), result=_unquote(result).lower(),
                                  properties=properties))
    return AuthenticationResults(authserv_id=_unquote(head[0]).lower(), results=tuple(results))


def trusted_results(mail: ParsedMail, trusted_authserv_id: str | None) -> AuthenticationResults | None:
    """The topmost Authentication-Results header of our own gateway, if any."""
    if not trusted_authserv_id:
        return None
    wanted = trusted_authserv_id.strip().lower()
    for value in mail.headers.get("authentication-results", [])[:MAX_AR_HEADERS]:
        parsed = parse_authentication_results(value)
        if parsed is not None and parsed.authserv_id == wanted:
            return parsed
    return None


def dmarc_pass(mail: ParsedMail, trusted_authserv_id: str | None) -> bool:
    """Our gateway saw DMARC pass for exactly the From domain."""
    sender = mail.sender
    if sender is None or mail.from_count != 1:
        return False
    found = trusted_results(mail, trusted_authserv_id)
    if found is None:
        return False
    domain = sender.domain.lower().rstrip(".")
    return any(result.method == "dmarc" and result.result == "pass"
               and result.properties.get("header.from", "").rstrip(".") == domain for result in found.results)


# ---------------------------------------------------------------------------------- the sender's verification


def token_rows(session: Session, mail: ParsedMail, tokens: ReplyTokens) -> list[MailOutbox]:
    """The bot's mails to this very From address whose reply tokens this mail carries."""
    sender = mail.sender_address
    valid, _rejected = tokens.tokens_in(mail.recipient_addresses)
    if not sender or not valid:
        return []
    rows = session.exec(select(MailOutbox).where(col(MailOutbox.reply_token).in_(valid[:10]))).all()
    return [row for row in rows if row.recipient.strip().lower() == sender]


def verify_sender(session: Session, mail: ParsedMail, tokens: ReplyTokens,
                  trusted_authserv_id: str | None) -> Verification:
    if mail.sender is None:
        return Verification(reason="no usable From address")
    if mail.from_count != 1:
        return Verification(reason=f"{mail.from_count} From addresses")
    rows = token_rows(session, mail, tokens)
    if rows:
        return Verification(VERIFIED_BY_REPLY_TOKEN, outbox_ids=tuple(row.id for row in rows if row.id is not None))
    if dmarc_pass(mail, trusted_authserv_id):
        return Verification(VERIFIED_BY_DMARC)
    return Verification(reason="no reply token sent to this address, no DMARC pass from our gateway")


# ---------------------------------------------------------------------------------- texts


def _language(language: str) -> str:
    return language if language in {"nb", "nn", "en"} else "nb"


def describe(kind: str, language: str = "nb", **context: Any) -> str:
    """"å registrere at årsrapporten din er levert": what the held action does, for the mail."""
    values = {"reference": None, "title": None, **context}
    return render(f"email/verify_what.{_language(language)}.txt.j2", kind=kind, **values)


def verification_text(description: str, language: str = "nb", details: str = "") -> str:
    return render(f"email/verify.{_language(language)}.txt.j2", what=description, details=details)


def is_declined(text: str) -> bool:
    """The owner's reply says no ("Nei, det var ikke meg")."""
    for line in text.splitlines():
        folded = fold(line)
        if folded:
            return _DECLINE.match(folded) is not None
    return False


# ---------------------------------------------------------------------------------- held actions


class PendingActions:
    """``mail_pending_action``: what an unverified sender asked for, until a token reply confirms it."""

    def __init__(self, days: int = PENDING_DAYS) -> None:
        self.days = days

    def hold(self, session: Session, request: PendingRequest, *, address: str, raw_from: str,
             inbound_id: int | None, outbox_id: int | None, now: datetime) -> MailPendingAction:
        now = now.astimezone(UTC)
        row = MailPendingAction(kind=request.kind[:50], address=address.lower()[:320], raw_from=raw_from[:2000],
                                payload=dict(request.payload), description=request.description[:500],
                                inbound_id=inbound_id, outbox_id=outbox_id, status=PENDING, created_at=now,
                                expires_at=now + timedelta(days=self.days))
        session.add(row)
        session.flush()
        return row

    @staticmethod
    def waiting_for(session: Session, outbox_ids: tuple[int, ...], address: str) -> MailPendingAction | None:
        """The held action a token reply from ``address`` to one of ``outbox_ids`` answers."""
        if not outbox_ids:
            return None
        return session.exec(
            select(MailPendingAction).where(col(MailPendingAction.outbox_id).in_(list(outbox_ids)),
                                            MailPendingAction.address == address.lower(),
                                            MailPendingAction.status == PENDING)
            .order_by(col(MailPendingAction.id).desc())
        ).first()

    @staticmethod
    def expired(action: MailPendingAction, now: datetime) -> bool:
        expires = action.expires_at
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        return now.astimezone(UTC) > expires

    @staticmethod
    def resolve(session: Session, action: MailPendingAction, status: str, *, inbound_id: int | None,
                now: datetime) -> None:
        action.status = status
        action.resolved_at = now.astimezone(UTC)
        action.resolved_by_inbound_id = inbound_id
        session.add(action)
