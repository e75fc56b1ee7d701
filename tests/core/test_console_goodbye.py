"""«avslutt» says the answers are saved only when a needs report is in progress."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

import pytest

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.settings import load_settings
from handlers.console import ConsoleChannel


@pytest.fixture
def app(database_url: str) -> Iterator[BotApp]:
    bot_app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    try:
        yield bot_app
    finally:
        bot_app.close()


def _goodbye(app: BotApp, lines: bytes) -> str:
    out = io.StringIO()
    ConsoleChannel(app.router, user_id="ola@hamar.kommune.no", stdin=io.BytesIO(lines), stdout=out, jsonl=True,
                   has_draft=lambda user: app.has_needs_report_draft("console", user)).run()
    return out.getvalue().strip().splitlines()[-1]


def test_avslutt_without_a_draft_claims_nothing_is_saved(app: BotApp) -> None:
    last = _goodbye(app, b"hei\navslutt\n")
    assert "Ha det bra" in last and "lagret" not in last


def test_avslutt_with_a_draft_says_it_is_kept(app: BotApp) -> None:
    last = _goodbye(app, b"meld behov\nhamar\navslutt\n")
    assert "Ha det bra" in last and "lagret" in last
