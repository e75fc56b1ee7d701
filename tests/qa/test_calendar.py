"""The date engine: holidays, working days, ISO-week rules, the annual wheel and formatting."""

from __future__ import annotations

from datetime import date

import pytest

from bot.calendar import (
    AnnualWheel,
    FixedDate,
    IsoWeekday,
    NorwegianCalendar,
    RuleError,
    WheelEvent,
    format_date,
    format_relative,
    next_occurrence,
    parse_rule,
    previous_occurrence,
)
from bot.planfacts import load_plan_data


@pytest.fixture(scope="module")
def calendar() -> NorwegianCalendar:
    return NorwegianCalendar()


# Computed dates from reference/domain.md section 10.
EASTER = {
    2025: (date(2025, 4, 17), date(2025, 4, 18), date(2025, 4, 20), date(2025, 4, 21), date(2025, 5, 29),
           date(2025, 6, 8), date(2025, 6, 9)),
    2026: (date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6), date(2026, 5, 14),
           date(2026, 5, 24), date(2026, 5, 25)),
    2027: (date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 28), date(2027, 3, 29), date(2027, 5, 6),
           date(2027, 5, 16), date(2027, 5, 17)),
    2028: (date(2028, 4, 13), date(2028, 4, 14), date(2028, 4, 16), date(2028, 4, 17), date(2028, 5, 25),
           date(2028, 6, 4), date(2028, 6, 5)),
}


@pytest.mark.parametrize("year", sorted(EASTER))
def test_easter_ascension_and_whitsun_are_holidays(calendar: NorwegianCalendar, year: int) -> None:
    for day in EASTER[year]:
        assert calendar.is_holiday(day), day
        assert not calendar.is_working_day(day)
    skjaertorsdag, langfredag, paaskedag, andre_paaskedag, himmelfart, pinsedag, andre_pinsedag = EASTER[year]
    assert calendar.holiday_name(skjaertorsdag) == "Skjærtorsdag"
    assert calendar.holiday_name(langfredag) == "Langfredag"
    assert "påskedag" in (calendar.holiday_name(andre_paaskedag) or "").lower()
    assert calendar.holiday_name(himmelfart) == "Kristi himmelfartsdag"


def test_fixed_holidays_and_ordinary_days(calendar: NorwegianCalendar) -> None:
    for day in (date(2026, 1, 1), date(2026, 5, 1), date(2026, 5, 17), date(2026, 12, 25), date(2026, 12, 26)):
        assert calendar.is_holiday(day), day
    # Julaften, nyttårsaften and påskeaften are not public holidays.
    for day in (date(2026, 12, 24), date(2026, 12, 31), date(2028, 4, 15)):
        assert not calendar.is_holiday(day), day
    # 2. pinsedag 2027 is 17 May: the names are joined.
    assert "Grunnlovsdag" in (calendar.holiday_name(date(2027, 5, 17)) or "")


def test_sundays_are_weekend_not_holidays_unless_asked() -> None:
    plain = NorwegianCalendar()
    with_sundays = NorwegianCalendar(include_sundays=True)
    sunday = date(2026, 2, 1)
    assert sunday.weekday() == 6
    assert not plain.is_holiday(sunday)
    assert plain.day_kind(sunday) == "sunday"
    assert not plain.is_working_day(sunday)
    assert with_sundays.is_holiday(sunday)


@pytest.mark.parametrize(("day", "kind"), [
    (date(2026, 2, 1), "sunday"),       # behovsmelding 2026
    (date(2026, 3, 15), "sunday"),      # innstilling 2026
    (date(2025, 2, 1), "saturday"),
    (date(2028, 1, 15), "saturday"),    # årsrapport 2028
    (date(2028, 4, 15), "saturday"),    # påskeaften: a Saturday, not a holiday
    (date(2027, 1, 15), "working"),
    (date(2027, 5, 17), "holiday"),
    (date(2027, 5, 1), "holiday"),      # a Saturday, but a holiday first
])
def test_day_kind(calendar: NorwegianCalendar, day: date, kind: str) -> None:
    assert calendar.day_kind(day) == kind


def test_next_and_previous_working_day(calendar: NorwegianCalendar) -> None:
    assert calendar.next_working_day(date(2026, 2, 1)) == date(2026, 2, 2)
    # Påskeaften 2028 -> 1. påskedag -> 2. påskedag -> Tuesday 18 April.
    assert calendar.next_working_day(date(2028, 4, 15)) == date(2028, 4, 18)
    assert calendar.next_working_day(date(2027, 1, 15), include_same_day=True) == date(2027, 1, 15)
    assert calendar.next_working_day(date(2027, 1, 15)) == date(2027, 1, 18)
    assert calendar.previous_working_day(date(2026, 4, 6)) == date(2026, 4, 1)


def test_meeting_rule_gives_the_2022_wheel_dates() -> None:
    plan = load_plan_data()
    weeks = plan["meetings"]["iso_weeks"]
    rules = [parse_rule({"iso_week": week, "weekday": plan["meetings"]["weekday"]}) for week in weeks]
    assert [rule.in_year(2022) for rule in rules] == plan["meetings"]["examples"]
    assert [rule.in_year(2027) for rule in rules] == [date(2027, 1, 21), date(2027, 3, 11), date(2027, 6, 24),
                                                      date(2027, 9, 23), date(2027, 11, 18)]
    for year in range(2020, 2041):
        for rule in rules:
            day = rule.in_year(year)
            assert day.weekday() == 3 and day.year == year


