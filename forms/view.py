"""A form as pages of inputs, for any channel that shows many questions at once (the Slack modal, the
Teams Adaptive Card): pure, no channel and no database.

* Pages: up to ``FIELDS_PER_PAGE`` applicable fields; a field whose condition depends on a field of the
  same page starts the next page, so every condition is decided by answers the person already gave
  (conditional questions appear when they apply).
* :func:`page_view` describes one page in the person's language (``state.lang``): label, question,
  help (why it is asked), example, kind, choices, the current value (the stored answer, or what the
  person just typed when it was refused) and the error message at each wrong field.
* :func:`page_errors` places the errors of a batch (``forms.batch``) on the page's fields; the words of
  an error come from a function the caller passes in (the catalogue lives in ``bot.form_text``).
* :func:`summary_view`: the answers as the summary shows them, before sending in.

A channel turns these into its own widgets (Block Kit, Adaptive Card JSON) and back into answer text
with :func:`input_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.batch import BatchResult, FieldError
from forms.definition import Field, FieldKind, Form
from forms.engine import FormState, field_progress, summary_items

FIELDS_PER_PAGE = 8
CHOICE_KINDS = frozenset({FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO})
NUMBER_KINDS = frozenset({FieldKind.INTEGER, FieldKind.YEAR})
YES, NO = "ja", "nei"
"""The values a yes/no input sends (``parse_yes_no`` reads them in every language)."""
NONE_CHOSEN = "ingen"
"""What an empty multiple choice sends: an answer ("none of them"), not a blank."""

ErrorText = Callable[[Form, str, FieldError, str], str]
"""(form, field id, error, language) -> the error's words in that language."""


def plain_error_text(_form: Form, _field_id: str, error: FieldError, _lang: str) -> str:
    """The error's own (bokmål) message: for callers without a catalogue."""
    return error.message


# --- pages ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    fields: tuple[Field, ...]
    next_start: int
    number: int
    start: int = 0

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.fields)


def plan_page(form: Form, answers: Mapping[str, Any], start: int, number: int = 1, *,
              limit: int = FIELDS_PER_PAGE) -> Page:
    """The applicable fields from ``form.fields[start:]`` that can be asked together (at most ``limit``)."""
    applicable = {item.id for item in form.applicable(answers)}
    chosen: list[Field] = []
    index = start
    while index < len(form.fields) and len(chosen) < max(1, limit):
        item = form.fields[index]
        if item.condition is not None and set(item.condition.fields()) & {field.id for field in chosen}:
            break
        if item.id in applicable or item.condition is None:
            chosen.append(item)
        index += 1
    return Page(tuple(chosen), index, number, start)


def next_page(form: Form, answers: Mapping[str, Any], start: int, number: int) -> Page | None:
    """The next non-empty page from ``start``, or None when the form is through."""
    while start < len(form.fields):
        page = plan_page(form, answers, start, number)
        if page.fields:
            return page
        start = page.next_start
    return None


def first_page(form: Form, answers: Mapping[str, Any]) -> Page:
    return next_page(form, answers, 0, 1) or Page((), len(form.fields), 1, 0)


def page_of(form: Form, field_ids: Sequence[str], number: int, start: int) -> Page:
    """A page known by its fields (as a channel kept them between two submits); the next page starts
    after the last of them."""
    fields = tuple(form.field(field_id) for field_id in field_ids if form.has_field(field_id))
    index = {item.id: position for position, item in enumerate(form.fields)}
    after = max((index[item.id] for item in fields), default=start - 1) + 1
    return Page(fields, max(after, start), number, start)


def pages(form: Form, answers: Mapping[str, Any]) -> list[Page]:
    """Every page as the form stands with these answers."""
    found: list[Page] = []
    page = next_page(form, answers, 0, 1)
    while page is not None:
        found.append(page)
        page = next_page(form, answers, page.next_start, page.number + 1)
    return found


def page_with(form: Form, answers: Mapping[str, Any], field_id: str | None) -> Page:
    """The page that holds ``field_id`` (the first page when it is on none)."""
    found = pages(form, answers)
    for page in found:
        if field_id in page.field_ids:
            return page
    return found[0] if found else first_page(form, answers)


def resume_page(form: Form, state: FormState) -> Page:
    """Where to take a draft up: the page of the first applicable question without an answer."""
    for item in form.applicable(state.answers):
        if item.id not in state.answers and item.id not in state.skipped and not item.optional:
            return page_with(form, state.answers, item.id)
    return first_page(form, state.answers)


# --- one page ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class FieldView:
    id: str
    kind: FieldKind
    label: str
    question: str
    help: str
    """Why the question is asked (the plan's reason)."""
    example: str
    required: bool
    choices: tuple[Option, ...]
    text: str
    """The current value as input text: what the person typed (kept when refused), else the stored answer."""
    selected: tuple[str, ...]
    """The chosen option ids (choice, multiple choice, yes/no)."""
    error: str | None
    min_value: int | None
    max_value: int | None
    max_length: int

    @property
    def has_value(self) -> bool:
        return bool(self.text) or bool(self.selected)

    @property
    def multiline(self) -> bool:
        return self.kind is FieldKind.LONG_TEXT

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS


@dataclass(frozen=True)
class PageView:
    title: str
    lang: str
    number: int
    start: int
    next_start: int
    fields: tuple[FieldView, ...]
    done: int
    total: int
    notes: tuple[str, ...] = ()
    """Errors that belong to no field on this page."""

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.fields)

    @property
    def error_count(self) -> int:
        return sum(1 for item in self.fields if item.error) + len(self.notes)


