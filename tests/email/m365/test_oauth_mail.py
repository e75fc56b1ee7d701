"""The email channel over OAuth2 (MAIL_AUTH=oauth2) against Dovecot's oauth2 passdb and an XOAUTH2-only
SMTP server, with tokens from a local Entra-style service through MSAL."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.db import Database
from bot.mail.outbox import SENT
from handlers.email.imap import ImapAuthPaused
from handlers.email.oauth import stored_status
from tests.email.conftest import BOT, question_mail
from tests.email.m365.conftest import CLIENT_SECRET, M365World, OAuthBot, make_oauth_bot
from tests.email.test_sender import enqueue, row

KOMPETANSEBOT = str(Path(sys.executable).with_name("kompetansebot"))
ALICE = "alice@kompetansebot.example"
KARI = "kari@granli.kommune.no"


def _alice_route(world: M365World) -> None:
    def route(address: str) -> str | None:
        if address.lower().endswith("@kompetansebot.test"):
            return "bot"
        return "alice" if address.lower() in {ALICE, KARI} else None

    world.smtp.forward_to(world.dovecot, route)


def _no_secrets(text: str, world: M365World) -> None:
    assert CLIENT_SECRET not in text
    for token in world.tokens.issued_values():
        assert token not in text, "an access token was written to the log"


def _answers(world: M365World, address: str) -> list[object]:
    return [m for m in world.smtp.messages if address in m.rcpt_tos]


def test_worker_once_answers_a_question_in_thread_over_oauth2(database: Database, database_url: str,
                                                              m365: M365World, tmp_path: Path) -> None:
    m365.dovecot.append("bot", question_mail(KARI, "Når er fristen for behovsmelding?",
                                             message_id="<q1@granli.kommune.no>"))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("IMAP_", "SMTP_", "M365_", "MAIL_", "DATABASE_", "BOT_", "SLACK_"))}
    env.update(m365.env(database_url, LOG_LEVEL="DEBUG"))
    result = subprocess.run([KOMPETANSEBOT, "worker", "--once", "--json"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["read"] == 1 and summary["moved"] == {"Processed": 1}
    answers = _answers(m365, KARI)
    assert len(answers) == 1
    answer = answers[0]
    assert answer.auth_login == BOT  # type: ignore[attr-defined]
    assert answer.email()["In-Reply-To"] == "<q1@granli.kommune.no>"  # type: ignore[attr-defined]
    assert [m.message_id for m in m365.dovecot.messages("bot", "Processed")] == ["<q1@granli.kommune.no>"]
    # One token served IMAP and SMTP (cached), and neither it nor the secret reached the log.
    assert m365.tokens.issued == 1
    assert "DEBUG" in result.stderr or "INFO" in result.stderr
    _no_secrets(result.stdout + result.stderr, m365)


async def test_a_reminder_goes_out_over_xoauth2_and_lands_in_the_mailbox(oauth_bot: OAuthBot) -> None:
    world = oauth_bot.world
    _alice_route(world)
    queued = enqueue(oauth_bot, ALICE)  # type: ignore[arg-type]
    assert oauth_bot.services.sender is not None
    counts = await oauth_bot.services.sender.drain()
    assert counts.get(SENT) == 1, counts
    assert row(oauth_bot, queued.id).status == SENT  # type: ignore[arg-type]
    delivered = world.dovecot.messages("alice")
    assert [m.message_id for m in delivered] == [queued.message_id]
    assert world.smtp.xoauth2_attempts == 1 and world.smtp.xoauth2_refused == 0
    assert oauth_bot.services.status() == {"email_auth": "oauth2", "email": "ok", "email_reason": "",
                                          "email_paused_until": None}


async def test_a_token_that_expires_mid_run_is_renewed_without_losing_a_message(
        m365: M365World, database: Database, database_url: str) -> None:
    m365.tokens.lifetime = 4  # seconds; the provider renews a fifth of the lifetime before expiry
    _alice_route(m365)
    bot = make_oauth_bot(m365, database_url, idle_seconds=1, poll_seconds=1)
    stop = asyncio.Event()
    running = asyncio.create_task(bot.services.run(stop))
    try:
        first = question_mail(KARI, "Når er fristen for behovsmelding?", message_id="<m1@granli.kommune.no>")
        await asyncio.to_thread(m365.dovecot.append, "bot", first)
        await _wait_for(lambda: len(_answers(m365, KARI)) == 1, 20)
        # The token expires; the server drops the session (as Exchange does at expiry), mail arrives meanwhile.
        await asyncio.sleep(m365.tokens.lifetime + 0.5)
        await asyncio.to_thread(m365.dovecot.kick, "bot")
        second = question_mail(KARI, "Hvor mye kan gå til koordinator?", message_id="<m2@granli.kommune.no>")
        await asyncio.to_thread(m365.dovecot.append, "bot", second)
        await _wait_for(lambda: len(_answers(m365, KARI)) == 2, 30)
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
        bot.app.close()
    replied = sorted(str(m.email()["In-Reply-To"]) for m in _answers(m365, KARI))  # type: ignore[attr-defined]
    assert replied == ["<m1@granli.kommune.no>", "<m2@granli.kommune.no>"]  # each once, none lost
    assert m365.tokens.issued >= 2
    assert bot.services.tokens is not None and bot.services.tokens.status()["state"] == "ok"
    assert m365.dovecot.messages("bot") == []


async def test_a_rejected_token_is_renewed_once_and_the_login_goes_on(oauth_bot: OAuthBot) -> None:
    world = oauth_bot.world
    _alice_route(world)
    enqueue(oauth_bot, ALICE, key="one")  # type: ignore[arg-type]
    sender = oauth_bot.services.sender
    assert sender is not None
    assert (await sender.drain()).get(SENT) == 1
    world.tokens.revoke()  # the cached token is no longer valid (e.g. revoked by the tenant)
    enqueue(oauth_bot, ALICE, key="two")  # type: ignore[arg-type]
    assert (await sender.drain()).get(SENT) == 1
    assert world.tokens.issued == 2 and world.smtp.xoauth2_refused == 1
    status = oauth_bot.services.tokens.status()  # type: ignore[union-attr]
    assert status["state"] == "ok" and status["renewals_after_rejection"] == 1


async def test_a_mailbox_that_rejects_fresh_tokens_pauses_the_channel_with_one_clear_line(
        oauth_bot: OAuthBot, caplog: pytest.LogCaptureFixture) -> None:
    world = oauth_bot.world
    world.tokens.deny_mailboxes = True  # consent / mailbox permission withdrawn: tokens issued, logins refused
    queued = enqueue(oauth_bot, ALICE)  # type: ignore[arg-type]
    world.dovecot.append("bot", question_mail(KARI, "Når er fristen?"))
    caplog.set_level(logging.DEBUG)
    sender = oauth_bot.services.sender
    assert sender is not None and oauth_bot.services.intake is not None
    counts = await sender.drain()
    assert counts.get(SENT) is None and world.smtp.messages == []
    assert world.smtp.xoauth2_refused == 2  # the token, then one renewed token; then nothing more
    assert row(oauth_bot, queued.id).status == "queued"  # type: ignore[arg-type]
    paused = oauth_bot.services.outbox.paused()
    assert paused is not None and "SMTP.SendAsApp" in paused["reason"]
    with pytest.raises(ImapAuthPaused):
        oauth_bot.services.intake.client.connect()  # IMAP waits too, without asking the server again
    status = oauth_bot.services.status()
    assert status["email"] == "paused" and "IMAP.AccessAsApp" in status["email_reason"]
    stored = stored_status(oauth_bot.app.database)
    assert stored is not None and stored["state"] == "paused"
    channel_lines = [r for r in caplog.records if "email channel paused" in r.getMessage()]
    assert len(channel_lines) == 1 and channel_lines[0].levelno == logging.ERROR
    assert world.tokens.issued == 2
    assert world.dovecot.messages("bot") != []  # the question is still there for later
    _no_secrets(caplog.text, world)


async def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.1)


async def test_a_long_running_bot_pauses_on_revoked_access_then_resumes_without_losing_mail(
        m365: M365World, database: Database, database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    _alice_route(m365)
    bot = make_oauth_bot(m365, database_url, idle_seconds=1, poll_seconds=1, pause_minutes=0.05)
    assert bot.services.tokens is not None
    bot.services.tokens.pause_seconds = 3
    caplog.set_level(logging.INFO)
    stop = asyncio.Event()
    running = asyncio.create_task(bot.services.run(stop))
    try:
        await asyncio.to_thread(m365.dovecot.append, "bot", question_mail(
            KARI, "Når er fristen for behovsmelding?", message_id="<r1@granli.kommune.no>"))
        await _wait_for(lambda: len(_answers(m365, KARI)) == 1, 20)
        # The tenant withdraws the app's access: tokens revoked, new ones refused, sessions ended.
        m365.tokens.deny_mailboxes = True
        m365.tokens.revoke()
        await asyncio.to_thread(m365.dovecot.kick, "bot")
        await asyncio.to_thread(m365.dovecot.append, "bot", question_mail(
            KARI, "Hvor mye kan gå til koordinator?", message_id="<r2@granli.kommune.no>"))
        await _wait_for(lambda: bot.services.status()["email"] == "paused", 20)
        assert len(_answers(m365, KARI)) == 1
        # Access restored: after the pause the bot logs in again and answers what waited.
        m365.tokens.deny_mailboxes = False
        await _wait_for(lambda: len(_answers(m365, KARI)) == 2, 40)
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
        bot.app.close()
    replied = sorted(str(m.email()["In-Reply-To"]) for m in _answers(m365, KARI))  # type: ignore[attr-defined]
    assert replied == ["<r1@granli.kommune.no>", "<r2@granli.kommune.no>"]
    assert len([r for r in caplog.records if "email channel paused" in r.getMessage()]) == 1
    assert bot.services.tokens.status()["state"] == "ok"
    _no_secrets(caplog.text, m365)
