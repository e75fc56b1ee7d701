"""`kompetansebot worker --once` when Microsoft 365 refuses the bot's fresh tokens: a clear message, no secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.db import Database
from tests.email.conftest import question_mail
from tests.email.m365.conftest import CLIENT_SECRET, M365World

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))


def test_worker_once_with_refused_tokens_says_so_once_and_leaks_nothing(
        database: Database, database_url: str, m365: M365World, tmp_path: Path) -> None:
    m365.tokens.deny_mailboxes = True
    m365.dovecot.append("bot", question_mail("kari@granli.kommune.no", "Når er fristen?"))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("IMAP_", "SMTP_", "M365_", "MAIL_", "DATABASE_", "BOT_", "SLACK_"))}
    env.update(m365.env(database_url, LOG_LEVEL="DEBUG"))
    result = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--json"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    print(output[-3000:])
    assert output.count("email channel paused") == 1
    assert "IMAP.AccessAsApp" in output
    assert m365.tokens.issued == 2  # the first token and one renewal; then the channel waits
    assert len(m365.dovecot.messages("bot")) == 1  # the question is kept for later
    assert CLIENT_SECRET not in output
    for token in m365.tokens.issued_values():
        assert token not in output
