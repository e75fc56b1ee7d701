"""A declarative form model: fields, conditions and cross-field rules.

Nothing here knows about a channel. The same :class:`Form` drives the chat engine
(``forms.engine``) and can drive a Slack modal or an email template: a field has a kind, texts
(question, why it is asked, an example), limits, a condition on earlier answers and names people
use for it ("beløp", "tittel"). Answers are stored as JSON values: ``int`` for amounts and
numbers, the choice ``id``, a list of ids, ``bool``, ``{"start": .., "end": ..}`` for year
ranges, ISO strings for dates, ``str`` for text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from forms.commands import Command, phrases
from forms.parsers import (
    Choice,
    ParseError,
    YearRange,
    format_kroner,
    parse_amount,
    parse_amount_or_percent,
    parse_choice,
    parse_choices,
    parse_date,
    parse_email,
    parse_int,
    parse_text,
    parse_year,
    parse_year_range,
    parse_yes_no,
)
from forms.text import Text, fold, group_thousands

Answers = Mapping[str, Any]


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    AMOUNT = "amount"
    INTEGER = "integer"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    EMAIL = "email"
    YEAR = "year"
    YEAR_RANGE = "year_range"
    DATE = "date"


# Kinds whose answer is read, not copied: worth echoing back ("Notert: 1 200 000 kr").
INTERPRETED_KINDS = frozenset({FieldKind.AMOUNT, FieldKind.INTEGER, FieldKind.CHOICE, FieldKind.MULTI_CHOICE,
                               FieldKind.YES_NO, FieldKind.YEAR, FieldKind.YEAR_RANGE, FieldKind.DATE})
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT})


@dataclass(frozen=True)
class ParseContext:
    """What a parser or validator may look at: the date, the answers so far and the language."""

    today: date
    answers: Answers = field(default_factory=dict)
    lang: str = "nb"


Validator = Callable[[Any, ParseContext], None]
"""Raises :class:`ParseError` when a parsed value is not acceptable."""


# --- conditions ----------------------------------------------------------------------------------

class Condition(Protocol):
    def holds(self, answers: Answers) -> bool: ...

    def fields(self) -> tuple[str, ...]: ...

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Equals:
    field: str
    value: Any

    def holds(self, answers: Answers) -> bool:
        return self.field in answers and answers[self.field] == self.value

    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def to_json(self) -> dict[str, Any]:
        return {"equals": {"field": self.field, "value": self.value}}


@dataclass(frozen=True)
class OneOf:
    field: str
    values: tuple[Any, ...]

    def holds(self, answers: Answers) -> bool:
        return self.field in answers and answers[self.field] in self.values

    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def to_json(self) -> dict[str, Any]:
        return {"one_of": {"field": self.field, "values": list(self.values)}}


@dataclass(frozen=True)
class NonEmpty:
    """The field is answered with something other than an empty list/text/zero."""

    field: str

    def holds(self, answers: Answers) -> bool:
        return bool(answers.get(self.field))

    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def to_json(self) -> dict[str, Any]:
        return {"non_empty": {"field": self.field}}


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]

    def holds(self, answers: Answers) -> bool:
        return all(condition.holds(answers) for condition in self.conditions)

    def fields(self) -> tuple[str, ...]:
        return tuple(name for condition in self.conditions for name in condition.fields())

    def to_json(self) -> dict[str, Any]:
        return {"all_of": [condition.to_json() for condition in self.conditions]}


@dataclass(frozen=True)
class Not:
    condition: Condition

    def holds(self, answers: Answers) -> bool:
        # "not X" needs X's field answered: an unanswered scheme is neither regional nor not.
        return all(name in answers for name in self.condition.fields()) and not self.condition.holds(answers)

    def fields(self) -> tuple[str, ...]:
        return self.condition.fields()

    def to_json(self) -> dict[str, Any]:
        return {"not": self.condition.to_json()}


# --- fields --------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Field:
    """One question. ``optional`` fields can be skipped ("hopp over"). Compared by identity."""

    id: str
    kind: FieldKind
    label: Text
    question: Text
    why: Text
    example: Text
    optional: bool = False
    condition: Condition | None = None
    aliases: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    min_length: int = 1
    max_length: int = 4000
    percent_of: str | None = None
    zero_words: bool = False
    default_start_year: Callable[[date], int] | None = None
    validators: tuple[Validator, ...] = ()
    preparse: Callable[[str], str] | None = None

    def names(self) -> tuple[str, ...]:
        return (self.id, *self.label.variants(), *self.aliases)

    def parse(self, text: str, context: ParseContext) -> Any:
        """Text -> the JSON value to store, or :class:`ParseError`."""
        if self.preparse is not None:
            text = self.preparse(text)
        value = self._parse_kind(text, context)
        self._check_limits(value, context)
        for validator in self.validators:
            validator(value, context)
        return value

    def _parse_kind(self, text: str, context: ParseContext) -> Any:
        kind = self.kind
        if kind in TEXT_KINDS:
            _check_not_a_command(text, self)
        if kind is FieldKind.TEXT:
            return parse_text(text, min_length=self.min_length, max_length=self.max_length, multiline=False)
        if kind is FieldKind.LONG_TEXT:
            value = parse_text(text, min_length=self.min_length, max_length=self.max_length, multiline=True)
            _check_not_just_a_name(value, self)
            return value
        if kind is FieldKind.AMOUNT:
            if self.percent_of is not None:
                base = context.answers.get(self.percent_of)
                return parse_amount_or_percent(text, base if isinstance(base, int) else None,
                                               zero_words=self.zero_words)
            return parse_amount(text, zero_words=self.zero_words)
        if kind is FieldKind.INTEGER:
            return parse_int(text)
        if kind is FieldKind.CHOICE:
            return parse_choice(text, self.choices)
        if kind is FieldKind.MULTI_CHOICE:
            return parse_choices(text, self.choices)
        if kind is FieldKind.YES_NO:
            return parse_yes_no(text)
        if kind is FieldKind.EMAIL:
            return parse_email(text)
        if kind is FieldKind.YEAR:
            if _PERCENT.search(text):
                raise ParseError(f"«{text.strip()[:40]}» er en prosent, ikke et årstall. Skriv året, f.eks. "
                                 f"«{context.today.year - 1}».", code="percent_as_year")
            return parse_year(text, context.today)
        if kind is FieldKind.YEAR_RANGE:
            start = (self.default_start_year or _this_year)(context.today)
            until = _UNTIL.match(fold(text))
            if until:  # "ut 2028", "til og med 2028", "until 2028": from the default start year
                text = f"{start}-{until.group('end')}"
            return parse_year_range(text, default_start=start).to_json()
        if kind is FieldKind.DATE:
            return parse_date(text, context.today).isoformat()
        raise AssertionError(f"unknown field kind {kind}")

    def _check_limits(self, value: Any, context: ParseContext) -> None:
        if self.kind not in (FieldKind.AMOUNT, FieldKind.INTEGER, FieldKind.YEAR) or not isinstance(value, int):
            return
        label = self.label.nb
        shown: Callable[[int], str] = format_kroner if self.kind is FieldKind.AMOUNT else group_thousands
        if self.kind is FieldKind.YEAR:
            shown = str
        if self.min_value is not None and value < self.min_value:
            raise ParseError(f"{label} må være minst {shown(self.min_value)} (du skrev {shown(value)}).",
                             code="below_min", min_value=self.min_value, value=value)
        if self.max_value is not None and value > self.max_value:
            raise ParseError(f"{label} kan være høyst {shown(self.max_value)} (du skrev {shown(value)}).",
                             code="above_max", max_value=self.max_value, value=value)

    def display(self, value: Any, lang: str = "nb") -> str:
        """A stored value as a person reads it (same in every channel)."""
        kind = self.kind
        if kind is FieldKind.AMOUNT and isinstance(value, int):
            return format_kroner(value)
        if kind is FieldKind.INTEGER and isinstance(value, int):
            return group_thousands(value)
        if kind is FieldKind.CHOICE:
            return self._choice_label(value, lang)
        if kind is FieldKind.MULTI_CHOICE and isinstance(value, list):
            if not value:
                return {"en": "None"}.get(lang, "Ingen")
            return "; ".join(self._choice_label(item, lang) for item in value)
        if kind is FieldKind.YES_NO and isinstance(value, bool):
            return {"en": ("Yes", "No")}.get(lang, ("Ja", "Nei"))[0 if value else 1]
        if kind is FieldKind.YEAR_RANGE and isinstance(value, Mapping):
            period = YearRange.from_json(value)
            unit = "year" if period.years == 1 else "years"
            years = f"{period.years} {unit}" if lang == "en" else f"{period.years} år"
            span = str(period.start) if period.years == 1 else f"{period.start}–{period.end}"
            return f"{span} ({years})"
        if kind is FieldKind.DATE and isinstance(value, str):
            return _display_date(value, lang)
        return str(value)

    def _choice_label(self, value: Any, lang: str) -> str:
        for choice in self.choices:
            if choice.id == value:
                return choice.label.get(lang)
        return str(value)

    def to_input(self, value: Any) -> str:
        """A stored value written back as text that :meth:`parse` reads to the same value."""
        if self.kind is FieldKind.MULTI_CHOICE and isinstance(value, list):
            return ", ".join(str(item) for item in value) if value else "ingen"
        if self.kind is FieldKind.YES_NO:
            return "ja" if value else "nei"
        if self.kind is FieldKind.YEAR_RANGE and isinstance(value, Mapping):
            return f"{value['start']}-{value['end']}"
        return str(value)

    def to_json(self) -> dict[str, Any]:
        """A description of the field for other surfaces (a modal builder, an email template, exports)."""
        return {
            "id": self.id, "kind": str(self.kind), "label": self.label.nb, "question": self.question.nb,
            "why": self.why.nb, "example": self.example.nb, "optional": self.optional,
            "condition": self.condition.to_json() if self.condition else None, "aliases": list(self.aliases),
            "choices": [{"id": c.id, "label": c.label.nb} for c in self.choices],
            "min_value": self.min_value, "max_value": self.max_value, "max_length": self.max_length,
            "percent_of": self.percent_of,
        }


_MONTH_NAMES = {"nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
                       "oktober", "november", "desember"),
                "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December")}


def _display_date(value: str, lang: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if lang == "en":
        return f"{day.day} {_MONTH_NAMES['en'][day.month - 1]} {day.year}"
    return f"{day.day}. {_MONTH_NAMES['nb'][day.month - 1]} {day.year}"


def _this_year(today: date) -> int:
    return today.year


_PERCENT = re.compile(r"%|\bprosent\b|\bpercent\b|\bprosentar\b", re.IGNORECASE)
_UNTIL = re.compile(r"^(?:ut|ut aret|ut ar|til og med|tom|t o m|fram til|frem til|fram til og med|frem til og med|"
                    r"til|until|through|to|up to|inntil|innan|innen|heilt til|helt til)\s+(?P<end>\d{4})$")
# Whole messages that are a word to the bot, not an answer: "send" as a contact person's name.
_COMMAND_WORDS = frozenset(
    {phrase for command in Command if command is not Command.EDIT for phrase in phrases(command)}
    | {"ja", "nei", "ok", "okei", "yes", "no", "takk", "hei", "neste", "ferdig", "done"})


def _check_not_a_command(text: str, item: Field) -> None:
    folded = fold(text)
    if folded in _COMMAND_WORDS:
        raise ParseError(f"«{text.strip()[:40]}» ser ut som en kommando, ikke et svar på «{item.label.nb}». Skriv "
                         "svaret, eller «hjelp».", code="looks_like_command")


_NAME_WORD = re.compile(r"^[A-ZÆØÅÉ][a-zæøåéüö]+(?:-[A-ZÆØÅ][a-zæøåéüö]+)?$")


def _check_not_just_a_name(value: str, item: Field) -> None:
    """A description (evaluation, working methods) that is only a person's name ("Kari Nordmann")."""
    words = value.split()
    if 2 <= len(words) <= 3 and all(_NAME_WORD.match(word) for word in words):
        label = item.label.nb[:1].lower() + item.label.nb[1:]
        raise ParseError(f"«{value}» ser ut som et navn, ikke en beskrivelse av {label}. Skriv noen ord om "
                         f"hvordan, f.eks.: {item.example.nb}", code="looks_like_name")


