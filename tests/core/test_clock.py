from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import OSLO, Clock, parse_instant


def test_naive_values_are_oslo_time() -> None:
    instant = parse_instant("2026-12-01T09:00")
    assert instant.tzinfo is not None
    assert instant.utcoffset() == timedelta(hours=1)
    assert instant.hour == 9


def test_a_date_alone_is_midnight_in_oslo() -> None:
    assert parse_instant("2027-01-15") == datetime(2027, 1, 15, tzinfo=OSLO)


def test_utc_input_is_converted_to_oslo_summer_time() -> None:
    instant = parse_instant("2026-06-01T10:00:00Z")
    assert instant.hour == 12


def test_fixed_clock_and_advance() -> None:
    clock = Clock.from_setting("2026-11-28T23:30")
    assert clock.is_fixed
    assert clock.today() == date(2026, 11, 28)
    clock.advance(timedelta(hours=1))
    assert clock.today() == date(2026, 11, 29)


def test_live_clock_cannot_be_advanced_and_is_in_oslo() -> None:
    clock = Clock()
    assert clock.now().tzinfo is not None
    assert clock.now().utcoffset() in {timedelta(hours=1), timedelta(hours=2)}
    with pytest.raises(RuntimeError):
        clock.advance(timedelta(days=1))


def test_source_is_converted() -> None:
    clock = Clock(source=lambda: datetime(2026, 7, 1, 0, 0, tzinfo=UTC))
    assert clock.now().hour == 2


def test_garbage_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_instant("neste tirsdag")
