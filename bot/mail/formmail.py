"""A form as an email, and the answers a person writes between its lines.

Any ``forms.definition.Form`` works (the needs report is one). The mail lists the questions that
still need an answer, each with its rules (why, example, choices) and one answer line::

    [3] Tittel på tiltaket
    Hva heter tiltaket?
    Eksempel: Språkløftet i Valdres
    Svar 3 (title):

The person replies in any client and writes under each ``Svar`` line. Quote prefixes (``>``) are
removed, quote headers ignored, and the first answer per field wins (a client that quotes the
whole thread repeats older rounds further down). ``apply_form_reply`` parses each answer with
the form's own parsers and validators, keeps what is valid, and says exactly what is missing or
wrong and why; the next mail asks only for those.

The answers are applied by the one "many answers at once" function (``forms.batch``), through
``NeedsReportService.apply_many`` (which owns drafts, summary, confirmation and receipt); this
module only reads answers out of a mail and writes the form and the summary as mail text.
The email intake hands the router a reply holding filled-in answer lines condensed
(:func:`condense_form_reply`: the person's own words above the quote, then the answer lines), so the answers survive quote stripping and the router's length cap;
a reply that only quotes the form arrives as the person's words alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.form_text import error_text
from bot.rendering import render
from forms.batch import apply_answers
from forms.definition import AllOf, Condition, Equals, Field, FieldKind, Form, Not, OneOf
from forms.engine import new_state

_ANSWER_LINE = re.compile(r"^\s*+(?:\*+\s*+)?(?:svar|answer)\s+(\d+)\s*\(([a-z][a-z0-9_]*)\)\s*:\**\s*(.*)$",
                          re.IGNORECASE)
_QUESTION_LINE = re.compile(r"^\s*\[(\d+)\]\s+\S")
_END_LINE = re.compile(r"^\s*===\s*(?:slutt på skjemaet|end of form)\s*===\s*$", re.IGNORECASE)
_FOOTER = re.compile(r"^\s*--\s*$")
CONDENSED_HEADER = "=== Svar på skjema ==="
MAX_OWN_LINES = 20


@dataclass(frozen=True)
class FormReply:
    answers: dict[str, str]
    """Field id -> the text written under its answer line (only non-empty answers)."""
    blank: tuple[str, ...]
    """Field ids whose answer line was left empty."""


@dataclass
class FormMailResult:
    answers: dict[str, Any]
    accepted: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing


def _text(form: Form, value: str, today: date) -> str:
    return form.expand(value, today)


def contains_form_answers(text: str) -> bool:
    return any(_ANSWER_LINE.match(line) for line in text.split("\n"))


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """(field id, answer lines) in order of appearance."""
    blocks: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        answer = _ANSWER_LINE.match(line)
        if answer:
            current = (answer.group(2).lower(), [answer.group(3)] if answer.group(3).strip() else [])
            blocks.append(current)
            continue
        if current is None:
            continue
        if _QUESTION_LINE.match(line) or _END_LINE.match(line) or _FOOTER.match(line):
            current = None
            continue
        current[1].append(line)
    return blocks


def parse_form_reply(text: str, form: Form | None = None) -> FormReply:
    """The answers written under the answer lines (quote prefixes already removed by the caller,
    or condensed by the intake). With ``form``, unknown field ids are dropped."""
    answers: dict[str, str] = {}
    blank: list[str] = []
    seen: set[str] = set()
    for field_id, lines in _blocks(text):
        if field_id in seen or (form is not None and not form.has_field(field_id)):
            continue
        seen.add(field_id)
        value = "\n".join(lines).strip()
        if value:
            answers[field_id] = value
        else:
            blank.append(field_id)
    return FormReply(answers=answers, blank=tuple(blank))


def condense_form_reply(text: str, *, top: str = "") -> str:
    """A filled-in form reply reduced to what the person wrote: their own words above the quote
    (``top``), then the answer lines (first answer per field), for the router."""
    reply = parse_form_reply(text)
    lines = [CONDENSED_HEADER]
    own: list[str] = []
    for line in top.strip().split("\n"):
        if _ANSWER_LINE.match(line) or _QUESTION_LINE.match(line):
            break  # the form itself, filled in without quoting: its answers are read below
        own.append(line)
    if "\n".join(own).strip():
        lines.extend(own[:MAX_OWN_LINES])
    word = "Answer" if form_language(text) == "en" else "Svar"  # keep the form's language for the reply
    number = 0
    for field_id, value in reply.answers.items():
        number += 1
        lines.append(f"{word} {number} ({field_id}): {value}")
    for field_id in reply.blank:
        number += 1
        lines.append(f"{word} {number} ({field_id}):")
    return "\n".join(lines)


def form_language(text: str) -> str | None:
    """The language of the form the answers were written in: "en" for ``Answer n`` lines, "nb" for
    ``Svar n`` lines (bokmål and nynorsk forms both say «Svar»), None without answer lines."""
    for line in text.split("\n"):
        found = _ANSWER_LINE.match(line)
        if found:
            return "en" if line.strip().lstrip("*").strip().lower().startswith("answer") else "nb"
    return None


def has_form_answers(text: str) -> bool:
    """Whether the text holds at least one answer written under a ``Svar n (id):`` line."""
    return bool(parse_form_reply(text).answers)


def _applicable(form: Form, answers: Mapping[str, Any]) -> list[Field]:
    return form.applicable(answers)


_ONLY_IF = {"nb": "Svar bare hvis {what}.", "nn": "Svar berre om {what}.", "en": "Answer only if {what}."}
_AND = {"nb": " og ", "nn": " og ", "en": " and "}
_IS = {"nb": "«{label}» er {value}", "nn": "«{label}» er {value}", "en": "«{label}» is {value}"}
_IS_NOT = {"nb": "«{label}» ikke er {value}", "nn": "«{label}» ikkje er {value}", "en": "«{label}» is not {value}"}
_ANSWERED = {"nb": "«{label}» er besvart med noe", "nn": "«{label}» er svart med noko",
             "en": "«{label}» has an answer"}
_OR = {"nb": " eller ", "nn": " eller ", "en": " or "}


def _describe(form: Form, condition: Condition, lang: str, *, negated: bool = False) -> str:
    """A condition in words, from the fields' own labels and choices."""
    if isinstance(condition, AllOf):
        return _AND[lang].join(_describe(form, part, lang) for part in condition.conditions)
    if isinstance(condition, Not):
        return _describe(form, condition.condition, lang, negated=not negated)
    if isinstance(condition, Equals | OneOf):
        target = form.field(condition.field)
        values = (condition.value,) if isinstance(condition, Equals) else condition.values
        shown = _OR[lang].join(target.display(value, lang) for value in values)
        return (_IS_NOT if negated else _IS)[lang].format(label=target.label.get(lang), value=shown)
    names = condition.fields()
    label = form.field(names[0]).label.get(lang) if names else "?"
    return _ANSWERED[lang].format(label=label)


