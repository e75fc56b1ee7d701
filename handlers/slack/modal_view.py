"""The needs-report modal built from the form definition in forms/: pages, inputs, values, errors.

Pure: no Slack calls, no database. A page holds up to ``FIELDS_PER_PAGE`` applicable fields; a
field whose condition depends on a field of the same page starts the next page, so every
condition is decided by answers the person already gave. ``private_metadata`` carries only the
draft's id and the page's field ids, never answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.batch import apply_answers
from forms.definition import Field, FieldKind, Form
from forms.engine import FormState, field_progress, summary_items
from handlers.slack import limits, texts
from handlers.slack.blocks import Block, actions, button, context, section, split_text, truncate

FIELDS_PER_PAGE = 8
PAGE_CALLBACK = "needs_report_page"
SUMMARY_CALLBACK = "needs_report_summary"
ACTION_ID = "value"
PLAIN_INPUT_MAX = 3000
_SELECT_KINDS = frozenset({FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO})


@dataclass(frozen=True)
class Page:
    fields: tuple[Field, ...]
    next_start: int
    number: int


@dataclass(frozen=True)
class Metadata:
    """What a submission needs to find its draft and page again (a few ids, well under 3000 chars)."""

    owner: str
    report_id: int | None
    fields: tuple[str, ...] = ()
    next_start: int = 0
    page: int = 1

    def dump(self) -> str:
        text = json.dumps({"o": self.owner, "r": self.report_id, "f": list(self.fields), "n": self.next_start,
                           "p": self.page}, separators=(",", ":"))
        if len(text) > limits.PRIVATE_METADATA:
            raise ValueError("private_metadata too long")  # cannot happen with FIELDS_PER_PAGE ids
        return text

    @classmethod
    def load(cls, text: str | None) -> Metadata:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        report = data.get("r")
        return cls(owner=str(data.get("o") or ""), report_id=report if isinstance(report, int) else None,
                   fields=tuple(str(item) for item in data.get("f", []) if isinstance(item, str)),
                   next_start=int(data.get("n", 0) or 0), page=int(data.get("p", 1) or 1))


def plan_page(form: Form, answers: dict[str, Any], start: int, number: int = 1) -> Page:
    """The applicable fields from ``form.fields[start:]`` that can be asked together."""
    applicable = {item.id for item in form.applicable(answers)}
    chosen: list[Field] = []
    index = start
    while index < len(form.fields) and len(chosen) < FIELDS_PER_PAGE:
        item = form.fields[index]
        if item.condition is not None and set(item.condition.fields()) & {field.id for field in chosen}:
            break
        if item.id in applicable or item.condition is None:
            chosen.append(item)
        index += 1
    return Page(tuple(chosen), index, number)


def first_page(form: Form, answers: dict[str, Any]) -> Page:
    return next_page(form, answers, 0, 1) or Page((), len(form.fields), 1)


def next_page(form: Form, answers: dict[str, Any], start: int, number: int) -> Page | None:
    """The next non-empty page from ``start``, or None when the form is through."""
    while start < len(form.fields):
        page = plan_page(form, answers, start, number)
        if page.fields:
            return page
        start = page.next_start
    return None


# --- views ---------------------------------------------------------------------------------------

def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def _option(choice_id: str, label: str) -> dict[str, Any]:
    return {"text": _plain(label, limits.OPTION_TEXT), "value": choice_id}


def element_for(item: Field, value: Any, *, has_value: bool, example: str) -> dict[str, Any]:
    """The Block Kit element for one field, pre-filled with the stored answer."""
    kind = item.kind
    if kind is FieldKind.CHOICE:
        options = [_option(choice.id, choice.label.nb) for choice in item.choices][: limits.OPTIONS]
        element: dict[str, Any] = {"type": "static_select", "action_id": ACTION_ID, "options": options,
                                   "placeholder": _plain("Velg", 150)}
        selected = [option for option in options if has_value and option["value"] == value]
        if selected:
            element["initial_option"] = selected[0]
        return element
    if kind is FieldKind.MULTI_CHOICE:
        options = [_option(choice.id, choice.label.nb) for choice in item.choices][: limits.OPTIONS]
        element = {"type": "checkboxes" if len(options) <= 10 else "multi_static_select", "action_id": ACTION_ID,
                   "options": options}
        if element["type"] == "multi_static_select":
            element["placeholder"] = _plain("Velg", 150)
        chosen = [option for option in options if has_value and isinstance(value, list) and option["value"] in value]
        if chosen:
            element["initial_options"] = chosen
        return element
    if kind is FieldKind.YES_NO:
        options = [_option("ja", "Ja"), _option("nei", "Nei")]
        element = {"type": "radio_buttons", "action_id": ACTION_ID, "options": options}
        if has_value and isinstance(value, bool):
            element["initial_option"] = options[0 if value else 1]
        return element
    if kind is FieldKind.DATE:
        element = {"type": "datepicker", "action_id": ACTION_ID}
        if has_value and isinstance(value, str):
            element["initial_date"] = value
        return element
    element = {"type": "plain_text_input", "action_id": ACTION_ID,
               "multiline": kind is FieldKind.LONG_TEXT,
               "max_length": min(item.max_length, PLAIN_INPUT_MAX) if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT)
               else 200}
    if example:
        element["placeholder"] = _plain(texts.MODAL_EXAMPLE.format(example=example), 150)
    if has_value:
        element["initial_value"] = truncate(item.to_input(value), element["max_length"])
    return element


def input_block(form: Form, item: Field, state: FormState, today: date) -> Block:
    has_value = item.id in state.answers
    question = form.expand(item.question.nb, today)
    why = form.expand(item.why.nb, today)
    example = form.expand(item.example.nb, today)
    block: Block = {"type": "input", "block_id": item.id[: limits.BLOCK_ID], "optional": item.optional,
                    "label": _plain(item.label.nb, limits.INPUT_LABEL),
                    "element": element_for(item, state.answers.get(item.id), has_value=has_value, example=example),
                    "hint": _plain(f"{question} {why}".strip(), limits.INPUT_HINT)}
    return block


def _modal(callback_id: str, blocks: list[Block], metadata: Metadata, submit: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "title": _plain(texts.MODAL_TITLE, limits.VIEW_TITLE),
            "submit": _plain(submit, limits.VIEW_TITLE), "close": _plain(texts.MODAL_CLOSE, limits.VIEW_TITLE),
            "notify_on_close": True, "private_metadata": metadata.dump(), "blocks": blocks[: limits.VIEW_BLOCKS]}


def page_view(form: Form, state: FormState, page: Page, owner: str, report_id: int | None, today: date
              ) -> dict[str, Any]:
    progress = field_progress(form, state)
    blocks: list[Block] = [context(texts.MODAL_PAGE_PROGRESS.format(
        page=page.number, done=progress.done, total=progress.total))]
    blocks += [input_block(form, item, state, today) for item in page.fields]
    metadata = Metadata(owner, report_id, tuple(item.id for item in page.fields), page.next_start, page.number)
    return _modal(PAGE_CALLBACK, blocks, metadata, texts.MODAL_NEXT)


def summary_view(form: Form, state: FormState, owner: str, report_id: int | None) -> dict[str, Any]:
    lines = []
    for entry in summary_items(form, state):
        shown = entry["display"] if entry["display"] is not None else (
            "(hoppet over)" if entry["skipped"] else "(ikke besvart)")
        lines.append(f"{entry['number']}. {entry['label']}: {str(shown).replace(chr(10), ' ')}")
    blocks: list[Block] = [section(texts.MODAL_REVIEW)]
    blocks += [section(chunk) for chunk in split_text("\n".join(lines))]
    blocks.append(actions(button(texts.MODAL_EDIT, "needs_report_edit"), block_id="needs_report_summary_actions"))
    return _modal(SUMMARY_CALLBACK, blocks, Metadata(owner, report_id, (), len(form.fields), 0), texts.MODAL_SUBMIT)


def not_ready_view() -> dict[str, Any]:
    return {"type": "modal", "callback_id": "needs_report_not_ready",
            "title": _plain(texts.MODAL_TITLE, limits.VIEW_TITLE), "close": _plain(texts.MODAL_CLOSE_PLAIN, limits.VIEW_TITLE),
            "blocks": [section(texts.MODAL_NOT_READY)]}


def loading_view() -> dict[str, Any]:
    return {"type": "modal", "callback_id": "needs_report_loading",
            "title": _plain(texts.MODAL_TITLE, limits.VIEW_TITLE), "close": _plain(texts.MODAL_CLOSE_PLAIN, limits.VIEW_TITLE),
            "blocks": [section(texts.MODAL_LOADING)]}


# --- reading a submission ------------------------------------------------------------------------

def raw_value(item: Field, state_values: dict[str, Any]) -> str | None:
    """What the person entered for ``item`` as text for its parser; None when left empty."""
    entry = (state_values.get(item.id) or {}).get(ACTION_ID) or {}
    kind = entry.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = entry.get("selected_option")
        return str(option["value"]) if option else None
    if kind in ("checkboxes", "multi_static_select"):
        chosen = [str(option["value"]) for option in entry.get("selected_options") or []]
        if item.kind is FieldKind.MULTI_CHOICE:
            return ", ".join(chosen) if chosen else "ingen"
        return chosen[0] if chosen else None
    if kind == "datepicker":
        return entry.get("selected_date") or None
    value = entry.get("value")
    return value if isinstance(value, str) and value.strip() else None


@dataclass
class PageResult:
    answers: dict[str, Any]
    skipped: list[str]
    errors: dict[str, str]


def read_page(form: Form, state: FormState, field_ids: tuple[str, ...], state_values: dict[str, Any],
              today: date) -> PageResult:
    """Parse the page's inputs with the form's one "many answers at once" (``forms.batch``): each
    field's own parser, then the cross-field rules.

    Returns the answers as they would be after the page, and ``errors`` keyed by block id (the
    field id) for ``response_action: errors``; a rule whose target is on an earlier page is
    reported on the last of its fields on this page.
    """
    fields = [form.field(field_id) for field_id in field_ids if form.has_field(field_id)]
    raw = {item.id: raw_value(item, state_values) for item in fields}
    result = apply_answers(form, state, raw, today=today, blank_required_is_error=True)
    on_page = [item.id for item in fields]
    errors: dict[str, str] = {}
    for field_id, error in result.errors.items():
        message = texts.MODAL_REQUIRED if error.code == "required" else truncate(error.message, 2000)
        if field_id in on_page:
            errors.setdefault(field_id, message)
            continue
        involved = [name for name in error.fields if name in on_page]
        if involved:
            errors.setdefault(involved[-1], message)
    answers = dict(state.answers)
    answers.update(result.state.answers)
    for field_id in on_page:
        if field_id not in result.state.answers:
            answers.pop(field_id, None)
    skipped = list(result.state.skipped)
    return PageResult(answers, skipped, errors)
