"""The needs report as an Adaptive Card form: a thin adapter over ``bot.needs_report_service``.

A card opened from the chat («skjema», «behovsmelding skjema», the button under «meld behov») or from a
kept draft shows the person's draft (the same ``needs_report`` row the chat fills in, found by the same
owner key), page by page (``forms.view``). Every press of «Neste» sends the page's answers through
:meth:`NeedsReportService.apply_many` (the one "many answers at once"), which saves the draft; a wrong
answer comes back as the same page with what the person wrote and a message at each wrong field. After
the last page the service's summary, «Bekreft» its submit (version, audit row, receipt), «Endre» the
first page, «Avbryt» and «Lagre og fortsett senere» keep the draft. No rules here: the service and the
form decide, this module only picks the card.

Synchronous (database): the channel runs it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot.form_text import error_text
from bot.mail.formmail import error_data
from bot.models import NeedsReport
from bot.needs_report_service import Actor, NeedsReportService
from forms import engine
from forms.batch import FieldError
from forms.definition import Form
from forms.engine import FormState, Mode
from forms.text import LANGUAGES
from forms.view import (
    Page,
    PageView,
    first_page,
    input_text,
    next_page,
    page_errors,
    page_of,
    page_view,
    page_with,
    plan_page,
    resume_page,
    summary_view,
)
from handlers.teams import cards, form_card

if TYPE_CHECKING:
    from bot.app import BotApp


@dataclass(frozen=True)
class CardReply:
    card: dict[str, Any]
    intent: str
    report_id: int | None = None


def catalogue_error(form: Form, field_id: str, error: FieldError, lang: str) -> str:
    """An error in the person's language, from the form catalogue (bokmål: the parser's own message)."""
    return error_text(error_data(form, field_id, error.to_json(), lang), lang)


def _lang(value: Any) -> str:
    return value if isinstance(value, str) and value in LANGUAGES else "nb"


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def fitted_page_card(form: Form, state: FormState, page: Page, today: date, *, report_id: int | None,
                     given: Mapping[str, str | None] | None = None, errors: Mapping[str, str] | None = None,
                     notes: tuple[str, ...] = ()) -> tuple[dict[str, Any], PageView]:
    """The page's card within Teams' message size: long answers make a page of fewer fields (the rest
    come on the next page; what was valid is already saved)."""
    while True:
        view = page_view(form, state, page, today, given=given, errors=errors, notes=notes)
        card = form_card.page_card(view, report_id)
        if cards.card_size(card) <= cards.MAX_CARD_BYTES or len(page.fields) <= 1:
            return card, view
        page = plan_page(form, state.answers, page.start, page.number, limit=len(page.fields) - 1)


class FormCards:
    def __init__(self, bot_app: BotApp) -> None:
        self.bot_app = bot_app

    @property
    def service(self) -> NeedsReportService:
        return self.bot_app.needs_report_service

    def _form(self) -> Form | None:
        try:
            return self.bot_app.needs_report_form
        except (ValueError, KeyError, LookupError):
            return None

    def _today(self) -> date:
        return self.bot_app.clock.today()

    # -- entry points ----------------------------------------------------------------------------

    def draft_language(self, actor: Actor) -> str | None:
        """The language of the person's draft (the chat's choice when it was begun), if there is one."""
        with self.bot_app.database.session() as session:
            report = self.service.draft(session, actor)
            return self.service.state_of(report).lang if report is not None else None

    def open(self, actor: Actor, *, lang: str, report_id: int | None = None) -> CardReply:
        """The form at the person's draft (where it was left), or a new one in ``lang``."""
        form = self._form()
        if form is None:
            return CardReply(form_card.notice_card("not_ready", lang), "needs_report_card_not_ready")
        with self.bot_app.database.session() as session:
            report = self.service.owned_draft(session, actor, report_id) if report_id else None
            report = report or self.service.draft(session, actor)
            state = self.service.state_of(report)
            if report is None:
                state.lang = _lang(lang)
            if report is not None and engine.is_complete(form, state):
                return self._summary(session, form, actor, report)
            return self._page(form, state, resume_page(form, state), report)

    def press(self, actor: Actor, value: Mapping[str, Any]) -> CardReply:
        """A button on a form card (``value`` is the action's data with the inputs' values)."""
        lang = _lang(value.get("lang"))
        act = str(value.get("act") or "")
        report_id = _int(value.get("report"))
        if act == "open":
            return self.open(actor, lang=lang, report_id=report_id)
        form = self._form()
        if form is None:
            return CardReply(form_card.notice_card("not_ready", lang), "needs_report_card_not_ready")
        with self.bot_app.database.session() as session:
            report = self.service.owned_draft(session, actor, report_id) if report_id else None
            if act == "next":
                if report is None and report_id is None:
                    report = self.service.draft(session, actor)
                if report is None and report_id is not None:
                    return self._gone(lang)
                return self._next(session, form, actor, report, value, lang)
            if act in ("pause", "cancel"):
                return self._pause(session, form, actor, report, lang)
            if report is None:
                return self._gone(lang)
            if act == "edit":
                state = self.service.state_of(report)
                return self._page(form, state, first_page(form, state.answers), report)
            if act == "confirm":
                return self._confirm(session, form, actor, report)
        return self._gone(lang)

    # -- steps -----------------------------------------------------------------------------------

    def _page(self, form: Form, state: FormState, page: Page, report: NeedsReport | None, *,
              given: Mapping[str, str | None] | None = None, errors: Mapping[str, str] | None = None,
              notes: tuple[str, ...] = ()) -> CardReply:
        report_id = report.id if report is not None else None
        card, view = fitted_page_card(form, state, page, self._today(), report_id=report_id, given=given,
                                      errors=errors, notes=notes)
        intent = "needs_report_card_errors" if view.error_count else "needs_report_card_page"
        return CardReply(card, intent, report_id)

    def _next(self, session: Session, form: Form, actor: Actor, report: NeedsReport | None,
              value: Mapping[str, Any], lang: str) -> CardReply:
        before = self.service.state_of(report)
        start = _int(value.get("start")) or 0
        asked = value.get("fields")
        field_ids = [str(item) for item in asked if isinstance(item, str) and form.has_field(str(item))] \
            if isinstance(asked, list) else []
        if not field_ids:
            field_ids = list(plan_page(form, before.answers, start).field_ids)
        raw = {field_id: input_text(form.field(field_id), value.get(form_card.input_id(field_id)))
               for field_id in field_ids}
        batch = self.service.apply_many(session, actor, report, raw, today=self._today(), lang=lang,
                                        blank_required_is_error=True)
        state = batch.batch.state
        number = max(1, _int(value.get("page")) or 1)
        page = page_of(form, field_ids, number, start)
        if batch.batch.errors:
            errors, notes = page_errors(form, batch.batch, field_ids, state.lang, describe=catalogue_error)
            return self._page(form, state, page, batch.report, given=raw, errors=errors, notes=notes)
        following = next_page(form, state.answers, page.next_start, number + 1)
        if following is not None:
            return self._page(form, state, following, batch.report)
        return self._summary(session, form, actor, batch.report)

    def _summary(self, session: Session, form: Form, actor: Actor, report: NeedsReport) -> CardReply:
        turn = self.service.summary(session, actor, report, today=self._today())
        state = turn.state or self.service.state_of(report)
        if state.mode != Mode.SUMMARY:  # something is still missing: the page that asks for it
            return self._page(form, state, page_with(form, state.answers, state.current), report)
        return CardReply(form_card.summary_card(summary_view(form, state), report.id), "needs_report_card_summary",
                         report.id)

    def _pause(self, session: Session, form: Form, actor: Actor, report: NeedsReport | None,
               lang: str) -> CardReply:
        if report is None:
            return CardReply(form_card.paused_card(lang, None), "needs_report_card_paused")
        saved = self.service.pause(session, actor, report, today=self._today())
        state = self.service.state_of(saved)
        progress = engine.field_progress(form, state)
        return CardReply(form_card.paused_card(state.lang, saved.id, done=progress.done, total=progress.total),
                         "needs_report_card_paused", saved.id)

    def _confirm(self, session: Session, form: Form, actor: Actor, report: NeedsReport) -> CardReply:
        turn = self.service.submit(session, actor, report, today=self._today())
        state = turn.state or self.service.state_of(report)
        if turn.receipt is None:
            return self._page(form, state, page_with(form, state.answers, state.current), report)
        receipt = turn.receipt
        return CardReply(form_card.receipt_card(receipt.text, receipt.reference, receipt.version, state.lang),
                         "needs_report_card_submitted", report.id)

    def _gone(self, lang: str) -> CardReply:
        return CardReply(form_card.notice_card("gone", lang), "needs_report_card_gone")
