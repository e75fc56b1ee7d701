"""Link an inbound mail to what the bot sent, strongest evidence first (reference/email.md §2).

1. A valid reply token in a recipient address (To, Cc, Delivered-To, X-Original-To).
2. ``In-Reply-To``, then ``References`` (newest first; comma-joined lists are read too).
3. The sender: their most recent mail from us (weak: shared mailboxes, colleagues).

Forged or guessed tokens fail the MAC and are reported, never looked up. A token is bound to one
outbox row, so one campaign's token can never link to another campaign.

Policy for a reply from another address than the one we wrote to (a colleague, a shared box):
**accepted and audited**. The link is kept with ``other_sender=True``; the message is handled as
the actual sender's own (their conversation, their identity), never as the original contact's.
A campaign must not mark the original contact done on such a reply without a person's review.

A link is not proof of who wrote the mail: In-Reply-To and References are copied into every quote
and can be forged. Whether the sender may change stored data is decided separately
(``bot.mail.verification``: a token sent to that very address, or DMARC pass from our gateway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.mail.parse import ParsedMail
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailOutbox

TOKEN = "token"
IN_REPLY_TO = "in-reply-to"
REFERENCES = "references"
SENDER = "sender"
NONE = "none"
MAX_REFERENCES = 10

_PREFIX = re.compile(r"^\s*(?:(?:sv|re|vs|aw|fw|fwd|tr|vb|antw|ref)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Correlation:
    via: str
    outbox_id: int | None = None
    recipient: str | None = None
    thread_key: str | None = None
    campaign_id: str | None = None
    kind: str | None = None
    other_sender: bool = False
    rejected_tokens: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        return self.outbox_id is not None and self.via != SENDER


def base_subject(subject: str) -> str:
    """The subject without reply/forward prefixes: "SV: SV: VS: Påminnelse" -> "Påminnelse"."""
    return _PREFIX.sub("", subject or "").strip()


def _result(row: MailOutbox, via: str, sender: str, rejected: tuple[str, ...]) -> Correlation:
    return Correlation(via=via, outbox_id=row.id, recipient=row.recipient, thread_key=row.thread_key,
                       campaign_id=row.campaign_id, kind=row.kind,
                       other_sender=bool(sender) and row.recipient != sender, rejected_tokens=rejected)


def correlate(session: Session, mail: ParsedMail, tokens: ReplyTokens, *, use_sender: bool = True) -> Correlation:
    sender = mail.sender_address
    valid, rejected_list = tokens.tokens_in(mail.recipient_addresses)
    rejected = tuple(rejected_list)
    for token in valid:
        row = session.exec(select(MailOutbox).where(MailOutbox.reply_token == token)).first()
        if row is not None:
            return _result(row, TOKEN, sender, rejected)
    for message_id in mail.in_reply_to:
        row = session.exec(select(MailOutbox).where(MailOutbox.message_id == message_id)).first()
        if row is not None:
            return _result(row, IN_REPLY_TO, sender, rejected)
    references = list(reversed(mail.references))[:MAX_REFERENCES]
    if references:
        rows = session.exec(select(MailOutbox).where(col(MailOutbox.message_id).in_(references))).all()
        by_id = {row.message_id: row for row in rows}
        for message_id in references:
            if message_id in by_id:
                return _result(by_id[message_id], REFERENCES, sender, rejected)
    if use_sender and sender:
        row = session.exec(
            select(MailOutbox).where(MailOutbox.recipient == sender).order_by(col(MailOutbox.id).desc())
        ).first()
        if row is not None:
            return _result(row, SENDER, sender, rejected)
    return Correlation(via=NONE, rejected_tokens=rejected)
