"""`kompetansebot secretariat add|remove|list`: the role in the database, audited, and what it grants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.access import AccessPolicy
from bot.audit import AuditLog
from bot.cli import app
from bot.db import Database

runner = CliRunner()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRETARIAT", "leder@statsforvalteren.no")
    monkeypatch.setenv("KOMPETANSEBOT_NOW", "2026-12-01T09:00")
    monkeypatch.chdir(tmp_path)
    return database_url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_add_list_remove_are_audited_and_grant_the_role(cli: str) -> None:
    code, out = run("secretariat", "add", "Kari.Sekretær@Statsforvalteren.no", "--name", "Kari")
    assert code == 0 and "nå med i sekretariatet" in out
    code, out = run("secretariat", "add", "kari.sekretær@statsforvalteren.no")
    assert code == 0 and "allerede" in out
    code, out = run("secretariat", "add", "U0123ABCD")
    assert code == 0
    code, out = run("secretariat", "list", "--json")
    listed = json.loads(out)
    assert {entry["email"] for entry in listed} >= {"kari.sekretær@statsforvalteren.no", "leder@statsforvalteren.no"}
    assert {entry["source"] for entry in listed} == {"databasen", "SECRETARIAT"}
    database = Database.from_url(cli)
    try:
        with database.session() as session:
            policy = AccessPolicy(frozenset())
            assert policy.is_secretariat(session, "kari.sekretær@statsforvalteren.no")
            assert policy.is_secretariat(session, "U0123ABCD")
        code, out = run("secretariat", "remove", "kari.sekretær@statsforvalteren.no")
        assert code == 0 and "tatt ut" in out
        with database.session() as session:
            assert not AccessPolicy(frozenset()).is_secretariat(session, "kari.sekretær@statsforvalteren.no")
            actions = [(entry.action, entry.target) for entry in AuditLog.entries(session)]
        assert ("secretariat.add", "kari.sekretær@statsforvalteren.no") in actions
        assert ("secretariat.remove", "kari.sekretær@statsforvalteren.no") in actions
        assert [action for action, _ in actions].count("secretariat.add") == 2  # the repeat adds nothing
    finally:
        database.dispose()


def test_bad_identifiers_and_unknown_people_are_said(cli: str) -> None:
    code, out = run("secretariat", "add", "kari@localhost")
    assert code == 2 and "ikke en gyldig e-postadresse" in out
    code, out = run("secretariat", "add", "bare tekst")
    assert code == 2 and "verken en e-postadresse" in out
    code, out = run("secretariat", "remove", "ukjent@statsforvalteren.no")
    assert code == 1 and "har ikke sekretariatsrollen" in out
    code, out = run("secretariat", "remove", "leder@statsforvalteren.no")
    assert code == 1 and "står også i SECRETARIAT" in out
