"""The guided-conversation engine: ``step(form, state, text) -> StepResult(state, reply, outcome)``.

Pure: no clock (``today`` is passed in), no storage (the caller saves ``state.to_dict()`` after
every step), no text layout (the reply is a list of :class:`ReplyPart` with a ``kind`` and JSON
data; ``bot.form_text`` turns them into chat text).

An explicit state machine. The modes (:class:`Mode`) and the moves between them::

                 ┌────────────── endre ──────────────┐
                 v                                   │
    start ──> asking ──(all answered)──> summary ──send──> submitted
               ^ │ ^                       │  ^
      (answer, │ │ └──── endre <felt> ─────┘  │
       tilbake)│ └─endre─> choose_field ──────┘
               │
     any active mode ──avbryt──> confirm_cancel ──ja──> cancelled
     any active mode ──start på nytt──> confirm_restart ──ja──> asking (empty)
     any active mode ──pause──> paused ──fortsett──> (the mode it left)
     a stored draft ──resume()──> confirm_resume ──fortsett / start på nytt / slett──> ...
     confirm_* ──nei──> (the mode it left: ``return_mode``)

``TRANSITIONS`` is the table the drawing stands for: every change of mode goes through
``_Turn.goto``, which refuses a move the table does not hold (:class:`InvalidTransition`). One
dispatch (``_Turn.handle``) picks the handler of the current mode. Callers never set ``mode``,
``current`` or ``return_mode`` themselves; they call the public operations: :func:`start`,
:func:`step`, :func:`reask`, :func:`resume`, :func:`continue_draft`, :func:`open_questions`,
:func:`show_summary`, :func:`pause`, :func:`ask_cancel` and :func:`submit`.

Outcomes tell the caller what to do besides showing the reply: ``continue`` (save the draft),
``question`` (the text looked like a question: answer it, then call :func:`reask`; the state is
unchanged), ``paused`` (save the draft, leave form mode), ``cancelled`` (delete the draft),
``submitted`` (store the report from :func:`submission`, give a receipt), ``inactive`` (the form
is already submitted or cancelled).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from forms.commands import Command, ParsedCommand, is_phrase, parse_command
from forms.definition import INTERPRETED_KINDS, TEXT_KINDS, Field, FieldKind, Form, ParseContext
from forms.parsers import ParseError, parse_yes_no
from forms.text import LANGUAGES, MAX_INPUT_CHARS, clean_input, fold


class Mode(StrEnum):
    """Where a conversation is. A ``StrEnum``: stored as its value, equal to it (``"asking"``)."""

    ASKING = "asking"                    # a question is open (``current``)
    CHOOSE_FIELD = "choose_field"        # "which answer do you want to change?"
    SUMMARY = "summary"                  # all answered: send or change
    CONFIRM_CANCEL = "confirm_cancel"    # "really delete?"
    CONFIRM_RESTART = "confirm_restart"  # "really start over?"
    CONFIRM_RESUME = "confirm_resume"    # the draft-resume prompt
    PAUSED = "paused"                    # saved as a draft, out of form mode
    SUBMITTED = "submitted"              # final
    CANCELLED = "cancelled"              # final


Outcome = Literal["continue", "question", "paused", "cancelled", "submitted", "inactive"]
QuestionPredicate = Callable[[str], bool]

MODES: frozenset[str] = frozenset(mode.value for mode in Mode)
FINAL_MODES: frozenset[Mode] = frozenset({Mode.SUBMITTED, Mode.CANCELLED})
ACTIVE_MODES: frozenset[Mode] = frozenset(Mode) - FINAL_MODES
RETURN_MODES: frozenset[Mode] = frozenset({Mode.ASKING, Mode.SUMMARY})
"""Modes a confirmation, a pause or the resume prompt goes back to."""

# Every active mode may be left for a question (``asking``: "tilbake", a reprompt, a restart), for
# the prompts that interrupt anything (pause, resume, "avbryt?") and for the summary (a public
# operation shows it, e.g. when an email form or a modal filled everything in).
_INTERRUPTS = frozenset({Mode.ASKING, Mode.SUMMARY, Mode.PAUSED, Mode.CONFIRM_RESUME, Mode.CONFIRM_CANCEL})
TRANSITIONS: dict[Mode, frozenset[Mode]] = {
    Mode.ASKING: _INTERRUPTS | {Mode.CHOOSE_FIELD, Mode.CONFIRM_RESTART},
    Mode.CHOOSE_FIELD: _INTERRUPTS | {Mode.CHOOSE_FIELD},
    Mode.SUMMARY: _INTERRUPTS | {Mode.CHOOSE_FIELD, Mode.CONFIRM_RESTART, Mode.SUBMITTED},
    Mode.CONFIRM_CANCEL: _INTERRUPTS | {Mode.CANCELLED},
    Mode.CONFIRM_RESTART: _INTERRUPTS,
    Mode.CONFIRM_RESUME: _INTERRUPTS | {Mode.CANCELLED},
    Mode.PAUSED: _INTERRUPTS | {Mode.CANCELLED},
    Mode.SUBMITTED: frozenset(),
    Mode.CANCELLED: frozenset(),
}
"""Which mode may follow which (a mode may always be kept)."""


class InvalidTransition(ValueError):
    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"a form cannot go from {current!r} to {wanted!r}")
        self.current = current
        self.wanted = wanted


def can_move(current: str, wanted: str) -> bool:
    """Whether the table allows ``current`` -> ``wanted`` (staying in a mode is always allowed)."""
    return current == wanted or (current in MODES and wanted in MODES
                                 and Mode(wanted) in TRANSITIONS[Mode(current)])


MAX_ATTEMPTS = 3
HISTORY_LIMIT = 100
_FORCED_ANSWER = re.compile(r"^\s*(?:svar|answer)\s*:\s*", re.IGNORECASE)

_ASKING_COMMANDS = frozenset({Command.BACK, Command.EDIT, Command.CANCEL, Command.PAUSE, Command.SKIP,
                              Command.HELP, Command.SUMMARY, Command.KEEP, Command.RESTART})
_SUMMARY_COMMANDS = frozenset({Command.SUBMIT, Command.BACK, Command.EDIT, Command.CANCEL, Command.PAUSE,
                               Command.HELP, Command.SUMMARY, Command.RESTART})
_CHOOSE_COMMANDS = frozenset({Command.BACK, Command.CANCEL, Command.PAUSE, Command.HELP, Command.SUMMARY,
                              Command.EDIT, Command.KEEP})
_RESUME_COMMANDS = frozenset({Command.CONTINUE, Command.RESTART, Command.DELETE, Command.CANCEL})


@dataclass
class FormState:
    """Everything the engine needs between two messages; ``to_dict()`` is plain JSON."""

    form_id: str
    form_version: int
    lang: str = "nb"
    mode: Mode = Mode.ASKING
    current: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    return_mode: Mode | None = None
    steps: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"form_id": self.form_id, "form_version": self.form_version, "lang": self.lang, "mode": str(self.mode),
                "current": self.current, "answers": {key: _copy_json(value) for key, value in self.answers.items()},
                "skipped": list(self.skipped), "attempts": dict(self.attempts), "history": list(self.history),
                "return_mode": None if self.return_mode is None else str(self.return_mode), "steps": self.steps}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormState:
        """Tolerant: unknown keys are ignored and malformed values replaced by defaults."""
        def _dict(value: Any) -> dict[str, Any]:
            return {str(k): _copy_json(v) for k, v in value.items()} if isinstance(value, Mapping) else {}

        def _ids(value: Any) -> list[str]:
            return [str(item) for item in value] if isinstance(value, list) else []

        mode = data.get("mode")
        lang = data.get("lang")
        attempts = {k: int(v) for k, v in _dict(data.get("attempts")).items() if isinstance(v, int)}
        current = data.get("current")
        return_mode = data.get("return_mode")
        return cls(
            form_id=str(data.get("form_id", "")),
            form_version=int(data.get("form_version", 0) or 0),
            lang=lang if lang in LANGUAGES else "nb",
            mode=Mode(mode) if mode in MODES else Mode.ASKING,
            current=str(current) if isinstance(current, str) else None,
            answers=_dict(data.get("answers")),
            skipped=_ids(data.get("skipped")),
            attempts=attempts,
            history=_ids(data.get("history"))[-HISTORY_LIMIT:],
            return_mode=Mode(return_mode) if return_mode in MODES else None,
            steps=int(data.get("steps", 0) or 0),
        )

    def copy(self) -> FormState:
        return FormState(self.form_id, self.form_version, self.lang, self.mode, self.current,
                         {key: _copy_json(value) for key, value in self.answers.items()}, list(self.skipped),
                         dict(self.attempts), list(self.history), self.return_mode, self.steps)


def _copy_json(value: Any) -> Any:
    """A copy of a JSON value (answers hold only JSON); much cheaper than ``copy.deepcopy``."""
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class ReplyPart:
    """One piece of the bot's answer: ``kind`` picks the template, ``data`` fills it."""

    kind: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "data": self.data}


