"""The audit log: every privileged action and every refusal, with who, where and when."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.models import AuditEntry


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def record(self, session: Session, *, actor: str, channel: str, action: str, outcome: str = "ok",
               target: str | None = None, detail: dict[str, Any] | None = None,
               note: str | None = None) -> AuditEntry:
        entry = AuditEntry(at=self._clock.now(), actor=actor, channel=channel, action=action,
                           outcome=outcome, target=target, detail=detail or {}, note=note)
        session.add(entry)
        return entry

    @staticmethod
    def entries(session: Session, *, action: str | None = None, actor: str | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        return list(session.exec(query))
