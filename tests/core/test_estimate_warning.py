"""25 000 000 kr a year for one network is taken, with a word about the network's allocation estimate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.form_text import render_reply
from bot.needs_report_service import Actor
from bot.settings import load_settings

STATS = Path(__file__).parents[1] / "calc" / "fixtures" / "stats_semicolon_cp1252.csv"
TODAY = date(2026, 11, 28)
BEFORE_AMOUNT = ["Valdres", "desentralisert", "nytt", "Lesing", "Kartlegging i alle skolene viste behov for bedre "
                 "leseopplæring.", "Bedre lesing", "Lærere", "8", "120", "HINN", "Nettverk og veiledning", "2027-2029"]


@pytest.fixture
def app(database_url: str) -> Iterator[BotApp]:
    bot_app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    try:
        yield bot_app
    finally:
        bot_app.close()


def _amount_reply(app: BotApp, amount: str) -> str:
    service = app.needs_report_service
    actor = Actor("console", "per@valdres.kommune.no")
    with app.database.session() as session:
        report = service.start(session, actor, today=TODAY).report
        assert report is not None
        for answer in BEFORE_AMOUNT:
            service.answer(session, actor, report, answer, today=TODAY)
        turn = service.answer(session, actor, report, amount, today=TODAY)
        assert turn.result is not None and turn.state is not None
        assert turn.state.answers["amount"] > 0  # taken, never refused
        return render_reply(turn.result.reply, "nb")


def test_without_an_estimate_nothing_is_said(app: BotApp) -> None:
    assert "anslaget" not in _amount_reply(app, "25 000 000")


def test_above_the_networks_estimate_is_warned_not_refused(app: BotApp) -> None:
    with app.database.session() as session:
        app.allocation.import_stats(session, STATS.read_bytes(), year=2027, filename=STATS.name, actor="t")
        app.allocation.set_budget(session, year=2027, scheme="desentralisert", amount=31_450_000, actor="t")
    text = _amount_reply(app, "25 000 000")
    assert "25 000 000 kr per år er mer enn anslaget for Valdres i 2027" in text
    assert "Hvor mye av beløpet skal gå til kompetansenettverket" in text
    assert "anslaget" not in _amount_reply(app, "1 200 000")
