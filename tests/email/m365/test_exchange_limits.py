"""Exchange Online's sending limits and refusals as the outbox sees them (MAIL_AUTH=oauth2)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.mail.config import EmailConfig
from bot.mail.outbox import AUTH, RETRY, SENT, permission_hint, smtp_outcome, throttled
from bot.settings import load_settings
from tests.email.m365.conftest import M365World, make_oauth_bot
from tests.email.test_sender import enqueue, row

ALICE = "alice@kompetansebot.example"


def test_oauth2_makes_exchange_limits_the_defaults(tmp_path: Path) -> None:
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "BOT_EMAIL": "bot@kompetansebot.test"}
    exchange = EmailConfig.from_settings(load_settings(**base, MAIL_AUTH="oauth2", M365_TENANT_ID="t",
                                                       M365_CLIENT_ID="c", M365_CLIENT_SECRET="s"))
    assert (exchange.rate_per_minute, exchange.recipients_per_day, exchange.exchange_online) == (30, 10_000, True)
    plain = EmailConfig.from_settings(load_settings(**base))
    assert plain.recipients_per_day is None and not plain.exchange_online


def test_exchange_refusals_are_read_right() -> None:
    assert smtp_outcome(550, "5.7.60 SMTP; Client does not have permissions to send as this sender") == AUTH
    assert "Add-RecipientPermission" in (permission_hint(550, "5.7.60 SMTP; Client does not have ...") or "")
    assert "SMTP.SendAsApp" in (permission_hint(535, "5.7.3 Authentication unsuccessful") or "")
    assert "SmtpClientAuthenticationDisabled" in (permission_hint(535, "5.7.139 Authentication unsuccessful") or "")
    assert smtp_outcome(421, "4.3.2 Service not available") == RETRY and throttled(421, "4.3.2 Service not available")
    assert smtp_outcome(451, "4.7.500 Server busy. Please try again later") == RETRY
    assert throttled(451, "4.7.500 Server busy")
    assert not throttled(450, "4.2.1 Mailbox busy")
    assert smtp_outcome(550, "5.1.1 User unknown") == "failed"


async def test_the_daily_recipient_limit_holds_and_says_why(m365: M365World, database_url: str,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    bot = make_oauth_bot(m365, database_url, recipients_per_day=3, archive_copy=True, exchange_online=True)
    try:
        rows = [enqueue(bot, ALICE, key=f"k{n}") for n in range(3)]  # type: ignore[arg-type]
        caplog.set_level(logging.INFO)
        assert bot.services.sender is not None
        counts = await bot.services.sender.drain()
        assert counts == {SENT: 1}  # each mail has 2 envelope recipients (the person + the archive copy)
        assert [row(bot, r.id).status for r in rows] == [SENT, "queued", "queued"]  # type: ignore[arg-type]
        waits = [r.getMessage() for r in caplog.records if "recipients a day" in r.getMessage()]
        assert len(waits) == 1 and "Exchange Online limit" in waits[0]
    finally:
        bot.app.close()


async def test_the_per_minute_rate_holds_with_one_log_line(m365: M365World, database_url: str,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    bot = make_oauth_bot(m365, database_url, rate_per_minute=2, exchange_online=True)
    try:
        for n in range(3):
            enqueue(bot, ALICE, key=f"r{n}")  # type: ignore[arg-type]
        caplog.set_level(logging.INFO)
        assert bot.services.sender is not None
        assert await bot.services.sender.drain() == {SENT: 2}
        assert await bot.services.sender.drain() == {}
        waits = [r.getMessage() for r in caplog.records if "messages a minute" in r.getMessage()]
        assert len(waits) == 1 and "at most 2 messages a minute" in waits[0]
    finally:
        bot.app.close()


async def test_a_missing_send_as_permission_pauses_sending_and_names_it(m365: M365World, database_url: str) -> None:
    bot = make_oauth_bot(m365, database_url)
    try:
        queued = enqueue(bot, ALICE)  # type: ignore[arg-type]
        m365.smtp.script_mail("550 5.7.60 SMTP; Client does not have permissions to send as this sender")
        assert bot.services.sender is not None
        await bot.services.sender.drain()
        assert row(bot, queued.id).status == "queued"  # type: ignore[arg-type]
        paused = bot.services.outbox.paused()
        assert paused is not None and "5.7.60" in paused["reason"] and "SendAs" in paused["reason"]
        assert m365.smtp.messages == []
    finally:
        bot.app.close()


async def test_throttling_is_retried_later_with_a_log_line(m365: M365World, database_url: str,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    bot = make_oauth_bot(m365, database_url)
    try:
        queued = enqueue(bot, ALICE)  # type: ignore[arg-type]
        m365.smtp.script_mail("451 4.7.500 Server busy. Please try again later from [127.0.0.1]")
        caplog.set_level(logging.INFO)
        assert bot.services.sender is not None
        await bot.services.sender.drain()
        stored = row(bot, queued.id)  # type: ignore[arg-type]
        assert stored.status == "queued" and stored.last_code == 451
        assert bot.services.outbox.paused() is None
        assert any("throttling" in r.getMessage() and "4.7.500" in r.getMessage() for r in caplog.records)
    finally:
        bot.app.close()
