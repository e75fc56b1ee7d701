"""Database engine and sessions from ``DATABASE_URL`` (SQLite by default, PostgreSQL via psycopg)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, Update, bindparam, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import ColumnProperty
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, create_engine

_ASYNC_COMMIT = text("SET LOCAL synchronous_commit TO OFF")


def normalise_database_url(url: str) -> str:
    """Use the psycopg (3) driver for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


PING_AFTER_IDLE_SECONDS = 10.0
"""A pooled PostgreSQL connection idle at least this long is pinged before use (see ``_ping_if_idle``)."""


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Chosen on purpose, once per connection (DEVELOPERS.md, "Database settings"):

    * ``journal_mode=WAL``: readers never block the writer, and a commit appends to the log instead
      of rewriting pages (one process serves chat, mail and the worker at the same time);
    * ``synchronous=NORMAL``: with WAL, a commit does not wait for the disk; the log is synced at
      checkpoints. The database stays consistent on a crash; a power cut may lose the last commits;
    * ``foreign_keys=ON`` (SQLite's default is off) and ``busy_timeout`` (wait for a writer, do not fail).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _ping_if_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only when it has been idle (a server restart or a firewall
    drops idle connections); one in steady use is not pinged, which saves a round trip per message.
    A connection the server dropped while in use fails that one transaction, and SQLAlchemy then
    invalidates the pool, so the next checkout gets fresh connections."""

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # a new connection, or one just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure: the pool replaces the connection and tries again
            raise DisconnectionError("stale pooled connection") from exc

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


def relax_durability(session: Session) -> None:
    """This transaction saves only work in progress (a form step's draft, a conversation's state):
    on PostgreSQL its commit does not wait for the write-ahead log to reach the disk
    (``SET LOCAL synchronous_commit TO OFF``, this transaction only). A server crash may lose the last
    such steps (the bot then asks that question again); the database stays consistent, and other
    transactions (submissions, audit rows) still wait for the disk. SQLite's ``synchronous=NORMAL``
    already commits like this; there it is a no-op."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_ASYNC_COMMIT)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """The engine for ``url``; SQL parameters (draft contents, addresses) never appear in its errors or logs."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, hide_parameters=True,
                               connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    engine = create_engine(url, echo=echo, hide_parameters=True)
    _ping_if_idle(engine)
    return engine


@lru_cache(maxsize=64)
def _update_statement(table: Table, primary_key: Column[Any], columns: tuple[str, ...]) -> Update:
    """``UPDATE table SET columns WHERE pk = :_pk``, built once per table and set of columns."""
    return table.update().where(primary_key == bindparam("_pk")).values({key: bindparam(key) for key in columns})


def write_through(session: Session, instance: Any) -> bool:
    """Write a persistent object's changed columns now, with one UPDATE by primary key, and mark them
    as stored, so the commit's flush has nothing left to do for it. The unit of work costs several
    times the UPDATE itself, and a form step changes one row: this is the draft save of every step.

    Only for a plain case: the object is persistent, its mapper has no version counter and no
    ``onupdate`` columns, and every change is to a column attribute. Otherwise (False) nothing is
    written here and the ordinary flush does it; the result in the database is the same."""
    state = inspect(instance)
    if not state.persistent or state.session is not session or not state.committed_state:
        return False
    mapper = state.mapper
    if mapper.version_id_col is not None or any(column.onupdate is not None or column.server_onupdate is not None
                                                for column in mapper.local_table.c):
        return False
    values: dict[str, Any] = {}
    for key in state.committed_state:
        prop = mapper.attrs.get(key)
        if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1 or prop.columns[0].table is not mapper.local_table:
            return False
        values[prop.columns[0].key] = state.dict.get(key)
    primary_key = mapper.primary_key_from_instance(instance)
    if len(primary_key) != 1 or primary_key[0] is None:
        return False
    statement = _update_statement(mapper.local_table, mapper.primary_key[0], tuple(sorted(values)))
    result = session.connection().execute(statement, {**values, "_pk": primary_key[0]})
    if result.rowcount != 1:  # not there any more: let the flush find out and fail as it would
        return False
    # Now stored: mark the object clean (every change was a column of this one UPDATE), so the flush
    # skips it. ``_commit_all`` is what the flush itself calls after writing an object; where an
    # SQLAlchemy lacks it, the values are marked committed one by one and the flush finds nothing to write.
    commit_all = getattr(state, "_commit_all", None)
    if commit_all is not None:
        commit_all(state.dict, session.identity_map)
    else:
        for key in list(state.committed_state):
            set_committed_value(instance, key, state.dict.get(key))
    return True


class Database:
    """Owns the engine and hands out sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
