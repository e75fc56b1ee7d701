"""The campaign plan as data: default rounds relative to the deadline, the sending window, shifting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar import NorwegianCalendar
from bot.campaigns.schedule import (
    SKIPPED,
    ScheduleError,
    parse_schedule,
    plan_rounds,
    schedule_for,
)
from bot.clock import OSLO
from bot.planfacts import load_plan_data
from tests.campaign.helpers import at

CAL = NorwegianCalendar()
WINDOW = parse_schedule(None).window(CAL)


def test_default_plan_for_15_january_2027_started_1_december() -> None:
    rounds = plan_rounds(parse_schedule(None), date(2027, 1, 15), at("2026-12-01T09:00"), CAL)
    got = [(item.key, item.kind, item.due_at.strftime("%a %Y-%m-%d %H:%M"), item.status) for item in rounds]
    assert got == [
        ("notice", "notice", "Tue 2026-12-01 09:00", "planned"),
        ("d-14", "reminder", "Mon 2027-01-04 08:00", "planned"),  # 1 January is a holiday: next opening
        ("d-7", "reminder", "Fri 2027-01-08 09:00", "planned"),
        ("d-2", "reminder", "Wed 2027-01-13 09:00", "planned"),
        ("d0", "deadline", "Fri 2027-01-15 09:00", "planned"),
        ("overdue-1", "overdue", "Mon 2027-01-18 09:00", "planned"),
        ("overdue-2", "overdue", "Tue 2027-01-19 09:00", "planned"),
        ("overdue-3", "overdue", "Wed 2027-01-20 09:00", "planned"),
        ("overdue-4", "overdue", "Thu 2027-01-21 09:00", "planned"),
        ("overdue-5", "overdue", "Fri 2027-01-22 09:00", "planned"),
        ("escalation", "escalation", "Mon 2027-01-25 09:00", "planned"),
    ]


def test_a_start_outside_the_window_moves_the_notice_to_the_next_opening() -> None:
    saturday = plan_rounds(parse_schedule(None), date(2027, 1, 15), at("2026-12-05T11:00"), CAL)
    assert saturday[0].due_at == at("2026-12-07T08:00")
    evening = plan_rounds(parse_schedule(None), date(2027, 1, 15), at("2026-12-22T17:30"), CAL)
    assert evening[0].due_at == at("2026-12-23T08:00")
    christmas = plan_rounds(parse_schedule(None), date(2027, 1, 15), at("2026-12-24T16:05"), CAL)
    assert christmas[0].due_at == at("2026-12-28T08:00")  # 25 holiday, 26 Saturday (and holiday), 27 Sunday


def test_a_late_start_skips_the_rounds_already_past() -> None:
    rounds = plan_rounds(parse_schedule(None), date(2027, 1, 15), at("2027-01-11T10:00"), CAL)
    by_key = {item.key: item for item in rounds}
    assert by_key["notice"].due_at == at("2027-01-11T10:00")
    assert by_key["d-14"].status == SKIPPED and by_key["d-7"].status == SKIPPED
    assert by_key["d-2"].status == "planned"


def test_two_rounds_on_the_same_day_keep_one_the_notice_first() -> None:
    # Deadline Monday 2027-02-15: d-2 is Saturday 13th, shifted to Monday 08:00 = the deadline day.
    rounds = {item.key: item for item in plan_rounds(parse_schedule(None), date(2027, 2, 15),
                                                    at("2027-01-04T09:00"), CAL)}
    assert rounds["d-2"].status == SKIPPED and "d0" in (rounds["d-2"].note or "")
    assert rounds["d0"].status == "planned"
    # A notice on the same day as a reminder: the reminder goes.
    same_day = {item.key: item for item in plan_rounds(parse_schedule(None), date(2027, 1, 15),
                                                      at("2027-01-08T08:30"), CAL)}
    assert same_day["notice"].status == "planned" and same_day["d-7"].status == SKIPPED


def test_schedule_from_the_plan_data_and_its_errors() -> None:
    plan = load_plan_data()
    plan["campaigns"] = {"arsrapport": {"send_time": "10:30", "rounds": [
        {"key": "first", "kind": "notice", "at": "start"},
        {"key": "week", "kind": "reminder", "days_before": 7, "time": "13:00"},
        {"key": "late", "kind": "overdue", "working_days_after": 1, "repeat": 2},
    ]}}
    spec = schedule_for(plan, "arsrapport")
    assert [item.key for item in spec.rounds] == ["first", "week", "late-1", "late-2"]
    rounds = plan_rounds(spec, date(2027, 1, 15), at("2026-12-01T09:00"), CAL)
    assert [item.due_at.strftime("%m-%d %H:%M") for item in rounds] == ["12-01 09:00", "01-08 13:00",
                                                                        "01-18 10:30", "01-19 10:30"]
    cases: list[tuple[dict[str, object], str]] = [({"rounds": []}, "minst én"),
                         ({"rounds": [{"key": "x", "kind": "spam", "at": "start"}]}, "ukjent"),
                         ({"rounds": [{"key": "x", "kind": "reminder"}]}, "nøyaktig én"),
                         ({"rounds": [{"key": "x", "kind": "reminder", "days_before": -1}]}, "heltall"),
                         ({"send_time": "25:99", "rounds": [{"key": "x", "kind": "notice", "at": "start"}]},
                          "klokkeslett"),
                         ({"rounds": [{"key": "x", "kind": "notice", "at": "start"},
                                      {"key": "x", "kind": "reminder", "days_before": 1}]}, "samme key")]
    for bad, message in cases:
        with pytest.raises(ScheduleError, match=message):
            parse_schedule(bad)


def test_window_over_daylight_saving_changes() -> None:
    # Sunday 29 March 2026 02:00 -> 03:00; the window is local time on both sides.
    assert WINDOW.next_open(at("2026-03-28T12:00")) == at("2026-03-30T08:00")
    monday = WINDOW.next_open(at("2026-03-30T07:59"))
    assert monday == at("2026-03-30T08:00") and monday.utcoffset() == timedelta(hours=2)
    assert WINDOW.allows(at("2026-03-30T15:59")) and not WINDOW.allows(at("2026-03-30T16:00"))
    assert WINDOW.next_open(at("2027-03-26T16:00")) == at("2027-03-30T08:00")  # Easter Monday 29 March 2027
    assert WINDOW.next_open(at("2026-10-23T16:30")) == at("2026-10-26T08:00")  # over the autumn change


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)))
def test_next_open_is_allowed_and_nothing_allowed_is_skipped(naive: datetime) -> None:
    instant = naive.replace(tzinfo=OSLO)
    found = WINDOW.next_open(instant)
    assert WINDOW.allows(found) and found >= instant
    local = found.astimezone(OSLO)
    assert CAL.is_working_day(local.date()) and time(8) <= local.time().replace(tzinfo=None) < time(16)
    if found != instant:  # it is an opening time, and no allowed minute lies in between
        assert local.time().replace(tzinfo=None) == time(8, 0)
        probe = instant
        while probe < found:
            assert not WINDOW.allows(probe)
            probe += timedelta(minutes=37)
