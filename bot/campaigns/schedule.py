"""The campaign's plan as data: round specifications, the sending window, and due times.

The default schedule is relative to the deadline: a first notice when the campaign starts,
reminders 14, 7 and 2 days before, one on the day, a daily overdue notice on each of the first
five working days after the deadline, then an escalation to the secretariat. A plan file may
replace it with a ``[campaigns.<kind>]`` table of the same shape as :data:`DEFAULT_SCHEDULE`.

Every due time is moved into the sending window: working days (Monday to Friday, not a Norwegian
public holiday) between 08:00 and 16:00 Europe/Oslo; a time outside it moves to the next allowed
instant. At most one contact round per day: when two rounds land on the same day the later one
is kept (the first notice always stays), and rounds already past when the campaign starts are
skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.calendar import NorwegianCalendar
from bot.clock import OSLO

NOTICE = "notice"
REMINDER = "reminder"
DEADLINE = "deadline"
OVERDUE = "overdue"
ESCALATION = "escalation"
ROUND_KINDS = (NOTICE, REMINDER, DEADLINE, OVERDUE, ESCALATION)
CONTACT_KINDS = frozenset({NOTICE, REMINDER, DEADLINE, OVERDUE})

PLANNED = "planned"
SKIPPED = "skipped"

DEFAULT_SCHEDULE: Mapping[str, Any] = {
    "send_time": "09:00",
    "window_start": "08:00",
    "window_end": "16:00",
    "digest_time": "08:00",
    "rounds": [
        {"key": "notice", "kind": NOTICE, "at": "start"},
        {"key": "d-14", "kind": REMINDER, "days_before": 14},
        {"key": "d-7", "kind": REMINDER, "days_before": 7},
        {"key": "d-2", "kind": REMINDER, "days_before": 2},
        {"key": "d0", "kind": DEADLINE, "days_before": 0},
        {"key": "overdue", "kind": OVERDUE, "working_days_after": 1, "repeat": 5},
        {"key": "escalation", "kind": ESCALATION, "working_days_after": 6},
    ],
}


class ScheduleError(ValueError):
    """A schedule in the data (or an edit) cannot be used."""


@dataclass(frozen=True)
class RoundSpec:
    key: str
    kind: str
    at_start: bool = False
    days_before: int | None = None
    working_days_after: int | None = None
    send_time: time | None = None


@dataclass(frozen=True)
class ScheduleSpec:
    rounds: tuple[RoundSpec, ...]
    send_time: time = time(9, 0)
    window_start: time = time(8, 0)
    window_end: time = time(16, 0)
    digest_time: time = time(8, 0)

    def window(self, calendar: NorwegianCalendar | None = None) -> SendingWindow:
        return SendingWindow(self.window_start, self.window_end, calendar or NorwegianCalendar())

    def as_options(self) -> dict[str, str]:
        return {"send_time": _hhmm(self.send_time), "window_start": _hhmm(self.window_start),
                "window_end": _hhmm(self.window_end), "digest_time": _hhmm(self.digest_time)}


@dataclass(frozen=True)
class PlannedRound:
    key: str
    kind: str
    position: int
    planned_at: datetime
    due_at: datetime
    status: str = PLANNED
    note: str | None = None


def _hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_time(value: object, where: str) -> time:
    if isinstance(value, time):
        return value
    text = str(value).strip().replace(".", ":")
    try:
        hours, minutes = text.split(":", 1)
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise ScheduleError(f"{where}: «{value}» er ikke et klokkeslett (TT:MM)") from None


def _int(value: object, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ScheduleError(f"{where}: «{value}» må være et heltall ≥ {minimum}")
    return value


def parse_schedule(data: Mapping[str, Any] | None) -> ScheduleSpec:
    """Read a schedule table (``DEFAULT_SCHEDULE`` when None); ``repeat`` expands to key-1…key-n."""
    source = DEFAULT_SCHEDULE if data is None else data
    send_time = parse_time(source.get("send_time", "09:00"), "send_time")
    rounds: list[RoundSpec] = []
    items = source.get("rounds")
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        raise ScheduleError("rounds: en plan trenger minst én runde")
    for index, item in enumerate(items, start=1):
        where = f"rounds[{index}]"
        if not isinstance(item, Mapping):
            raise ScheduleError(f"{where}: må være en tabell")
        key = str(item.get("key") or "").strip()
        kind = str(item.get("kind") or "").strip()
        if not key or len(key) > 30:
            raise ScheduleError(f"{where}: mangler «key» (høyst 30 tegn)")
        if kind not in ROUND_KINDS:
            raise ScheduleError(f"{where}: ukjent «kind» {kind!r} (bruk {', '.join(ROUND_KINDS)})")
        at_start = item.get("at") == "start"
        own_time = parse_time(item["time"], f"{where}.time") if "time" in item else None
        anchors = [name for name in ("days_before", "working_days_after") if name in item] + (
            ["at"] if at_start else [])
        if len(anchors) != 1:
            raise ScheduleError(f"{where}: bruk nøyaktig én av at = \"start\", days_before, working_days_after")
        repeat = _int(item.get("repeat", 1), f"{where}.repeat", minimum=1)
        if "days_before" in item:
            days = _int(item["days_before"], f"{where}.days_before")
            rounds.append(RoundSpec(key, kind, days_before=days, send_time=own_time))
            if repeat != 1:
                raise ScheduleError(f"{where}: repeat gjelder bare working_days_after")
        elif "working_days_after" in item:
            first = _int(item["working_days_after"], f"{where}.working_days_after", minimum=1)
            for step in range(repeat):
                round_key = f"{key}-{step + 1}" if repeat > 1 else key
                rounds.append(RoundSpec(round_key, kind, working_days_after=first + step, send_time=own_time))
        else:
            rounds.append(RoundSpec(key, kind, at_start=True, send_time=own_time))
    keys = [spec.key for spec in rounds]
    if len(keys) != len(set(keys)):
        raise ScheduleError(f"rounds: samme key brukt flere ganger: {sorted(k for k in keys if keys.count(k) > 1)}")
    if sum(1 for spec in rounds if spec.kind == ESCALATION) > 1:
        raise ScheduleError("rounds: høyst én eskalering")
    spec = ScheduleSpec(rounds=tuple(rounds), send_time=send_time,
                        window_start=parse_time(source.get("window_start", "08:00"), "window_start"),
                        window_end=parse_time(source.get("window_end", "16:00"), "window_end"),
                        digest_time=parse_time(source.get("digest_time", "08:00"), "digest_time"))
    if spec.window_start >= spec.window_end:
        raise ScheduleError("window_start må være før window_end")
    return spec


def schedule_for(plan: Mapping[str, Any], kind: str) -> ScheduleSpec:
    """The plan's ``[campaigns.<kind>]`` schedule, or the default."""
    campaigns = plan.get("campaigns")
    table = campaigns.get(kind) if isinstance(campaigns, Mapping) else None
    return parse_schedule(table if isinstance(table, Mapping) else None)


