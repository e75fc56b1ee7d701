"""The guided-conversation engine: ``step(form, state, text) -> StepResult(state, reply, outcome)``.

Pure: no clock (``today`` is passed in), no storage (the caller saves ``state.to_dict()`` after
every step), no text layout (the reply is a list of :class:`ReplyPart` with a ``kind`` and JSON
data; ``bot.form_text`` turns them into chat text).

Modes: ``asking`` (a question is open), ``choose_field`` (which answer to change?), ``summary``
(all answered; send or change), ``confirm_cancel``, ``confirm_restart``, ``confirm_resume`` (the
draft-resume prompt), ``paused``, and the final ``submitted`` and ``cancelled``.

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
from typing import Any, Literal, get_args

from forms.commands import Command, ParsedCommand, is_phrase, parse_command
from forms.definition import INTERPRETED_KINDS, TEXT_KINDS, Field, FieldKind, Form, ParseContext
from forms.parsers import ParseError, parse_yes_no
from forms.text import LANGUAGES, MAX_INPUT_CHARS, clean_input, fold

Mode = Literal["asking", "choose_field", "summary", "confirm_cancel", "confirm_restart", "confirm_resume",
               "paused", "submitted", "cancelled"]
Outcome = Literal["continue", "question", "paused", "cancelled", "submitted", "inactive"]
QuestionPredicate = Callable[[str], bool]

MODES: frozenset[str] = frozenset(get_args(Mode))
FINAL_MODES = frozenset({"submitted", "cancelled"})
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
    mode: str = "asking"
    current: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    return_mode: str | None = None
    steps: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"form_id": self.form_id, "form_version": self.form_version, "lang": self.lang, "mode": self.mode,
                "current": self.current, "answers": {key: _copy_json(value) for key, value in self.answers.items()},
                "skipped": list(self.skipped), "attempts": dict(self.attempts), "history": list(self.history),
                "return_mode": self.return_mode, "steps": self.steps}

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
            mode=mode if mode in MODES else "asking",
            current=str(current) if isinstance(current, str) else None,
            answers=_dict(data.get("answers")),
            skipped=_ids(data.get("skipped")),
            attempts=attempts,
            history=_ids(data.get("history"))[-HISTORY_LIMIT:],
            return_mode=return_mode if return_mode in MODES else None,
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


def start(form: Form, *, today: date, lang: str = "nb", answers: Mapping[str, Any] | None = None) -> StepResult:
    """A new conversation: an intro and the first question.

    ``answers`` pre-fills known values (e.g. the contact's email, or a submitted report being
    changed); each is checked by its field's parser and dropped when it does not pass. When they
    answer everything, the summary is shown at once.
    """
    turn = _Turn(form, new_state(form, lang=lang), today)
    for field_id, value in (answers or {}).items():
        if form.has_field(field_id):
            target = form.field(field_id)
            try:
                turn.state.answers[field_id] = target.parse(target.to_input(value), turn.context())
            except (ParseError, TypeError, ValueError, KeyError):
                continue
    turn.add("intro", title=form.title.get(turn.lang), progress=turn.progress().to_dict(),
             prefilled=bool(turn.state.answers))
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
    turn.reprompt(resumed=True)
    return turn.result()


def resume(form: Form, state: FormState, *, today: date) -> StepResult:
    """The draft-resume prompt: "Du har en påbegynt behovsmelding (4 av 11 svar). Fortsette, ...?"."""
    turn = _Turn(form, state.copy(), today)
    if turn.state.mode in FINAL_MODES:
        turn.add("closed", status=turn.state.mode)
        return turn.result("inactive")
    if turn.state.mode not in ("confirm_resume", "paused"):
        turn.state.return_mode = turn.state.mode
    turn.state.mode = "confirm_resume"
    turn.add_resume_prompt()
    return turn.result()


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

class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Turn:
    """The work of one call: a private copy of the state and the reply being built."""

    def __init__(self, form: Form, state: FormState, today: date,
                 is_question: QuestionPredicate | None = None) -> None:
        self.form = form
        self.state = state
        self.today = today
        self.is_question = is_question
        self.parts: list[ReplyPart] = []

    # -- basics --

    @property
    def lang(self) -> str:
        return self.state.lang

    def add(self, kind: str, **data: Any) -> None:
        self.parts.append(ReplyPart(kind, data))

    def result(self, outcome: Outcome = "continue") -> StepResult:
        return StepResult(self.state, tuple(self.parts), outcome)

    def context(self) -> ParseContext:
        return ParseContext(today=self.today, answers=self.form.effective_answers(self.state.answers), lang=self.lang)

    def text(self, value: str) -> str:
        if "{" not in value or self.form.placeholders is None:
            return value
        return value.format_map(_SafeFormat(self.form.placeholders(self.today)))

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

    def pending(self) -> tuple[Field, str | None] | None:
        """The next field to ask: the first unanswered one, then the target of a broken rule."""
        answers, skipped = self.state.answers, self.state.skipped
        for item in self.applicable():
            if item.id not in answers and item.id not in skipped:
                return item, None
        for rule, message in self.form.violations(answers):
            return self.form.field(rule.target), message
        return None

    # -- replies --

    def ask(self, item: Field, *, repeat: bool = False, resumed: bool = False) -> None:
        self.state.mode = "asking"
        self.state.current = item.id
        self.state.return_mode = None
        fields = self.applicable()
        number = fields.index(item) + 1 if item in fields else None
        value = self.state.answers.get(item.id)
        choices = [{"number": n, "id": c.id, "label": c.label.get(self.lang)}
                   for n, c in enumerate(item.choices, start=1)]
        self.add("ask", field=item.id, field_kind=str(item.kind), number=number, label=item.label.get(self.lang),
                 question=self.text(item.question.get(self.lang)), why=self.text(item.why.get(self.lang)),
                 example=self.text(item.example.get(self.lang)), optional=item.optional, choices=choices,
                 multiple=item.kind is FieldKind.MULTI_CHOICE,
                 current=item.display(value, self.lang) if item.id in self.state.answers else None,
                 repeat=repeat, resumed=resumed, progress=self.progress().to_dict())

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
        item, message = pending
        if message:
            self.add("error", code="rule", message=message, field=item.id, label=item.label.get(self.lang))
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
            self.state.mode = "summary"
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
            self.add("closed", status=mode)
        elif mode == "summary":
            if self.pending() is None:
                self.show_summary(resumed=resumed)
            else:
                self.advance()
        elif mode == "confirm_cancel":
            self.add("confirm_cancel", progress=self.progress().to_dict())
        elif mode == "confirm_restart":
            self.add("confirm_restart", progress=self.progress().to_dict())
        elif mode in ("confirm_resume", "paused"):
            self.add_resume_prompt()
        elif mode == "choose_field":
            self.edit_prompt()
        else:
            item = self.current_field()
            if item is None:
                self.advance()
            else:
                self.ask(item, resumed=resumed)

    def fail(self, item: Field, error: ParseError) -> None:
        attempts = self.state.attempts.get(item.id, 0) + 1
        self.state.attempts[item.id] = attempts
        self.add("error", code=error.code, message=error.message, field=item.id, label=item.label.get(self.lang),
                 attempts=attempts)
        if attempts % MAX_ATTEMPTS == 0:
            self.add("help_offer", field=item.id, label=item.label.get(self.lang),
                     example=self.text(item.example.get(self.lang)), can_skip=item.optional, attempts=attempts)
        self.ask(item, repeat=True)

    # -- handling a message --

    def handle(self, raw: str, *, original: FormState) -> StepResult:
        mode = self.state.mode
        if mode in FINAL_MODES:
            self.add("closed", status=mode)
            return self.result("inactive")
        if len(raw) > MAX_INPUT_CHARS:
            self.add("error", code="input_too_long", message=f"Meldingen er for lang ({len(raw)} tegn). Skriv "
                     f"høyst {MAX_INPUT_CHARS} tegn.", field=self.state.current, label=None)
            self.reprompt()
            return self.result()
        text = clean_input(raw)
        if mode == "summary":
            return self.on_summary(text, original)
        if mode in ("confirm_cancel", "confirm_restart"):
            return self.on_confirm(text)
        if mode in ("confirm_resume", "paused"):
            return self.on_resume(text)
        if mode == "choose_field":
            return self.on_choose_field(text, original)
        return self.on_asking(text, original)

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
            self.fail(item, error)
            return self.result()
        self.accept(item, value)
        return self.result()

    def accept(self, item: Field, value: Any) -> bool:
        tentative = dict(self.state.answers)
        previous = tentative.get(item.id)
        had_answer = item.id in tentative
        tentative[item.id] = value
        own = [message for rule, message in self.form.violations(tentative, involving=item.id)
               if rule.target == item.id]
        if own:
            self.fail(item, ParseError(own[0], code="rule"))
            return False
        self.state.answers = tentative
        if item.id in self.state.skipped:
            self.state.skipped.remove(item.id)
        self.state.attempts.pop(item.id, None)
        if item.kind in INTERPRETED_KINDS or (had_answer and previous != value):
            self.add("ack", field=item.id, label=item.label.get(self.lang), display=item.display(value, self.lang),
                     changed=had_answer and previous != value)
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
            self.confirm("confirm_cancel")
        elif kind is Command.RESTART:
            self.confirm("confirm_restart")
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
            if item.id in self.state.answers:
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
        self.state.mode = mode
        self.add(mode, progress=self.progress().to_dict())

    def pause(self) -> StepResult:
        if self.state.mode not in ("paused", "confirm_resume"):
            self.state.return_mode = self.state.mode
        self.state.mode = "paused"
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
            self.add("error", code="unknown_field", field=None, label=None,
                     message=f"Jeg fant ikke noe spørsmål som heter «{argument.strip()[:60]}».")
            self.choose_field()
            return self.result()
        if self.state.mode != "asking" or self.state.current != found.id:
            self.push_history()
        if value_text is None:
            self.ask(found)
            return self.result()
        self.state.mode, self.state.current = "asking", found.id
        try:
            value = found.parse(value_text, self.context())
        except ParseError as error:
            self.fail(found, error)
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
        if self.state.mode not in ("choose_field",):
            self.state.return_mode = self.state.mode
        self.state.mode = "choose_field"
        self.edit_prompt()

    def leave_choose_field(self) -> None:
        self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
        self.state.return_mode = None
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
            self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
            self.confirm("confirm_cancel")
            return self.result()
        elif command is not None and command.command is Command.PAUSE:
            self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
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
        if self.state.mode == "choose_field" and self.looks_like_question(text):
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
            self.confirm("confirm_cancel")
        elif kind is Command.RESTART:
            self.confirm("confirm_restart")
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
        self.state.mode = "submitted"
        self.state.current = None
        self.add("submitted", title=self.form.title.get(self.lang), answers=submission(self.form, self.state),
                 items=self.summary_items(), extras=self.extras(), reference=None)
        return self.result("submitted")

    def on_confirm(self, text: str) -> StepResult:
        mode = self.state.mode
        command = parse_command(text, frozenset({Command.CANCEL, Command.DELETE, Command.RESTART, Command.BACK,
                                                 Command.CONTINUE}))
        answer: bool | None
        try:
            answer = parse_yes_no(text)
        except ParseError:
            answer = None
        if command is not None:
            if command.command is Command.CANCEL and mode == "confirm_cancel" \
                    or command.command is Command.DELETE and mode == "confirm_cancel" \
                    or command.command is Command.RESTART and mode == "confirm_restart":
                answer = True
            elif command.command in (Command.BACK, Command.CONTINUE):
                answer = False
        if answer is None:
            self.add("error", code="confirm_yes_no", field=None, label=None, message="Svar «ja» eller «nei».")
            self.add(mode, progress=self.progress().to_dict())
            return self.result()
        if not answer:
            self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
            self.state.return_mode = None
            self.add("info", code="cancel_aborted" if mode == "confirm_cancel" else "restart_aborted")
            self.reprompt()
            return self.result()
        if mode == "confirm_cancel":
            return self.cancel()
        return self.restart()

    def cancel(self) -> StepResult:
        self.state.mode = "cancelled"
        self.state.current = None
        self.state.answers = {}
        self.state.skipped = []
        self.state.attempts = {}
        self.state.history = []
        self.state.return_mode = None
        self.add("cancelled", title=self.form.title.get(self.lang))
        return self.result("cancelled")

    def restart(self) -> StepResult:
        self.state = new_state(self.form, lang=self.lang)
        self.add("restarted", title=self.form.title.get(self.lang))
        self.add("intro", title=self.form.title.get(self.lang), progress=self.progress().to_dict(), prefilled=False)
        self.advance()
        return self.result()

    def on_resume(self, text: str) -> StepResult:
        was_paused = self.state.mode == "paused"
        # "slett" is offered by the prompt, so it deletes at once; "avbryt" asks first, as everywhere.
        command = parse_command(text, _RESUME_COMMANDS - {Command.CANCEL}) or parse_command(
            text, frozenset({Command.CANCEL}))
        if command is not None and command.command is Command.CANCEL:
            self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
            self.confirm("confirm_cancel")
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
            self.state.mode = self.state.return_mode if self.state.return_mode in ("asking", "summary") else "asking"
            self.state.return_mode = None
            self.reprompt(resumed=True)
            return self.result()
        self.state.mode = "confirm_resume"
        if not was_paused:
            self.add("error", code="resume_choice", field=None, label=None,
                     message="Skriv «fortsett», «start på nytt» eller «slett».")
        self.add_resume_prompt()
        return self.result()
