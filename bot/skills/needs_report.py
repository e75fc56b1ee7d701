"""The needs report (behovsmelding) in a conversation: console, Slack DM and email.

This skill only translates: a message in, a call to :class:`bot.needs_report_service.NeedsReportService`
(which owns drafts, answers, submission, versions, the audit rows, receipts and the budget year),
a reply out. Which message starts, resumes, lists or changes a report is decided by the pure
matcher ``forms.intents``; the conversation only points at the report being filled in.

By email the whole form travels in one mail (``bot.mail.formmail``): the person writes under each
``Svar`` line and the answers go to the service as one batch (``apply_many``); the next mail asks
only for what is missing or wrong; when all is there the summary asks for «ja»/«bekreft». Commands
(«avbryt», «pause», «endre beløp», «ja») and questions work by email as in chat.

By email a From address proves nothing, so sending in a report (a new one or a change) and deleting
a draft happen only for a verified sender (``IncomingMessage.verified``: a reply carrying the token
of a mail the bot sent to that address, such as the summary mail, or DMARC pass from our own
gateway). An unverified «ja» stores nothing: the summary goes back to the address itself, and a
«ja» in reply to that mail sends the report in. A refused attempt is audited.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.calendar import format_date
from bot.db import relax_durability
from bot.form_text import error_text
from bot.mail.formmail import (
    error_data,
    form_language,
    has_form_answers,
    parse_form_reply,
    render_form_mail,
    render_form_summary,
)
from bot.mail.verification import describe, verification_text
from bot.messages import Reply
from bot.models import NeedsReport
from bot.needs_report_service import Actor, FormTurn, NeedsReportService, Refusal
from bot.qa import QuestionAnswerer
from bot.rendering import render
from bot.router import Turn
from forms import engine
from forms.commands import parse_command
from forms.definition import ParseContext
from forms.engine import FormState, Mode
from forms.intents import Intent, needs_report_intent
from forms.questions import looks_like_question
from forms.text import LANGUAGES

POINTER = "needs_report"
EMAIL_FORM = "needs_report_email_form"  # conversation flag: the last mail held the whole form
_NOT_RELAXED = frozenset({"submitted", "cancelled", "held", "question"})
"""Outcomes committed as usual: more than a draft step (a version, an audit row), or nothing written."""
WHOLE_FORM_CHANNELS = frozenset({"email"})
"""Channels that show the whole form at once (a mail) instead of one question at a time."""
_GREETING = re.compile(r"^(?:hei|hallo|heisann|hoi|god (?:morgen|dag|kveld)|hi|hello|hey|morn|morna)"
                       r"(?: (?:igjen|att|again|der|there|du))?(?: (?:hvor|kor|kvar) var (?:jeg|eg|vi)| where was i)?$")


def actor_of(turn: Turn, *, secretariat: bool = False) -> Actor:
    """Who is acting. Whether they are the secretariat costs a database query, and of the service's
    calls only ``find_for_change`` reads it (someone else's report): asked for there alone
    (``secretariat=True``); everywhere else the actor is taken as not the secretariat."""
    message = turn.message
    return Actor(channel=message.channel, user_id=message.user_id, email=message.email,
                 display_name=message.display_name, is_secretariat=turn.is_secretariat if secretariat else False,
                 identity=message.identity_detail())


def _lang(turn: Turn) -> str:
    return turn.language if turn.language in LANGUAGES else "nb"


class NeedsReportSkill:
    name = "needs_report"
    secretariat_only = False
    state_records = ((POINTER, NeedsReport),)
    """The draft the conversation points at is loaded with the conversation (one query per message)."""

    def __init__(self, service: NeedsReportService, answerer: QuestionAnswerer) -> None:
        self._service = service
        self._answerer = answerer

    # -- routing ------------------------------------------------------------------------------

    def is_active(self, state: dict[str, Any]) -> bool:
        return isinstance(state.get(POINTER), int)

    def wants(self, turn: Turn) -> bool:
        if self._whole_form(turn) and has_form_answers(turn.message.text):
            return True  # a filled-in form mail (a reply to the form or to an invitation) starts or continues
        return needs_report_intent(turn.message.text) is not None

    def greeting(self, turn: Turn) -> Reply | None:
        """For the help skill: a greeting ("hei igjen, hvor var jeg?") while a draft waits names the
        draft and offers to go on (one word, «fortsett», resumes it); None when there is no draft."""
        intent = needs_report_intent(turn.message.text)
        if not (_GREETING.match(turn.folded) or intent is not None and intent.kind == "continue"):
            return None
        if self._draft(turn) is None:
            return None
        return replace(self._greet(turn), private=True)

    def handle(self, turn: Turn) -> Reply:
        """Drafts, summaries and the person's own reports are personal data: every answer is private."""
        return replace(self._answer(turn), private=True)

    def _answer(self, turn: Turn) -> Reply:
        if self.is_active(turn.state):
            return self._continue(turn)
        intent = needs_report_intent(turn.message.text)
        if intent is None:
            if self._whole_form(turn) and has_form_answers(turn.message.text):
                return self._start(turn, Intent("start"))
            return self._greet(turn)
        if intent.kind == "list":
            return self._list(turn)
        if intent.kind == "change" and intent.reference:
            return self._change(turn, intent.reference)
        if intent.kind == "how":
            return self._how(turn)
        return self._start(turn, intent)

    # -- helpers ------------------------------------------------------------------------------

    def _whole_form(self, turn: Turn) -> bool:
        return turn.message.channel in WHOLE_FORM_CHANNELS

    def _draft(self, turn: Turn) -> NeedsReport | None:
        return self._service.draft(turn.session, actor_of(turn))

    def _is_question(self, text: str) -> bool:
        return looks_like_question(text) or self._answerer.is_question(text)

    def _text(self, outcome: FormTurn) -> str:
        return self._service.receipt_text(outcome)

    def _point(self, turn: Turn, report: NeedsReport | None) -> None:
        if report is not None and report.id is not None:
            turn.state[POINTER] = report.id

    def _forget(self, turn: Turn) -> None:
        turn.state.pop(POINTER, None)
        turn.state.pop(EMAIL_FORM, None)

    # -- use cases ----------------------------------------------------------------------------

    def _start(self, turn: Turn, intent: Intent) -> Reply:
        actor = actor_of(turn)
        draft = self._service.draft(turn.session, actor)
        if draft is not None:
            if self._whole_form(turn):
                return self._email_form(turn, draft, resumed=True)
            if intent.kind == "continue":
                return self._reply(turn, self._service.continue_draft(turn.session, actor, draft, today=turn.today))
            return self._reply(turn, self._service.resume_prompt(turn.session, actor, draft, today=turn.today))
        if intent.kind == "continue" and not self._whole_form(turn):
            return Reply(render(f"needs_reports/no_draft.{_lang(turn)}.txt.j2"), intent="needs_report_no_draft")
        lang = _lang(turn)
        if self._whole_form(turn) and has_form_answers(turn.message.text):
            written_in = form_language(turn.message.text)  # the form's own words, not a guess from short answers
            lang = turn.language if written_in == "nb" and turn.language in ("nb", "nn") else (written_in or lang)
        prefill = self._hint(intent, turn)
        started = self._service.start(turn.session, actor, today=turn.today, lang=lang, prefill=prefill)
        if self._whole_form(turn) and started.report is not None:
            return self._email_form(turn, started.report)
        return self._reply(turn, started)

    def _hint(self, intent: Intent, turn: Turn) -> dict[str, Any]:
        """ "behovsmelding for valdres": the network, when the words name one."""
        if not intent.hint or not self._service.form.has_field("network"):
            return {}
        network = self._service.form.field("network")
        for words in dict.fromkeys((intent.hint, intent.hint.split()[0])):
            try:
                return {"network": network.parse(words, ParseContext(today=turn.today))}
            except ValueError:
                continue
        return {}

    def _greet(self, turn: Turn) -> Reply:
        draft = self._draft(turn)
        if draft is None:
            return Reply(render(f"needs_reports/no_draft.{_lang(turn)}.txt.j2"), intent="needs_report_no_draft")
        state = self._service.state_of(draft)
        progress = engine.field_progress(self._service.form, state)
        title = state.answers.get("title")
        text = render(f"needs_reports/greeting_draft.{_lang(turn)}.txt.j2", title=title,
                      reference=draft.reference, progress=progress.to_dict(),
                      updated=format_date(draft.updated_at.date(), _lang(turn), weekday=False))
        return Reply(text, intent="needs_report_greeting")

    def _how(self, turn: Turn) -> Reply:
        answer = self._answerer.answer(turn.message.text, turn.today)
        draft = self._draft(turn)
        offer = render(f"needs_reports/how_offer.{_lang(turn)}.txt.j2", has_draft=draft is not None)
        intent = "outside_plan" if answer.outside_plan else "needs_report_how"  # "how many were sent?": no figures
        return Reply(answer.text + "\n\n" + offer, intent=intent, sources=tuple(answer.sources))

    def _continue(self, turn: Turn) -> Reply:
        actor = actor_of(turn)
        report = self._service.store.get(turn.session, int(turn.state[POINTER]))
        if report is None or not report.state:
            self._forget(turn)
            return Reply(render(f"needs_reports/gone.{_lang(turn)}.txt.j2"), intent="needs_report_gone")
        if self._whole_form(turn):
            by_email = self._email_continue(turn, report)
            if by_email is not None:
                return by_email
        turn.state.pop(EMAIL_FORM, None)  # the engine leads, one question at a time
        outcome = self._service.answer(turn.session, actor, report, turn.message.text, today=turn.today,
                                       is_question=self._is_question, verified=turn.message.verified)
        if outcome.outcome not in _NOT_RELAXED and not self._whole_form(turn):
            # Only the draft (and the conversation's pointer) changed: the commit need not wait for
            # the disk (bot.db.relax_durability). By email the intake's own rows share the transaction.
            relax_durability(turn.session)
        if outcome.outcome == "question":
            answer = self._answerer.answer(turn.message.text, turn.today)
            again = self._service.reask(report, today=turn.today)
            text = answer.text + "\n\n" + self._text(FormTurn(report, again, again.outcome))
            return Reply(text, intent="needs_report_question", sources=tuple(answer.sources))
        return self._reply(turn, outcome)

    def _reply(self, turn: Turn, outcome: FormTurn) -> Reply:
        """The service's outcome as a chat reply; the conversation points at an open draft."""
        kind = outcome.outcome
        report = outcome.report
        if kind == "held":
            return self._held(turn, outcome)
        if kind == "submitted":
            self._forget(turn)
            return Reply(self._text(outcome), intent="needs_report_submitted")
        if kind == "cancelled":
            self._forget(turn)
            return Reply(self._text(outcome), intent="needs_report_cancelled")
        if kind in ("paused", "inactive"):
            self._forget(turn)
            return Reply(self._text(outcome), intent=f"needs_report_{kind}")
        self._point(turn, report)
        return Reply(self._text(outcome), intent="needs_report")

    def _held(self, turn: Turn, outcome: FormTurn) -> Reply:
        """An unverified sender asked to send in (or delete): the confirmation goes to the address itself."""
        report = outcome.report
        state = outcome.state or FormState(self._service.form.id, self._service.form.version)
        self._point(turn, report)
        turn.state.pop(EMAIL_FORM, None)
        submit = state.mode != Mode.CONFIRM_CANCEL
        kind = "needs_report_submit" if submit else "needs_report_discard"
        lang = state.lang if state.lang in LANGUAGES else "nb"
        title = state.answers.get("title")
        details = render_form_summary(self._service.form, state.answers, lang=lang) if submit else ""
        description = describe(kind, lang, reference=report.reference if report else None,
                               title=str(title) if title else None)
        return Reply(verification_text(description, lang, details), intent="needs_report_verify")

    # -- by email: the whole form in one mail ---------------------------------------------------

    def _email_form(self, turn: Turn, report: NeedsReport, *, resumed: bool = False) -> Reply:
        """Send the whole form (or, when the mail already holds answers, read them first)."""
        if has_form_answers(turn.message.text):
            return self._email_answers(turn, report)
        state = self._service.state_of(report)
        if engine.is_complete(self._service.form, state):
            return self._email_summary(turn, report)
        intro = ""
        if resumed:
            progress = engine.field_progress(self._service.form, state)
            intro = render(f"needs_reports/email_resume.{_lang(turn)}.txt.j2", progress=progress.to_dict())
        return self._send_form(turn, report, intro=intro)

    def _send_form(self, turn: Turn, report: NeedsReport, *, intro: str = "",
                   errors: dict[str, str] | None = None) -> Reply:
        opened = self._service.open_questions(turn.session, actor_of(turn), report, today=turn.today)
        state = opened.state or self._service.state_of(report)
        self._point(turn, report)
        turn.state[EMAIL_FORM] = True
        text = render_form_mail(self._service.form, state.answers, today=turn.today, lang=state.lang, errors=errors,
                                intro=intro)
        return Reply(text, intent="needs_report_email_form")

    def _email_answers(self, turn: Turn, report: NeedsReport) -> Reply:
        state = self._service.state_of(report)
        reply = parse_form_reply(turn.message.text, self._service.form)
        batch = self._service.apply_many(turn.session, actor_of(turn), report, reply.answers, today=turn.today,
                                         lang=state.lang)
        if not batch.batch.complete:
            errors = {field_id: error_text(error_data(self._service.form, field_id, error.to_json(), state.lang),
                                           state.lang)
                      for field_id, error in batch.batch.errors.items()}
            return self._send_form(turn, batch.report, errors=errors)
        return self._email_summary(turn, batch.report)

    def _email_summary(self, turn: Turn, report: NeedsReport) -> Reply:
        summary = self._service.summary(turn.session, actor_of(turn), report, today=turn.today)
        state = summary.state or self._service.state_of(report)
        self._point(turn, report)
        turn.state.pop(EMAIL_FORM, None)
        text = render_form_summary(self._service.form, state.answers, lang=state.lang)
        return Reply(text, intent="needs_report_summary")

    def _email_continue(self, turn: Turn, report: NeedsReport) -> Reply | None:
        """A mail in an open needs report: answers under the form's lines, or (None) anything the
        engine handles as in chat: commands, «ja» at the summary, an answer to a single question."""
        text = turn.message.text
        if has_form_answers(text):
            return self._email_answers(turn, report)
        state = self._service.state_of(report)
        if state.mode != Mode.ASKING or not turn.state.get(EMAIL_FORM) or parse_command(text) is not None:
            return None
        if self._is_question(text):
            answer = self._answerer.answer(text, turn.today)
            reply = self._send_form(turn, report)
            return Reply(answer.text + "\n\n" + reply.text, intent="needs_report_question",
                         sources=tuple(answer.sources))
        intro = render(f"needs_reports/email_no_answers.{_lang(turn)}.txt.j2")
        return self._send_form(turn, report, intro=intro)

    # -- submitted reports ----------------------------------------------------------------------

    def _list(self, turn: Turn) -> Reply:
        actor = actor_of(turn)
        lines = self._service.list_reports(turn.session, actor, today=turn.today)
        draft = self._service.draft(turn.session, actor)
        progress = None
        if draft is not None:
            progress = engine.field_progress(self._service.form, self._service.state_of(draft)).to_dict()
        form = self._service.form
        rows = [{"reference": line.reference, "title": line.title,
                 "network": form.field("network").display(line.network, _lang(turn)) if line.network else None,
                 "scheme": form.field("scheme").display(line.scheme, _lang(turn)) if line.scheme else None,
                 "amount": line.amount, "version": line.version, "submitted": line.submitted, "year": line.year,
                 "changeable": line.changeable, "deadline": line.deadline} for line in lines]
        return Reply(render(f"needs_reports/list.{_lang(turn)}.txt.j2", reports=rows, draft=progress),
                     intent="needs_report_list")

    def _change(self, turn: Turn, reference: str) -> Reply:
        actor = actor_of(turn, secretariat=True)
        found = self._service.find_for_change(turn.session, actor, reference, today=turn.today)
        if isinstance(found, Refusal):
            if found.reason == "too_late" and found.deadline is not None:
                return Reply(render(f"needs_reports/too_late.{_lang(turn)}.txt.j2", reference=found.reference,
                                    deadline=found.deadline), intent="needs_report_too_late")
            return Reply(render(f"needs_reports/not_found.{_lang(turn)}.txt.j2", reference=found.reference),
                         intent="needs_report_not_found")
        return self._reply(turn, self._service.change(turn.session, actor, found, today=turn.today,
                                                      lang=_lang(turn)))