@dataclass(frozen=True)
class StepResult:
    state: FormState
    reply: tuple[ReplyPart, ...]
    outcome: Outcome = "continue"

    @property
    def kinds(self) -> list[str]:
        return [part.kind for part in self.reply]

    def part(self, kind: str) -> ReplyPart | None:
        return next((part for part in self.reply if part.kind == kind), None)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    def to_dict(self) -> dict[str, int]:
        return {"done": self.done, "total": self.total}


# --- public functions ----------------------------------------------------------------------------

def new_state(form: Form, *, lang: str = "nb") -> FormState:
    return FormState(form_id=form.id, form_version=form.version, lang=lang if lang in LANGUAGES else "nb")


def start(form: Form, *, today: date, lang: str = "nb", answers: Mapping[str, Any] | None = None,
          intro: Mapping[str, Any] | None = None) -> StepResult:
    """A new conversation: an intro and the first question.

    ``answers`` pre-fills known values (e.g. the contact's email, or a submitted report being
    changed); each is checked by its field's parser and dropped when it does not pass. When they
    answer everything, the summary is shown at once. ``intro`` adds data to the intro part (which
    report is being changed, a notice about the deadline year).
    """
    turn = _Turn(form, new_state(form, lang=lang), today)
    for field_id, value in (answers or {}).items():
        if form.has_field(field_id):
            target = form.field(field_id)
            try:
                turn.state.answers[field_id] = target.parse(target.to_input(value), turn.context())
            except (ParseError, TypeError, ValueError, KeyError):
                continue
    prefilled = [{"field": item.id, "label": item.label.get(turn.lang),
                  "display": item.display(turn.state.answers[item.id], turn.lang)}
                 for item in turn.applicable() if item.id in turn.state.answers]
    turn.add("intro", **{**dict(intro or {}), "title": form.title.get(turn.lang),
                         "progress": turn.progress().to_dict(), "prefilled": bool(turn.state.answers),
                         "prefilled_items": prefilled})
    turn.advance()
    return turn.result()


