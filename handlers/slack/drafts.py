"""Needs-report drafts for the modal: the same ``needs_report`` rows and engine state the chat uses.

A draft begun in the DM is found here by its owner key and finished in the modal, and the other
way round: the modal stores the engine's ``FormState`` (answers, skipped) and leaves it ``paused``
so the chat offers to resume it. Submitting goes through the engine's own "send" step, so the
completeness check, the cross-field rules and the receipt are the chat's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.form_text import render_reply
from bot.models import NeedsReport
from bot.needs_reports import DRAFT, SUBMITTED
from forms.definition import Form
from forms.engine import FormState, new_state, step

if TYPE_CHECKING:
    from bot.app import BotApp


def owner_key(user_id: str, email: str | None) -> str:
    """A person's identity across channels, as the chat skill keys it: the email when known, else
    ``slack:<user id>``."""
    return email.strip().lower() if email else f"slack:{user_id}"


def form_for(bot_app: BotApp) -> Form | None:
    """The app's needs-report form; None when the plan data cannot make one (no networks)."""
    try:
        return bot_app.needs_report_form
    except (ValueError, KeyError, LookupError):
        return None


@dataclass(frozen=True)
class Submitted:
    reference: str
    receipt: str


@dataclass(frozen=True)
class Incomplete:
    field_id: str | None


class DraftStore:
    def __init__(self, bot_app: BotApp, form: Form) -> None:
        self._app = bot_app
        self._form = form
        self._store = bot_app.needs_reports

    def _owned(self, report: NeedsReport | None, owner: str) -> NeedsReport | None:
        if report is None or report.owner_key != owner:
            return None
        if report.status == DRAFT or (report.status == SUBMITTED and report.state):
            return report
        return None

    def load(self, owner: str, report_id: int | None = None) -> tuple[int | None, FormState]:
        """The draft (by id, else the person's newest) and its engine state; a new state if none."""
        with self._app.database.session() as session:
            report = self._owned(self._store.get(session, report_id), owner) if report_id else None
            report = report or self._store.draft_for(session, owner)
            if report is None or not report.state:
                return (report.id if report else None), new_state(self._form)
            state = FormState.from_dict(report.state)
            if state.form_id != self._form.id:
                return report.id, new_state(self._form)
            return report.id, state

    def save(self, owner: str, report_id: int | None, state: FormState) -> int:
        """Store the draft; the chat will offer to resume it (mode ``paused``)."""
        if state.mode not in ("submitted", "cancelled"):
            state.mode, state.current, state.return_mode = "paused", None, None
        with self._app.database.session() as session:
            # A draft submitted or deleted meanwhile (e.g. in the chat) is not touched: a new one is made.
            report = self._owned(self._store.get(session, report_id), owner) if report_id else None
            saved = self._store.save_draft(session, owner_key=owner, channel="slack", state=state.to_dict(),
                                           report=report)
            return saved.id or 0

    def submit(self, owner: str, report_id: int | None, state: FormState, *, submitted_by: str, today: date
               ) -> Submitted | Incomplete:
        """Send the draft through the engine's summary step; store the new version and the receipt."""
        state = state.copy()
        state.mode, state.current, state.return_mode = "summary", None, None
        result = step(self._form, state, "send", today=today)
        if result.outcome != "submitted":
            return Incomplete(result.state.current)
        with self._app.database.session() as session:
            report = self._owned(self._store.get(session, report_id), owner) if report_id else None
            report = report or self._store.save_draft(session, owner_key=owner, channel="slack",
                                                      state=result.state.to_dict())
            report = self._store.submit_form(session, report, self._form, result.state, submitted_by=submitted_by,
                                             channel="slack", today=today,
                                             deadline_month_day=self._app.needs_report_deadline())
            reference = report.reference or ""
        return Submitted(reference, render_reply(result.reply, "nb", reference=reference,
                                                 secretariat=self._app.secretariat_contact()))
