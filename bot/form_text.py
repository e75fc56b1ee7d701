"""Chat text for the form engine's reply parts (``forms.engine.ReplyPart``).

Each part kind has a template ``templates/forms/<kind>.<lang>.txt.j2``; a language without its
own template falls back to bokmål. Error texts come from one catalogue per language
(``templates/forms/catalogue.<lang>.toml``), keyed by the error code the parser, validator,
rule or engine emitted, so a nynorsk or English speaker never gets a bokmål error. In bokmål the
parser's own message is used where the catalogue has no entry (it is the most specific).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from jinja2 import TemplateNotFound

from bot.calendar import format_date
from bot.rendering import render
from forms.engine import ReplyPart
from forms.text import LANGUAGES, group_thousands

FALLBACK_LANGUAGE = "nb"
SECTIONS = ("errors", "rules", "warnings")


@cache
def catalogue(lang: str) -> Mapping[str, Mapping[str, str]]:
    """The form texts of one language (read once; read-only)."""
    lang = lang if lang in LANGUAGES else FALLBACK_LANGUAGE
    raw = tomllib.loads(files("templates").joinpath("forms", f"catalogue.{lang}.toml").read_text(encoding="utf-8"))
    return MappingProxyType({section: MappingProxyType({str(key): str(value)
                                                        for key, value in dict(raw.get(section, {})).items()})
                             for section in SECTIONS})


def _values(data: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    limits = data.get("limits")
    for source in (limits if isinstance(limits, Mapping) else {}, data.get("params") or {}):
        for key, value in source.items():
            if value is None or isinstance(value, bool):
                continue
            values[str(key)] = group_thousands(value) if isinstance(value, int) and abs(value) >= 10_000 else str(value)
    label = data.get("label")
    if isinstance(label, str):
        values["label"] = label
        values["label_lower"] = label[:1].lower() + label[1:]
    if isinstance(data.get("input"), str):
        values["input"] = str(data["input"])
    return values


def _fill(text: str, values: Mapping[str, str]) -> str | None:
    try:
        return text.format_map(values)
    except (KeyError, ValueError, IndexError):
        return None


def error_text(data: Mapping[str, Any], lang: str) -> str:
    """An ``error`` part's text in ``lang``: the catalogue's words for its code, else the message."""
    message = str(data.get("message") or "")
    if lang not in ("nn", "en") and message:
        return message
    texts = catalogue(lang)
    code = str(data.get("code") or "invalid")
    values = _values(data)
    if code in ("rule", "rule_warning"):
        params = data.get("params") or {}
        rule = params.get("rule")
        key = params.get("key")
        name = f"{rule}.{key}" if key else str(rule)
        section = "warnings" if code == "rule_warning" else "rules"
        found = texts[section].get(name)
        filled = _fill(found, values) if found else None
        if filled:
            return filled
        if lang == FALLBACK_LANGUAGE:
            return message
        return _fill(texts["errors"].get("rule", message), values) or message
    found = texts["errors"].get(code)
    filled = _fill(found, values) if found else None
    if filled:
        return filled
    if lang == FALLBACK_LANGUAGE and message:
        return message
    generic = _fill(texts["errors"].get("invalid", ""), values)
    return generic or message


def _day(iso: str, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(iso), lang, weekday=False)
    except ValueError:
        return iso


def render_part(part: ReplyPart, lang: str = FALLBACK_LANGUAGE, *, reference: str | None = None,
                secretariat: str | None = None) -> str:
    """One part as text; an empty string for parts that have nothing to show (``question``)."""
    context: dict[str, object] = dict(part.data)
    context["reference"] = reference if reference is not None else part.data.get("reference")
    context["secretariat"] = secretariat
    if part.kind in ("error", "warning"):
        context["message"] = error_text(part.data, lang)
    context["day"] = lambda iso: _day(str(iso), lang)
    for language in dict.fromkeys((lang, FALLBACK_LANGUAGE)):
        try:
            return render(f"forms/{part.kind}.{language}.txt.j2", **context)
        except TemplateNotFound:
            continue
    raise LookupError(f"no template for reply part {part.kind!r}")


def render_reply(parts: Iterable[ReplyPart], lang: str = FALLBACK_LANGUAGE, *, reference: str | None = None,
                 secretariat: str | None = None) -> str:
    """All parts of one reply, separated by blank lines.

    ``reference`` fills the receipt's reference number; ``secretariat`` (an email address or a
    name) is offered in the help after three failed tries.
    """
    texts = [render_part(part, lang, reference=reference, secretariat=secretariat) for part in parts]
    return "\n\n".join(text for text in texts if text)