def step(form: Form, state: FormState, text: str, *, today: date,
         is_question: QuestionPredicate | None = None) -> StepResult:
    """One message from the person. Never raises on any text; always replies."""
    if state.form_id != form.id:
        raise ValueError(f"state of form {state.form_id!r} given to form {form.id!r}")
    turn = _Turn(form, state.copy(), today, is_question=is_question)
    turn.state.steps += 1
    return turn.handle(text if isinstance(text, str) else "", original=state)


def reask(form: Form, state: FormState, *, today: date) -> StepResult:
    """Repeat what the conversation is waiting for (after answering a question mid-form)."""
    turn = _Turn(form, state.copy(), today)
    turn.after_question = True
    turn.reprompt(resumed=True)
    return turn.result()


def resume(form: Form, state: FormState, *, today: date) -> StepResult:
    """The draft-resume prompt: "Du har en påbegynt behovsmelding (4 av 11 svar). Fortsette, ...?"."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    turn.interrupt(Mode.CONFIRM_RESUME)
    turn.add_resume_prompt()
    return turn.result()


def continue_draft(form: Form, state: FormState, *, today: date) -> StepResult:
    """Take up a stored draft where it was, without the resume prompt (the person said "fortsett")."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    turn.leave_interruption()
    turn.reprompt(resumed=True)
    return turn.result()


def open_questions(form: Form, state: FormState, *, today: date) -> StepResult:
    """Leave any prompt for the next open question (a form filled in elsewhere: an email form, a
    modal page). The reply asks that question; channels that show the whole form ignore it."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    turn.state.return_mode = None
    turn.goto(Mode.ASKING)
    turn.state.current = None
    turn.advance()
    return turn.result()


def show_summary(form: Form, state: FormState, *, today: date) -> StepResult:
    """Go to the summary ("send or change?") from any active mode; a missing answer is asked instead."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    turn.state.return_mode = None
    if turn.pending() is None:
        turn.show_summary()
    else:
        turn.goto(Mode.ASKING)
        turn.advance()
    return turn.result()


def pause(form: Form, state: FormState, *, today: date) -> StepResult:
    """Save as a draft from any active mode (a modal closed, a page stored); outcome ``paused``."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        return turn.result("inactive")
    turn.state.current = None
    return turn.pause()


def ask_cancel(form: Form, state: FormState, *, today: date) -> StepResult:
    """The "really delete?" prompt, from any active mode (e.g. a deletion waiting for verification)."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    if turn.state.mode != Mode.CONFIRM_CANCEL:
        turn.confirm(Mode.CONFIRM_CANCEL)
    else:
        turn.add(str(Mode.CONFIRM_CANCEL), progress=turn.progress().to_dict())
    return turn.result()