def _possible(form: Form, answers: Mapping[str, Any]) -> list[tuple[Field, bool]]:
    """Fields that apply, or may apply once earlier questions are answered in the same mail:
    (field, whether it depends on an answer not given yet). A mail carries the whole form, so a
    question that depends on the scheme is asked with its condition instead of being held back."""
    effective: dict[str, Any] = {}
    undecided: set[str] = set()  # asked in this mail, so its answer is not known yet
    found: list[tuple[Field, bool]] = []
    for item in form.fields:
        condition = item.condition
        if condition is None or condition.holds(effective):
            found.append((item, False))
            if item.id in answers:
                effective[item.id] = answers[item.id]
            else:
                undecided.add(item.id)
        elif any(name in undecided for name in condition.fields()) and _could_hold(condition, effective):
            found.append((item, True))
            undecided.add(item.id)
    return found


def _could_hold(condition: Condition, effective: Mapping[str, Any]) -> bool:
    """Whether the condition can still hold when its unanswered fields get some answer."""
    if isinstance(condition, AllOf):
        return all(_could_hold(part, effective) for part in condition.conditions)
    if all(name in effective for name in condition.fields()):
        return condition.holds(effective)
    return True


def apply_form_reply(form: Form, answers: Mapping[str, Any], reply: FormReply, *, today: date,
                     lang: str = "nb") -> FormMailResult:
    """Parse every answer with the form's parsers (``forms.batch``, as the modal does); keep the
    valid ones, explain the rest in the form's language."""
    state = new_state(form, lang=lang)
    state.answers = dict(answers)
    result = apply_answers(form, state, reply.answers, today=today)
    errors = {field_id: error_text(error_data(form, field_id, error.to_json(), lang), lang)
              for field_id, error in result.errors.items()}
    return FormMailResult(answers=dict(result.state.answers), accepted=list(result.accepted), errors=errors,
                          missing=list(result.missing))


