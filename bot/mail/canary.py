"""The canary: a mail from the bot to itself, through SMTP and back into its own mailbox.

Intake recognises it as the bot's own mail (loop header), drops it and notes its arrival on the
outbox row (``echo_at``). A canary sent more than ``max_delay`` ago that has not come back means
sending or receiving is broken: an alert is logged and audited (once per canary).
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.mail.compose import AUTO_GENERATED, MailContent, Recipient
from bot.mail.outbox import SENT, Outbox, OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailOutbox

log = logging.getLogger(__name__)
KIND = "canary"


def enqueue_canary(session: Session, outbox: Outbox, tokens: ReplyTokens, *, every_minutes: float) -> MailOutbox:
    """At most one canary per period (the idempotency key is the period's start)."""
    now = outbox.timer.now().astimezone(UTC)
    period = int(now.timestamp() // max(60.0, every_minutes * 60))
    identity = outbox.config.identity
    content = MailContent(subject=f"kompetansebot canary {period}",
                          text="Kontrollmelding fra kompetansebot til seg selv. Ingen handling nødvendig.\n",
                          html="<p>Kontrollmelding fra kompetansebot til seg selv. Ingen handling nødvendig.</p>\n")
    return outbox.enqueue(session, OutgoingRequest(
        key=f"canary:{period}", to=Recipient(identity.address, "Kompetansebot"), content=content, kind=KIND,
        auto_submitted=AUTO_GENERATED), tokens)


def late_canaries(session: Session, outbox: Outbox, *, max_delay_minutes: float) -> list[MailOutbox]:
    """Canaries sent longer ago than ``max_delay_minutes`` that never came back; each alerted once."""
    now = outbox.timer.now().astimezone(UTC)
    cutoff = now - timedelta(minutes=max_delay_minutes)
    rows = session.exec(select(MailOutbox).where(MailOutbox.kind == KIND, MailOutbox.status == SENT,
                                                 col(MailOutbox.echo_at).is_(None))).all()
    late: list[MailOutbox] = []
    audit = AuditLog(outbox.clock)
    for row in rows:
        attempted = row.last_attempt_at
        if attempted is None:
            continue
        if attempted.tzinfo is None:
            attempted = attempted.replace(tzinfo=UTC)
        if attempted > cutoff or row.detail.get("late_alerted"):
            continue
        late.append(row)
        row.detail = {**row.detail, "late_alerted": now.isoformat()}
        session.add(row)
        log.error("email canary %s sent at %s has not come back to the mailbox", row.message_id, attempted)
        audit.record(session, actor="kompetansebot", channel="email", action="email.canary_late", outcome="alert",
                     target=row.message_id, detail={"sent": attempted.isoformat(),
                                                    "max_delay_minutes": max_delay_minutes})
    return late
