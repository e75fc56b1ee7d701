"""The CLI contract, run as a real process (the console script in the venv)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "kompetansebot"


def run(args: list[str], tmp_path: Path, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "IMAP", "SMTP"))}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "COLUMNS": "200", **env})
    return subprocess.run([str(BIN), *args], input=stdin, capture_output=True, cwd=tmp_path, env=environment,
                          timeout=120, check=False)


def test_help_lists_every_contract_command(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    for command in ("console", "ask", "allocate", "reports", "contacts", "campaign", "worker", "serve", "db"):
        assert command in out, command


def test_hjelp_in_jsonl_mode_prints_exactly_one_json_line(tmp_path: Path) -> None:
    result = run(["console", "--jsonl"], tmp_path, stdin=b"hjelp\n")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1
    assert "meld behov" in json.loads(lines[0])["text"]
    assert (tmp_path / "cli.sqlite3").exists()


def test_default_database_is_a_sqlite_file_under_data(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run([str(BIN), "console", "--jsonl"], input=b"hjelp\n", capture_output=True, cwd=tmp_path,
                            env=environment, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "data" / "kompetansebot.sqlite3").exists()


def test_conversation_continues_in_a_new_process(tmp_path: Path) -> None:
    first = run(["console", "--jsonl", "--user", "kari"], tmp_path, stdin=b"hjelp\n")
    second = run(["console", "--jsonl", "--user", "kari"], tmp_path, stdin=b"hjelp\n")
    assert first.returncode == second.returncode == 0


def test_interactive_console_answers_hjelp_and_ends_on_eof(tmp_path: Path) -> None:
    result = run(["console"], tmp_path, stdin=b"hjelp\n")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "meld behov" in out and "Ha det bra" in out


def test_garbage_on_stdin_gets_answers(tmp_path: Path) -> None:
    data = b"\x00\x01\x02\xff\n" + b"y" * 100_000 + b"\n" + "årsrapport frist".encode("cp1252") + b"\n\n"
    result = run(["console", "--jsonl"], tmp_path, stdin=data)
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 4


def test_bad_setting_names_the_variable_and_hides_the_secret(tmp_path: Path) -> None:
    result = run(["console", "--jsonl"], tmp_path, stdin=b"hjelp\n", SMTP_URL="smtp://bot:topsecret@host:port")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "SMTP_URL" in err and "topsecret" not in err


def test_config_shows_channels_off_without_secrets(tmp_path: Path) -> None:
    result = run(["config"], tmp_path, SLACK_SIGNING_SECRET="abc-secret-123", SECRETARIAT="siri@sf.no")
    assert result.returncode == 0, result.stderr.decode()
    assert "abc-secret-123" not in result.stdout.decode() + result.stderr.decode()
    assert "Slack is disabled" in result.stderr.decode()


def test_db_upgrade(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "oppdatert" in result.stdout.decode()


def test_reports_invite_queues_the_form_once_per_address(tmp_path: Path) -> None:
    from bot.db import Database
    from bot.models_email import MailOutbox

    (tmp_path / "adresser.txt").write_text("kari@valdres.kommune.no\nola@hamar.kommune.no\n", encoding="utf-8")
    env = {"BOT_EMAIL": "bot@sf.test", "KOMPETANSEBOT_NOW": "2026-11-28T10:00"}
    first = run(["reports", "invite", "adresser.txt", "ikke-en-adresse"], tmp_path, **env)
    assert first.returncode == 1, first.stderr.decode()
    assert "til 2 adresse(r)" in first.stdout.decode() and "ikke-en-adresse" in first.stderr.decode()
    again = run(["reports", "invite", "kari@valdres.kommune.no"], tmp_path, **env)
    assert again.returncode == 0 and "1 hadde fått den fra før" in again.stdout.decode()
    database = Database.from_url(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with database.session() as session:
        rows = [(row.recipient, row.kind, row.subject) for row in session.query(MailOutbox).order_by(MailOutbox.id)]
    database.dispose()
    assert rows == [(address, "invitation", "Behovsmelding for 2027: frist mandag 1. februar 2027")
                    for address in ("kari@valdres.kommune.no", "ola@hamar.kommune.no")]
    assert run(["reports", "invite", "x@y.no"], tmp_path).returncode == 2  # no BOT_EMAIL: a clear refusal


def test_make_runs_default_example_statistics_are_named_as_such(tmp_path: Path) -> None:
    env = {"KOMPETANSEBOT_NOW": "2026-11-28T10:00"}
    first = run(["stats", "import", "--example", "--if-empty"], tmp_path, **env)
    assert first.returncode == 0 and "eksempeltall (ikke ekte statistikk) for 12 nettverk" in first.stdout.decode()
    again = run(["stats", "import", "--example", "--if-empty"], tmp_path, **env)
    assert again.returncode == 0 and "importerte ingenting" in again.stdout.decode()
    assert run(["stats", "import"], tmp_path, **env).returncode == 2  # neither a file nor --example
    answer = run(["console", "--jsonl"], tmp_path, stdin=b"fordel 10 mill i regional ordning\n", **env)
    reply = json.loads(answer.stdout.decode().splitlines()[0])
    assert reply["intent"] == "allocation"
    assert "statistikk fra eksempelstatistikk-ikke-ekte-tall.csv" in reply["text"]