# --- cross-field rules ---------------------------------------------------------------------------

class RuleText(str):
    """A rule's message (bokmål) that also carries the values it names, so a catalogue can say the
    same in another language: ``RuleText("Egenandelen ...", own="300 000 kr", min_percent="30")``.
    ``key`` picks the catalogue text when a rule has more than one message."""

    params: dict[str, Any]

    def __new__(cls, text: str, key: str | None = None, **params: Any) -> RuleText:
        made = super().__new__(cls, text)
        made.params = {"key": key, **params} if key else dict(params)
        return made


@dataclass(frozen=True)
class Rule:
    """A check over several answers. ``check`` returns a message naming the fields, or None.

    It runs only when all ``fields`` are applicable and answered. ``target`` is the field to ask
    again: an answer to ``target`` that breaks the rule is refused; an answer to another of the
    fields is kept, and ``target`` is asked again with the message.

    A rule with ``severity="warning"`` never refuses: where the plan can be read more than one way
    the person is told the readings and goes on (:meth:`Form.warnings`).
    """

    id: str
    fields: tuple[str, ...]
    target: str
    check: Callable[[Answers], str | None]
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"


@dataclass(frozen=True)
class SummaryLine:
    label: str
    display: str


# --- the form ------------------------------------------------------------------------------------

