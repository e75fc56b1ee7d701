"""The email flows the rest of the suite runs with passwords, run again over OAuth2 (XOAUTH2 only):
a reminder campaign by the real `worker --once` binary, and the needs report form by email."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.clock import OSLO, Clock
from bot.db import Database
from tests.campaign.helpers import SECRETARIAT, at, make_contacts
from tests.campaign.mailsim import received
from tests.campaign.test_worker_process import seed
from tests.email.conftest import BOT, MailBot
from tests.email.m365.conftest import CLIENT_SECRET, M365World, OAuthBot
from tests.email.test_form_by_email import test_the_form_through_the_mailbox_and_smtp as form_by_email_flow

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))


def test_a_reminder_campaign_goes_out_over_oauth2(database_url: str, m365: M365World, tmp_path: Path) -> None:
    people = make_contacts(3)
    database: Database = seed(database_url, people)
    try:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("IMAP_", "SMTP_", "M365_", "MAIL_", "DATABASE_", "BOT_", "SLACK_",
                                      "KOMPETANSEBOT_", "SECRETARIAT", "PLAN_FILE"))}
        env.update(m365.env(database_url, SECRETARIAT=SECRETARIAT, LOG_LEVEL="INFO",
                            KOMPETANSEBOT_NOW=at("2026-12-01T09:00").isoformat()))
        result = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--rate", "0"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=180, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        reminders = [mail for mail in received(m365.smtp, database) if mail.round]
        assert sorted(mail.to for mail in reminders) == sorted(person.email for person in people)
        assert {message.auth_login for message in m365.smtp.messages} == {BOT}
        assert m365.smtp.xoauth2_refused == 0 and m365.tokens.issued == 1
        output = result.stdout + result.stderr
        assert CLIENT_SECRET not in output
        assert all(token not in output for token in m365.tokens.issued_values())
    finally:
        database.dispose()


async def test_the_needs_report_form_by_email_over_oauth2(oauth_bot: OAuthBot) -> None:
    world = oauth_bot.world
    mailbot = MailBot(app=oauth_bot.app, services=oauth_bot.services, mailbox=world.dovecot,
                      smtp=world.smtp, timer=Clock(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO)))
    await form_by_email_flow(mailbot)  # type: ignore[arg-type]
    assert world.smtp.xoauth2_attempts >= 1 and world.smtp.xoauth2_refused == 0
    assert world.tokens.issued == 1
