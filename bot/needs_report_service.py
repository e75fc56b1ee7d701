"""The needs report (behovsmelding) as one use case for every channel.

Channels (the chat skill for console/Slack DM/email, the email form, the Slack modal, later a Teams
card) only translate: text or a view in, a call here, a reply or a view out. Everything a report
*is* lives here, once:

* whose draft it is (:func:`owner_key`, one identity rule across channels);
* start / resume / continue / discard, one answer (:meth:`NeedsReportService.answer`) or many at
  once (:meth:`NeedsReportService.apply_many`, over the pure ``forms.batch.apply_answers``);
* submit: a new version, an audit row and a receipt, on every channel, always;
* the person's list, and a change before the deadline;
* one budget-year rule (:func:`budget_year`): the year a report is for follows from the date it
  is first sent and the yearly deadline in plan data — never from the measure's first grant or
  its period. References (``BM-<year>-<n>``), exports, invitations and the edit lock all use it.

The engine's state machine is moved only through its public operations (``forms.engine``). The
caller owns the transaction: every method takes the open ``Session``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.db import write_through
from bot.form_text import render_reply
from bot.models import NeedsReport
from bot.needs_reports import DRAFT, SUBMITTED, NeedsReportStore
from forms import engine
from forms.batch import BatchResult, apply_answers
from forms.definition import Form
from forms.engine import FormState, StepResult
from forms.needs_report import budget_year
from forms.parsers import format_kroner
from forms.text import LANGUAGES

ReceiptMailer = Callable[[Session, NeedsReport, str], None]
QuestionPredicate = Callable[[str], bool]
Estimate = Callable[[Session, int, str, str], "int | None"]
"""(session, budget year, network id, scheme id) -> the network's allocation estimate, if known."""


# --- the rules that used to be written three times ------------------------------------------------

def owner_key(channel: str, user_id: str, email: str | None = None) -> str:
    """A person's identity across channels: the email address when known, else ``channel:user``."""
    if email and email.strip():
        return email.strip().lower()
    if "@" in user_id:
        return user_id.strip().lower()
    return f"{channel}:{user_id}"


def deadline_of(year: int, deadline_month_day: tuple[int, int]) -> date:
    return date(year, *deadline_month_day)


@dataclass(frozen=True)
class Actor:
    """Who is acting, as a channel knows them."""

    channel: str
    user_id: str
    email: str | None = None
    display_name: str | None = None
    is_secretariat: bool = False
    identity: Mapping[str, str] | None = None

    @property
    def owner_key(self) -> str:
        return owner_key(self.channel, self.user_id, self.email)

    @property
    def submitted_by(self) -> str:
        key = self.owner_key
        return key if "@" in key else self.user_id


# --- what a call gives back -----------------------------------------------------------------------

@dataclass(frozen=True)
class Receipt:
    reference: str
    version: int
    year: int
    changeable_until: date
    email_receipt: bool
    """Whether a receipt also goes by email (sent from another channel, and email is set up)."""
    text: str


@dataclass
class FormTurn:
    """The outcome of one call: the report row, the engine's result, and a receipt when sent in."""

    report: NeedsReport | None
    result: StepResult | None
    outcome: str
    receipt: Receipt | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> FormState | None:
        return None if self.result is None else self.result.state


@dataclass
class BatchTurn:
    report: NeedsReport
    batch: BatchResult


@dataclass(frozen=True)
class ReportLine:
    id: int
    reference: str | None
    title: str | None
    network: str | None
    scheme: str | None
    amount: int | None
    version: int
    year: int | None
    submitted: date | None
    changeable: bool
    deadline: date | None


@dataclass(frozen=True)
class Refusal:
    reason: str
    """``no_such_report``, ``not_submitted``, ``not_owner`` or ``too_late``."""
    reference: str
    deadline: date | None = None


def _with_note(result: StepResult, note: engine.ReplyPart) -> StepResult:
    """The result with a note put before the next question (or at the end)."""
    parts = list(result.reply)
    index = next((n for n, part in enumerate(parts) if part.kind in ("ask", "summary")), len(parts))
    parts.insert(index, note)
    return StepResult(result.state, tuple(parts), result.outcome)


