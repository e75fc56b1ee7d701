"""Database errors never carry SQL parameters (draft contents, addresses) into messages or log tracebacks."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.db import make_engine

SECRET = "hemmelig-utkast-1234567"


def test_a_failing_statement_error_has_no_parameter_values(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE hide_params_probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
            connection.execute(text("INSERT INTO hide_params_probe (id, body) VALUES (1, :body)"), {"body": "x"})
        with pytest.raises(SQLAlchemyError) as caught, engine.begin() as connection:
            connection.execute(text("INSERT INTO hide_params_probe (id, body) VALUES (1, :body)"),
                               {"body": SECRET})
        message = str(caught.value)
        assert "hide_params_probe" in message  # the statement is still there, to debug with
        assert SECRET not in message and SECRET not in repr(caught.value)
        assert "parameters hidden" in message.lower()
    finally:
        engine.dispose()
