"""The needs report through the router: drafts, cross-channel resume, submission, versions, export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.messages import IncomingMessage, Reply
from bot.settings import load_settings

STATS = Path(__file__).parents[1] / "calc" / "fixtures" / "stats_semicolon_cp1252.csv"
ANSWERS = ["valdres", "desentral", "nytt", "=HYPERLINK(\"http://x\")", "Kartlegging i alle skolene viste behov for "
           "bedre leseopplæring, drøftet med tillitsvalgte.", "Alle lærere bruker felles lesestrategier.",
           "Lærere på mellomtrinnet", "8", "120", "Høgskolen i Innlandet", "Nettverk og veiledning", "2027-2029",
           "1,2 mill", "30 %", "100 000", "400 000", "Frikjøp av lærere", "Spørreundersøkelse", "Kari Nordmann"]


@pytest.fixture
def bot_app(database_url: str) -> Iterator[BotApp]:
    app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    try:
        yield app
    finally:
        app.close()


def say(app: BotApp, text: str, *, user: str = "U0KARI", channel: str = "slack",
        email: str | None = "kari@valdres.kommune.no") -> Reply:
    return app.router.handle(IncomingMessage(user_id=user, channel=channel, text=text, email=email))  # type: ignore[arg-type]


def submit(app: BotApp) -> Reply:
    say(app, "meld behov")
    for answer in ANSWERS:
        say(app, answer)
    return say(app, "send")


def test_submission_is_stored_with_a_reference_and_a_version(bot_app: BotApp) -> None:
    receipt = submit(bot_app)
    assert receipt.intent == "needs_report_submitted"
    assert "BM-2027-0001" in receipt.text
    with bot_app.database.session() as session:
        [report] = bot_app.needs_reports.all_submitted(session)
        assert report.reference == "BM-2027-0001"
        assert (report.network, report.scheme, report.amount, report.year) == ("valdres", "desentralisert",
                                                                               1_200_000, 2027)
        assert report.answers["coordinator"] == 100_000
        assert report.answers["period"] == {"start": 2027, "end": 2029}
        assert [version.version for version in bot_app.needs_reports.versions(session, report)] == [1]


def test_a_draft_begun_in_slack_is_finished_in_the_console_by_the_same_person(bot_app: BotApp) -> None:
    say(bot_app, "meld behov")
    for answer in ANSWERS[:5]:
        say(bot_app, answer)
    console = say(bot_app, "meld behov", user="kari@valdres.kommune.no", channel="console", email=None)
    assert "påbegynt behovsmelding" in console.text
    assert "fortsett" in console.text
    reply = say(bot_app, "fortsett", user="kari@valdres.kommune.no", channel="console", email=None)
    assert "Hva er målene" in reply.text


def test_another_person_does_not_see_the_draft(bot_app: BotApp) -> None:
    say(bot_app, "meld behov")
    say(bot_app, "valdres")
    other = say(bot_app, "meld behov", user="U0OLA", email="ola@hamar.kommune.no")
    assert "påbegynt" not in other.text


def test_export_holds_exactly_what_was_given_and_is_spreadsheet_safe(bot_app: BotApp) -> None:
    submit(bot_app)
    with bot_app.database.session() as session:
        document = json.loads(bot_app.reports.export(session, "json"))
        csv_text = bot_app.reports.export(session, "csv").decode("utf-8-sig")
        workbook = load_workbook(io.BytesIO(bot_app.reports.export(session, "xlsx")))
    [record] = document["reports"]
    assert record["answers"]["title"] == "=HYPERLINK(\"http://x\")"
    assert record["answers"]["amount"] == 1_200_000
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    title_column = rows[0].index("Tittel")
    assert rows[1][title_column] == "'=HYPERLINK(\"http://x\")"
    sheet = workbook["Behovsmeldinger"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_totals_compare_the_sum_asked_with_the_estimate(bot_app: BotApp) -> None:
    submit(bot_app)
    with bot_app.database.session() as session:
        [without] = bot_app.reports.totals(session)
        assert (without.network, without.asked, without.estimate) == ("Valdres", 1_200_000, None)
        bot_app.allocation.import_stats(session, STATS.read_bytes(), year=2027, filename=STATS.name, actor="t")
        bot_app.allocation.set_budget(session, year=2027, scheme="desentralisert", amount=31_450_000, actor="t")
    with bot_app.database.session() as session:
        [total] = bot_app.reports.totals(session)
        estimate = bot_app.allocation.compute(session, year=2027).schemes["desentralisert"].network("Valdres")
    assert estimate is not None
    assert total.estimate == estimate.estimate
    assert total.difference == estimate.estimate - 1_200_000


def test_the_secretariat_exports_the_reports_in_chat(database_url: str) -> None:
    app = build_app(load_settings(DATABASE_URL=database_url, SECRETARIAT="U0SIRI"),
                    clock=Clock(datetime(2026, 11, 28, 10, tzinfo=OSLO)))
    try:
        empty = say(app, "eksporter behovsmeldinger", user="U0SIRI", email=None)
        assert empty.intent == "reports_export" and not empty.attachments and "ingen innsendte" in empty.text
        submit(app)
        assert say(app, "eksporter behovsmeldinger").intent == "refused"  # Kari is no secretariat
        reply = say(app, "eksporter behovsmeldinger", user="U0SIRI", email=None)
        assert reply.intent == "reports_export"
        assert "1 innsendt behovsmelding" in reply.text and "omsøkt 1 200 000 kr" in reply.text
        xlsx, csv_file = reply.attachments
        assert (xlsx.filename, csv_file.filename) == ("behovsmeldinger-2026-11-28.xlsx", "behovsmeldinger-2026-11-28.csv")
        sheet = load_workbook(io.BytesIO(xlsx.content))["Behovsmeldinger"]
        assert sheet.cell(row=2, column=1).value == "BM-2027-0001"
        rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][0] == "BM-2027-0001" and len(rows) == 2
    finally:
        app.close()
