"""The date engine shared by the whole bot.

* Norwegian public holidays (the ``holidays`` package, ``holidays.Norway``); ordinary Sundays are
  weekend days, not holidays, unless ``include_sundays=True``.
* Working days: Monday to Friday that are not public holidays.
* Date rules read from data: a fixed day of the year (``{month = 1, day = 15}``) or a weekday of an
  ISO week (``{iso_week = 3, weekday = "thursday"}``), their occurrence in any year, and the next or
  previous occurrence from a date.
* The annual wheel: named rules (deadlines, meetings) laid out over any year.
* Formatting in bokmål, nynorsk and English ("fredag 15. januar 2027", "Friday 15 January 2027").
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

import holidays

Language = Literal["nb", "nn", "en"]
DayKind = Literal["working", "saturday", "sunday", "holiday"]
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")

WEEKDAY_NAMES: Mapping[str, tuple[str, ...]] = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "nn": ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES: Mapping[str, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
# Weekday words accepted in data rules (ISO numbering, Monday = 1).
_WEEKDAY_WORDS: Mapping[str, int] = {
    **{name: index + 1 for index, name in enumerate(WEEKDAY_NAMES["en"])},
    **{name.lower(): index + 1 for index, name in enumerate(WEEKDAY_NAMES["en"])},
    **{name: index + 1 for index, name in enumerate(WEEKDAY_NAMES["nb"])},
    **{name: index + 1 for index, name in enumerate(WEEKDAY_NAMES["nn"])},
}
# holidays.Norway names its days in bokmål; these are the nynorsk forms where they differ.
_NYNORSK_HOLIDAYS: Mapping[str, str] = {
    "Første nyttårsdag": "1. nyttårsdag",
    "Første påskedag": "1. påskedag",
    "Andre påskedag": "2. påskedag",
    "Arbeidernes dag": "Arbeidarane sin dag",
    "Første pinsedag": "1. pinsedag",
    "Andre pinsedag": "2. pinsedag",
    "Grunnlovsdag": "Grunnlovsdagen",
    "Første juledag": "1. juledag",
    "Andre juledag": "2. juledag",
}


class RuleError(ValueError):
    """A date rule in the data cannot be understood."""


class DateRule(Protocol):
    """A rule that gives one date per year."""

    def in_year(self, year: int) -> date: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class FixedDate:
    """The same day every year, e.g. 15 January. 29 February falls back to 28 February."""

    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.day <= 31:
            raise RuleError(f"no such day: month={self.month} day={self.day}")
        if self.day > _stdlib_calendar.monthrange(2024, self.month)[1]:
            raise RuleError(f"no such day: month={self.month} day={self.day}")

    def in_year(self, year: int) -> date:
        last = _stdlib_calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day, last))

    def describe(self) -> str:
        return f"{self.day:02d}.{self.month:02d}"


@dataclass(frozen=True)
class IsoWeekday:
    """A weekday of an ISO week, e.g. Thursday of week 3 (ISO weekday: Monday = 1)."""

    week: int
    weekday: int

    def __post_init__(self) -> None:
        # Week 53 exists only in some years, so a yearly rule may only use weeks 1-52.
        if not 1 <= self.week <= 52 or not 1 <= self.weekday <= 7:
            raise RuleError(f"no such ISO week day: week={self.week} weekday={self.weekday}")

    def in_year(self, year: int) -> date:
        """The date in ISO year ``year`` (for Thursdays always inside the calendar year too)."""
        return date.fromisocalendar(year, self.week, self.weekday)

    def describe(self) -> str:
        return f"W{self.week:02d}-{self.weekday}"


def parse_weekday(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
        return value
    if isinstance(value, str) and value.strip().lower() in _WEEKDAY_WORDS:
        return _WEEKDAY_WORDS[value.strip().lower()]
    raise RuleError(f"not a weekday: {value!r} (use 1-7 or a name such as 'thursday')")


def parse_rule(spec: Mapping[str, object]) -> DateRule:
    """Read a rule from data: ``{month, day}`` or ``{iso_week, weekday}``."""
    keys = set(spec)
    try:
        if {"month", "day"} <= keys:
            return FixedDate(int(str(spec["month"])), int(str(spec["day"])))
        if "iso_week" in keys:
            return IsoWeekday(int(str(spec["iso_week"])), parse_weekday(spec.get("weekday", "thursday")))
    except (TypeError, ValueError) as exc:
        if isinstance(exc, RuleError):
            raise
        raise RuleError(f"bad date rule {dict(spec)!r}: {exc}") from exc
    raise RuleError(f"bad date rule {dict(spec)!r}: use {{month, day}} or {{iso_week, weekday}}")


def _candidates(rule: DateRule, around: int) -> list[date]:
    # An ISO-week rule for ISO year y can land in calendar year y-1 or y+1 (not for Thursdays).
    return [rule.in_year(year) for year in range(around - 1, around + 3)]


def next_occurrence(rule: DateRule, start: date, *, inclusive: bool = True) -> date:
    """The first date of the rule on or after ``start`` (after, if not inclusive)."""
    for candidate in _candidates(rule, start.year):
        if candidate > start or (inclusive and candidate == start):
            return candidate
    raise RuleError(f"rule {rule.describe()} has no date after {start}")  # pragma: no cover


def previous_occurrence(rule: DateRule, start: date, *, inclusive: bool = False) -> date:
    """The last date of the rule before ``start`` (on or before, if inclusive)."""
    for candidate in reversed([rule.in_year(year) for year in range(start.year - 2, start.year + 2)]):
        if candidate < start or (inclusive and candidate == start):
            return candidate
    raise RuleError(f"rule {rule.describe()} has no date before {start}")  # pragma: no cover


@dataclass(frozen=True)
class WheelEvent:
    """A named recurring item of the annual wheel (a deadline or a meeting)."""

    id: str
    kind: str
    rule: DateRule


@dataclass(frozen=True)
class Occurrence:
    id: str
    kind: str
    date: date


class AnnualWheel:
    """Recurring deadlines and meetings, laid out over any year."""

    def __init__(self, events: Iterable[WheelEvent]) -> None:
        self._events: tuple[WheelEvent, ...] = tuple(events)
        ids = [event.id for event in self._events]
        if len(ids) != len(set(ids)):
            raise RuleError(f"duplicate ids in the annual wheel: {sorted(ids)}")

    @classmethod
    def from_plan(cls, plan_data: Mapping[str, object]) -> AnnualWheel:
        """Deadlines (``[[deadlines]]``) and forum meetings (``[meetings]``) from the plan data."""
        events: list[WheelEvent] = []
        for item in _sequence(plan_data.get("deadlines")):
            entry = _mapping(item)
            events.append(WheelEvent(str(entry["id"]), "deadline", parse_rule(_mapping(entry["rule"]))))
        meetings = plan_data.get("meetings")
        if isinstance(meetings, Mapping):
            weekday = meetings.get("weekday", "thursday")
            for week in _sequence(meetings.get("iso_weeks")):
                rule = parse_rule({"iso_week": week, "weekday": weekday})
                events.append(WheelEvent(f"meeting-week-{int(str(week))}", "meeting", rule))
        return cls(events)

    @property
    def events(self) -> tuple[WheelEvent, ...]:
        return self._events

    def event(self, event_id: str) -> WheelEvent:
        for event in self._events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def for_year(self, year: int, *, kinds: Sequence[str] | None = None) -> list[Occurrence]:
        """Every event's date in ``year``, in date order."""
        found = [Occurrence(event.id, event.kind, event.rule.in_year(year))
                 for event in self._events if kinds is None or event.kind in kinds]
        return sorted(found, key=lambda item: (item.date, item.id))

    def upcoming(self, start: date, *, count: int | None = None, until: date | None = None,
                 kinds: Sequence[str] | None = None, inclusive: bool = True) -> list[Occurrence]:
        """Occurrences from ``start`` on, in date order, up to ``count`` items or ``until``."""
        if count is None and until is None:
            raise ValueError("give count or until")
        if not any(kinds is None or event.kind in kinds for event in self._events):
            return []
        found: list[Occurrence] = []
        year = start.year - 1
        while year <= start.year + 500:
            for item in self.for_year(year, kinds=kinds):
                if item.date < start or (not inclusive and item.date == start):
                    continue
                if until is not None and item.date > until:
                    continue
                found.append(item)
            # One extra year so that rules landing across a year boundary are sorted in.
            if until is not None and year > until.year:
                break
            if until is None and count is not None and len(found) >= count and year > start.year:
                break
            year += 1
        found.sort(key=lambda item: (item.date, item.id))
        return found[:count] if count is not None else found

    def previous(self, start: date, *, count: int = 1, kinds: Sequence[str] | None = None) -> list[Occurrence]:
        """The latest occurrences strictly before ``start``, newest first."""
        found: list[Occurrence] = []
        for year in range(start.year - 2, start.year + 1):
            found.extend(item for item in self.for_year(year, kinds=kinds) if item.date < start)
        found.sort(key=lambda item: (item.date, item.id), reverse=True)
        return found[:count]