class SendingWindow:
    """Working days (Norwegian calendar) between ``start`` and ``end``, Europe/Oslo."""

    def __init__(self, start: time, end: time, calendar: NorwegianCalendar) -> None:
        self.start = start
        self.end = end
        self.calendar = calendar

    def allows(self, instant: datetime) -> bool:
        local = instant.astimezone(OSLO)
        if not self.calendar.is_working_day(local.date()):
            return False
        return self.start <= local.time().replace(tzinfo=None) < self.end

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` itself when allowed, else the next working day's (or today's) opening time."""
        if self.allows(instant):
            return instant.astimezone(OSLO)
        local = instant.astimezone(OSLO)
        day = local.date()
        if not (self.calendar.is_working_day(day) and local.time().replace(tzinfo=None) < self.start):
            day = self.calendar.next_working_day(day)
        return datetime.combine(day, self.start, tzinfo=OSLO)

    def day_is_open(self, day: date) -> bool:
        return self.calendar.is_working_day(day)


def _nth_working_day_after(calendar: NorwegianCalendar, day: date, count: int) -> date:
    for _ in range(count):
        day = calendar.next_working_day(day)
    return day


def plan_rounds(spec: ScheduleSpec, deadline: date, start: datetime,
                calendar: NorwegianCalendar | None = None) -> list[PlannedRound]:
    """Every round with its due time, in order; rounds that cannot be sent are marked skipped."""
    calendar = calendar or NorwegianCalendar()
    window = spec.window(calendar)
    start = start.astimezone(OSLO)
    planned: list[PlannedRound] = []
    for position, round_spec in enumerate(spec.rounds):
        at = round_spec.send_time or spec.send_time
        if round_spec.at_start:
            when = start
        elif round_spec.days_before is not None:
            when = datetime.combine(deadline - timedelta(days=round_spec.days_before), at, tzinfo=OSLO)
        else:
            assert round_spec.working_days_after is not None
            day = _nth_working_day_after(calendar, deadline, round_spec.working_days_after)
            when = datetime.combine(day, at, tzinfo=OSLO)
        planned.append(PlannedRound(round_spec.key, round_spec.kind, position, when, window.next_open(when)))
    return settle(planned, start)


def settle(rounds: Sequence[PlannedRound], start: datetime) -> list[PlannedRound]:
    """Skip rounds that are already past at ``start`` (except the first notice) and, among contact
    rounds landing on the same day or out of order, keep one (the later; the notice wins)."""
    result = list(rounds)
    notice_due = min((item.due_at for item in result if item.kind == NOTICE and item.status == PLANNED),
                     default=None)
    for index, item in enumerate(result):
        if item.status != PLANNED or item.kind == NOTICE:
            continue
        if item.due_at < start or (notice_due is not None and item.kind != ESCALATION and item.due_at < notice_due):
            result[index] = replace(item, status=SKIPPED, note="før kampanjestart")
    by_day: dict[date, list[int]] = {}
    for index, item in enumerate(result):
        if item.kind in CONTACT_KINDS and item.status == PLANNED:
            by_day.setdefault(item.due_at.astimezone(OSLO).date(), []).append(index)
    for indexes in by_day.values():
        if len(indexes) < 2:
            continue
        indexes.sort(key=lambda index: (result[index].due_at, result[index].position))
        notices = [index for index in indexes if result[index].kind == NOTICE]
        keep = notices[0] if notices else indexes[-1]
        for index in indexes:
            if index != keep:
                result[index] = replace(result[index], status=SKIPPED, note=f"samme dag som {result[keep].key}")
    return result


def window_for(options: Mapping[str, Any], calendar: NorwegianCalendar | None = None) -> SendingWindow:
    """The sending window stored with a campaign (its ``options``)."""
    return SendingWindow(parse_time(options.get("window_start", "08:00"), "window_start"),
                         parse_time(options.get("window_end", "16:00"), "window_end"),
                         calendar or NorwegianCalendar())


def digest_time_for(options: Mapping[str, Any]) -> time:
    return parse_time(options.get("digest_time", "08:00"), "digest_time")
