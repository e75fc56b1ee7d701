"""The needs-report receipt by email: when a report is sent from Slack or the console and the email
channel is set up, the contact person also gets the receipt in their mailbox.

The mail goes through the transactional outbox in the submitting transaction, keyed by reference and
version, so a retried submission never mails twice and a rolled-back one never mails at all.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.clock import Clock
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.outbox import Outbox, OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models import NeedsReport

SUBJECT = "Kvittering for behovsmelding {reference}"


def receipt_address(report: NeedsReport) -> str | None:
    """The form's contact email, else the owner when that is an address."""
    for candidate in (report.answers.get("contact_email"), report.owner_key):
        if isinstance(candidate, str) and "@" in candidate and ":" not in candidate:
            return candidate.strip()
    return None


class ReceiptMailer:
    def __init__(self, outbox: Outbox, clock: Clock) -> None:
        self.outbox = outbox
        self.clock = clock

    def __call__(self, session: Session, report: NeedsReport, text: str) -> None:
        address = receipt_address(report)
        if address is None or report.reference is None:
            return
        name = report.answers.get("contact_name")
        subject = SUBJECT.format(reference=report.reference)
        request = OutgoingRequest(key=f"receipt:{report.reference}:v{report.version}",
                                  to=Recipient(address, name if isinstance(name, str) else ""),
                                  content=render_reply(text, subject=subject), kind="receipt",
                                  auto_submitted=AUTO_GENERATED, detail={"reference": report.reference,
                                                                         "version": report.version})
        tokens = ReplyTokens.load(session, self.outbox.config.identity, self.clock.now())
        self.outbox.enqueue(session, request, tokens)