class NorwegianCalendar:
    """Public holidays and working days in Norway, with names in nb, nn and en."""

    def __init__(self, *, include_sundays: bool = False, years: Iterable[int] = ()) -> None:
        self._include_sundays = include_sundays
        self._names: dict[int, dict[date, str]] = {}
        self._english: dict[int, dict[date, str]] = {}
        for year in years:
            self._year(year)

    def _year(self, year: int) -> dict[date, str]:
        names = self._names.get(year)
        if names is None:
            table = holidays.Norway(years=year, language="no", include_sundays=self._include_sundays)
            names = {day: str(name) for day, name in table.items()}
            self._names[year] = names
        return names

    def holiday_name(self, day: date, language: str = "nb") -> str | None:
        """The holiday's name in the language, or None on an ordinary day."""
        name = self._year(day.year).get(day)
        if name is None:
            return None
        if language == "en":
            english = self._english.get(day.year)
            if english is None:
                table = holidays.Norway(years=day.year, language="en_US", include_sundays=self._include_sundays)
                english = {item: str(text) for item, text in table.items()}
                self._english[day.year] = english
            return english.get(day, name)
        if language == "nn":
            return "; ".join(_NYNORSK_HOLIDAYS.get(part, part) for part in name.split("; "))
        return name

    def holidays_in(self, year: int) -> dict[date, str]:
        return dict(sorted(self._year(year).items()))

    def is_holiday(self, day: date) -> bool:
        return day in self._year(day.year)

    @staticmethod
    def is_weekend(day: date) -> bool:
        return day.weekday() >= 5

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def day_kind(self, day: date) -> DayKind:
        """Holiday beats weekend: 17 May on a Saturday is a holiday."""
        if self.is_holiday(day):
            return "holiday"
        if day.weekday() == 5:
            return "saturday"
        if day.weekday() == 6:
            return "sunday"
        return "working"

    def next_working_day(self, day: date, *, include_same_day: bool = False) -> date:
        candidate = day if include_same_day else day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def previous_working_day(self, day: date, *, include_same_day: bool = False) -> date:
        candidate = day if include_same_day else day - timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate -= timedelta(days=1)
        return candidate


