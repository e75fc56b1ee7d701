"""The needs-report modal built from the channel-neutral form view (``forms.view``): pages, inputs,
values, errors, in the person's language (``state.lang``: nb, nn or en; the chrome from
``templates/slack/texts.<lang>.toml``).

Pure: no Slack calls, no database. Pages come from ``forms.view`` (a field whose condition depends on
a field of the same page starts the next page). ``private_metadata`` carries only the draft's id, the
page's field ids and the language, never answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.form_text import error_text
from bot.mail.formmail import error_data
from forms.batch import FieldError, apply_answers
from forms.definition import Field, FieldKind, Form
from forms.engine import FormState
from forms.text import LANGUAGES
from forms.view import (
    FIELDS_PER_PAGE,
    FieldView,
    Option,
    Page,
    first_page,
    input_text,
    next_page,
    page_errors,
    plan_page,
)
from forms.view import page_view as form_page_view
from forms.view import summary_view as form_summary_view
from handlers.slack import limits, texts
from handlers.slack.blocks import Block, actions, button, context, section, split_text, truncate

__all__ = ["FIELDS_PER_PAGE", "PAGE_CALLBACK", "SUMMARY_CALLBACK", "Metadata", "Page", "first_page", "next_page",
           "page_view", "plan_page", "read_page", "summary_view"]

PAGE_CALLBACK = "needs_report_page"
SUMMARY_CALLBACK = "needs_report_summary"
ACTION_ID = "value"
PLAIN_INPUT_MAX = 3000


@dataclass(frozen=True)
class Metadata:
    """What a submission needs to find its draft and page again (a few ids, well under 3000 chars)."""

    owner: str
    report_id: int | None
    fields: tuple[str, ...] = ()
    next_start: int = 0
    page: int = 1
    lang: str = "nb"

    def dump(self) -> str:
        data: dict[str, Any] = {"o": self.owner, "r": self.report_id, "f": list(self.fields), "n": self.next_start,
                                "p": self.page}
        if self.lang != "nb":
            data["l"] = self.lang
        text = json.dumps(data, separators=(",", ":"))
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
        lang = data.get("l")
        return cls(owner=str(data.get("o") or ""), report_id=report if isinstance(report, int) else None,
                   fields=tuple(str(item) for item in data.get("f", []) if isinstance(item, str)),
                   next_start=int(data.get("n", 0) or 0), page=int(data.get("p", 1) or 1),
                   lang=lang if lang in LANGUAGES else "nb")


# --- views ---------------------------------------------------------------------------------------

def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def _option(option: Option) -> dict[str, Any]:
    return {"text": _plain(option.label, limits.OPTION_TEXT), "value": option.id}


def element_for(view: FieldView, lang: str = "nb") -> dict[str, Any]:
    """The Block Kit element for one field, pre-filled with the stored answer."""
    kind = view.kind
    options = [_option(option) for option in view.choices][: limits.OPTIONS]
    chosen = [option for option in options if option["value"] in view.selected]
    if kind is FieldKind.CHOICE:
        element: dict[str, Any] = {"type": "static_select", "action_id": ACTION_ID, "options": options,
                                   "placeholder": _plain(texts.text("MODAL_CHOOSE", lang), 150)}
        if chosen:
            element["initial_option"] = chosen[0]
        return element
    if kind is FieldKind.MULTI_CHOICE:
        element = {"type": "checkboxes" if len(options) <= 10 else "multi_static_select", "action_id": ACTION_ID,
                   "options": options}
        if element["type"] == "multi_static_select":
            element["placeholder"] = _plain(texts.text("MODAL_CHOOSE", lang), 150)
        if chosen:
            element["initial_options"] = chosen
        return element
    if kind is FieldKind.YES_NO:
        element = {"type": "radio_buttons", "action_id": ACTION_ID, "options": options}
        if chosen:
            element["initial_option"] = chosen[0]
        return element
    if kind is FieldKind.DATE:
        element = {"type": "datepicker", "action_id": ACTION_ID}
        if view.text:
            element["initial_date"] = view.text
        return element
    element = {"type": "plain_text_input", "action_id": ACTION_ID,
               "multiline": kind is FieldKind.LONG_TEXT,
               "max_length": min(view.max_length, PLAIN_INPUT_MAX) if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT)
               else 200}
    if view.example:
        element["placeholder"] = _plain(texts.text("MODAL_EXAMPLE", lang).format(example=view.example), 150)
    if view.text:
        element["initial_value"] = truncate(view.text, element["max_length"])
    return element


def input_block(view: FieldView, lang: str = "nb") -> Block:
    return {"type": "input", "block_id": view.id[: limits.BLOCK_ID], "optional": not view.required,
            "label": _plain(view.label, limits.INPUT_LABEL), "element": element_for(view, lang),
            "hint": _plain(f"{view.question} {view.help}".strip(), limits.INPUT_HINT)}


def _modal(callback_id: str, blocks: list[Block], metadata: Metadata, submit: str) -> dict[str, Any]:
    lang = metadata.lang
    return {"type": "modal", "callback_id": callback_id,
            "title": _plain(texts.text("MODAL_TITLE", lang), limits.VIEW_TITLE),
            "submit": _plain(submit, limits.VIEW_TITLE),
            "close": _plain(texts.text("MODAL_CLOSE", lang), limits.VIEW_TITLE),
            "notify_on_close": True, "private_metadata": metadata.dump(), "blocks": blocks[: limits.VIEW_BLOCKS]}


def page_view(form: Form, state: FormState, page: Page, owner: str, report_id: int | None, today: date
              ) -> dict[str, Any]:
    lang = state.lang
    view = form_page_view(form, state, page, today)
    blocks: list[Block] = [context(texts.text("MODAL_PAGE_PROGRESS", lang).format(
        page=view.number, done=view.done, total=view.total))]
    blocks += [input_block(item, lang) for item in view.fields]
    metadata = Metadata(owner, report_id, view.field_ids, view.next_start, view.number, lang)
    return _modal(PAGE_CALLBACK, blocks, metadata, texts.text("MODAL_NEXT", lang))


def summary_view(form: Form, state: FormState, owner: str, report_id: int | None) -> dict[str, Any]:
    lang = state.lang
    view = form_summary_view(form, state)
    lines = []
    for entry in view.items:
        shown = entry.display if entry.display is not None else texts.text(
            "MODAL_SKIPPED" if entry.skipped else "MODAL_UNANSWERED", lang)
        lines.append(f"{entry.number}. {entry.label}: {str(shown).replace(chr(10), ' ')}")
    blocks: list[Block] = [section(texts.text("MODAL_REVIEW", lang))]
    blocks += [section(chunk) for chunk in split_text("\n".join(lines))]
    blocks.append(actions(button(texts.text("MODAL_EDIT", lang), "needs_report_edit"),
                          block_id="needs_report_summary_actions"))
    return _modal(SUMMARY_CALLBACK, blocks, Metadata(owner, report_id, (), len(form.fields), 0, lang),
                  texts.text("MODAL_SUBMIT", lang))


def not_ready_view(lang: str = "nb") -> dict[str, Any]:
    return {"type": "modal", "callback_id": "needs_report_not_ready",
            "title": _plain(texts.text("MODAL_TITLE", lang), limits.VIEW_TITLE),
            "close": _plain(texts.text("MODAL_CLOSE_PLAIN", lang), limits.VIEW_TITLE),
            "blocks": [section(texts.text("MODAL_NOT_READY", lang))]}


def loading_view(lang: str = "nb") -> dict[str, Any]:
    return {"type": "modal", "callback_id": "needs_report_loading",
            "title": _plain(texts.text("MODAL_TITLE", lang), limits.VIEW_TITLE),
            "close": _plain(texts.text("MODAL_CLOSE_PLAIN", lang), limits.VIEW_TITLE),
            "blocks": [section(texts.text("MODAL_LOADING", lang))]}


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
            return input_text(item, chosen)
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


def _error_words(form: Form, field_id: str, error: FieldError, lang: str) -> str:
    """The catalogue's words in the person's language (bokmål: the parser's own message)."""
    if error.code == "required":
        return texts.text("MODAL_REQUIRED", lang)
    return truncate(error_text(error_data(form, field_id, error.to_json(), lang), lang), 2000)


def read_page(form: Form, state: FormState, field_ids: tuple[str, ...], state_values: dict[str, Any],
              today: date) -> PageResult:
    """Parse the page's inputs with the form's one "many answers at once" (``forms.batch``): each
    field's own parser, then the cross-field rules.

    Returns the answers as they would be after the page, and ``errors`` keyed by block id (the
    field id) for ``response_action: errors``; a rule whose target is on an earlier page is
    reported on the last of its fields on this page. The words are the catalogue's in ``state.lang``.
    """
    fields = [form.field(field_id) for field_id in field_ids if form.has_field(field_id)]
    raw = {item.id: raw_value(item, state_values) for item in fields}
    result = apply_answers(form, state, raw, today=today, blank_required_is_error=True)
    on_page = [item.id for item in fields]
    errors, _notes = page_errors(form, result, on_page, state.lang, describe=_error_words)
    answers = dict(state.answers)
    answers.update(result.state.answers)
    for field_id in on_page:
        if field_id not in result.state.answers:
            answers.pop(field_id, None)
    skipped = list(result.state.skipped)
    return PageResult(answers, skipped, errors)