def test_iso_week_edges() -> None:
    week3 = IsoWeekday(3, 4)
    # 2027-01-01 is in ISO week 53 of 2026; the next week-3 Thursday is 21 January 2027.
    assert next_occurrence(week3, date(2027, 1, 1)) == date(2027, 1, 21)
    # Inside week 3 of 2027, before and after its Thursday.
    assert next_occurrence(week3, date(2027, 1, 19)) == date(2027, 1, 21)
    assert next_occurrence(week3, date(2027, 1, 22)) == date(2028, 1, 20)
    # On the day itself: inclusive by default.
    assert next_occurrence(week3, date(2027, 1, 21)) == date(2027, 1, 21)
    assert next_occurrence(week3, date(2027, 1, 21), inclusive=False) == date(2028, 1, 20)
    assert previous_occurrence(week3, date(2027, 1, 21)) == date(2026, 1, 15)
    with pytest.raises(RuleError):
        IsoWeekday(53, 4)


def test_fixed_date_rules() -> None:
    rule = parse_rule({"month": 1, "day": 15})
    assert rule == FixedDate(1, 15)
    assert next_occurrence(rule, date(2027, 1, 16)) == date(2028, 1, 15)
    assert next_occurrence(rule, date(2027, 1, 15)) == date(2027, 1, 15)
    assert previous_occurrence(rule, date(2027, 1, 15)) == date(2026, 1, 15)
    assert FixedDate(2, 29).in_year(2027) == date(2027, 2, 28)
    assert FixedDate(2, 29).in_year(2028) == date(2028, 2, 29)
    for bad in ({"month": 2, "day": 30}, {"month": 13, "day": 1}, {"when": "soon"},
                {"iso_week": 3, "weekday": "someday"}):
        with pytest.raises(RuleError):
            parse_rule(bad)
    assert parse_rule({"iso_week": 10, "weekday": "torsdag"}) == IsoWeekday(10, 4)


def test_annual_wheel_from_plan_data() -> None:
    wheel = AnnualWheel.from_plan(load_plan_data())
    ids = [event.id for event in wheel.events]
    for deadline in ("arsrapport", "behovsmelding", "innstilling", "utbetaling"):
        assert deadline in ids
    year = wheel.for_year(2027, kinds=("deadline",))
    assert [(item.id, item.date) for item in year] == [
        ("arsrapport", date(2027, 1, 15)), ("behovsmelding", date(2027, 2, 1)),
        ("innstilling", date(2027, 3, 15)), ("utbetaling", date(2027, 4, 15))]
    upcoming = wheel.upcoming(date(2026, 11, 28), count=3)
    assert [(item.kind, item.date) for item in upcoming] == [
        ("deadline", date(2027, 1, 15)), ("meeting", date(2027, 1, 21)), ("deadline", date(2027, 2, 1))]
    until = wheel.upcoming(date(2027, 4, 16), until=date(2027, 9, 30), kinds=("meeting",))
    assert [item.date for item in until] == [date(2027, 6, 24), date(2027, 9, 23)]
    assert wheel.previous(date(2027, 1, 15), count=1)[0].date == date(2026, 11, 12)
    with pytest.raises(RuleError):
        AnnualWheel([WheelEvent("a", "deadline", FixedDate(1, 1)), WheelEvent("a", "deadline", FixedDate(2, 1))])


def test_formatting_in_three_languages(calendar: NorwegianCalendar) -> None:
    day = date(2027, 1, 15)
    assert format_date(day, "nb") == "fredag 15. januar 2027"
    assert format_date(day, "nn") == "fredag 15. januar 2027"
    assert format_date(day, "en") == "Friday 15 January 2027"
    assert format_date(date(2026, 2, 1), "nn") == "sundag 1. februar 2026"
    assert format_date(date(2028, 1, 15), "nn") == "laurdag 15. januar 2028"
    assert format_date(date(2027, 2, 2), "nn") == "tysdag 2. februar 2027"
    assert format_date(date(2027, 2, 1), "nn") == "måndag 1. februar 2027"
    assert format_date(day, "nb", weekday=False, year=False) == "15. januar"
    today = date(2026, 11, 28)
    assert format_relative(day, today, "nb") == "om 48 dager"
    assert format_relative(day, today, "nn") == "om 48 dagar"
    assert format_relative(day, today, "en") == "in 48 days"
    assert format_relative(today, today, "nb") == "i dag"
    assert format_relative(date(2026, 11, 29), today, "nn") == "i morgon"
    assert format_relative(date(2026, 11, 25), today, "nb") == "for 3 dager siden"
    assert format_relative(date(2026, 11, 25), today, "en") == "3 days ago"
    assert calendar.holiday_name(date(2026, 12, 25), "nn") == "1. juledag"
    assert calendar.holiday_name(date(2026, 12, 25), "en") == "Christmas Day"
