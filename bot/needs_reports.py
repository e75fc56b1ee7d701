"""Storage of needs reports: drafts saved after every answer, submitted reports versioned."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.models import NeedsReport, NeedsReportVersion
from forms.definition import Form
from forms.engine import FormState, submission
from forms.needs_report import budget_year

DRAFT = "draft"
SUBMITTED = "submitted"
DISCARDED = "discarded"


def report_year(answers: dict[str, Any], today: date, deadline_month_day: tuple[int, int]) -> int:
    """The budget year a report sent ``today`` is for: the year of the next deadline on or after today.

    The one rule (``bot.needs_report_service.budget_year``); the answers (a continuing measure's
    first grant, the period) never decide it. ``answers`` is kept for callers of the old signature.
    """
    return budget_year(today, deadline_month_day)


class NeedsReportStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def draft_for(self, session: Session, owner_key: str) -> NeedsReport | None:
        """The person's unfinished report (a new one or a change to a submitted one), newest first."""
        return session.exec(
            select(NeedsReport)
            .where(NeedsReport.owner_key == owner_key, NeedsReport.status == DRAFT)
            .order_by(col(NeedsReport.updated_at).desc())
        ).first() or self._changing(session, owner_key)

    def _changing(self, session: Session, owner_key: str) -> NeedsReport | None:
        """A submitted report whose change is in progress (its ``state`` holds the edit)."""
        for report in session.exec(
            select(NeedsReport).where(NeedsReport.owner_key == owner_key, NeedsReport.status == SUBMITTED)
            .order_by(col(NeedsReport.updated_at).desc())
        ):
            if report.state:
                return report
        return None

    def get(self, session: Session, report_id: int) -> NeedsReport | None:
        return session.get(NeedsReport, report_id)

    def by_reference(self, session: Session, reference: str) -> NeedsReport | None:
        return session.exec(select(NeedsReport).where(NeedsReport.reference == reference.strip().upper())).first()

    def save_draft(self, session: Session, *, owner_key: str, channel: str, state: dict[str, Any],
                   report: NeedsReport | None = None) -> NeedsReport:
        now = self._clock.now()
        if report is None:
            report = NeedsReport(owner_key=owner_key, channel=channel, status=DRAFT, state={}, answers={},
                                 created_at=now, updated_at=now)
        report.state = dict(state)
        report.updated_at = now
        session.add(report)
        if report.id is None:
            session.flush()  # the conversation points at the report by id
        return report

    def discard(self, session: Session, report: NeedsReport) -> None:
        """Drop a draft; for a submitted report only the change in progress is dropped."""
        if report.status == SUBMITTED:
            report.state = {}
        else:
            report.status = DISCARDED
            report.state = {}
        report.updated_at = self._clock.now()
        session.add(report)

    def submit(self, session: Session, report: NeedsReport, *, answers: dict[str, Any], submitted_by: str,
               channel: str, year: int, summary: dict[str, Any]) -> NeedsReport:
        """Store a new version; the first submission gets its reference number."""
        now = self._clock.now()
        report.status = SUBMITTED
        report.version += 1
        report.answers = dict(answers)
        report.state = {}
        report.year = year
        report.network = summary.get("network")
        report.scheme = summary.get("scheme")
        report.amount = summary.get("amount")
        report.submitted_at = now
        report.updated_at = now
        session.add(report)
        session.flush()
        if report.reference is None:
            report.reference = f"BM-{year}-{report.id:04d}"
        session.add(NeedsReportVersion(report_id=report.id or 0, version=report.version, answers=dict(answers),
                                       submitted_by=submitted_by, channel=channel, submitted_at=now))
        session.add(report)
        return report

    def submit_form(self, session: Session, report: NeedsReport, form: Form, state: FormState, *,
                    submitted_by: str, channel: str, year: int | None = None, today: date | None = None,
                    deadline_month_day: tuple[int, int] | None = None) -> NeedsReport:
        """Store a form the engine has just submitted: the one path for every channel.

        ``year`` is the budget year (``NeedsReportService.report_year``); without it the year is
        the report's own once sent, else the one the deadline rule gives for ``today``."""
        answers = submission(form, state)
        if year is None:
            if report.year is not None and report.status == SUBMITTED:
                year = report.year
            elif today is not None and deadline_month_day is not None:
                year = report_year(answers, today, deadline_month_day)
            else:
                raise ValueError("submit_form needs a year, or today and the deadline")
        return self.submit(session, report, answers=answers, submitted_by=submitted_by, channel=channel,
                           year=year,
                           summary={"network": answers.get("network"), "scheme": answers.get("scheme"),
                                    "amount": answers.get("amount")})

    def submitted_by_owner(self, session: Session, owner_key: str) -> list[NeedsReport]:
        return list(session.exec(
            select(NeedsReport).where(NeedsReport.owner_key == owner_key, NeedsReport.status == SUBMITTED)
            .order_by(col(NeedsReport.id))
        ))

    def all_submitted(self, session: Session) -> list[NeedsReport]:
        return list(session.exec(
            select(NeedsReport).where(NeedsReport.status == SUBMITTED).order_by(col(NeedsReport.id))
        ))

    def versions(self, session: Session, report: NeedsReport) -> list[NeedsReportVersion]:
        return list(session.exec(
            select(NeedsReportVersion).where(NeedsReportVersion.report_id == report.id)
            .order_by(col(NeedsReportVersion.version))
        ))