# --- the service ----------------------------------------------------------------------------------

class NeedsReportService:
    def __init__(self, form: Form, store: NeedsReportStore, audit: AuditLog, *,
                 deadline_month_day: tuple[int, int], secretariat_contact: str | None = None,
                 receipt_mailer: ReceiptMailer | None = None, estimate: Estimate | None = None) -> None:
        self.form = form
        self.estimate = estimate
        self.store = store
        self.audit = audit
        self.deadline = deadline_month_day
        self.secretariat = secretariat_contact
        self.receipt_mailer = receipt_mailer

    # -- years and the edit lock --

    def budget_year(self, today: date) -> int:
        return budget_year(today, self.deadline)

    def report_year(self, report: NeedsReport, today: date) -> int:
        """The year of a report: fixed when it was first sent, else the year it would be sent for."""
        return report.year if report.year is not None and report.status == SUBMITTED else self.budget_year(today)

    def changeable_until(self, report: NeedsReport, today: date) -> date:
        return deadline_of(self.report_year(report, today), self.deadline)

    def changeable(self, report: NeedsReport, today: date) -> bool:
        return today <= self.changeable_until(report, today)

    def late_notice(self, today: date) -> dict[str, Any] | None:
        """After this year's deadline a new report counts for next year: what to tell the person."""
        passed = deadline_of(today.year, self.deadline)
        if today <= passed:
            return None
        year = self.budget_year(today)
        return {"passed": passed.isoformat(), "year": year, "deadline": deadline_of(year, self.deadline).isoformat()}

    # -- drafts --

    def draft(self, session: Session, actor: Actor) -> NeedsReport | None:
        return self.store.draft_for(session, actor.owner_key)

    def has_draft(self, session: Session, channel: str, user_id: str, email: str | None = None) -> bool:
        return self.store.draft_for(session, owner_key(channel, user_id, email)) is not None

    def owned_draft(self, session: Session, actor: Actor, report_id: int | None) -> NeedsReport | None:
        """The draft with this id when it is the actor's and still open (else None)."""
        report = self.store.get(session, report_id) if report_id else None
        if report is None or report.owner_key != actor.owner_key:
            return None
        if report.status == DRAFT or (report.status == SUBMITTED and report.state):
            return report
        return None

    def state_of(self, report: NeedsReport | None) -> FormState:
        if report is None or not report.state:
            return engine.new_state(self.form)
        state = FormState.from_dict(report.state)
        return state if state.form_id == self.form.id else engine.new_state(self.form, lang=state.lang)

    def _save(self, session: Session, actor: Actor, report: NeedsReport | None, state: FormState) -> NeedsReport:
        """Store the draft; a new one gets its "started" audit row (the same on every channel). A draft
        whose state did not change is not written again (a question, help, a summary asked twice)."""
        data = state.to_dict()
        if report is not None and report.state and report.state == data:
            return report
        saved = self.store.save_draft(session, owner_key=report.owner_key if report else actor.owner_key,
                                      channel=report.channel if report else actor.channel, state=data,
                                      report=report)
        if report is not None:
            write_through(session, saved)  # one UPDATE now instead of the flush's unit of work at commit
        if report is None:
            self._record(session, actor, "needs_report_started", report_id=saved.id)
        return saved

    def start(self, session: Session, actor: Actor, *, today: date, lang: str = "nb",
              prefill: Mapping[str, Any] | None = None) -> FormTurn:
        """A new draft with what is known about the person filled in (email, name)."""
        lang = lang if lang in LANGUAGES else "nb"
        answers = dict(prefill or {})
        if "@" in actor.owner_key:
            answers.setdefault("contact_email", actor.owner_key)
        if actor.display_name:
            answers.setdefault("contact_name", actor.display_name)
        notice = self.late_notice(today)
        result = engine.start(self.form, today=today, lang=lang, answers=answers,
                              intro={"late": notice} if notice else None)
        report = self._save(session, actor, None, result.state)
        return FormTurn(report, result, result.outcome)

    def resume_prompt(self, session: Session, actor: Actor, report: NeedsReport, *, today: date) -> FormTurn:
        """"You have a draft (4 of 11 answered): continue, start over or delete?"."""
        result = engine.resume(self.form, self.state_of(report), today=today)
        return self._settle(session, actor, report, result, today=today)

    def continue_draft(self, session: Session, actor: Actor, report: NeedsReport, *, today: date) -> FormTurn:
        """Take the draft up where it was (one word: "fortsett")."""
        result = engine.continue_draft(self.form, self.state_of(report), today=today)
        return self._settle(session, actor, report, result, today=today)

    def pause(self, session: Session, actor: Actor, report: NeedsReport | None, state: FormState | None = None, *,
              today: date) -> NeedsReport:
        """Keep as a draft (a modal closed, a page stored): the chat offers to resume it."""
        result = engine.pause(self.form, state if state is not None else self.state_of(report), today=today)
        return self._save(session, actor, report, result.state)

    def discard(self, session: Session, actor: Actor, report: NeedsReport) -> None:
        self.store.discard(session, report)
        self._record(session, actor, "needs_report_discarded", report_id=report.id)

    # -- answers --

    def answer(self, session: Session, actor: Actor, report: NeedsReport, text: str, *, today: date,
               is_question: QuestionPredicate | None = None, verified: bool = True) -> FormTurn:
        """One message in an open form. ``question`` outcomes leave the draft as it was. An
        unverified sender (an email From proves nothing) cannot send in or delete: the form waits
        (outcome ``held``) until the confirmation comes back."""
        before = self.state_of(report)  # the engine works on a copy: ``before`` stays as stored
        result = engine.step(self.form, before, text, today=today, is_question=is_question)
        if result.outcome == "question":
            return FormTurn(report, result, "question")
        if result.outcome in ("submitted", "cancelled") and not verified:
            return self.hold(session, actor, report, submit=result.outcome == "submitted", today=today)
        settled = self._settle(session, actor, report, result, today=today)
        note = self.over_estimate(session, before.answers, result.state.answers, today=today)
        if note is not None and settled.result is not None:
            settled.result = _with_note(settled.result, note)
        return settled

    def over_estimate(self, session: Session, before: Mapping[str, Any], after: Mapping[str, Any], *,
                      today: date) -> engine.ReplyPart | None:
        """A warning (never a refusal) when the amount asked for a year is above the network's
        allocation estimate for the budget year (plan 5.8, the pro rata estimate)."""
        amount, network, scheme = after.get("amount"), after.get("network"), after.get("scheme")
        if self.estimate is None or not isinstance(amount, int) or not isinstance(network, str) \
                or not isinstance(scheme, str):
            return None
        if all(before.get(key) == after.get(key) for key in ("amount", "network", "scheme")):
            return None
        year = self.budget_year(today)
        estimate = self.estimate(session, year, network, scheme)
        if estimate is None or amount <= estimate:
            return None
        name = self.form.field("network").display(network) if self.form.has_field("network") else network
        message = (f"Merk: {format_kroner(amount)} per år er mer enn anslaget for {name} i {year} "
                   f"({format_kroner(estimate)}, pro rata etter tildelingsmodellen i planen 5.8). Du kan sende "
                   "det slik, men samarbeidsforum fordeler etter behovsmeldingene og anslaget.")
        return engine.ReplyPart("warning", {
            "code": "over_estimate", "message": message, "field": "amount", "label": None,
            "params": {"amount": format_kroner(amount), "estimate": format_kroner(estimate), "network": name,
                       "year": year}})

    def reask(self, report: NeedsReport, *, today: date) -> StepResult:
        return engine.reask(self.form, self.state_of(report), today=today)

    def apply_many(self, session: Session, actor: Actor, report: NeedsReport | None,
                   answers: Mapping[str, str | None], *, today: date, lang: str | None = None,
                   blank_required_is_error: bool = False) -> BatchTurn:
        """Many answers at once (an email form, a modal page, a card): valid ones kept, the draft saved."""
        state = self.state_of(report)
        if report is None and lang in LANGUAGES:
            state.lang = lang or "nb"
        batch = apply_answers(self.form, state, answers, today=today,
                              blank_required_is_error=blank_required_is_error)
        opened = engine.open_questions(self.form, batch.state, today=today).state
        saved = self._save(session, actor, report, opened)
        return BatchTurn(saved, BatchResult(opened, batch.accepted, batch.errors, batch.missing, batch.warnings))

    def open_questions(self, session: Session, actor: Actor, report: NeedsReport, *, today: date) -> FormTurn:
        result = engine.open_questions(self.form, self.state_of(report), today=today)
        return FormTurn(self._save(session, actor, report, result.state), result, result.outcome)

    def summary(self, session: Session, actor: Actor, report: NeedsReport, *, today: date) -> FormTurn:
        """Go to "send or change?" (or to the first missing answer)."""
        result = engine.show_summary(self.form, self.state_of(report), today=today)
        return FormTurn(self._save(session, actor, report, result.state), result, result.outcome)

    def hold(self, session: Session, actor: Actor, report: NeedsReport, *, submit: bool, today: date) -> FormTurn:
        """Wait for a confirmation (an unverified sender asked to send in or delete): nothing is stored
        but the form waits at the summary, or at "really delete?"."""
        state = self.state_of(report)
        result = (engine.show_summary(self.form, state, today=today) if submit
                  else engine.ask_cancel(self.form, state, today=today))
        self._save(session, actor, report, result.state)
        self.audit.record(session, actor=actor.user_id, channel=actor.channel, action="needs_report.unverified",
                          outcome="refused", target=report.reference or f"draft:{report.id}",
                          detail={"asked": "needs_report_submit" if submit else "needs_report_discard",
                                  "owner": report.owner_key, "version": report.version},
                          identity=actor.identity)
        return FormTurn(report, result, "held")

    def submit(self, session: Session, actor: Actor, report: NeedsReport, *, today: date) -> FormTurn:
        """Send in from wherever the form is (a modal's submit button); a gap is asked instead."""
        result = engine.submit(self.form, self.state_of(report), today=today)
        return self._settle(session, actor, report, result, today=today)

    # -- after a step --

    def _settle(self, session: Session, actor: Actor, report: NeedsReport, result: StepResult, *,
                today: date) -> FormTurn:
        outcome = result.outcome
        if outcome == "submitted":
            receipt = self._store_submission(session, actor, report, result, today=today)
            return FormTurn(report, result, outcome, receipt)
        if outcome == "cancelled":
            self.discard(session, actor, report)
            return FormTurn(report, result, outcome)
        self._save(session, actor, report, result.state)
        return FormTurn(report, result, outcome)

    def _store_submission(self, session: Session, actor: Actor, report: NeedsReport, result: StepResult, *,
                          today: date) -> Receipt:
        """A new version, its audit row and its receipt: the one path for every channel."""
        year = self.report_year(report, today)
        self.store.submit_form(session, report, self.form, result.state, submitted_by=actor.submitted_by,
                               channel=actor.channel, year=year)
        reference = report.reference or ""
        email_receipt = self.receipt_mailer is not None and actor.channel != "email"
        until = deadline_of(year, self.deadline)
        text = render_reply(self._with_receipt(result, report, until, email_receipt), result.state.lang,
                            reference=reference, secretariat=self.secretariat)
        self._record(session, actor, "needs_report_submitted", reference=reference, version=report.version,
                     year=year, submitted_channel=actor.channel)
        if email_receipt and self.receipt_mailer is not None:
            self.receipt_mailer(session, report, text)  # by email the answer itself is the receipt
        return Receipt(reference, report.version, year, until, email_receipt, text)

    def _with_receipt(self, result: StepResult, report: NeedsReport, until: date,
                      email_receipt: bool) -> tuple[engine.ReplyPart, ...]:
        parts = []
        for part in result.reply:
            if part.kind == "submitted":
                part = engine.ReplyPart(part.kind, {**part.data, "version": report.version,
                                                    "changeable_until": until.isoformat(),
                                                    "email_receipt": email_receipt})
            parts.append(part)
        return tuple(parts)

    def receipt_text(self, turn: FormTurn) -> str:
        """The text of a turn's reply (with the receipt filled in when it was sent in)."""
        if turn.receipt is not None:
            return turn.receipt.text
        if turn.result is None:
            return ""
        reference = turn.report.reference if turn.report is not None else None
        return render_reply(turn.result.reply, turn.result.state.lang, reference=reference,
                            secretariat=self.secretariat)

    # -- submitted reports --

    def list_reports(self, session: Session, actor: Actor, *, today: date) -> list[ReportLine]:
        lines = []
        for report in self.store.submitted_by_owner(session, actor.owner_key):
            lines.append(ReportLine(
                id=report.id or 0, reference=report.reference, title=report.answers.get("title"),
                network=report.network, scheme=report.scheme, amount=report.amount, version=report.version,
                year=report.year, submitted=report.submitted_at.date() if report.submitted_at else None,
                changeable=self.changeable(report, today), deadline=self.changeable_until(report, today)))
        return lines

    def find_for_change(self, session: Session, actor: Actor, reference: str, *,
                        today: date) -> NeedsReport | Refusal:
        """A submitted report the actor may change now, or why not (a refusal is audited)."""
        reference = reference.strip().upper()
        report = self.store.by_reference(session, reference)
        reason = None
        if report is None:
            reason = "no_such_report"
        elif report.status != SUBMITTED:
            reason = "not_submitted"
        elif report.owner_key != actor.owner_key and not actor.is_secretariat:
            reason = "not_owner"
        if reason is not None or report is None:
            self.audit.record(session, actor=actor.user_id, channel=actor.channel,
                              action="needs_report.change_refused", outcome="refused", target=reference,
                              detail={"reason": {"no_such_report": "no such report", "not_submitted": "not submitted",
                                                 "not_owner": "someone else's report"}[reason or "no_such_report"]},
                              identity=actor.identity)
            return Refusal(reason or "no_such_report", reference)
        if not self.changeable(report, today):
            return Refusal("too_late", reference, self.changeable_until(report, today))
        return report

    def change(self, session: Session, actor: Actor, report: NeedsReport, *, today: date,
               lang: str = "nb") -> FormTurn:
        """Open a submitted report for a change: its answers filled in, the intro naming it."""
        lang = lang if lang in LANGUAGES else "nb"
        result = engine.start(self.form, today=today, lang=lang, answers=report.answers,
                              intro={"editing": {"reference": report.reference, "version": report.version,
                                                 "until": self.changeable_until(report, today).isoformat()}})
        self._record(session, actor, "needs_report_change_started", reference=report.reference)
        return self._settle(session, actor, report, result, today=today)

    def reports_of(self, session: Session, owner_keys: Sequence[str], status: str) -> list[NeedsReport]:
        """A person's reports in one status, newest first (a person may be known by more than one key:
        the email, and the key a channel used before the email was known)."""
        return list(session.exec(
            select(NeedsReport).where(col(NeedsReport.owner_key).in_(list(owner_keys)), NeedsReport.status == status)
            .order_by(col(NeedsReport.updated_at).desc())
        ))

    def received(self, session: Session) -> list[tuple[int | None, str | None, str | None]]:
        """(year, network, scheme) of every submitted report, for counts the secretariat sees."""
        return [(year, network, scheme) for year, network, scheme in session.exec(
            select(NeedsReport.year, NeedsReport.network, NeedsReport.scheme).where(NeedsReport.status == SUBMITTED))]

    # -- audit --

    def _record(self, session: Session, actor: Actor, action: str, **detail: Any) -> None:
        self.audit.record(session, actor=actor.user_id, channel=actor.channel, action=action, detail=detail)
