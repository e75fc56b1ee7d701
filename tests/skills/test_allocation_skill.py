"""Allocation through the router: stored statistics and budgets, answers in chat, files attached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.messages import IncomingMessage, Reply
from bot.settings import load_settings
from calc.model import allocate
from calc.stats import read_stats

FIXTURES = Path(__file__).parents[1] / "calc" / "fixtures"
STATS = FIXTURES / "stats_semicolon_cp1252.csv"


@pytest.fixture
def bot_app(database_url: str, clock: Clock) -> Iterator[BotApp]:
    app = build_app(load_settings(DATABASE_URL=database_url), clock=clock)
    try:
        yield app
    finally:
        app.close()


def say(app: BotApp, text: str, user: str = "kari") -> Reply:
    return app.router.handle(IncomingMessage(user_id=user, channel="console", text=text))


def store(app: BotApp, year: int = 2026) -> None:
    with app.database.session() as session:
        app.allocation.import_stats(session, STATS.read_bytes(), year=year, filename=STATS.name, actor="test")
        app.allocation.set_budget(session, year=year, scheme="desentralisert", amount=31_450_000, actor="test")
        app.allocation.set_budget(session, year=year, scheme="regional", amount=12_500_000, actor="test")


def test_without_stored_data_the_bot_says_so_and_guesses_nothing(bot_app: BotApp) -> None:
    reply = say(bot_app, "fordel 31,45 mill i desentralisert ordning")
    assert reply.intent == "allocation_missing_data"
    assert "2026" in reply.text and " kr" not in reply.text


def test_split_in_chat_matches_the_model_and_attaches_files(bot_app: BotApp) -> None:
    store(bot_app)
    reply = say(bot_app, "fordel 31,45 mill i desentralisert ordning")
    assert reply.intent == "allocation"
    expected = allocate(read_stats(STATS), {"desentralisert": 31_450_000},
                        bot_app.allocation.parameters(2026)).schemes["desentralisert"]
    for network in expected.networks:
        assert f"{network.estimate:,} kr".replace(",", " ") in reply.text
    files = {attachment.filename: attachment.content for attachment in reply.attachments}
    assert set(files) == {"fordeling.csv", "fordeling.xlsx", "fordeling.png"}
    assert files["fordeling.png"].startswith(b"\x89PNG")
    assert files["fordeling.xlsx"].startswith(b"PK")
    assert "Valdres" in files["fordeling.csv"].decode("utf-8-sig")
    assert "5.8" in reply.sources


def test_a_network_asks_for_its_estimate(bot_app: BotApp) -> None:
    store(bot_app)
    reply = say(bot_app, "hvor mye får Valdres i desentralisert ordning i år?")
    assert reply.intent == "allocation_network"
    expected = allocate(read_stats(STATS), {"desentralisert": 31_450_000}, bot_app.allocation.parameters(2026))
    valdres = expected.schemes["desentralisert"].network("Valdres")
    assert valdres is not None
    assert f"{valdres.estimate:,} kr".replace(",", " ") in reply.text
    assert "egenandel" in reply.text.lower()
    assert "regional ordning" not in reply.text


def test_a_year_without_budget_is_not_guessed(bot_app: BotApp) -> None:
    store(bot_app)
    reply = say(bot_app, "hvor mye får Valdres i 2031?")
    assert reply.intent == "outside_plan"  # the plan gives no amounts; the model and who computes it follow
    assert reply.text.startswith("Det sier ikke planen") and "2031" in reply.text and "Valdres" in reply.text
    assert " kr" not in reply.text and "5.8" in reply.sources


def test_a_year_without_budget_in_nynorsk_and_english(bot_app: BotApp) -> None:
    store(bot_app)
    assert say(bot_app, "kor mykje får Valdres i 2031?").text.startswith("Det seier ikkje planen")
    assert say(bot_app, "how much will Valdres get in 2031?").text.startswith("The plan does not say")


def test_amount_without_scheme_asks_which(bot_app: BotApp) -> None:
    store(bot_app)
    assert say(bot_app, "fordel 10 mill").intent == "allocation_ask_scheme"


def test_a_failed_import_keeps_the_old_statistics(bot_app: BotApp) -> None:
    store(bot_app)
    with pytest.raises(ValueError), bot_app.database.session() as session:
        bot_app.allocation.import_stats(session, b"network;skoler\nValdres;-1\n", year=2026, filename="bad.csv",
                                        actor="test")
    assert say(bot_app, "hvor mye får Valdres i desentralisert ordning?").intent == "allocation_network"
