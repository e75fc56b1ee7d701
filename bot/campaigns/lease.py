"""A database lease: only one process runs the campaign tick at a time.

The holder writes its id and an expiry (real time, so a pinned ``KOMPETANSEBOT_NOW`` never
freezes it) with one conditional UPDATE, atomic on SQLite and PostgreSQL alike. Another process
takes over when the lease has expired, or at once when the holder was a process on this host
that no longer exists (a killed worker). The tick's writes are idempotent anyway (unique keys),
so the lease is about not doing the work twice, not about correctness alone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from bot.clock import Clock
from bot.db import Database
from bot.models_campaign import CampaignLease

SCHEDULER = "campaign-scheduler"


def holder_id() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _holder_gone(holder: str | None) -> bool:
    """The holder is a process on this host that has exited."""
    if not holder:
        return True
    parts = holder.split(":")
    if len(parts) < 3 or parts[0] != socket.gethostname()[:60] or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return False


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class Lease:
    def __init__(self, database: Database, *, timer: Clock | None = None, name: str = SCHEDULER,
                 holder: str | None = None, seconds: float = 600.0) -> None:
        self.database = database
        self.timer = timer or Clock()
        self.name = name
        self.holder = holder or holder_id()
        self.seconds = seconds

    def _now(self) -> datetime:
        return self.timer.now().astimezone(UTC)

    def acquire(self) -> bool:
        """Take (or renew) the lease; False when another live holder has it."""
        now = self._now()
        expires = now + timedelta(seconds=self.seconds)
        with self.database.session() as session:
            if session.get(CampaignLease, self.name) is None:
                try:
                    with session.begin_nested():
                        session.add(CampaignLease(name=self.name, holder=None, expires_at=None, ticks=0))
                except IntegrityError:
                    pass
        with self.database.session() as session:
            taken = session.execute(
                update(CampaignLease)
                .where(col(CampaignLease.name) == self.name)
                .where((col(CampaignLease.holder) == self.holder) | col(CampaignLease.holder).is_(None)
                       | (col(CampaignLease.expires_at) < now))
                .values(holder=self.holder, acquired_at=now, expires_at=expires, ticks=col(CampaignLease.ticks) + 1),
                execution_options={"synchronize_session": False},
            )
            if int(getattr(taken, "rowcount", 0) or 0) == 1:
                return True
            row = session.get(CampaignLease, self.name, populate_existing=True)
            current = row.holder if row is not None else None
        if _holder_gone(current):
            with self.database.session() as session:
                taken = session.execute(
                    update(CampaignLease)
                    .where(col(CampaignLease.name) == self.name, col(CampaignLease.holder) == current)
                    .values(holder=self.holder, acquired_at=now, expires_at=expires,
                            ticks=col(CampaignLease.ticks) + 1),
                    execution_options={"synchronize_session": False},
                )
                return int(getattr(taken, "rowcount", 0) or 0) == 1
        return False

    def release(self) -> None:
        with self.database.session() as session:
            session.execute(
                update(CampaignLease).where(col(CampaignLease.name) == self.name,
                                            col(CampaignLease.holder) == self.holder)
                .values(holder=None, expires_at=None),
                execution_options={"synchronize_session": False},
            )

    def holds(self) -> bool:
        with self.database.session() as session:
            row = session.get(CampaignLease, self.name)
            if row is None or row.holder != self.holder:
                return False
            expires = _aware(row.expires_at)
            return expires is not None and expires > self._now()

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        """``with lease.held() as ok:`` — ok is False when someone else holds it; released after."""
        ok = self.acquire()
        try:
            yield ok
        finally:
            if ok:
                self.release()
