"""Named state rows of the email channel (``mail_sender_state``): get, put, lock."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.models_email import MailSenderState

SIGNING_SECRET = "signing_secret"
SMTP = "smtp"


def run_update(session: Session, statement: Any) -> int:
    """Execute an UPDATE without ORM session synchronisation; returns the number of rows changed."""
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)


def get_state(session: Session, key: str) -> dict[str, Any]:
    row = session.get(MailSenderState, key)
    return dict(row.value) if row is not None else {}


def put_state(session: Session, key: str, value: dict[str, Any], now: datetime) -> None:
    """Insert or update the row; two processes writing a new key at once both succeed (last wins)."""
    row = session.get(MailSenderState, key)
    if row is None:
        try:
            with session.begin_nested():
                session.add(MailSenderState(key=key, value=dict(value), updated_at=now))
            return
        except IntegrityError:  # another process inserted it first: update theirs
            row = session.get(MailSenderState, key, populate_existing=True)
            if row is None:
                raise
    row.value = dict(value)
    row.updated_at = now
    session.add(row)
    session.flush()


def ensure_row(session: Session, key: str, now: datetime) -> None:
    """Create the row if missing (another process may race us: that is fine)."""
    if session.get(MailSenderState, key) is not None:
        return
    try:
        with session.begin_nested():
            session.add(MailSenderState(key=key, value={}, updated_at=now))
    except IntegrityError:
        pass


def lock_state(session: Session, key: str, now: datetime) -> dict[str, Any]:
    """Take the row's write lock for the rest of the transaction (PostgreSQL row lock; on SQLite
    the first write takes the database write lock), then return its value."""
    ensure_row(session, key, now)
    run_update(session, update(MailSenderState).where(col(MailSenderState.key) == key).values(updated_at=now))
    row = session.get(MailSenderState, key, populate_existing=True)
    return dict(row.value) if row is not None else {}


def signing_secret(session: Session, now: datetime) -> str:
    """The channel's HMAC secret, generated once and kept in the database."""
    value = get_state(session, SIGNING_SECRET)
    if value.get("secret"):
        return str(value["secret"])
    try:
        with session.begin_nested():
            session.add(MailSenderState(key=SIGNING_SECRET, value={"secret": secrets.token_hex(32)}, updated_at=now))
    except IntegrityError:
        pass
    row = session.get(MailSenderState, SIGNING_SECRET, populate_existing=True)
    assert row is not None
    return str(row.value["secret"])
