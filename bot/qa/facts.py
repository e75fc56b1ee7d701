"""The plan's facts for question answering, read from the plan data (``qa.toml`` and friends)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.calendar import LANGUAGES, AnnualWheel, DateRule, parse_rule, parse_weekday
from bot.qa.retrieval import Passage


class FactsError(ValueError):
    """The plan data lacks something the question answering needs."""


def localize(value: Any, language: str) -> Any:
    """Replace every {nb, nn, en} table by the text for ``language`` (nb when missing)."""
    if isinstance(value, Mapping):
        keys = set(value)
        if "nb" in keys and keys <= set(LANGUAGES):
            return value.get(language) or value["nb"]
        return {key: localize(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localize(item, language) for item in value]
    return value


@dataclass(frozen=True)
class Conflict:
    """Another date the plan gives for the same deadline: a yearly rule or a one-off date."""

    section: str
    quote: str
    rule: DateRule | None
    fixed: date | None

    def date_for(self, year: int) -> date:
        if self.rule is not None:
            return self.rule.in_year(year)
        assert self.fixed is not None
        return self.fixed


@dataclass(frozen=True)
class Deadline:
    id: str
    order: int
    rule: DateRule
    sources: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    examples: tuple[Conflict, ...]
    covers_previous_year: bool
    texts: Mapping[str, Mapping[str, str]]

    def text(self, language: str) -> Mapping[str, str]:
        return self.texts[language]


@dataclass(frozen=True)
class Agenda:
    sources: tuple[str, ...]
    texts: Mapping[str, str]
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MeetingPlan:
    weekday: int
    weeks: tuple[int, ...]
    section: str
    invitation_days: int
    invitation_section: str
    examples: tuple[date, ...]
    agenda: Mapping[int, Agenda]


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise FactsError(f"the plan data has no [{key}] table")
    return value


def _list(data: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise FactsError(f"{key} must be a list")
    return value


def _texts(entry: Mapping[str, Any], keys: Sequence[str]) -> Mapping[str, Mapping[str, str]]:
    return {language: {key: str(localize(entry.get(key, ""), language)) for key in keys}
            for language in LANGUAGES}


def _conflict(entry: Mapping[str, Any]) -> Conflict:
    rule = parse_rule(entry["rule"]) if isinstance(entry.get("rule"), Mapping) else None
    fixed = entry.get("date") if isinstance(entry.get("date"), date) else None
    if rule is None and fixed is None:
        raise FactsError(f"a deadline note needs a rule or a date: {dict(entry)!r}")
    return Conflict(str(entry.get("section", "")), str(entry.get("quote", "")), rule, fixed)


class QaFacts:
    """Typed access to deadlines and meetings, and the localised [qa] table per language."""

    def __init__(self, plan_data: Mapping[str, Any]) -> None:
        deadlines: list[Deadline] = []
        for entry in _list(plan_data, "deadlines"):
            deadlines.append(Deadline(
                id=str(entry["id"]),
                order=int(entry.get("order", len(deadlines) + 1)),
                rule=parse_rule(entry["rule"]),
                sources=tuple(str(item) for item in entry.get("sources", [entry.get("section", "")])),
                conflicts=tuple(_conflict(item) for item in entry.get("conflicts", [])),
                examples=tuple(_conflict(item) for item in entry.get("examples", [])),
                covers_previous_year=bool(entry.get("covers_previous_year", False)),
                texts=_texts(entry, ("name", "label", "who")),
            ))
        self.deadlines: tuple[Deadline, ...] = tuple(sorted(deadlines, key=lambda item: item.order))
        self._by_id = {deadline.id: deadline for deadline in self.deadlines}

        meetings = _table(plan_data, "meetings")
        agenda = {
            int(item["iso_week"]): Agenda(tuple(str(source) for source in item.get("sources", [])),
                                          {language: str(localize(item.get("text", ""), language))
                                           for language in LANGUAGES},
                                          frozenset(str(topic) for topic in item.get("topics", [])))
            for item in meetings.get("agenda", [])
        }
        self.meetings = MeetingPlan(
            weekday=parse_weekday(meetings.get("weekday", "thursday")),
            weeks=tuple(sorted(int(week) for week in meetings.get("iso_weeks", []))),
            section=str(meetings.get("section", "9")),
            invitation_days=int(meetings.get("invitation_days_before", 14)),
            invitation_section=str(meetings.get("invitation_section", "4.1")),
            examples=tuple(item for item in meetings.get("examples", []) if isinstance(item, date)),
            agenda=agenda,
        )
        self.wheel = AnnualWheel.from_plan(plan_data)
        qa = _table(plan_data, "qa")
        self.views: Mapping[str, Mapping[str, Any]] = {language: localize(qa, language) for language in LANGUAGES}
        self.passages: tuple[Passage, ...] = tuple(
            Passage(str(item["section"]), str(item["text"])) for item in qa.get("passages", []))
        self.networks: tuple[Mapping[str, Any], ...] = tuple(
            item for item in plan_data.get("networks", []) if isinstance(item, Mapping))

    def deadline(self, deadline_id: str) -> Deadline:
        try:
            return self._by_id[deadline_id]
        except KeyError:
            raise FactsError(f"no deadline with id {deadline_id!r} in the plan data") from None

    def has_deadline(self, deadline_id: str) -> bool:
        return deadline_id in self._by_id

    def view(self, language: str) -> Mapping[str, Any]:
        return self.views.get(language, self.views["nb"])
