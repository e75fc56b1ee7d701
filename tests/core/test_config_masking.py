"""`kompetansebot config` shows no credentials: passwords in every URL setting and every secret are masked."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli import mask_url, shown_setting
from bot.settings import Settings

BIN = Path(sys.executable).parent / "kompetansebot"

# Every value carries a unique secret marker; none of them may appear in the output.
SECRET_ENV = {
    "DATABASE_URL": "postgresql+psycopg://kompetansebot:Db-p@ss/w0rd#1@db.example.no:5432/kb"
                    "?sslmode=require&password=DbQuery-Secret2",
    "IMAP_URL": "imaps://kari%40valdres.no:Imap-Secret3@imap.example.no:993/INBOX",
    "SMTP_URL": "smtp+starttls://bot:Smtp-Secret4@smtp.example.no:587",
    "SLACK_API_URL": "https://apiuser:Slack-Secret5@slack.example.no/api/?token=Slack-Token6",
    "M365_AUTHORITY": "https://m365:M365-Secret7@login.example.no",
    "TEAMS_OPENID_METADATA_URL": "https://Teams-Bare-Secret8@botframework.example.no/v1/.well-known/openid",
    "TEAMS_LOGIN_URL": "https://teams:Teams-Secret9@login.example.no/#access_token=Teams-Fragment10",
    "M365_CLIENT_SECRET": "M365-Client-Secret11",
    "TEAMS_APP_PASSWORD": "Teams-App-Secret12",
    "SLACK_BOT_TOKEN": "xoxb-Bot-Secret13",
    "SLACK_APP_TOKEN": "xapp-App-Secret14",
    "SLACK_SIGNING_SECRET": "Signing-Secret15",
}
MARKERS = ["p@ss", "w0rd", "DbQuery-Secret2", "Imap-Secret3", "Smtp-Secret4", "Slack-Secret5", "Slack-Token6",
           "M365-Secret7", "Teams-Bare-Secret8", "Teams-Secret9", "Teams-Fragment10", "M365-Client-Secret11",
           "Teams-App-Secret12", "Bot-Secret13", "App-Secret14", "Signing-Secret15", "Secret"]


def _is_sensitive(name: str) -> bool:
    annotation = Settings.model_fields[name].annotation
    secret = annotation is SecretStr or SecretStr in typing.get_args(annotation)
    return secret or name.endswith(("_url", "_authority"))


def test_every_url_setting_and_secret_is_covered_by_this_test() -> None:
    sensitive = {str(field.validation_alias) for name, field in Settings.model_fields.items() if _is_sensitive(name)}
    assert sensitive <= set(SECRET_ENV), sorted(sensitive - set(SECRET_ENV))


def test_config_shows_no_password_from_any_url_or_secret(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("SLACK_", "IMAP", "SMTP", "M365_", "TEAMS_", "DATABASE_URL"))}
    environment.update({"COLUMNS": "400", **SECRET_ENV})
    result = subprocess.run([str(BIN), "config"], capture_output=True, cwd=tmp_path, env=environment, timeout=120,
                            check=False)
    output = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 0, output
    for marker in MARKERS:
        assert marker not in output, marker
    # What is not secret is still shown, so the table stays useful.
    for visible in ("kompetansebot:****@db.example.no:5432/kb", "sslmode=require", "password=****",
                    "imap.example.no:993/INBOX", "bot:****@smtp.example.no:587", "slack.example.no/api/",
                    "****@botframework.example.no", "SLACK_BOT_TOKEN", "M365_CLIENT_SECRET"):
        assert visible in output, visible


@pytest.mark.parametrize(("url", "expected"), [
    ("sqlite:///data/kompetansebot.sqlite3", "sqlite:///data/kompetansebot.sqlite3"),
    ("postgresql://kb:hemmelig@db/kb", "postgresql://kb:****@db/kb"),
    ("postgresql://kb@db/kb", "postgresql://****@db/kb"),
    ("postgresql://kb:a@b@db/kb", "postgresql://kb:****@db/kb"),
    ("postgresql://kb:a/b@db/kb", "postgresql://kb:****@db/kb"),
    ("postgresql://db/kb?user=kb&password=x1&sslmode=require", "postgresql://db/kb?user=kb&password=****&sslmode=require"),
    ("https://host/path#secret", "https://host/path#****"),
    ("imaps://user%40x.no:pw@imap.x.no:993/INBOX", "imaps://user%40x.no:****@imap.x.no:993/INBOX"),
])
def test_mask_url(url: str, expected: str) -> None:
    assert mask_url(url) == expected


def test_shown_setting_hides_plain_secrets_and_keeps_ordinary_values() -> None:
    assert shown_setting(SecretStr("xoxb-123")) == "****"
    assert shown_setting(SecretStr("smtp://u:pw@h:25")) == "smtp://u:****@h:25"
    assert shown_setting(None) == "(ikke satt)"
    assert shown_setting(3000) == "3000"