def error_data(form: Form, field_id: str, error: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A batch error as the catalogue reads it (``bot.form_text.error_text``)."""
    item = form.field(field_id) if form.has_field(field_id) else None
    params = dict(error.get("params") or {})
    if error.get("rule"):
        params["rule"] = error["rule"]
    data: dict[str, Any] = {**error, "field": field_id, "label": item.label.get(lang) if item else None,
                            "params": params}
    if item is not None:
        data["limits"] = {"min_length": item.min_length, "max_length": item.max_length,
                          "min_value": item.min_value, "max_value": item.max_value,
                          "example": item.example.get(lang)}
    return data


def _question(form: Form, item: Field, number: int, lang: str, today: date, error: str | None,
              only_if: str = "") -> dict[str, Any]:
    choices = [{"number": n, "label": choice.label.get(lang)} for n, choice in enumerate(item.choices, start=1)]
    return {"only_if": only_if,
        "number": number, "id": item.id, "label": item.label.get(lang),
        "question": _text(form, item.question.get(lang), today), "why": _text(form, item.why.get(lang), today),
        "example": _text(form, item.example.get(lang), today), "optional": item.optional, "choices": choices,
        "multiple": item.kind is FieldKind.MULTI_CHOICE, "error": error,
    }


def form_questions(form: Form, answers: Mapping[str, Any], *, today: date, lang: str = "nb",
                   errors: Mapping[str, str] | None = None, only: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The questions to put in the mail: unanswered fields that apply or may apply (with their
    condition in words), and those with an error."""
    errors = errors or {}
    possible = _possible(form, answers)
    questions = []
    for number, (item, depends) in enumerate(possible, start=1):
        if (only is not None and item.id not in only) or (item.id in answers and item.id not in errors):
            continue
        only_if = ""
        if depends and item.condition is not None:
            only_if = _ONLY_IF[lang].format(what=_describe(form, item.condition, lang))
        questions.append(_question(form, item, number, lang, today, errors.get(item.id), only_if))
    return questions


def render_form_mail(form: Form, answers: Mapping[str, Any], *, today: date, lang: str = "nb",
                     errors: Mapping[str, str] | None = None, intro: str = "") -> str:
    """The form as the text of a mail (the channel adds the HTML version and the footer)."""
    lang = lang if lang in {"nb", "nn", "en"} else "nb"
    kept = [{"label": item.label.get(lang), "value": item.display(answers[item.id], lang)}
            for item in _applicable(form, answers) if item.id in answers and item.id not in (errors or {})]
    questions = form_questions(form, answers, today=today, lang=lang, errors=errors)
    return render(f"email/form.{lang}.txt.j2", title=form.title.get(lang), form_id=form.id, intro=intro,
                  kept=kept, questions=questions, errors=dict(errors or {}))


def render_form_summary(form: Form, answers: Mapping[str, Any], *, lang: str = "nb") -> str:
    lang = lang if lang in {"nb", "nn", "en"} else "nb"
    lines = [{"label": item.label.get(lang), "value": item.display(answers[item.id], lang)}
             for item in _applicable(form, answers) if item.id in answers]
    extras = [{"label": line.label, "value": line.display} for line in (form.extras(answers, lang) if form.extras
                                                                         else [])]
    warnings = [error_text({"code": "rule_warning", "message": message,
                            "params": {"rule": rule.id, **getattr(message, "params", {})}}, lang)
                for rule, message in form.warnings(answers)]
    return render(f"email/form_summary.{lang}.txt.j2", title=form.title.get(lang), lines=lines, extras=extras,
                  warnings=warnings)
