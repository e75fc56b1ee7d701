"""The one source of time for every command.

``KOMPETANSEBOT_NOW`` (an ISO datetime, naive values read as Europe/Oslo) pins the clock,
so that simulations and tests see the same "now" everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def parse_instant(value: str) -> datetime:
    """Parse an ISO date or datetime; a naive value is read as Europe/Oslo local time."""
    text = value.strip()
    if not text:
        raise ValueError("empty datetime")
    if len(text) == 10:
        parsed = datetime.fromisoformat(text + "T00:00:00")
    else:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=OSLO)
    return parsed.astimezone(OSLO)


class Clock:
    """Gives now/today in Europe/Oslo; optionally pinned to a fixed instant."""

    def __init__(self, fixed: datetime | None = None, source: Callable[[], datetime] | None = None) -> None:
        if fixed is not None and fixed.tzinfo is None:
            fixed = fixed.replace(tzinfo=OSLO)
        self._fixed = fixed.astimezone(OSLO) if fixed is not None else None
        self._source = source

    @classmethod
    def from_setting(cls, value: str | None) -> Clock:
        return cls(parse_instant(value)) if value else cls()

    @property
    def is_fixed(self) -> bool:
        return self._fixed is not None

    def now(self) -> datetime:
        if self._fixed is not None:
            return self._fixed
        if self._source is not None:
            return self._source().astimezone(OSLO)
        return datetime.now(OSLO)

    def today(self) -> date:
        return self.now().date()

    def advance(self, delta: timedelta) -> None:
        """Move a fixed clock forward (simulations and tests)."""
        if self._fixed is None:
            raise RuntimeError("only a fixed clock can be advanced")
        self._fixed = self._fixed + delta

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=OSLO)
        self._fixed = instant.astimezone(OSLO)
