"""Sending policy: office hours (Europe/Oslo, working days, Norwegian holidays) and the loop guard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.calendar import NorwegianCalendar
from bot.clock import OSLO
from bot.mail.config import EmailConfig
from bot.mail.state import run_update
from bot.models_email import MailCorrespondentCounter


class SendWindow:
    """When mail that respects quiet hours may go out: office hours on Norwegian working days."""

    def __init__(self, config: EmailConfig, calendar: NorwegianCalendar | None = None) -> None:
        self._config = config
        self._calendar = calendar or NorwegianCalendar()

    def allows(self, instant: datetime) -> bool:
        local = instant.astimezone(OSLO)
        if local.weekday() not in self._config.workdays or not self._calendar.is_working_day(local.date()):
            return False
        return self._config.office_start <= local.time() < self._config.office_end

    def next_open(self, instant: datetime) -> datetime:
        """The first instant at or after ``instant`` inside the window."""
        if self.allows(instant):
            return instant
        local = instant.astimezone(OSLO)
        day = local.date()
        if local.time() >= self._config.office_start:
            day += timedelta(days=1)
        for _ in range(400):
            if day.weekday() in self._config.workdays and self._calendar.is_working_day(day):
                return datetime.combine(day, self._config.office_start, tzinfo=OSLO)
            day += timedelta(days=1)
        raise RuntimeError("no working day within 400 days")  # pragma: no cover


class LoopGuard:
    """At most ``limit`` automatic answers per correspondent per Europe/Oslo day."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def answers_today(self, session: Session, address: str, day: date) -> int:
        row = session.exec(select(MailCorrespondentCounter).where(
            MailCorrespondentCounter.address == address, MailCorrespondentCounter.day == day)).first()
        return row.answers if row is not None else 0

    def allow(self, session: Session, address: str, day: date) -> bool:
        return self.answers_today(session, address, day) < self.limit

    @staticmethod
    def answers_on(session: Session, addresses: Sequence[str], day: date) -> dict[str, int]:
        """Answers counted so far on ``day`` for each of ``addresses`` (one query)."""
        if not addresses:
            return {}
        rows = session.exec(select(MailCorrespondentCounter.address, MailCorrespondentCounter.answers).where(
            col(MailCorrespondentCounter.address).in_(list(addresses)), MailCorrespondentCounter.day == day)).all()
        return {address: int(answers) for address, answers in rows}

    def count_many(self, session: Session, counts: Mapping[str, int], day: date, sqlite: bool) -> None:
        """Add ``counts`` (address -> answers) to the day's counters in one upsert (the caller's transaction);
        two processes counting the same address at once both add."""
        if not counts:
            return
        table = MailCorrespondentCounter.__table__  # type: ignore[attr-defined]
        insert = sqlite_insert if sqlite else postgresql_insert
        statement = insert(table).values([{"address": address, "day": day, "answers": number}
                                          for address, number in sorted(counts.items())])
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.address, table.c.day],
            set_={"answers": table.c.answers + statement.excluded.answers})
        session.execute(statement)

    def count(self, session: Session, address: str, day: date) -> None:
        """Count one more answer (in the caller's transaction)."""
        statement = (update(MailCorrespondentCounter)
                     .where(col(MailCorrespondentCounter.address) == address, col(MailCorrespondentCounter.day) == day)
                     .values(answers=col(MailCorrespondentCounter.answers) + 1))
        if run_update(session, statement) == 0:
            try:
                with session.begin_nested():
                    session.add(MailCorrespondentCounter(address=address, day=day, answers=1))
            except IntegrityError:
                run_update(session, statement)
