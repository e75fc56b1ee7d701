"""What a campaign reads from the plan data: networks, schemes, the deadline and its facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.calendar import parse_rule
from bot.text import fold


class PlanInfoError(LookupError):
    """The plan data lacks something a campaign needs."""


@dataclass(frozen=True)
class NamedItem:
    id: str
    name: str
    short: str
    keys: frozenset[str]


def _text(value: object, language: str = "nb") -> str:
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get("nb") or "")
    return str(value or "")


def _items(plan: Mapping[str, Any], table: str) -> list[NamedItem]:
    found: list[NamedItem] = []
    for entry in plan.get(table, []) or []:
        if not isinstance(entry, Mapping) or not entry.get("id"):
            continue
        ident = str(entry["id"])
        name = str(entry.get("name") or ident)
        short = str(entry.get("short") or name)
        keys = {fold(ident), fold(name), fold(short)} | {fold(str(alias)) for alias in entry.get("aliases", []) or []}
        found.append(NamedItem(ident, name, short, frozenset(key for key in keys if key)))
    return found


class PlanInfo:
    """Lookups over the plan data for one campaign kind (``arsrapport``: the deadline's id)."""

    def __init__(self, plan: Mapping[str, Any], kind: str = "arsrapport") -> None:
        self.plan = plan
        self.kind = kind
        self.networks = _items(plan, "networks")
        self.schemes = _items(plan, "schemes")

    @staticmethod
    def _match(items: list[NamedItem], value: str) -> NamedItem | None:
        key = fold(value)
        if not key:
            return None
        for item in items:
            if key in item.keys:
                return item
        return None

    def network(self, value: str) -> NamedItem | None:
        return self._match(self.networks, value)

    def scheme(self, value: str) -> NamedItem | None:
        return self._match(self.schemes, value)

    def network_name(self, ident: str) -> str:
        return next((item.name for item in self.networks if item.id == ident), ident)

    def scheme_name(self, ident: str) -> str:
        return next((item.short for item in self.schemes if item.id == ident), ident)

    def scheme_full_name(self, ident: str) -> str:
        return next((item.name for item in self.schemes if item.id == ident), ident)

    def _deadline_entry(self) -> Mapping[str, Any]:
        for entry in self.plan.get("deadlines", []) or []:
            if isinstance(entry, Mapping) and entry.get("id") == self.kind:
                return entry
        raise PlanInfoError(f"the plan data has no deadline with id {self.kind!r}")

    def default_deadline(self, year: int) -> date:
        """The deadline for reports on budget year ``year`` (the next year's date when the plan says
        the report covers the previous year, as the annual report does)."""
        entry = self._deadline_entry()
        rule = parse_rule(entry["rule"])
        return rule.in_year(year + 1 if entry.get("covers_previous_year") else year)

    def season_year(self, today: date) -> int:
        """The budget year a campaign started ``today`` is about: before the summer the one before."""
        entry = self._deadline_entry()
        if entry.get("covers_previous_year"):
            return today.year if today.month >= 7 else today.year - 1
        return today.year

    def facts(self, language: str = "nb") -> dict[str, Any]:
        """The plan's words about this deadline, for the templates (never typed into them)."""
        entry = self._deadline_entry()
        qa = self.plan.get("qa", {}) if isinstance(self.plan.get("qa"), Mapping) else {}
        return {
            "name": _text(entry.get("name"), language),
            "label": _text(entry.get("label"), language),
            "who": _text(entry.get("who"), language),
            "sources": [str(source) for source in entry.get("sources", [])],
            "plan_title": _text(qa.get("plan_title"), language) if isinstance(qa, Mapping) else "",
        }
