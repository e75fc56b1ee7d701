"""The audit log: every privileged action and every refusal, with who, where and when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.models import AuditEntry


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def record(self, session: Session, *, actor: str, channel: str, action: str, outcome: str = "ok",
               target: str | None = None, detail: dict[str, Any] | None = None,
               note: str | None = None, identity: Mapping[str, str] | None = None) -> AuditEntry:
        """``identity``: who sent an email as it came (``raw_from``, the parsed ``sender``,
        ``verified_by``), kept with the entry so a forged attempt shows the real header."""
        details = dict(detail or {})
        if identity:
            details["identity"] = {key: str(value)[:2000] for key, value in identity.items()}
        entry = AuditEntry(at=self._clock.now(), actor=actor[:320], channel=channel, action=action,
                           outcome=outcome, target=target[:200] if target else target, detail=details, note=note)
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