def _lang(language: str) -> str:
    return language if language in WEEKDAY_NAMES else "nb"


def weekday_name(day: date, language: str = "nb") -> str:
    return WEEKDAY_NAMES[_lang(language)][day.weekday()]


def month_name(month: int, language: str = "nb") -> str:
    return MONTH_NAMES[_lang(language)][month - 1]


def format_date(day: date, language: str = "nb", *, weekday: bool = True, year: bool = True) -> str:
    """'fredag 15. januar 2027' (nb, nn) or 'Friday 15 January 2027' (en)."""
    lang = _lang(language)
    dot = "" if lang == "en" else "."
    text = f"{day.day}{dot} {MONTH_NAMES[lang][day.month - 1]}"
    if year:
        text += f" {day.year}"
    if weekday:
        text = f"{WEEKDAY_NAMES[lang][day.weekday()]} {text}"
    return text


def format_relative(day: date, today: date, language: str = "nb") -> str:
    """'i dag', 'i morgen', 'om 48 dager', 'for 3 dager siden' (nn: dagar, sidan; en: days, ago)."""
    lang = _lang(language)
    delta = (day - today).days
    words = {
        "nb": ("i dag", "i morgen", "i går", "om {n} dager", "for {n} dager siden"),
        "nn": ("i dag", "i morgon", "i går", "om {n} dagar", "for {n} dagar sidan"),
        "en": ("today", "tomorrow", "yesterday", "in {n} days", "{n} days ago"),
    }[lang]
    if delta == 0:
        return words[0]
    if delta == 1:
        return words[1]
    if delta == -1:
        return words[2]
    if delta > 0:
        return words[3].format(n=delta)
    return words[4].format(n=-delta)


def _sequence(value: object) -> list[object]:
    if isinstance(value, list | tuple):
        return list(value)
    return []


def _mapping(value: object) -> Mapping[str, object]:
    if isinstance(value, Mapping):
        return value
    raise RuleError(f"expected a table, got {value!r}")
