"""Inviting people to send a needs report by email: the whole form in one mail, through the outbox.

The reply (with answers written under the ``Svar`` lines) is read like any form reply: the needs-report
skill starts the person's draft from it (``NeedsReportSkill.wants`` takes any filled-in form mail).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select

from bot.calendar import format_date
from bot.clock import Clock
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.formmail import render_form_mail
from bot.mail.outbox import Outbox, OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailOutbox
from bot.needs_report_service import budget_year
from bot.rendering import render
from forms.definition import Form
from forms.parsers import ParseError, parse_email


@dataclass
class InvitationResult:
    queued: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)


def report_year(today: date, deadline_month_day: tuple[int, int]) -> int:
    """The year whose needs reports are being collected: the one budget-year rule of the service."""
    return budget_year(today, deadline_month_day)


class Inviter:
    def __init__(self, outbox: Outbox, form: Form, clock: Clock, deadline_month_day: tuple[int, int],
                 sources: Sequence[str] = ()) -> None:
        self.outbox = outbox
        self.sources = list(sources)
        self.form = form
        self.clock = clock
        self.deadline_month_day = deadline_month_day

    def invite(self, addresses: Sequence[str], *, year: int | None = None) -> InvitationResult:
        """Queue one invitation per valid address (once per address and year: a second run adds nothing)."""
        today = self.clock.today()
        year = year or report_year(today, self.deadline_month_day)
        deadline = date(year, *self.deadline_month_day)
        intro = render("needs_reports/invitation.nb.txt.j2", year=year, deadline=format_date(deadline),
                       relative_days=(deadline - today).days, sources=self.sources)
        body = render_form_mail(self.form, {}, today=today, intro=intro)
        subject = f"Behovsmelding for {year}: frist {format_date(deadline)}"
        content = render_reply(body, subject=subject)
        result = InvitationResult()
        with self.outbox.database.session() as session:
            tokens = ReplyTokens.load(session, self.outbox.config.identity, self.clock.now())
            for raw in addresses:
                try:
                    address = parse_email(raw)
                except ParseError as error:
                    result.invalid.append((raw, str(error)))
                    continue
                key = f"invitation:{year}:{address}"
                if session.exec(select(MailOutbox.id).where(MailOutbox.idempotency_key == key)).first() is not None:
                    result.already.append(address)
                    continue
                self.outbox.enqueue(session, OutgoingRequest(
                    key=key, to=Recipient(address), content=content, kind="invitation", respect_quiet_hours=True,
                    auto_submitted=AUTO_GENERATED, detail={"year": year}), tokens)
                result.queued.append(address)
        return result
