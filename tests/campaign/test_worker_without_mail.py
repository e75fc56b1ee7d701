"""`worker --once` with BOT_EMAIL but neither IMAP_URL nor SMTP_URL still runs the campaign tick (the
reminders are queued) and says where the mail waits and which parts did not run; exit 0."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from bot.models_email import MailOutbox
from tests.campaign.helpers import BOT, SECRETARIAT, make_contacts
from tests.campaign.test_worker_parts import KOMPETANSEBOT
from tests.campaign.test_worker_process import ROOT, seed


def test_without_mail_settings_the_tick_still_runs_and_the_waiting_mail_is_named(database_url: str,
                                                                                  tmp_path: Path) -> None:
    database = seed(database_url, make_contacts(3, measures_per=(1, 2)))
    try:
        env = {key: value for key, value in os.environ.items()
               if key not in {"DATABASE_URL", "IMAP_URL", "SMTP_URL", "BOT_EMAIL", "KOMPETANSEBOT_NOW", "PLAN_FILE",
                              "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SECRETARIAT"}}
        env.update(DATABASE_URL=database_url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT, LOG_LEVEL="WARNING",
                   KOMPETANSEBOT_NOW="2026-12-01T09:00",
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        done = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--json"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        assert summary["ticks"] == 1 and summary["failed"] == {}
        with database.session() as session:
            waiting = session.exec(select(func.count()).select_from(MailOutbox)
                                   .where(MailOutbox.status == "queued", MailOutbox.kind == "reminder")).one()
        assert waiting == 3  # one notice per contact, waiting for SMTP
        assert "IMAP_URL er ikke satt" in done.stderr
        assert "SMTP_URL er ikke satt" in done.stderr and "venter i utboksen" in done.stderr
    finally:
        database.dispose()


def test_without_bot_email_nothing_is_done_and_the_reason_is_said(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in {"BOT_EMAIL", "IMAP_URL", "SMTP_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    done = subprocess.run([KOMPETANSEBOT, "worker", "--once"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 2 and "BOT_EMAIL mangler" in done.stderr and "ingenting er gjort" in done.stderr
