"""The `database_url` fixture hands out copies of a database migrated once per test process
(tests/conftest.py). A copy must equal a database that `upgrade()` migrated from empty, on each
backend: same tables, columns, keys, indexes, constraints, sequences, rows and alembic_version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.db import make_engine
from bot.migrate import current_revisions, head_revisions, is_up_to_date, upgrade
from bot.settings import load_settings


def _snapshot(engine: Engine) -> dict[str, Any]:
    inspector = inspect(engine)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        columns = [{key: repr(value) for key, value in column.items()} for column in inspector.get_columns(table)]
        tables[table] = {
            "columns": columns,
            "pk": inspector.get_pk_constraint(table),
            "fks": sorted(inspector.get_foreign_keys(table), key=repr),
            "indexes": sorted(inspector.get_indexes(table), key=repr),
            "unique": sorted(inspector.get_unique_constraints(table), key=repr),
            "checks": sorted(inspector.get_check_constraints(table), key=repr),
        }
    with engine.connect() as connection:
        for table in tables:
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            tables[table]["rows"] = sorted(repr(tuple(row)) for row in rows)
        if engine.dialect.name == "sqlite":
            extra = sorted(tuple(row) for row in connection.execute(text(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")))
        else:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            definitions = connection.execute(text(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()")).all()
            indexes = connection.execute(text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")).all()
            sequences = connection.execute(text(
                "SELECT sequencename, data_type::text, start_value, increment_by, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema()")).all()
            extra = sorted(tuple(str(value).replace(schema, "<schema>") for value in row)
                           for row in [*definitions, *indexes, *sequences])
    return {"tables": tables, "extra": extra}


def test_the_fixture_database_equals_one_migrated_by_upgrade(database_url: str, empty_database_url: str) -> None:
    copied = make_engine(database_url)
    migrated = make_engine(empty_database_url)
    try:
        assert inspect(migrated).get_table_names() == []
        upgrade(migrated)
        assert current_revisions(copied) == head_revisions() == current_revisions(migrated)
        copy_snapshot, migrated_snapshot = _snapshot(copied), _snapshot(migrated)
        assert "alembic_version" in copy_snapshot["tables"]
        assert len(copy_snapshot["tables"]) > 10
        assert copy_snapshot == migrated_snapshot
    finally:
        copied.dispose()
        migrated.dispose()


def test_build_app_migrates_an_empty_database_to_head(empty_database_url: str) -> None:
    app = build_app(load_settings(DATABASE_URL=empty_database_url))
    try:
        assert is_up_to_date(app.database.engine)
    finally:
        app.close()
