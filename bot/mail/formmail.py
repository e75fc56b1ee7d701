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

Seam for the needs-report skill (which owns drafts, summary, confirmation and receipt): when
``turn.message.channel == "email"``, call :func:`email_form_step` with the draft's answers and the
message text; send back its ``text`` (open questions with reasons, or the summary asking for
«ja»/«bekreft») and store its ``answers``. The email intake hands the router a reply holding
filled-in answer lines condensed (:func:`condense_form_reply`: the person's own words above the
quote, then the answer lines), so the answers survive quote stripping and the router's length cap;
a reply that only quotes the form arrives as the person's words alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.rendering import render
from forms.definition import Field, FieldKind, Form, ParseContext
from forms.parsers import ParseError

_ANSWER_LINE = re.compile(r"^\s*\**\s*(?:svar|answer)\s+(\d+)\s*\(([a-z][a-z0-9_]*)\)\s*:\**\s*(.*)$",
                          re.IGNORECASE)
_QUESTION_LINE = re.compile(r"^\s*\[(\d+)\]\s+\S")
_END_LINE = re.compile(r"^\s*===\s*(?:slutt på skjemaet|end of form)\s*===\s*$", re.IGNORECASE)
_FOOTER = re.compile(r"^\s*--\s*$")
CONDENSED_HEADER = "=== Svar på skjema ==="


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


class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _text(form: Form, value: str, today: date) -> str:
    if "{" not in value or form.placeholders is None:
        return value
    return value.format_map(_SafeFormat(form.placeholders(today)))


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
    if top.strip():
        lines.extend(line for line in top.strip().split("\n") if not _ANSWER_LINE.match(line))
    number = 0
    for field_id, value in reply.answers.items():
        number += 1
        lines.append(f"Svar {number} ({field_id}): {value}")
    for field_id in reply.blank:
        number += 1
        lines.append(f"Svar {number} ({field_id}):")
    return "\n".join(lines)


def has_form_answers(text: str) -> bool:
    """Whether the text holds at least one answer written under a ``Svar n (id):`` line."""
    return bool(parse_form_reply(text).answers)


def _applicable(form: Form, answers: Mapping[str, Any]) -> list[Field]:
    return form.applicable(answers)


def apply_form_reply(form: Form, answers: Mapping[str, Any], reply: FormReply, *, today: date,
                     lang: str = "nb") -> FormMailResult:
    """Parse every answer with the form's parsers; keep the valid ones, explain the rest."""
    current: dict[str, Any] = dict(answers)
    result = FormMailResult(answers=current)
    for item in form.fields:
        applicable = _applicable(form, current)
        if item not in applicable:
            continue
        raw = reply.answers.get(item.id)
        if raw is None:
            continue
        context = ParseContext(today=today, answers=form.effective_answers(current), lang=lang)
        try:
            current[item.id] = item.parse(raw, context)
            result.accepted.append(item.id)
        except ParseError as error:
            result.errors[item.id] = str(error)
            current.pop(item.id, None)
    for rule, message in form.violations(current):
        if rule.target not in result.errors:
            result.errors[rule.target] = message
            current.pop(rule.target, None)
            if rule.target in result.accepted:
                result.accepted.remove(rule.target)
    for item in _applicable(form, current):
        if item.id not in current and item.id not in result.errors and not item.optional:
            result.missing.append(item.id)
    result.answers = form.effective_answers(current)
    return result


def _question(form: Form, item: Field, number: int, lang: str, today: date, error: str | None) -> dict[str, Any]:
    choices = [{"number": n, "label": choice.label.get(lang)} for n, choice in enumerate(item.choices, start=1)]
    return {
        "number": number, "id": item.id, "label": item.label.get(lang),
        "question": _text(form, item.question.get(lang), today), "why": _text(form, item.why.get(lang), today),
        "example": _text(form, item.example.get(lang), today), "optional": item.optional, "choices": choices,
        "multiple": item.kind is FieldKind.MULTI_CHOICE, "error": error,
    }


def form_questions(form: Form, answers: Mapping[str, Any], *, today: date, lang: str = "nb",
                   errors: Mapping[str, str] | None = None, only: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The questions to put in the mail: unanswered applicable fields and those with an error."""
    errors = errors or {}
    fields = _applicable(form, answers)
    chosen = [item for item in fields
              if (only is None or item.id in only) and (item.id not in answers or item.id in errors)]
    return [_question(form, item, fields.index(item) + 1, lang, today, errors.get(item.id)) for item in chosen]


def render_form_mail(form: Form, answers: Mapping[str, Any], *, today: date, lang: str = "nb",
                     errors: Mapping[str, str] | None = None, intro: str = "") -> str:
    """The form as the text of a mail (the channel adds the HTML version and the footer)."""
    lang = lang if lang in {"nb", "nn", "en"} else "nb"
    kept = [{"label": item.label.get(lang), "value": item.display(answers[item.id], lang)}
            for item in _applicable(form, answers) if item.id in answers and item.id not in (errors or {})]
    questions = form_questions(form, answers, today=today, lang=lang, errors=errors)
    return render(f"email/form.{lang}.txt.j2", title=form.title.get(lang), form_id=form.id, intro=intro,
                  kept=kept, questions=questions, errors=dict(errors or {}))


@dataclass
class EmailFormStep:
    """One email round of a form: what was kept, and the mail to send back."""

    answers: dict[str, Any]
    text: str
    """The reply: the questions still open (with the reasons for any refused answer), or, when
    everything is answered, the summary asking for «ja»/«bekreft»."""
    complete: bool
    errors: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def render_form_summary(form: Form, answers: Mapping[str, Any], *, lang: str = "nb") -> str:
    lang = lang if lang in {"nb", "nn", "en"} else "nb"
    lines = [{"label": item.label.get(lang), "value": item.display(answers[item.id], lang)}
             for item in _applicable(form, answers) if item.id in answers]
    extras = [{"label": line.label, "value": line.display} for line in (form.extras(answers, lang) if form.extras
                                                                         else [])]
    return render(f"email/form_summary.{lang}.txt.j2", title=form.title.get(lang), lines=lines, extras=extras)


def email_form_step(form: Form, answers: Mapping[str, Any], message_text: str, *, today: date, lang: str = "nb",
                    intro: str = "") -> EmailFormStep:
    """Read a reply to a form mail and decide the next mail: the one call a form skill needs by email.

    ``message_text`` is what the router received (the intake's condensed answer lines, or any text
    holding ``Svar n (id):`` lines). Storing ``answers`` (the draft) is the caller's job.
    """
    result = apply_form_reply(form, answers, parse_form_reply(message_text, form), today=today, lang=lang)
    if result.complete:
        text = render_form_summary(form, result.answers, lang=lang)
    else:
        text = render_form_mail(form, result.answers, today=today, lang=lang, errors=result.errors, intro=intro)
    return EmailFormStep(answers=result.answers, text=text, complete=result.complete, errors=dict(result.errors),
                         missing=list(result.missing))
