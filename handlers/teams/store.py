"""The Teams channel's database side: processed activity keys (dedup) and the users the bot has seen,
with their 1:1 conversation (the conversation reference for proactive messages)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import Clock
from bot.db import Database
from bot.models_teams import TeamsActivity, TeamsUser

RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class SeenUser:
    teams_user_id: str
    service_url: str
    aad_object_id: str | None = None
    name: str = ""
    tenant_id: str | None = None
    personal_conversation_id: str | None = None
    bot_id: str | None = None
    upn: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class KnownUser:
    teams_user_id: str
    service_url: str
    aad_object_id: str | None
    upn: str | None
    email: str | None
    name: str
    tenant_id: str | None
    personal_conversation_id: str | None
    bot_id: str | None


def _known(row: TeamsUser) -> KnownUser:
    return KnownUser(teams_user_id=row.teams_user_id, service_url=row.service_url, aad_object_id=row.aad_object_id,
                     upn=row.upn, email=row.email, name=row.name, tenant_id=row.tenant_id,
                     personal_conversation_id=row.personal_conversation_id, bot_id=row.bot_id)


class TeamsStore:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    # ------------------------------------------------------------------ dedup

    def claim(self, key: str, kind: str = "") -> bool:
        """True the first time ``key`` is claimed (by any process), False for a duplicate."""
        try:
            with self._database.session() as session:
                session.add(TeamsActivity(key=key[:255], kind=kind[:60], received_at=self._clock.now()))
                session.flush()
        except IntegrityError:
            return False
        return True

    async def claim_async(self, key: str, kind: str = "") -> bool:
        return await asyncio.to_thread(self.claim, key, kind)

    def prune(self, older_than: timedelta = RETENTION) -> int:
        cutoff = self._clock.now() - older_than
        with self._database.session() as session:
            result = session.execute(delete(TeamsActivity).where(col(TeamsActivity.received_at) < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)

    # ------------------------------------------------------------------ users and conversation references

    def remember(self, seen: SeenUser) -> KnownUser:
        """Insert or update the user; a known 1:1 conversation, UPN or email is never forgotten."""
        now = self._clock.now()
        for _attempt in range(2):
            try:
                with self._database.session() as session:
                    row = session.exec(select(TeamsUser).where(TeamsUser.teams_user_id == seen.teams_user_id)).first()
                    if row is None:
                        row = TeamsUser(teams_user_id=seen.teams_user_id, service_url=seen.service_url, created_at=now,
                                        updated_at=now)
                    row.service_url = seen.service_url or row.service_url
                    row.aad_object_id = (seen.aad_object_id or row.aad_object_id or "").lower() or None
                    row.name = (seen.name or row.name)[:200]
                    row.tenant_id = seen.tenant_id or row.tenant_id
                    row.personal_conversation_id = seen.personal_conversation_id or row.personal_conversation_id
                    row.bot_id = seen.bot_id or row.bot_id
                    row.upn = (seen.upn or row.upn or "").lower() or None
                    row.email = (seen.email or row.email or "").lower() or None
                    row.updated_at = now
                    session.add(row)
                    session.flush()
                    return _known(row)
            except IntegrityError:  # another request inserted the same user at the same moment
                continue
        raise RuntimeError("could not store the Teams user")

    async def remember_async(self, seen: SeenUser) -> KnownUser:
        return await asyncio.to_thread(self.remember, seen)

    def find(self, identity: str) -> KnownUser | None:
        """A user by Entra object id, UPN, email or Teams id (case-insensitive); the one with a 1:1 chat first."""
        key = identity.strip().lower()
        if not key:
            return None
        with self._database.session() as session:
            rows = list(session.exec(select(TeamsUser).where(or_(
                col(TeamsUser.aad_object_id) == key, col(TeamsUser.upn) == key, col(TeamsUser.email) == key,
                func.lower(col(TeamsUser.teams_user_id)) == key))).all())
        rows.sort(key=lambda row: (row.personal_conversation_id is None, -(row.id or 0)))
        return _known(rows[0]) if rows else None

    async def find_async(self, identity: str) -> KnownUser | None:
        return await asyncio.to_thread(self.find, identity)
