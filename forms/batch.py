"""Many answers at once: the email form, the Slack modal and (later) a Teams card all send a set of
answers in one go, where the chat sends one. One pure function for all of them.

``apply_answers(form, state, {"title": "Lesing", "amount": "1,2 mill", ...}, today=...)`` parses
each given answer with the field's own parser and validators (in form order, so a condition or a
percent sees the answers before it), then checks the cross-field rules. Valid answers are kept,
invalid ones are dropped and explained: ``errors`` maps a field id to a :class:`FieldError`
carrying the error ``code`` the parsers and rules emit (the text catalogues are keyed by it), a
bokmål ``message`` and the ``params`` a catalogue text can use. The state that comes back is a
new one; the mode is the caller's business (the engine's public operations move it).

A value of ``None`` or blank text means "left empty": an optional field is then skipped, a
required one stays unanswered (listed in ``missing``; an error ``required`` too when
``blank_required_is_error``, as a modal wants it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from forms.definition import FieldKind, Form, ParseContext
from forms.engine import FormState
from forms.parsers import ParseError


@dataclass(frozen=True)
class FieldError:
    """Why an answer was refused: ``code`` picks the catalogue text, ``message`` is the bokmål one."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    rule: str | None = None
    """The cross-field rule that refused it (``code == "rule"``)."""
    fields: tuple[str, ...] = ()
    """The fields the rule looks at (the answer may have to change in one of them)."""
    input: str | None = None
    """The answer as given (shortened), for a text that quotes it."""

    def to_json(self) -> dict[str, Any]:
        data = {"code": self.code, "message": self.message, "params": dict(self.params), "rule": self.rule,
                "fields": list(self.fields)}
        if self.input is not None:
            data["input"] = self.input
        return data


def _shown(raw: str) -> str:
    text = " ".join(raw.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


@dataclass(frozen=True)
class BatchResult:
    state: FormState
    accepted: tuple[str, ...]
    """Fields whose given answer was stored."""
    errors: dict[str, FieldError]
    """Field id -> why its answer was refused (a refused rule's target is unanswered afterwards)."""
    missing: tuple[str, ...]
    """Required fields that apply and still have no answer (nor an error)."""
    warnings: dict[str, FieldError] = field(default_factory=dict)
    """Field id -> a rule that warns but does not refuse (the answer is kept)."""

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing

    @property
    def error_codes(self) -> dict[str, str]:
        return {field_id: error.code for field_id, error in self.errors.items()}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def apply_answers(form: Form, state: FormState, answers: Mapping[str, str | None], *, today: date,
                  blank_required_is_error: bool = False) -> BatchResult:
    """Parse and check ``answers`` (field id -> text) on top of ``state``; see the module docs."""
    current: dict[str, Any] = dict(state.answers)
    skipped = [item for item in state.skipped if item not in answers]
    accepted: list[str] = []
    errors: dict[str, FieldError] = {}
    for item in form.fields:
        if item.id not in answers or item not in form.applicable(current):
            continue
        raw = answers[item.id]
        if _blank(raw):
            current.pop(item.id, None)
            if item.optional or item.kind is FieldKind.MULTI_CHOICE:
                skipped.append(item.id)
            elif blank_required_is_error:
                errors[item.id] = FieldError("required", f"«{item.label.nb}» må besvares.",
                                             {"label": item.label.nb})
            continue
        context = ParseContext(today=today, answers=form.effective_answers(current), lang=state.lang)
        try:
            current[item.id] = item.parse(str(raw), context)
        except ParseError as error:
            current.pop(item.id, None)
            errors[item.id] = FieldError(error.code, error.message, dict(error.params), input=_shown(str(raw)))
            continue
        accepted.append(item.id)
        if item.id in skipped:
            skipped.remove(item.id)
    for rule, message in form.violations(current):
        if rule.target in errors:
            continue
        errors[rule.target] = FieldError("rule", message, {}, rule=rule.id, fields=rule.fields)
        current.pop(rule.target, None)
        if rule.target in accepted:
            accepted.remove(rule.target)
    warnings = {rule.target: FieldError("rule_warning", message, {}, rule=rule.id, fields=rule.fields)
                for rule, message in form.warnings(current)}
    effective = form.effective_answers(current)
    applicable = form.applicable(effective)
    missing = tuple(item.id for item in applicable
                    if item.id not in effective and item.id not in errors and item.id not in skipped
                    and not item.optional)
    new = state.copy()
    new.answers = effective
    new.skipped = [item.id for item in applicable if item.id in skipped and item.id not in effective]
    new.steps += 1
    for field_id in accepted:
        new.attempts.pop(field_id, None)
    return BatchResult(new, tuple(accepted), errors, missing, warnings)