def options(item: Field, lang: str) -> tuple[Option, ...]:
    if item.kind is FieldKind.YES_NO:
        return (Option(YES, item.display(True, lang)), Option(NO, item.display(False, lang)))
    return tuple(Option(choice.id, choice.label.get(lang)) for choice in item.choices)


def _selected(item: Field, value: Any) -> tuple[str, ...]:
    if item.kind is FieldKind.YES_NO:
        return (YES,) if value is True else (NO,) if value is False else ()
    if item.kind is FieldKind.MULTI_CHOICE:
        return tuple(str(choice) for choice in value) if isinstance(value, list) else ()
    if item.kind is FieldKind.CHOICE and isinstance(value, str):
        return (value,)
    return ()


def _given_selected(item: Field, raw: str) -> tuple[str, ...]:
    ids = {option.id for option in options(item, "nb")}
    parts = [part.strip() for part in raw.split(",")] if item.kind is FieldKind.MULTI_CHOICE else [raw.strip()]
    return tuple(part for part in parts if part in ids)


def field_view(form: Form, item: Field, state: FormState, today: date, *, given: str | None = None,
               error: str | None = None) -> FieldView:
    """One field in ``state.lang``; ``given`` is what the person just entered (shown instead of the stored answer)."""
    lang = state.lang
    has_answer = item.id in state.answers
    value = state.answers.get(item.id)
    if given is not None:
        text = "" if item.kind in CHOICE_KINDS else given
        selected = _given_selected(item, given) if item.kind in CHOICE_KINDS else ()
    else:
        text = item.to_input(value) if has_answer and item.kind not in CHOICE_KINDS else ""
        selected = _selected(item, value) if has_answer else ()
    return FieldView(
        id=item.id, kind=item.kind, label=item.label.get(lang), question=form.expand(item.question.get(lang), today),
        help=form.expand(item.why.get(lang), today), example=form.expand(item.example.get(lang), today),
        required=not item.optional and item.kind is not FieldKind.MULTI_CHOICE, choices=options(item, lang),
        text=text, selected=selected, error=error, min_value=item.min_value, max_value=item.max_value,
        max_length=item.max_length)


def page_view(form: Form, state: FormState, page: Page, today: date, *, given: Mapping[str, str | None] | None = None,
              errors: Mapping[str, str] | None = None, notes: Sequence[str] = ()) -> PageView:
    """The page in the person's language, with the answers so far (or as just given) and the errors."""
    given = given or {}
    errors = errors or {}
    progress = field_progress(form, state)
    fields = tuple(field_view(form, item, state, today,
                              given=given.get(item.id) if item.id in errors and given.get(item.id) is not None
                              else None, error=errors.get(item.id))
                   for item in page.fields)
    return PageView(title=form.title.get(state.lang), lang=state.lang, number=page.number, start=page.start,
                    next_start=page.next_start, fields=fields, done=progress.done, total=progress.total,
                    notes=tuple(notes))


def page_errors(form: Form, result: BatchResult, field_ids: Sequence[str], lang: str, *,
                describe: ErrorText = plain_error_text) -> tuple[dict[str, str], tuple[str, ...]]:
    """A batch's errors placed on the page: ``{field id: words}`` for fields on it (a rule whose target is
    on another page goes to the last of its fields here), and the rest as notes for the page's top."""
    on_page = list(field_ids)
    errors: dict[str, str] = {}
    notes: list[str] = []
    for field_id, error in result.errors.items():
        words = describe(form, field_id, error, lang)
        if field_id in on_page:
            errors.setdefault(field_id, words)
            continue
        involved = [name for name in error.fields if name in on_page]
        if involved:
            errors.setdefault(involved[-1], words)
        else:
            notes.append(words)
    return errors, tuple(notes)


def input_text(item: Field, picked: Any) -> str | None:
    """What an input sent, as text for the field's parser; None when left empty. A list or a comma-separated
    string of option ids for a multiple choice (none chosen is the answer "none"); ``true``/``false`` for yes/no."""
    if item.kind is FieldKind.MULTI_CHOICE:
        chosen = [str(part).strip() for part in (picked if isinstance(picked, list)
                                                 else str(picked or "").split(","))]
        chosen = [part for part in chosen if part]
        return ", ".join(chosen) if chosen else NONE_CHOSEN
    if picked is None or isinstance(picked, (dict, list)):
        return None
    if isinstance(picked, bool):
        return YES if picked else NO
    text = str(picked)
    if item.kind is FieldKind.YES_NO and text.strip().lower() in ("true", "false"):
        return YES if text.strip().lower() == "true" else NO
    return text if text.strip() else None


# --- the summary ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryItem:
    number: int
    field: str
    label: str
    display: str | None
    skipped: bool
    missing: bool


@dataclass(frozen=True)
class SummaryView:
    title: str
    lang: str
    items: tuple[SummaryItem, ...]
    extras: tuple[tuple[str, str], ...]
    complete: bool


def summary_view(form: Form, state: FormState) -> SummaryView:
    items = tuple(SummaryItem(number=entry["number"], field=entry["field"], label=entry["label"],
                              display=entry["display"], skipped=entry["skipped"], missing=entry["missing"])
                  for entry in summary_items(form, state))
    extras: tuple[tuple[str, str], ...] = ()
    if form.extras is not None:
        extras = tuple((line.label, line.display) for line in form.extras(form.effective_answers(state.answers),
                                                                           state.lang))
    return SummaryView(title=form.title.get(state.lang), lang=state.lang, items=items, extras=extras,
                       complete=not any(item.missing for item in items))
