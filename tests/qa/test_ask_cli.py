"""``kompetansebot ask``: one question, --json, --today, --batch (with bad lines), defaults from the clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.commands import ask


@pytest.fixture()
def app() -> typer.Typer:
    application = typer.Typer()

    @application.callback()
    def main() -> None:
        """Test app holding only the ask command."""

    ask.register(application)
    return application


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/test.sqlite3")
    monkeypatch.setenv("KOMPETANSEBOT_NOW", "2026-11-28T09:00")
    return CliRunner()


def test_one_question_as_text(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "Når er fristen for årsrapportering?"])
    assert result.exit_code == 0, result.output
    assert "fredag 15. januar 2027 (om 48 dager)" in result.stdout      # today from KOMPETANSEBOT_NOW


def test_one_question_as_json_with_today(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "neste møte?", "--today", "2027-01-22", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["intent"] == "meeting" and data["sources"][0] == "9"
    assert "torsdag 11. mars 2027" in data["answer"]
    assert set(data) >= {"answer", "intent", "sources", "confidence", "language", "outside_plan"}


def test_bad_input_exits_with_a_message(app: typer.Typer, runner: CliRunner) -> None:
    assert runner.invoke(app, ["ask"]).exit_code == 2
    bad_day = runner.invoke(app, ["ask", "neste frist", "--today", "2027-02-30"])
    assert bad_day.exit_code == 2 and "--today" in bad_day.output
    missing = runner.invoke(app, ["ask", "--batch", "/no/such/file.jsonl"])
    assert missing.exit_code == 2


def test_batch_answers_every_line_and_reports_bad_ones(app: typer.Typer, runner: CliRunner,
                                                      tmp_path: Path) -> None:
    lines = [
        json.dumps({"question": "Når er fristen for behovsmelding?", "today": "2026-01-10"}),
        "this is not json",
        json.dumps({"question": "hva er egenandelen i desentralisert ordning"}),
        json.dumps({"question": 42}),
        "",
        json.dumps({"question": "neste møte", "today": "2026-13-40"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "x1", "question": "What is the capital of France?", "today": "2027-01-01"}),
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ask", "--batch", str(path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 7                       # one per non-blank input line
    assert out[0]["intent"] == "deadline_behovsmelding" and "søndag 1. februar 2026" in out[0]["answer"]
    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2]["intent"] == "pct_egenandel"
    assert "error" in out[3] and "error" in out[4] and "error" in out[5]
    assert out[6]["id"] == "x1" and out[6]["outside_plan"] is True and out[6]["intent"] == "outside_plan"
    for line in (out[0], out[2], out[6]):
        assert set(line) >= {"answer", "intent", "sources", "confidence", "language", "outside_plan"}


def test_batch_from_stdin(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--batch", "-"],
                           input=json.dumps({"question": "Hvor mye kan gå til koordinator?"}) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["intent"] == "pct_koordinator"


def test_plan_file_override_is_used(app: typer.Typer, runner: CliRunner, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "plan.toml"
    override.write_text('[meetings]\nsection = "9"\nweekday = "tuesday"\niso_weeks = [2]\n', encoding="utf-8")
    monkeypatch.setenv("PLAN_FILE", str(override))
    result = runner.invoke(app, ["ask", "neste møte?", "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "tirsdag 12. januar 2027" in result.stdout
