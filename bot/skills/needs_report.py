"""The needs report (behovsmelding) as a guided conversation, on top of the pure form engine.

The form's state lives in the report's row and is saved after every message, so a crash, a
restart or a pause loses nothing; the conversation only points at the report being filled in.
Because drafts belong to a person (``owner_key``), not to a channel, a draft begun in one
channel can be finished in another.

By email the whole form travels in one mail (``bot.mail.formmail``): the person writes under each
``Svar`` line, the reply's answers are parsed with the same parsers and rules, what is valid is
kept, and the next mail asks only for what is missing or wrong; when all is there the summary asks
for «ja»/«bekreft». Commands («avbryt», «pause», «endre beløp», «ja») and questions work by email as
in chat. A receipt is also mailed (``receipt_mailer``) when a report is sent from chat and email
is set up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from bot.form_text import render_reply
from bot.mail.formmail import (
    email_form_step,
    form_language,
    has_form_answers,
    render_form_mail,
    render_form_summary,
)
from bot.messages import Reply
from bot.models import NeedsReport
from bot.needs_reports import SUBMITTED, NeedsReportStore
from bot.qa import QuestionAnswerer
from bot.rendering import render
from bot.router import Turn
from forms import engine
from forms.commands import parse_command
from forms.definition import Form
from forms.engine import FormState, StepResult
from forms.questions import looks_like_question

ReceiptMailer = Callable[[Session, NeedsReport, str], None]

POINTER = "needs_report"
EMAIL_FORM = "needs_report_email_form"  # conversation flag: the last mail held the whole form
_START = re.compile(r"^/?(jeg vil |eg vil |vi vil |i want to |ny |nytt? )?(melde? behov|meld inn behov|"
                    r"behovsmelding|behov|send(e)? behovsmelding|new needs report|needs report|report needs)\b"
                    r"|^(fortsett|fortsette|hald fram|halde fram|continue|resume)( (med )?(behovsmelding\w*|utkastet))?$")
_MINE = re.compile(r"^(mine|vis mine|mine innsendte|my) (behovsmeldinger|behovsmeldingar|behovsmelding|needs reports)")
_CHANGE = re.compile(r"^(endre|rediger|change|edit) (behovsmelding(en)? )?(?P<ref>bm \d{4} \d+)\b")


def owner_key(turn: Turn) -> str:
    """One identity across channels: the email address when known."""
    message = turn.message
    if message.email:
        return message.email.strip().lower()
    if "@" in message.user_id:
        return message.user_id.strip().lower()
    return f"{message.channel}:{message.user_id}"


class NeedsReportSkill:
    name = "needs_report"
    secretariat_only = False

    def __init__(self, form: Form, store: NeedsReportStore, answerer: QuestionAnswerer, *,
                 deadline_month_day: tuple[int, int], secretariat_contact: str | None,
                 receipt_mailer: ReceiptMailer | None = None) -> None:
        self._form = form
        self._receipt_mailer = receipt_mailer
        self._store = store
        self._answerer = answerer
        self._deadline = deadline_month_day
        self._secretariat = secretariat_contact

    # -- routing ------------------------------------------------------------------------------

    def is_active(self, state: dict[str, Any]) -> bool:
        return isinstance(state.get(POINTER), int)

    def wants(self, turn: Turn) -> bool:
        if turn.message.channel == "email" and has_form_answers(turn.message.text):
            return True  # a filled-in form mail (a reply to the form or to an invitation) starts or continues
        return bool(_START.match(turn.folded) or _MINE.match(turn.folded) or _CHANGE.match(turn.folded))

    def handle(self, turn: Turn) -> Reply:
        if self.is_active(turn.state):
            return self._continue(turn)
        if _MINE.match(turn.folded):
            return self._list(turn)
        change = _CHANGE.match(turn.folded)
        if change:
            return self._change(turn, change.group("ref").replace(" ", "-").upper())
        return self._start(turn)

    # -- use cases ----------------------------------------------------------------------------

    def _start(self, turn: Turn) -> Reply:
        draft = self._store.draft_for(turn.session, owner_key(turn))
        if draft is not None and turn.message.channel == "email":
            return self._email_form(turn, draft, FormState.from_dict(draft.state), resumed=True)
        if draft is not None:
            result = engine.resume(self._form, FormState.from_dict(draft.state), today=turn.today)
            return self._after_step(turn, draft, result)
        lang = turn.language if turn.language in ("nb", "nn", "en") else "nb"
        if turn.message.channel == "email" and has_form_answers(turn.message.text):
            written_in = form_language(turn.message.text)  # the form's own words, not a guess from short answers
            lang = turn.language if written_in == "nb" and turn.language in ("nb", "nn") else (written_in or lang)
        prefill = {"contact_email": owner_key(turn)} if "@" in owner_key(turn) else {}
        if turn.message.display_name:
            prefill["contact_name"] = turn.message.display_name
        result = engine.start(self._form, today=turn.today, lang=lang, answers=prefill)
        report = self._store.save_draft(turn.session, owner_key=owner_key(turn), channel=turn.message.channel,
                                        state=result.state.to_dict())
        turn.record("needs_report_started", report_id=report.id)
        if turn.message.channel == "email":
            return self._email_form(turn, report, result.state)
        return self._after_step(turn, report, result)

    def _continue(self, turn: Turn) -> Reply:
        report = self._store.get(turn.session, int(turn.state[POINTER]))
        if report is None or not report.state:
            turn.state.pop(POINTER, None)
            return Reply(render("needs_reports/gone.nb.txt.j2"), intent="needs_report_gone")
        state = FormState.from_dict(report.state)
        if turn.message.channel == "email":
            by_email = self._email_continue(turn, report, state)
            if by_email is not None:
                return by_email
        turn.state.pop(EMAIL_FORM, None)  # the engine leads, one question at a time
        result = engine.step(self._form, state, turn.message.text, today=turn.today,
                             is_question=self._is_question)
        if result.outcome == "question":
            answer = self._answerer.answer(turn.message.text, turn.today)
            again = engine.reask(self._form, result.state, today=turn.today)
            text = answer.text + "\n\n" + self._text(again, report)
            return Reply(text, intent="needs_report_question", sources=tuple(answer.sources))
        return self._after_step(turn, report, result)

    # -- by email -------------------------------------------------------------------------------

    def _email_form(self, turn: Turn, report: NeedsReport, state: FormState, *, resumed: bool = False) -> Reply:
        """Send the whole form (or, when the mail already holds answers, read them first)."""
        if has_form_answers(turn.message.text):
            return self._email_answers(turn, report, state)
        if engine.is_complete(self._form, state):
            return self._email_summary(turn, report, state, render_form_summary(self._form, state.answers,
                                                                                lang=state.lang))
        progress = engine.field_progress(self._form, state)
        intro = render("needs_reports/email_resume.nb.txt.j2", progress=progress.to_dict()) if resumed else ""
        return self._send_form(turn, report, state, intro=intro)

    def _send_form(self, turn: Turn, report: NeedsReport, state: FormState, *, intro: str = "",
                   errors: dict[str, str] | None = None) -> Reply:
        state.mode, state.current, state.return_mode = "asking", None, None
        state = engine.reask(self._form, state, today=turn.today).state  # the engine's cursor on the next open field
        self._store.save_draft(turn.session, owner_key=report.owner_key, channel=report.channel,
                               state=state.to_dict(), report=report)
        turn.state[POINTER] = report.id
        turn.state[EMAIL_FORM] = True
        text = render_form_mail(self._form, state.answers, today=turn.today, lang=state.lang, errors=errors,
                                intro=intro)
        return Reply(text, intent="needs_report_email_form")

    def _email_answers(self, turn: Turn, report: NeedsReport, state: FormState) -> Reply:
        found = email_form_step(self._form, state.answers, turn.message.text, today=turn.today, lang=state.lang)
        state.answers = found.answers
        state.steps += 1
        turn.record("needs_report_email_answers", report_id=report.id, errors=sorted(found.errors),
                    missing=len(found.missing))
        if not found.complete:
            return self._send_form(turn, report, state, errors=found.errors)
        return self._email_summary(turn, report, state, found.text)

    def _email_summary(self, turn: Turn, report: NeedsReport, state: FormState, text: str) -> Reply:
        state.mode, state.current, state.return_mode = "summary", None, None
        self._store.save_draft(turn.session, owner_key=report.owner_key, channel=report.channel,
                               state=state.to_dict(), report=report)
        turn.state[POINTER] = report.id
        turn.state.pop(EMAIL_FORM, None)
        return Reply(text, intent="needs_report_summary")

    def _email_continue(self, turn: Turn, report: NeedsReport, state: FormState) -> Reply | None:
        """A mail in an open needs report: answers under the form's lines, or (None) anything the
        engine handles as in chat: commands, «ja» at the summary, an answer to a single question."""
        text = turn.message.text
        if has_form_answers(text):
            return self._email_answers(turn, report, state)
        if state.mode != "asking" or not turn.state.get(EMAIL_FORM) or parse_command(text) is not None:
            return None
        if self._is_question(text):
            answer = self._answerer.answer(text, turn.today)
            reply = self._send_form(turn, report, state)
            return Reply(answer.text + "\n\n" + reply.text, intent="needs_report_question",
                         sources=tuple(answer.sources))
        intro = render("needs_reports/email_no_answers.nb.txt.j2")
        return self._send_form(turn, report, state, intro=intro)

    def _is_question(self, text: str) -> bool:
        return looks_like_question(text) or self._answerer.is_question(text)

    def _after_step(self, turn: Turn, report: NeedsReport, result: StepResult) -> Reply:
        outcome = result.outcome
        if outcome == "submitted":
            self._store.submit_form(turn.session, report, self._form, result.state, submitted_by=owner_key(turn),
                                    channel=turn.message.channel, today=turn.today,
                                    deadline_month_day=self._deadline)
            turn.state.pop(POINTER, None)
            turn.state.pop(EMAIL_FORM, None)
            turn.record("needs_report_submitted", reference=report.reference, version=report.version)
            text = self._text(result, report)
            if self._receipt_mailer is not None and turn.message.channel != "email":
                self._receipt_mailer(turn.session, report, text)  # by email the answer is the receipt
            return Reply(text, intent="needs_report_submitted")
        if outcome == "cancelled":
            self._store.discard(turn.session, report)
            turn.state.pop(POINTER, None)
            turn.record("needs_report_discarded", report_id=report.id)
            return Reply(self._text(result, report), intent="needs_report_cancelled")
        if outcome in ("paused", "inactive"):
            self._store.save_draft(turn.session, owner_key=report.owner_key, channel=report.channel,
                                   state=result.state.to_dict(), report=report)
            turn.state.pop(POINTER, None)
            return Reply(self._text(result, report), intent=f"needs_report_{outcome}")
        self._store.save_draft(turn.session, owner_key=report.owner_key, channel=report.channel,
                               state=result.state.to_dict(), report=report)
        turn.state[POINTER] = report.id
        return Reply(self._text(result, report), intent="needs_report")

    def _text(self, result: StepResult, report: NeedsReport) -> str:
        return render_reply(result.reply, result.state.lang, reference=report.reference,
                            secretariat=self._secretariat)

    def _list(self, turn: Turn) -> Reply:
        key = owner_key(turn)
        reports = self._store.submitted_by_owner(turn.session, key)
        draft = self._store.draft_for(turn.session, key)
        progress = None
        if draft is not None:
            progress = engine.field_progress(self._form, FormState.from_dict(draft.state)).to_dict()
        rows = [{"reference": report.reference, "title": report.answers.get("title"),
                 "network": report.network, "scheme": report.scheme, "amount": report.amount,
                 "version": report.version, "submitted": report.submitted_at.date() if report.submitted_at else None,
                 "changeable": self._changeable(report, turn.today)} for report in reports]
        return Reply(render("needs_reports/list.nb.txt.j2", reports=rows, draft=progress), intent="needs_report_list")

    def _changeable(self, report: NeedsReport, today: date) -> bool:
        year = report.year or today.year
        return today <= date(year, *self._deadline)

    def _change(self, turn: Turn, reference: str) -> Reply:
        report = self._store.by_reference(turn.session, reference)
        if report is None or report.status != SUBMITTED or (
                report.owner_key != owner_key(turn) and not turn.is_secretariat):
            return Reply(render("needs_reports/not_found.nb.txt.j2", reference=reference),
                         intent="needs_report_not_found")
        if not self._changeable(report, turn.today):
            return Reply(render("needs_reports/too_late.nb.txt.j2", reference=reference,
                                deadline=date(report.year or turn.today.year, *self._deadline)),
                         intent="needs_report_too_late")
        lang = turn.language if turn.language in ("nb", "nn", "en") else "nb"
        result = engine.start(self._form, today=turn.today, lang=lang, answers=report.answers)
        turn.record("needs_report_change_started", reference=reference)
        return self._after_step(turn, report, result)
