"""Who may do what: the secretariat is named in SECRETARIAT or holds the role in the database."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from bot.audit import AuditLog
from bot.clock import Clock
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


class SecretariatRoleError(ValueError):
    """A secretariat role change that cannot be made; the message is for the person (Norwegian)."""


def _identity_column(identifier: str) -> str:
    """``email`` for an address, ``slack_id`` for a Slack user id (U…/W…)."""
    value = identifier.strip()
    if "@" in value:
        local, _, domain = value.rpartition("@")
        if not local or "." not in domain or " " in value:
            raise SecretariatRoleError(f"«{identifier}» er ikke en gyldig e-postadresse.")
        return "email"
    if value[:1].upper() in {"U", "W"} and value[1:].isalnum() and 8 <= len(value) <= 32:
        return "slack_id"
    raise SecretariatRoleError(f"«{identifier}» er verken en e-postadresse eller en Slack-bruker-id (U…).")


class SecretariatRoles:
    """The secretariat role held in the database (beside SECRETARIAT), every change audited."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._audit = AuditLog(clock)

    def add(self, session: Session, identifier: str, *, actor: str, channel: str, name: str = "") -> bool:
        """Give the role; False when the person already had it."""
        column = _identity_column(identifier)
        key = identifier.strip().lower() if column == "email" else identifier.strip().upper()
        person = session.exec(select(Person).where(func.lower(col(getattr(Person, column))) == key.lower())).first()
        if person is None:
            person = Person(name=name.strip()[:200], email=key if column == "email" else None,
                            slack_id=key if column == "slack_id" else None, created_at=self._clock.now())
            session.add(person)
            session.flush()
        assert person.id is not None
        existing = session.exec(select(PersonRole).where(PersonRole.person_id == person.id,
                                                         PersonRole.role == SECRETARIAT_ROLE)).first()
        if existing is not None:
            return False
        session.add(PersonRole(person_id=person.id, role=SECRETARIAT_ROLE))
        self._audit.record(session, actor=actor, channel=channel, action="secretariat.add", target=key)
        return True

    def remove(self, session: Session, identifier: str, *, actor: str, channel: str) -> bool:
        """Take the role away; False when nobody by that address or id had it."""
        column = _identity_column(identifier)
        key = identifier.strip().lower()
        roles = session.exec(
            select(PersonRole).join(Person, col(Person.id) == col(PersonRole.person_id))
            .where(PersonRole.role == SECRETARIAT_ROLE, func.lower(col(getattr(Person, column))) == key)).all()
        for role in roles:
            session.delete(role)
        if roles:
            self._audit.record(session, actor=actor, channel=channel, action="secretariat.remove", target=key)
        return bool(roles)

    @staticmethod
    def members(session: Session) -> list[Person]:
        query = (select(Person).join(PersonRole, col(PersonRole.person_id) == col(Person.id))
                 .where(PersonRole.role == SECRETARIAT_ROLE).order_by(col(Person.email), col(Person.slack_id)))
        return list(session.exec(query))
