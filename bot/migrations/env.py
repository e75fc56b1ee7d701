"""Alembic environment: the connection is handed in by ``bot.migrate`` (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers the tables on SQLModel.metadata)
import bot.models_campaign  # noqa: F401
import bot.models_email  # noqa: F401
import bot.models_slack  # noqa: F401
import bot.models_slack_outbox  # noqa: F401
import bot.models_teams  # noqa: F401

target_metadata = SQLModel.metadata
config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    raise RuntimeError("run migrations through `kompetansebot db upgrade`")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
