"""The modal's side of the needs report: a thin adapter over ``bot.needs_report_service``.

A draft begun in the DM is found here by its owner key and finished in the modal, and the other
way round: it is the same ``needs_report`` row and engine state. Whose draft it is, saving (the
chat then offers to resume it), submitting (version, audit row, receipt, the email receipt) all
happen in the service, exactly as for the chat and the email form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.needs_report_service import Actor, NeedsReportService
from bot.needs_report_service import owner_key as _owner_key
from forms.batch import BatchResult
from forms.definition import Form
from forms.engine import FormState

if TYPE_CHECKING:
    from bot.app import BotApp


def owner_key(user_id: str, email: str | None) -> str:
    """A Slack user's identity across channels: the service's one rule."""
    return _owner_key("slack", user_id, email)


def form_for(bot_app: BotApp) -> Form | None:
    """The app's needs-report form; None when the plan data cannot make one (no networks)."""
    try:
        return bot_app.needs_report_form
    except (ValueError, KeyError, LookupError):
        return None


def actor_for(owner: str, user_id: str) -> Actor:
    """The person behind a modal: ``owner`` is the key kept in the view's metadata."""
    if "@" in owner:
        return Actor(channel="slack", user_id=user_id, email=owner)
    return Actor(channel="slack", user_id=owner.removeprefix("slack:") or user_id)


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

    @property
    def _service(self) -> NeedsReportService:
        return self._app.needs_report_service

    def load(self, owner: str, report_id: int | None = None, *, user_id: str = "") -> tuple[int | None, FormState]:
        """The draft (by id, else the person's newest) and its engine state; a new state if none."""
        actor = actor_for(owner, user_id)
        with self._app.database.session() as session:
            report = self._service.owned_draft(session, actor, report_id) or self._service.draft(session, actor)
            return (report.id if report else None), self._service.state_of(report)

    def apply(self, owner: str, report_id: int | None, answers: Mapping[str, str | None], *, today: date,
              user_id: str = "") -> tuple[int, BatchResult]:
        """A page's answers through the service (the one "many answers at once"); the draft is saved
        only when every answer on the page is valid (the modal shows the errors otherwise)."""
        actor = actor_for(owner, user_id)
        with self._app.database.session() as session:
            report = self._service.owned_draft(session, actor, report_id) if report_id else None
            batch = self._service.apply_many(session, actor, report, answers, today=today,
                                             blank_required_is_error=True)
            if batch.batch.errors:
                session.rollback()
                return report_id or 0, batch.batch
            self._service.pause(session, actor, batch.report, today=today)
            return batch.report.id or 0, batch.batch

    def save(self, owner: str, report_id: int | None, state: FormState, *, today: date | None = None,
             user_id: str = "") -> int:
        """Store the draft; the chat will offer to resume it (mode ``paused``)."""
        actor = actor_for(owner, user_id)
        with self._app.database.session() as session:
            # A draft submitted or deleted meanwhile (e.g. in the chat) is not touched: a new one is made.
            report = self._service.owned_draft(session, actor, report_id) if report_id else None
            saved = self._service.pause(session, actor, report, state, today=today or self._app.clock.today())
            return saved.id or 0

    def submit(self, owner: str, report_id: int | None, state: FormState | None = None, *, submitted_by: str = "",
               today: date, user_id: str = "") -> Submitted | Incomplete:
        """Send the draft in through the service: version, audit row, receipt (and the email receipt)."""
        actor = actor_for(owner, user_id or submitted_by)
        with self._app.database.session() as session:
            report = self._service.owned_draft(session, actor, report_id) if report_id else None
            if report is None:
                report = self._service.draft(session, actor)
            if report is None:
                return Incomplete(None)
            turn = self._service.submit(session, actor, report, today=today)
            if turn.receipt is None:
                return Incomplete(turn.state.current if turn.state else None)
            return Submitted(turn.receipt.reference, turn.receipt.text)
