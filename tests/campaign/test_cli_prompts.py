"""The CLI speaks Norwegian at its prompts and never cuts data when its output is piped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.campaign.helpers import BOT, LINK, SECRETARIAT, contacts_csv, make_contacts

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_EMAIL", BOT)
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:9")  # set up; these tests never send
    monkeypatch.setenv("SECRETARIAT", SECRETARIAT)
    monkeypatch.setenv("KOMPETANSEBOT_NOW", "2026-12-01T09:00")
    monkeypatch.chdir(tmp_path)
    people = make_contacts(2, measures_per=(1, 1))
    (tmp_path / "kontakter.csv").write_bytes(contacts_csv(people))
    assert runner.invoke(app, ["contacts", "import", "kontakter.csv"]).exit_code == 0
    return tmp_path


def start(answer: str) -> tuple[int, str]:
    result = runner.invoke(app, ["campaign", "start", "--year", "2026", "--link", LINK], input=answer)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.parametrize("answer", ["n\n", "nei\n", "NEI\n", "no\n", "\n", ""])
def test_no_and_enter_and_end_of_input_do_not_start(cli: Path, answer: str) -> None:
    code, out = start(answer)
    assert code == 1 and "Purringen er ikke startet" in out and "[j/N]" in out


@pytest.mark.parametrize("answer", ["j\n", "ja\n", "Ja\n", "y\n", "yes\n"])
def test_norwegian_and_english_yes_start(cli: Path, answer: str) -> None:
    code, out = start(answer)
    assert code == 0 and "er startet" in out


def test_an_unclear_answer_is_asked_again(cli: Path) -> None:
    code, out = start("kanskje\nja\n")
    assert code == 0 and "Svar j (ja) eller n (nei)." in out and "er startet" in out


def test_piped_tables_keep_long_addresses_whole(database_url: str, tmp_path: Path) -> None:
    long_address = "kari.nordmann-etternavn.med.lang.adresse@oppvekst.nordre-land.kommune.no"
    (tmp_path / "kontakter.csv").write_text(
        "measure,scheme,network,name,email\n"
        f"Realfag i barnehagen med et langt navn som fyller kolonnen,regional,valdres,Kari Nordmann,{long_address}\n",
        encoding="utf-8")
    environment = {**os.environ, "DATABASE_URL": database_url, "BOT_EMAIL": BOT, "COLUMNS": "80",
                   "KOMPETANSEBOT_NOW": "2026-12-01T09:00"}
    for command in (["contacts", "import", "kontakter.csv"], ["contacts", "list"]):
        finished = subprocess.run([sys.executable, "-m", "bot.cli", *command], cwd=tmp_path, env=environment,
                                  capture_output=True, text=True, timeout=120, check=False)
        assert finished.returncode == 0, finished.stderr
    assert long_address in finished.stdout
    assert "Realfag i barnehagen med et langt navn som fyller kolonnen" in finished.stdout


def test_mark_done_suggests_close_measure_names(cli: Path) -> None:
    assert runner.invoke(app, ["campaign", "start", "--year", "2026", "--link", LINK, "--yes"]).exit_code == 0
    result = runner.invoke(app, ["campaign", "mark-done", "Tiltak 1-0 for valdres"])
    assert result.exit_code == 0 and "Levert:" in result.output
    result = runner.invoke(app, ["campaign", "mark-done", "tiltak 0"])  # a part of the name
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1 and "Fant ikke tiltaket «tiltak 0». Mente du #" in out and "Tiltak 0-0" in out
    result = runner.invoke(app, ["campaign", "mark-done", "Tilak 0-0 for"])  # a typo
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1 and "Mente du" in out and "Tiltak 0-0" in out
    result = runner.invoke(app, ["campaign", "mark-done", "Helt annet"])
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1 and "Fant ikke tiltaket «Helt annet»." in out and "Mente du" not in out


def test_reassign_checks_the_address_and_suggests_measures(cli: Path) -> None:
    assert runner.invoke(app, ["campaign", "start", "--year", "2026", "--link", LINK, "--yes"]).exit_code == 0
    result = runner.invoke(app, ["campaign", "reassign", "Tiltak 0-0 for hamarregionen", "--email", "ola@valdres",
                                 "--name", "Ola"])
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2 and "domenet mangler toppnivå" in out
    result = runner.invoke(app, ["campaign", "reassign", "tiltak 0", "--email", "ola@valdres.kommune.no",
                                 "--name", "Ola"])
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2 and "Fant ikke tiltaket «tiltak 0». Mente du #" in out
