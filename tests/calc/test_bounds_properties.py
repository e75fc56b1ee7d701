"""Bounds on every amount and budget the bot reads (issue 12, finding 8): the parsers return a sane number or
refuse with a clear message, never crash; the allocation and all its outputs (CSV, XLSX, chart, JSON, text)
work for every budget up to the limit; above it the answer is a clear message, in chat too."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.allocation_text import render_allocation_reply, render_network_reply, render_scheme_working
from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.messages import IncomingMessage
from bot.settings import load_settings
from calc.chart import write_chart
from calc.errors import BudgetError, StatsImportError
from calc.export import csv_text, write_xlsx
from calc.model import allocate
from calc.numbers import (
    MAX_BUDGET,
    BudgetTooLargeError,
    NumberFormatError,
    check_budget,
    parse_budget,
    parse_number,
)
from calc.output import result_to_json
from calc.parameters import AllocationParameters
from calc.stats import KnownNetwork, StatsTable, read_stats
from forms.parsers import MAX_AMOUNT, ParseError, parse_amount, parse_amount_or_percent

FIXTURES = Path(__file__).parent / "fixtures"
STATS = FIXTURES / "stats_semicolon_cp1252.csv"

digits = st.from_regex(r"[+\-\u2212]?\d{1,45}(?:[ .,']\d{1,25}){0,3}(?: ?(?:kr|mill|mrd|tusen|k|,-|[eE][+-]?\d{1,7}))?",
                       fullmatch=True)
amount_texts = st.one_of(
    st.text(max_size=80),
    digits,
    st.integers(0, 10**45).map(str),
    st.integers(0, 10**30).map(lambda n: f"{n:,} kr".replace(",", " ")),
    st.tuples(st.integers(0, 10**20), st.sampled_from(["mill", "mrd", "millioner", "tusen", "k", "m"]))
    .map(lambda pair: f"{pair[0]} {pair[1]}"),
)


@settings(max_examples=400, deadline=None)
@given(text=amount_texts)
def test_parse_number_reads_or_refuses(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberFormatError:
        return
    assert abs(value) < 10**41


@settings(max_examples=400, deadline=None)
@given(text=amount_texts)
def test_parse_budget_is_bounded(text: str) -> None:
    try:
        amount = parse_budget(text)
    except BudgetError as error:
        assert str(error) and len(str(error)) < 400
        return
    assert isinstance(amount, int) and 0 <= amount <= MAX_BUDGET


@settings(max_examples=400, deadline=None)
@given(text=amount_texts, base=st.one_of(st.none(), st.integers(0, MAX_AMOUNT)))
def test_form_amounts_are_bounded(text: str, base: int | None) -> None:
    for parse in (lambda: parse_amount(text), lambda: parse_amount_or_percent(text, base)):
        try:
            amount = parse()
        except ParseError as error:
            assert error.message
            continue
        assert isinstance(amount, int) and 0 <= amount <= MAX_AMOUNT


@pytest.mark.parametrize("text", ["99999999999999999999999999 kr", "10 000 000 001", "10,1 mrd", "1e300", "9" * 5000])
def test_too_large_budgets_get_a_message_naming_the_limit(text: str) -> None:
    with pytest.raises(BudgetTooLargeError, match="10 000 000 000 kr"):
        parse_budget(text)


def test_the_largest_budget_is_accepted() -> None:
    assert parse_budget("10 mrd") == MAX_BUDGET == check_budget(MAX_BUDGET)
    with pytest.raises(ParseError, match="urimelig stort"):
        parse_amount("99999999999999 mrd")
    assert parse_amount("10 mrd") == MAX_AMOUNT


@pytest.fixture(scope="module")
def stats(networks: list[KnownNetwork]) -> StatsTable:
    return read_stats(STATS, known_networks=networks)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budget=st.one_of(st.just(MAX_BUDGET), st.just(0), st.integers(0, MAX_BUDGET)),
       scheme=st.sampled_from(["regional", "desentralisert", "kompetanseloftet"]))
def test_every_output_works_for_every_budget_up_to_the_limit(parameters: AllocationParameters, stats: StatsTable,
                                                              budget: int, scheme: str) -> None:
    result = allocate(stats, {scheme: budget}, parameters)
    allocation = result.schemes[scheme]
    assert sum(network.estimate for network in allocation.networks) == allocation.prorata_pool
    assert str(max(network.estimate for network in allocation.networks)) in csv_text(result)
    assert json.loads(json.dumps(result_to_json(result)))["schemes"][scheme]["budget"] == budget
    assert f"{budget:,}".replace(",", " ") in render_allocation_reply(result)
    assert render_scheme_working(result, scheme)
    assert render_network_reply(result, allocation.networks[0].network, scheme)
    with tempfile.TemporaryDirectory() as directory:
        xlsx, png = Path(directory) / "f.xlsx", Path(directory) / "f.png"
        write_xlsx(result, xlsx, {scheme: render_scheme_working(result, scheme)})
        write_chart(result, png)
        assert xlsx.read_bytes().startswith(b"PK") and png.read_bytes().startswith(b"\x89PNG")


def test_outputs_refuse_a_budget_above_the_limit(parameters: AllocationParameters, stats: StatsTable,
                                                 tmp_path: Path) -> None:
    result = allocate(stats, {"regional": MAX_BUDGET * 10**12}, parameters)  # the exact model itself copes
    with pytest.raises(BudgetTooLargeError):
        write_chart(result, tmp_path / "f.png")


cell_texts = st.one_of(st.text(alphabet="0123456789 ,.-eE+\u00a0", max_size=60), st.integers(0, 10**50).map(str),
                       st.floats(allow_nan=True).map(repr))


@settings(max_examples=150, deadline=None)
@given(cell=cell_texts)
def test_statistics_cells_are_read_or_refused(networks: list[KnownNetwork], cell: str) -> None:
    heading = "nettverk;lærerårsverk;yrkesfaglærerårsverk;skoler;elever;barnehageårsverk;barnehager;barn"
    data = f"{heading}\nValdres;{cell};0;10;1000;50;10;400\nHadeland;100;0;10;1000;50;10;400\n".encode()
    try:
        table = read_stats(data, known_networks=networks)
    except StatsImportError as error:
        assert error.issues
        return
    assert 0 <= table.rows[0].values["laerer_arsverk"] <= 10**9


@pytest.fixture
def bot_app(database_url: str) -> Iterator[BotApp]:
    app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock.from_setting("2026-03-02T10:00"))
    with app.database.session() as session:
        app.allocation.import_stats(session, STATS.read_bytes(), year=2026, filename=STATS.name, actor="test")
    try:
        yield app
    finally:
        app.close()


@pytest.mark.parametrize("amount", ["99999999999999999999999999 kr", "10 000 000 001 kr", "1e300 kr", "99999 mrd"])
def test_a_huge_amount_in_chat_gets_a_clear_message(bot_app: BotApp, amount: str) -> None:
    reply = bot_app.router.handle(IncomingMessage(user_id="kari", channel="console",
                                                  text=f"fordel {amount} i regional ordning"))
    assert reply.intent == "allocation_invalid", reply.text
    assert "for stort" in reply.text and "10 000 000 000 kr" in reply.text
    assert not reply.attachments


def test_the_largest_budget_in_chat_gets_the_allocation_with_files(bot_app: BotApp) -> None:
    reply = bot_app.router.handle(IncomingMessage(user_id="kari", channel="console",
                                                  text="fordel 10 mrd i regional ordning"))
    assert reply.intent == "allocation", reply.text
    assert "10 000 000 000 kr" in reply.text
    assert {attachment.filename for attachment in reply.attachments} == {"fordeling.csv", "fordeling.xlsx",
                                                                         "fordeling.png"}


def test_a_stored_budget_above_the_limit_is_refused_clearly(bot_app: BotApp) -> None:
    with pytest.raises(BudgetTooLargeError), bot_app.database.session() as session:
        bot_app.allocation.set_budget(session, year=2026, scheme="regional", amount=MAX_BUDGET + 1, actor="test")
    with pytest.raises(BudgetTooLargeError), bot_app.database.session() as session:
        bot_app.allocation.compute(session, year=2026, budgets={"regional": MAX_BUDGET + 1})