def submit(form: Form, state: FormState, *, today: date) -> StepResult:
    """Send in from any active mode, as "send" at the summary does: outcome ``submitted``, or the
    first missing answer (or broken rule) asked with outcome ``continue``."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=str(turn.state.mode))
        return turn.result("inactive")
    turn.state.return_mode = None
    if turn.pending() is not None:
        turn.goto(Mode.ASKING)
        turn.advance()
        return turn.result()
    turn.goto(Mode.SUMMARY)
    turn.state.current = None
    return turn.submit()


def field_progress(form: Form, state: FormState) -> Progress:
    """Answered (or skipped) applicable fields against all applicable fields: "4 av 11 svar"."""
    return _Turn(form, state, date.min).progress()


def submission(form: Form, state: FormState) -> dict[str, Any]:
    """The answers to store: every applicable field in form order, ``None`` for skipped ones."""
    answers = state.answers
    return {item.id: _copy_json(answers.get(item.id)) for item in form.applicable(answers)}


def summary_items(form: Form, state: FormState) -> list[dict[str, Any]]:
    return _Turn(form, state, date.min).summary_items()


def is_active(state: FormState) -> bool:
    return state.mode not in FINAL_MODES


def is_complete(form: Form, state: FormState) -> bool:
    return _Turn(form, state, date.min).pending() is None


# --- one turn ------------------------------------------------------------------------------------

class _Turn:
    """The work of one call: a private copy of the state and the reply being built."""

    def __init__(self, form: Form, state: FormState, today: date,
                 is_question: QuestionPredicate | None = None) -> None:
        self.form = form
        self.state = state
        self.today = today
        self.is_question = is_question
        self.parts: list[ReplyPart] = []
        self.after_question = False

    # -- basics --

    @property
    def lang(self) -> str:
        return self.state.lang

    def add(self, kind: str, **data: Any) -> None:
        self.parts.append(ReplyPart(kind, data))

    def result(self, outcome: Outcome = "continue") -> StepResult:
        return StepResult(self.state, tuple(self.parts), outcome)

    # -- the state machine: every change of mode goes through here --

    def goto(self, mode: Mode) -> None:
        current = self.state.mode
        if not can_move(current, mode):
            raise InvalidTransition(str(current), str(mode))
        self.state.mode = mode

    def interrupt(self, mode: Mode) -> None:
        """Enter a prompt that later goes back to where the person was (``return_mode``)."""
        if self.state.mode not in (Mode.PAUSED, Mode.CONFIRM_RESUME):
            self.state.return_mode = self.state.mode
        self.goto(mode)

    def leave_interruption(self) -> None:
        """Back to the mode before the prompt (a question or the summary)."""
        back = Mode(self.state.return_mode) if self.state.return_mode in RETURN_MODES else Mode.ASKING
        self.state.return_mode = None
        self.goto(back)

    def context(self) -> ParseContext:
        return ParseContext(today=self.today, answers=self.form.effective_answers(self.state.answers), lang=self.lang)

    def text(self, value: str) -> str:
        return self.form.expand(value, self.today)

    def applicable(self) -> list[Field]:
        return self.form.applicable(self.state.answers)

    def progress(self) -> Progress:
        fields = self.applicable()
        done = sum(1 for item in fields if item.id in self.state.answers or item.id in self.state.skipped)
        return Progress(done, len(fields))

    def current_field(self) -> Field | None:
        current = self.state.current
        if current is None or not self.form.has_field(current):
            return None
        item = self.form.field(current)
        return item if item in self.applicable() else None

    def pending(self) -> tuple[Field, str | None, str | None] | None:
        """The next field to ask: the first unanswered one, then the target of a broken rule
        (with the rule's message and id)."""
        answers, skipped = self.state.answers, self.state.skipped
        for item in self.applicable():
            if item.id not in answers and item.id not in skipped:
                return item, None, None
        for rule, message in self.form.violations(answers):
            return self.form.field(rule.target), message, rule.id
        return None

    def error_data(self, item: Field | None, code: str, message: str, *, raw: str | None = None,
                   params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What an ``error`` part carries: the code (the catalogues are keyed by it), the bokmål
        message, and what a catalogue text may name (the answer given, the field's limits)."""
        data: dict[str, Any] = {"code": code, "message": message, "field": item.id if item else None,
                                "label": item.label.get(self.lang) if item else None,
                                "params": {key: _copy_json(value) for key, value in (params or {}).items()
                                           if isinstance(value, str | int | float | bool | None)}}
        if raw is not None:
            shown = raw.strip().replace("\n", " ")
            data["input"] = shown if len(shown) <= 60 else shown[:59].rstrip() + "…"
        if item is not None:
            data["limits"] = {"min_length": item.min_length, "max_length": item.max_length,
                              "min_value": item.min_value, "max_value": item.max_value,
                              "example": self.text(item.example.get(self.lang))}
        return data

    # -- replies --

    def ask(self, item: Field, *, repeat: bool = False, resumed: bool = False) -> None:
        self.goto(Mode.ASKING)
        self.state.current = item.id
        self.state.return_mode = None
        fields = self.applicable()
        number = fields.index(item) + 1 if item in fields else None
        value = self.state.answers.get(item.id)
        choices = [{"number": n, "id": c.id, "label": c.label.get(self.lang)}
                   for n, c in enumerate(item.choices, start=1)]
        forced = self.forced(item)
        self.add("ask", field=item.id, field_kind=str(item.kind), number=number, label=item.label.get(self.lang),
                 question=self.text(item.question.get(self.lang)), why=self.text(item.why.get(self.lang)),
                 example=self.text(item.example.get(self.lang)), optional=item.optional, choices=choices,
                 multiple=item.kind is FieldKind.MULTI_CHOICE,
                 current=item.display(value, self.lang) if item.id in self.state.answers else None,
                 can_keep=item.id in self.state.answers and not forced, must_change=forced,
                 total=self.form.max_applicable(self.state.answers), repeat=repeat, resumed=resumed,
                 after_question=self.after_question, progress=self.progress().to_dict())

    def forced(self, item: Field) -> bool:
        """Whether a cross-field rule refuses the field's present answer (so it cannot be kept)."""
        return item.id in self.state.answers and any(
            rule.target == item.id for rule, _ in self.form.violations(self.state.answers, involving=item.id))

    def move_to(self, item: Field) -> None:
        self.push_history()
        self.ask(item)

    def push_history(self) -> None:
        current = self.state.current
        if current is not None and (not self.state.history or self.state.history[-1] != current):
            self.state.history.append(current)
            del self.state.history[:-HISTORY_LIMIT]

    def advance(self) -> None:
        pending = self.pending()
        if pending is None:
            self.push_history()
            self.show_summary()
            return
        item, message, rule = pending
        if message:
            self.parts.append(ReplyPart("error", self.error_data(
                item, "rule", message, params={"rule": rule, **getattr(message, "params", {})})))
        self.move_to(item)

    def summary_items(self) -> list[dict[str, Any]]:
        items = []
        for number, item in enumerate(self.applicable(), start=1):
            answered = item.id in self.state.answers
            items.append({
                "number": number, "field": item.id, "label": item.label.get(self.lang),
                "display": item.display(self.state.answers[item.id], self.lang) if answered else None,
                "field_kind": str(item.kind), "skipped": item.id in self.state.skipped, "missing": not answered
                and item.id not in self.state.skipped,
            })
        return items

    def extras(self) -> list[dict[str, str]]:
        if self.form.extras is None:
            return []
        effective = self.form.effective_answers(self.state.answers)
        return [{"label": line.label, "display": line.display} for line in self.form.extras(effective, self.lang)]

    def show_summary(self, *, final: bool = True, resumed: bool = False) -> None:
        if final:
            self.goto(Mode.SUMMARY)
            self.state.current = None
        self.add("summary", title=self.form.title.get(self.lang), items=self.summary_items(), extras=self.extras(),
                 complete=self.pending() is None, final=final, resumed=resumed, progress=self.progress().to_dict())

    def add_resume_prompt(self) -> None:
        self.add("resume_prompt", title=self.form.title.get(self.lang), progress=self.progress().to_dict())

    def edit_prompt(self) -> None:
        self.add("edit_prompt", items=self.summary_items())

    def reprompt(self, *, resumed: bool = False) -> None:
        mode = self.state.mode
        if mode in FINAL_MODES:
            self.add("closed", status=str(mode))
        elif mode == Mode.SUMMARY:
            if self.pending() is None:
                self.show_summary(resumed=resumed)
            else:
                self.advance()
        elif mode in (Mode.CONFIRM_CANCEL, Mode.CONFIRM_RESTART):
            self.add(str(mode), progress=self.progress().to_dict())
        elif mode in (Mode.CONFIRM_RESUME, Mode.PAUSED):
            self.add_resume_prompt()
        elif mode == Mode.CHOOSE_FIELD:
            self.edit_prompt()
        else:
            item = self.current_field()
            if item is None:
                self.advance()
            else:
                self.ask(item, resumed=resumed)

    def fail(self, item: Field, error: ParseError, raw: str | None = None) -> None:
        attempts = self.state.attempts.get(item.id, 0) + 1
        self.state.attempts[item.id] = attempts
        data = self.error_data(item, error.code, error.message, raw=raw, params=error.params)
        data["attempts"] = attempts
        self.parts.append(ReplyPart("error", data))
        if attempts % MAX_ATTEMPTS == 0:
            self.add("help_offer", field=item.id, label=item.label.get(self.lang),
                     example=self.text(item.example.get(self.lang)), can_skip=item.optional, attempts=attempts)
        self.ask(item, repeat=True)

    # -- handling a message --

    def handle(self, raw: str, *, original: FormState) -> StepResult:
        """The one dispatch: the handler of the current mode gets the cleaned text."""
        mode = Mode(self.state.mode)
        if mode in FINAL_MODES:
            self.add("closed", status=str(mode))
            return self.result("inactive")
        if len(raw) > MAX_INPUT_CHARS:
            self.add("error", code="input_too_long", message=f"Meldingen er for lang ({len(raw)} tegn). Skriv "
                     f"høyst {MAX_INPUT_CHARS} tegn.", field=self.state.current, label=None,
                     length=len(raw), max_chars=MAX_INPUT_CHARS)
            self.reprompt()
            return self.result()
        text = clean_input(raw)
        handlers: dict[Mode, Callable[[str, FormState], StepResult]] = {
            Mode.ASKING: self.on_asking,
            Mode.CHOOSE_FIELD: self.on_choose_field,
            Mode.SUMMARY: self.on_summary,
            Mode.CONFIRM_CANCEL: self.on_confirm,
            Mode.CONFIRM_RESTART: self.on_confirm,
            Mode.CONFIRM_RESUME: self.on_resume,
            Mode.PAUSED: self.on_resume,
        }
        return handlers[mode](text, original)

    def question(self, text: str, original: FormState) -> StepResult:
        return StepResult(original, (ReplyPart("question", {"text": text}),), "question")

    def looks_like_question(self, text: str) -> bool:
        return self.is_question is not None and bool(self.is_question(text))

    def on_asking(self, text: str, original: FormState) -> StepResult:
        item = self.current_field()
        if item is None:
            self.advance()
            return self.result()
        forced = _FORCED_ANSWER.match(text)
        if forced:
            text = text[forced.end():]
        elif text:
            command = parse_command(text, _ASKING_COMMANDS)
            if command is None and item.id in self.state.answers and is_phrase(text, Command.SUBMIT):
                command = ParsedCommand(Command.KEEP)  # "send" while changing an answer: keep it, go on
            if command is not None:
                handled = self.command(command, item, text)
                if handled is not None:
                    return handled
        if not text:
            self.add("error", code="empty", message="Jeg fikk ikke noe svar.", field=item.id,
                     label=item.label.get(self.lang))
            self.ask(item, repeat=True)
            return self.result()
        if not forced and item.kind in TEXT_KINDS and self.looks_like_question(text):
            return self.question(text, original)
        try:
            value = item.parse(text, self.context())
        except ParseError as error:
            if not forced and self.looks_like_question(text):
                return self.question(text, original)
            self.fail(item, error, raw=text)
            return self.result()
        self.accept(item, value)
        return self.result()

    def accept(self, item: Field, value: Any) -> bool:
        tentative = dict(self.state.answers)
        previous = tentative.get(item.id)
        had_answer = item.id in tentative
        tentative[item.id] = value
        own = [(rule, message) for rule, message in self.form.violations(tentative, involving=item.id)
               if rule.target == item.id]
        if own:
            rule, message = own[0]
            self.fail(item, ParseError(message, code="rule", rule=rule.id, **getattr(message, "params", {})))
            return False
        self.state.answers = tentative
        if item.id in self.state.skipped:
            self.state.skipped.remove(item.id)
        self.state.attempts.pop(item.id, None)
        if item.kind in INTERPRETED_KINDS or (had_answer and previous != value):
            self.add("ack", field=item.id, label=item.label.get(self.lang), display=item.display(value, self.lang),
                     changed=had_answer and previous != value)
        for rule, message in self.form.warnings(self.state.answers, involving=item.id):
            target = self.form.field(rule.target)
            self.parts.append(ReplyPart("warning", self.error_data(
                target, "rule_warning", message, params={"rule": rule.id, **getattr(message, "params", {})})))
        self.advance()
        return True

    def command(self, command: ParsedCommand, item: Field, text: str) -> StepResult | None:
        """Handle a command while a question is open; None means "not a command after all"."""
        kind = command.command
        if kind is Command.EDIT:
            return self.edit(command.argument, lenient=False)
        if kind is Command.BACK:
            self.back()
        elif kind is Command.CANCEL:
            self.confirm(Mode.CONFIRM_CANCEL)
        elif kind is Command.RESTART:
            self.confirm(Mode.CONFIRM_RESTART)
        elif kind is Command.PAUSE:
            return self.pause()
        elif kind is Command.SKIP:
            if item.optional:
                self.state.answers.pop(item.id, None)
                if item.id not in self.state.skipped:
                    self.state.skipped.append(item.id)
                self.state.attempts.pop(item.id, None)
                self.add("skipped", field=item.id, label=item.label.get(self.lang))
                self.advance()
            else:
                self.add("error", code="not_skippable", field=item.id, label=item.label.get(self.lang),
                         message=f"«{item.label.get(self.lang)}» må besvares og kan ikke hoppes over.")
                self.ask(item, repeat=True)
        elif kind is Command.HELP:
            self.help(item)
        elif kind is Command.SUMMARY:
            self.show_summary(final=False)
            self.ask(item, repeat=True)
        elif kind is Command.KEEP:
            if self.forced(item):
                self.parts.append(ReplyPart("error", self.error_data(
                    item, "must_change", f"Svaret på «{item.label.get(self.lang)}» kan ikke beholdes slik det er "
                    "(se over). Skriv et nytt svar.")))
                self.ask(item, repeat=True)
            elif item.id in self.state.answers:
                self.advance()
            else:
                self.add("error", code="nothing_to_keep", field=item.id, label=item.label.get(self.lang),
                         message="Dette spørsmålet har ikke noe svar ennå.")
                self.ask(item, repeat=True)
        return self.result()

    def help(self, item: Field) -> None:
        choices = [{"number": n, "label": c.label.get(self.lang)} for n, c in enumerate(item.choices, start=1)]
        self.add("help", field=item.id, label=item.label.get(self.lang),
                 question=self.text(item.question.get(self.lang)), why=self.text(item.why.get(self.lang)),
                 example=self.text(item.example.get(self.lang)), can_skip=item.optional, choices=choices,
                 current=item.display(self.state.answers[item.id], self.lang) if item.id in self.state.answers
                 else None)

    def back(self) -> None:
        history = self.state.history
        fields = self.applicable()
        while history:
            candidate = history.pop()
            if candidate != self.state.current and self.form.has_field(candidate) \
                    and self.form.field(candidate) in fields:
                self.ask(self.form.field(candidate))
                return
        current = self.current_field()
        before = fields[: fields.index(current)] if current in fields else fields
        if before:
            self.ask(before[-1])
            return
        self.add("info", code="no_previous")
        self.reprompt()

    def confirm(self, mode: Mode) -> None:
        self.state.return_mode = self.state.mode
        self.goto(mode)
        self.add(str(mode), progress=self.progress().to_dict())

    def pause(self) -> StepResult:
        self.interrupt(Mode.PAUSED)
        self.add("paused", title=self.form.title.get(self.lang), progress=self.progress().to_dict())
        return self.result("paused")

    def edit(self, argument: str, *, lenient: bool) -> StepResult | None:
        """ "endre <felt>" or "endre <felt> til <verdi>". Not lenient: an unknown field name means
        the message was an answer that starts with "endre", so None is returned."""
        if not argument:
            self.choose_field()
            return self.result()
        # Exact field names first ("beløp til 30 %-delen" is a field), then "<felt> til <verdi>",
        # then (only when a field name is expected) close spellings of the whole text.
        found = self.resolve(argument, fuzzy=False)
        value_text: str | None = None
        if found is None:
            split = re.match(r"^(.+?)\s*(?:\btil\b|\bto\b|:|=)\s*(.+)$", argument, re.IGNORECASE | re.DOTALL)
            if split:
                found = self.resolve(split.group(1), fuzzy=lenient)
                value_text = split.group(2) if found is not None else None
        if found is None and lenient:
            found = self.resolve(argument, fuzzy=True)
        if isinstance(found, ParseError):
            self.add("error", code=found.code, message=found.message, field=None, label=None)
            self.choose_field()
            return self.result()
        if found is None:
            if not lenient:
                return None
            self.add("error", code="unknown_field", field=None, label=None, input=argument.strip()[:60],
                     message=f"Jeg fant ikke noe spørsmål som heter «{argument.strip()[:60]}».")
            self.choose_field()
            return self.result()
        if self.state.mode != Mode.ASKING or self.state.current != found.id:
            self.push_history()
        if value_text is None:
            self.ask(found)
            return self.result()
        self.goto(Mode.ASKING)
        self.state.current = found.id
        try:
            value = found.parse(value_text, self.context())
        except ParseError as error:
            self.fail(found, error, raw=value_text)
            return self.result()
        self.accept(found, value)
        return self.result()

    def resolve(self, name: str, *, fuzzy: bool) -> Field | ParseError | None:
        try:
            return self.form.resolve(name, self.state.answers, fuzzy=fuzzy)
        except ParseError as error:
            if error.code == "not_applicable":
                return error
            return None

    def choose_field(self) -> None:
        if self.state.mode != Mode.CHOOSE_FIELD:
            self.state.return_mode = self.state.mode
        self.goto(Mode.CHOOSE_FIELD)
        self.edit_prompt()

    def leave_choose_field(self) -> None:
        self.leave_interruption()
        self.reprompt()

    def on_choose_field(self, text: str, original: FormState) -> StepResult:
        folded = fold(text)
        command = parse_command(text, _CHOOSE_COMMANDS)
        if command is not None and command.command is Command.EDIT and command.argument:
            text = command.argument
        elif command is not None and command.command in (Command.BACK, Command.KEEP) or folded in (
                "nei", "ingen", "ingenting", "no", "none", "ikke noe", "ingen endring"):
            self.leave_choose_field()
            return self.result()
        elif command is not None and command.command is Command.CANCEL:
            self.leave_interruption()
            self.confirm(Mode.CONFIRM_CANCEL)
            return self.result()
        elif command is not None and command.command is Command.PAUSE:
            self.leave_interruption()
            return self.pause()
        elif command is not None and command.command is Command.HELP:
            self.add("help_edit")
            self.edit_prompt()
            return self.result()
        elif command is not None and command.command is Command.SUMMARY:
            self.show_summary(final=False)
            self.edit_prompt()
            return self.result()
        if not text:
            self.edit_prompt()
            return self.result()
        handled = self.edit(text, lenient=True)
        if self.state.mode == Mode.CHOOSE_FIELD and self.looks_like_question(text):
            return self.question(text, original)
        return handled if handled is not None else self.result()

    def on_summary(self, text: str, original: FormState) -> StepResult:
        command = parse_command(text, _SUMMARY_COMMANDS)
        if command is None and text:
            try:
                command = ParsedCommand(Command.SUBMIT) if parse_yes_no(text) else ParsedCommand(Command.EDIT)
            except ParseError:
                command = None
        if command is None and text:
            found = self.resolve(text, fuzzy=False)
            if isinstance(found, Field):
                self.push_history()
                self.ask(found)
                return self.result()
        if command is None:
            if self.looks_like_question(text):
                return self.question(text, original)
            self.add("error", code="summary_unknown", field=None, label=None,
                     message="Jeg forsto ikke helt. Skriv «send» for å sende inn, eller «endre» og nummeret "
                             "på svaret du vil endre (f.eks. «endre 5»).")
            return self.result()
        kind = command.command
        if kind is Command.SUBMIT:
            return self.submit()
        if kind is Command.EDIT:
            handled = self.edit(command.argument, lenient=True)
            return handled if handled is not None else self.result()
        if kind is Command.BACK:
            self.back()
        elif kind is Command.CANCEL:
            self.confirm(Mode.CONFIRM_CANCEL)
        elif kind is Command.RESTART:
            self.confirm(Mode.CONFIRM_RESTART)
        elif kind is Command.PAUSE:
            return self.pause()
        elif kind is Command.HELP:
            self.add("help_summary")
        elif kind is Command.SUMMARY:
            self.show_summary()
        return self.result()

    def submit(self) -> StepResult:
        if self.pending() is not None:
            self.advance()
            return self.result()
        self.goto(Mode.SUBMITTED)
        self.state.current = None
        self.add("submitted", title=self.form.title.get(self.lang), answers=submission(self.form, self.state),
                 items=self.summary_items(), extras=self.extras(), reference=None)
        return self.result("submitted")

    def on_confirm(self, text: str, original: FormState | None = None) -> StepResult:
        mode = Mode(self.state.mode)
        command = parse_command(text, frozenset({Command.CANCEL, Command.DELETE, Command.RESTART, Command.BACK,
                                                 Command.CONTINUE}))
        answer: bool | None
        try:
            answer = parse_yes_no(text)
        except ParseError:
            answer = None
        if command is not None:
            if command.command is Command.CANCEL and mode == Mode.CONFIRM_CANCEL \
                    or command.command is Command.DELETE and mode == Mode.CONFIRM_CANCEL \
                    or command.command is Command.RESTART and mode == Mode.CONFIRM_RESTART:
                answer = True
            elif command.command in (Command.BACK, Command.CONTINUE):
                answer = False
        if answer is None:
            self.add("error", code="confirm_yes_no", field=None, label=None, message="Svar «ja» eller «nei».")
            self.add(str(mode), progress=self.progress().to_dict())
            return self.result()
        if not answer:
            self.leave_interruption()
            self.add("info", code="cancel_aborted" if mode == Mode.CONFIRM_CANCEL else "restart_aborted")
            self.reprompt()
            return self.result()
        if mode == Mode.CONFIRM_CANCEL:
            return self.cancel()
        return self.restart()

    def cancel(self) -> StepResult:
        self.goto(Mode.CANCELLED)
        self.state.current = None
        self.state.answers = {}
        self.state.skipped = []
        self.state.attempts = {}
        self.state.history = []
        self.state.return_mode = None
        self.add("cancelled", title=self.form.title.get(self.lang))
        return self.result("cancelled")

    def restart(self) -> StepResult:
        self.goto(Mode.ASKING)
        self.state = new_state(self.form, lang=self.lang)
        self.add("restarted", title=self.form.title.get(self.lang))
        self.add("intro", title=self.form.title.get(self.lang), progress=self.progress().to_dict(), prefilled=False)
        self.advance()
        return self.result()

    def on_resume(self, text: str, original: FormState | None = None) -> StepResult:
        was_paused = self.state.mode == Mode.PAUSED
        # "slett" is offered by the prompt, so it deletes at once; "avbryt" asks first, as everywhere.
        command = parse_command(text, _RESUME_COMMANDS - {Command.CANCEL}) or parse_command(
            text, frozenset({Command.CANCEL}))
        if command is not None and command.command is Command.CANCEL:
            self.leave_interruption()
            self.confirm(Mode.CONFIRM_CANCEL)
            return self.result()
        answer: bool | None
        try:
            answer = parse_yes_no(text)
        except ParseError:
            answer = None
        if command is not None and command.command is Command.RESTART:
            return self.restart()
        if command is not None and command.command is Command.DELETE:
            return self.cancel()
        if command is not None and command.command is Command.CONTINUE or answer is True:
            self.leave_interruption()
            self.reprompt(resumed=True)
            return self.result()
        self.goto(Mode.CONFIRM_RESUME)
        if not was_paused:
            self.add("error", code="resume_choice", field=None, label=None,
                     message="Skriv «fortsett», «start på nytt» eller «slett».")
        self.add_resume_prompt()
        return self.result()
