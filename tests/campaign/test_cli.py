"""`kompetansebot contacts ...` and `kompetansebot campaign ...` through the real CLI (typer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.campaign.helpers import BOT, LINK, SECRETARIAT, contacts_csv, make_contacts

runner = CliRunner()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_EMAIL", BOT)
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:9")  # set up; these tests never send
    monkeypatch.setenv("SECRETARIAT", SECRETARIAT)
    monkeypatch.setenv("KOMPETANSEBOT_NOW", "2026-12-01T09:00")
    monkeypatch.setenv("COLUMNS", "200")  # rich tables unwrapped
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_import_start_tick_status_mark_done(cli: Path) -> None:
    people = make_contacts(4, measures_per=(1, 2))
    (cli / "kontakter.csv").write_bytes(contacts_csv(people))
    code, out = run("contacts", "import", "kontakter.csv")
    assert code == 0 and "Importerte 6 tiltak" in out
    code, out = run("campaign", "start", "--year", "2026", "--link", LINK, input="n\n")
    assert code == 1 and "Purringen er ikke startet" in out and "notice" in out
    code, out = run("campaign", "status")
    assert code == 2 and "Fant ingen kampanje" in out
    code, out = run("campaign", "start", "--kind", "arsrapport", "--year", "2026", "--deadline", "2027-01-15",
                    "--link", LINK, "--yes")
    assert code == 0 and "er startet" in out and "escalation" in out and people[0].email in out
    code, out = run("campaign", "start", "--year", "2026", "--link", LINK, "--yes")
    assert code == 0 and "fantes allerede" in out
    code, out = run("campaign", "tick", "--json")
    assert code == 0 and json.loads(out.strip().splitlines()[-1])["queued"] == 4
    code, out = run("campaign", "mark-done", people[1].measures[0][0], "#999")
    assert code == 1 and "Levert:" in out and "Fant ikke tiltaket «#999»" in out
    code, out = run("campaign", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["totals"]["measures"] == 6 and status["totals"]["done"] == 1
    assert status["campaign"]["deadline"] == "2027-01-15" and status["next_round"]["key"] == "d-14"
    assert len(status["outstanding_contacts"]) == 4
    code, out = run("campaign", "status")
    assert code == 0 and "Levert 1 av 6" in out and "Ikke levert ennå" in out


def test_bad_contact_files_report_rows_and_exit_2(cli: Path) -> None:
    (cli / "feil.csv").write_text("tiltak;ordning;nettverk;navn;e-post\nA;foo;Valdres;Ola;ola@v.no\n"
                                  "B;regional;Valdres;Ola;ikke-epost\n", encoding="utf-8")
    code, out = run("contacts", "import", "feil.csv")
    assert code == 2 and "ingenting ble importert" in out
    assert "rad 2, ordning: ukjent ordning «foo»" in out and "rad 3, e-post:" in out
    code, out = run("contacts", "import", "finnes-ikke.csv")
    assert code == 2 and "kan ikke lese" in out
    code, out = run("campaign", "start", "--year", "2026", "--yes")
    assert code == 2 and "--link mangler" in out


def test_pause_resume_stop_and_schedule_edits(cli: Path) -> None:
    (cli / "k.csv").write_bytes(contacts_csv(make_contacts(2)))
    assert run("contacts", "import", "k.csv")[0] == 0
    assert run("campaign", "start", "--year", "2026", "--link", LINK, "--yes")[0] == 0
    code, out = run("campaign", "schedule", "--set", "d-7=2027-01-09T10:00", "--skip", "d-2")
    assert code == 0 and "mandag 11. januar 08:00" in out and "skipped" in out  # Saturday -> Monday opening
    code, out = run("campaign", "schedule", "--set", "nope=2027-01-09T10:00")
    assert code == 2 and "Ingen runde heter «nope»" in out
    code, out = run("campaign", "pause")
    assert code == 0 and "pause" in out
    code, out = run("campaign", "tick", "--json")
    assert json.loads(out.strip().splitlines()[-1])["queued"] == 0
    assert run("campaign", "resume")[0] == 0
    code, out = run("campaign", "stop")
    assert code == 0 and "stoppet" in out
    code, out = run("campaign", "pause")
    assert code == 2 and "kjører ikke" in out