class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_MISSING = object()
_MEMO_LIMIT = 1024


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: Text
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    extras: Callable[[Answers, str], Sequence[SummaryLine]] | None = None
    placeholders: Callable[[date], Mapping[str, str]] | None = None

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for item in self.fields:
            if item.id in seen:
                raise ValueError(f"duplicate field id {item.id!r}")
            if item.condition is not None:
                unknown = [name for name in item.condition.fields() if name not in seen]
                if unknown:
                    raise ValueError(f"{item.id}: condition on {unknown}, which are not earlier fields")
            if item.percent_of is not None and item.percent_of not in seen:
                raise ValueError(f"{item.id}: percent_of {item.percent_of!r} is not an earlier field")
            if item.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and not item.choices:
                raise ValueError(f"{item.id}: a choice field needs choices")
            seen.add(item.id)
        for rule in self.rules:
            if not set(rule.fields) <= seen or rule.target not in rule.fields:
                raise ValueError(f"rule {rule.id}: unknown fields or target")
        condition_fields = tuple(dict.fromkeys(name for item in self.fields if item.condition is not None
                                               for name in item.condition.fields()))
        # Which fields apply depends only on the answers the conditions look at: memoised per
        # combination of those answers (a pure cache, bounded).
        object.__setattr__(self, "_condition_fields", condition_fields)
        object.__setattr__(self, "_applicable_memo", {})
        object.__setattr__(self, "_by_id", {item.id: item for item in self.fields})

    def expand(self, text: str, today: date) -> str:
        """A form text with its placeholders filled in ("{start_year}", "{own_share_min}"): the one
        place every channel (chat, email form, modal, card) expands them."""
        if "{" not in text or self.placeholders is None:
            return text
        return text.format_map(_KeepUnknown(self.placeholders(today)))

    def field(self, field_id: str) -> Field:
        by_id: dict[str, Field] = self._by_id  # type: ignore[attr-defined]
        return by_id[field_id]

    def has_field(self, field_id: str) -> bool:
        return field_id in self._by_id  # type: ignore[attr-defined]

    def applicable(self, answers: Answers) -> list[Field]:
        """The fields to ask, in order, given the answers (conditions see only applicable answers)."""
        memo: dict[tuple[str, ...], tuple[Field, ...]] = self._applicable_memo  # type: ignore[attr-defined]
        key = tuple(repr(answers.get(name, _MISSING)) for name in self._condition_fields)  # type: ignore[attr-defined]
        found = memo.get(key)
        if found is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            found = memo[key] = tuple(self._applicable(answers))
        return list(found)

    def _applicable(self, answers: Answers) -> list[Field]:
        effective: dict[str, Any] = {}
        result: list[Field] = []
        for item in self.fields:
            if item.condition is None or item.condition.holds(effective):
                result.append(item)
                if item.id in answers:
                    effective[item.id] = answers[item.id]
        return result

    def max_applicable(self, answers: Answers) -> int:
        """How many questions the form can still come to have, given the answers so far: the
        largest count over every way the open branching questions (scheme, new or continuing, ...)
        may be answered. A counter "3 of N" with this N never grows as answers come in."""
        open_fields = [self.field(name) for name in self._condition_fields  # type: ignore[attr-defined]
                       if name not in answers]
        options: list[list[Any]] = []
        for item in open_fields:
            if item.kind is FieldKind.CHOICE:
                options.append([choice.id for choice in item.choices])
            elif item.kind is FieldKind.MULTI_CHOICE:
                options.append([[], [item.choices[0].id]] if item.choices else [[]])
            elif item.kind is FieldKind.YES_NO:
                options.append([True, False])
            else:
                options.append([_MISSING])
        best = len(self.applicable(answers))
        for values in itertools.product(*options):
            trial = dict(answers)
            trial.update({item.id: value for item, value in zip(open_fields, values, strict=True)
                          if value is not _MISSING})
            best = max(best, len(self.applicable(trial)))
        return best

    def effective_answers(self, answers: Answers) -> dict[str, Any]:
        """The answers of applicable fields only, in form order (what would be submitted)."""
        return {item.id: answers[item.id] for item in self.applicable(answers) if item.id in answers}

    def violations(self, answers: Answers, *, involving: str | None = None) -> list[tuple[Rule, str]]:
        """The broken rules that refuse (severity ``error``), with their messages."""
        return self._broken(answers, involving=involving, warnings=False)

    def warnings(self, answers: Answers, *, involving: str | None = None) -> list[tuple[Rule, str]]:
        """The rules that only warn and whose check fires, with their messages."""
        return self._broken(answers, involving=involving, warnings=True)

    def _broken(self, answers: Answers, *, involving: str | None, warnings: bool) -> list[tuple[Rule, str]]:
        effective = self.effective_answers(answers)
        found: list[tuple[Rule, str]] = []
        for rule in self.rules:
            if rule.is_warning != warnings or involving is not None and involving not in rule.fields:
                continue
            if all(name in effective for name in rule.fields):
                message = rule.check(effective)
                if message:
                    found.append((rule, message))
        return found

    def resolve(self, name: str, answers: Answers, *, fuzzy: bool = True) -> Field:
        """A field named by a person: its number in the summary, label, id or alias ("beløp", "5")."""
        fields = self.applicable(answers)
        options = [Choice(item.id, item.label, item.aliases) for item in fields]
        try:
            return self.field(parse_choice(name, options, strict=not fuzzy))
        except ParseError:
            folded = fold(name)
            for item in self.fields:
                if item not in fields and any(fold(alias) == folded for alias in item.names()):
                    raise ParseError(f"«{item.label.nb}» er ikke med slik skjemaet er fylt ut nå (det henger "
                                     "sammen med tidligere svar).", code="not_applicable", field=item.id) from None
            raise

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "title": self.title.nb,
                "fields": [item.to_json() for item in self.fields],
                "rules": [{"id": rule.id, "fields": list(rule.fields), "target": rule.target} for rule in self.rules]}
