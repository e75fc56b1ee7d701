"""Who may do what: the secretariat is named in SECRETARIAT or holds the role in the database."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from bot.models import Person, PersonRole

SECRETARIAT_ROLE = "secretariat"


class AccessPolicy:
    def __init__(self, secretariat_ids: frozenset[str]) -> None:
        self._secretariat_ids = secretariat_ids

    def is_secretariat(self, session: Session, user_id: str, email: str | None = None) -> bool:
        keys = {user_id.strip().lower()} | ({email.strip().lower()} if email else set())
        if keys & self._secretariat_ids:
            return True
        query = (
            select(PersonRole.id)
            .join(Person, col(Person.id) == col(PersonRole.person_id))
            .where(PersonRole.role == SECRETARIAT_ROLE)
            .where(or_(func.lower(col(Person.slack_id)).in_(keys), func.lower(col(Person.email)).in_(keys)))
        )
        return session.exec(query).first() is not None
