"""The needs report as Adaptive Cards (schema 1.5), built from the channel-neutral form view
(``forms.view``), the same pages the Slack modal shows: one card per page, a summary card (Bekreft,
Endre, Avbryt), a receipt card with the reference number, and the small cards around them (draft
kept, "fill in as a form" offer, report gone).

Pure: JSON in, JSON out. Every button is an ``Action.Submit`` whose data is
``{"kb": "form", "report": id, "page": n, "act": ..., "lang": ..., "start": i, "fields": [...]}``; Teams adds
the inputs' values (ids ``f_<field id>``) to it and sends a ``message`` activity with that ``value``
(see ``form_flow``). A wrong answer comes back as the same page with the person's answers kept and the
error under each wrong input, in attention colour. Cards stay under ``cards.MAX_CARD_BYTES``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from forms.definition import FieldKind
from forms.text import LANGUAGES
from forms.view import FieldView, PageView, SummaryView
from handlers.teams import cards

FORM_KEY = "kb"
FORM_VALUE = "form"
INPUT_PREFIX = "f_"
COMPACT_AFTER = 5
"""A single choice with more options than this is a drop-down; fewer are radio buttons."""
SUMMARY_TEXT_LIMITS = (600, 300, 150, 80)
"""How much of a long answer the summary card shows, tried in turn until the card fits."""


# --- texts ---------------------------------------------------------------------------------------

@cache
def _texts(lang: str) -> dict[str, str]:
    resource = files("templates").joinpath("teams", f"texts.{lang}.toml")
    if not resource.is_file():
        return {}
    return {str(key): str(value) for key, value in tomllib.loads(resource.read_text(encoding="utf-8")).items()}


def text(key: str, lang: str = "nb", **values: Any) -> str:
    """A card text in ``lang`` (bokmål when the language has none), with ``values`` filled in."""
    found = _texts(lang if lang in LANGUAGES else "nb").get(key) or _texts("nb")[key]
    return found.format(**values) if values else found


# --- pieces --------------------------------------------------------------------------------------

def input_id(field_id: str) -> str:
    return INPUT_PREFIX + field_id


def action_data(act: str, *, report: int | None, page: int = 0, lang: str = "nb", start: int = 0,
                fields: Sequence[str] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {FORM_KEY: FORM_VALUE, "report": report, "page": page, "act": act, "lang": lang}
    if fields:
        data["start"] = start
        data["fields"] = list(fields)
    return data


def submit(title: str, data: dict[str, Any], *, inputs: bool = True, style: str | None = None) -> dict[str, Any]:
    """An ``Action.Submit``; without ``inputs`` Teams sends no input values and checks none (a pause)."""
    action: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": data}
    if not inputs:
        action["associatedInputs"] = "none"
    if style:
        action["style"] = style
    return action


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def input_element(view: FieldView, lang: str) -> dict[str, Any]:
    """The Adaptive Card input for one field, filled in with its current value."""
    element: dict[str, Any] = {"id": input_id(view.id), "label": view.label, "isRequired": view.required}
    if view.required:
        element["errorMessage"] = view.error or text("required", lang, label=view.label)
    elif view.error:
        element["errorMessage"] = view.error
    kind = view.kind
    if view.is_choice:
        element["type"] = "Input.ChoiceSet"
        element["choices"] = [{"title": option.label, "value": option.id} for option in view.choices]
        multi = kind is FieldKind.MULTI_CHOICE
        element["style"] = "compact" if not multi and len(view.choices) > COMPACT_AFTER else "expanded"
        if multi:
            element["isMultiSelect"] = True
        if element["style"] == "compact":
            element["placeholder"] = text("choose", lang)
        if view.selected:
            element["value"] = ",".join(view.selected) if multi else view.selected[0]
        return element
    if kind is FieldKind.DATE:
        element["type"] = "Input.Date"
        if view.text:
            element["value"] = view.text
        return element
    number = _number(view.text) if view.text else None
    if kind in (FieldKind.INTEGER, FieldKind.YEAR) and (number is not None or not view.text):
        element["type"] = "Input.Number"
        if view.min_value is not None:
            element["min"] = view.min_value
        if view.max_value is not None:
            element["max"] = view.max_value
        if number is not None:
            element["value"] = number
    else:  # amounts are text: "1,2 mill", "30 %" are answers too
        element["type"] = "Input.Text"
        if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            element["maxLength"] = view.max_length
        if kind is FieldKind.LONG_TEXT:
            element["isMultiline"] = True
        if kind is FieldKind.EMAIL:
            element["style"] = "Email"
        if view.text:
            element["value"] = view.text
    if view.example:
        element["placeholder"] = text("example", lang, example=view.example)
    return element


def _error_block(message: str) -> dict[str, Any]:
    return cards.text_block(message, color="Attention", weight="Bolder", spacing="Small")


def field_container(view: FieldView, lang: str, *, with_help: bool = True) -> dict[str, Any]:
    items = [input_element(view, lang)]
    if with_help:
        help_text = " ".join(part for part in (view.question, view.help) if part)
        if help_text:
            items.append(cards.text_block(help_text, isSubtle=True, size="Small", spacing="None"))
    if view.error:
        items.append(_error_block(view.error))
    return {"type": "Container", "items": items, "spacing": "Medium", "separator": True}


# --- cards ---------------------------------------------------------------------------------------

def _title(title: str) -> dict[str, Any]:
    return cards.text_block(title, weight="Bolder", size="Large")


def page_card(view: PageView, report: int | None) -> dict[str, Any]:
    """One page of the form; with errors, the same page with the answers kept and a message at each."""
    lang = view.lang
    for with_help in (True, False):
        body: list[dict[str, Any]] = [
            _title(view.title),
            cards.text_block(text("page_progress", lang, page=view.number, done=view.done, total=view.total),
                             isSubtle=True, size="Small", spacing="None")]
        if view.error_count:
            body.append(_error_block(text("errors_intro", lang)))
        body += [_error_block(note) for note in view.notes]
        body += [field_container(item, lang, with_help=with_help) for item in view.fields]
        def data(act: str) -> dict[str, Any]:
            return action_data(act, report=report, page=view.number, lang=lang, start=view.start,
                               fields=view.field_ids)

        actions = [submit(text("next", lang), data("next"), style="positive"),
                   submit(text("save_later", lang), data("pause"), inputs=False)]
        content = cards.card(body, actions)
        if cards.card_size(content) <= cards.MAX_CARD_BYTES:
            break
    return content


def _shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def summary_card(view: SummaryView, report: int | None) -> dict[str, Any]:
    """The answers before sending in, with Bekreft / Endre / Avbryt."""
    lang = view.lang
    content: dict[str, Any] = {}
    for limit in SUMMARY_TEXT_LIMITS:
        facts = []
        for item in view.items:
            shown = item.display if item.display is not None else text(
                "skipped" if item.skipped else "unanswered", lang)
            facts.append({"title": f"{item.number}. {item.label}", "value": _shorten(str(shown), limit)})
        facts += [{"title": label, "value": _shorten(display, limit)} for label, display in view.extras]
        body = [_title(view.title), cards.text_block(text("review", lang)), {"type": "FactSet", "facts": facts}]
        actions = [submit(text("confirm", lang), action_data("confirm", report=report, lang=lang), style="positive"),
                   submit(text("edit", lang), action_data("edit", report=report, lang=lang)),
                   submit(text("cancel", lang), action_data("cancel", report=report, lang=lang),
                          style="destructive")]
        content = cards.card(body, actions)
        if cards.card_size(content) <= cards.MAX_CARD_BYTES:
            break
    return content


def receipt_card(receipt_text: str, reference: str, version: int, lang: str) -> dict[str, Any]:
    """The receipt, in place of the summary: the reference number and the receipt's own words."""
    body: list[dict[str, Any]] = [
        _title(text("receipt_title", lang)),
        {"type": "FactSet", "facts": [{"title": text("reference", lang), "value": reference},
                                      {"title": text("version", lang), "value": str(version)}]}]
    body += [cards.text_block(part) for part in receipt_text.split("\n\n") if part.strip()]
    return cards.card(body)


def paused_card(lang: str, report: int | None, *, done: int = 0, total: int = 0) -> dict[str, Any]:
    """The draft is kept: continue from here (or by typing «skjema» in the chat)."""
    words = text("paused", lang, done=done, total=total) if report else text("paused_empty", lang)
    return cards.card([cards.text_block(words)],
                      [submit(text("resume", lang), action_data("open", report=report, lang=lang))])


def offer_card(lang: str, report: int | None) -> dict[str, Any]:
    """Under the chat's first question: the same report as a form."""
    return cards.card([cards.text_block(text("offer", lang))],
                      [submit(text("offer_button", lang), action_data("open", report=report, lang=lang))])


def notice_card(key: str, lang: str) -> dict[str, Any]:
    """A card with one text and no buttons (the report is gone, the form is not ready)."""
    return cards.card([cards.text_block(text(key, lang))])


def is_form_action(value: Mapping[str, Any] | None) -> bool:
    return value is not None and value.get(FORM_KEY) == FORM_VALUE
