"""The secretariat's export: names instead of codes, dates as dates, sums per network."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.needs_report_service import Actor
from bot.settings import load_settings
from tests.core.test_needs_report_service import CONTINUING

DESENTRALISERT = {"network": "Valdres", "scheme": "desentralisert", "measure_type": "nytt", "title": "Lesing",
                  "justification": "Kartlegging i alle skolene viste behov for bedre leseopplæring.",
                  "goals": "Bedre lesing i alle fag", "target_group": "Lærere", "schools": "8",
                  "participants": "120", "uh_partner": "HINN", "working_methods": "Nettverk og veiledning",
                  "period": "2027-2029", "amount": "25 000 000", "network_share": "30 %", "coordinator": "0",
                  "own_share": "7 500 000", "own_share_use": "Frikjøp av lærere", "evaluation": "Spørreundersøkelse",
                  "contact_name": "Per Hansen", "contact_email": "per@valdres.kommune.no"}


@pytest.fixture
def app(database_url: str) -> Iterator[BotApp]:
    bot_app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock(datetime(2027, 1, 25, 10, tzinfo=OSLO)))
    try:
        yield bot_app
    finally:
        bot_app.close()


def _send(app: BotApp, actor: Actor, answers: dict[str, str]) -> None:
    service = app.needs_report_service
    with app.database.session() as session:
        report = service.apply_many(session, actor, None, answers, today=date(2027, 1, 25)).report
        assert service.submit(session, actor, report, today=date(2027, 1, 25)).outcome == "submitted"
        session.commit()


def test_export_uses_names_dates_and_sums_per_network(app: BotApp) -> None:
    _send(app, Actor("console", "kari", "kari@valdres.kommune.no"), CONTINUING)
    _send(app, Actor("slack", "U0PER", "per@valdres.kommune.no"), DESENTRALISERT)
    with app.database.session() as session:
        data = app.reports.export(session, "xlsx")
        text = app.reports.export(session, "csv").decode("utf-8-sig")
        document = json.loads(app.reports.export(session, "json"))
    book = load_workbook(io.BytesIO(data))
    sheet = book["Behovsmeldinger"]
    headers = [cell.value for cell in sheet[1]]
    first = dict(zip(headers, list(sheet[2]), strict=True))
    assert first["Referanse"].value.startswith("BM-2027-") and first["År"].value == 2027
    assert isinstance(first["Sendt"].value, datetime) and first["Sendt"].is_date
    assert first["Sendt"].value == datetime(2027, 1, 25, 10, 0)  # Oslo time, as the person sent it
    assert first["Kanal"].value == "Konsoll"
    assert first["Kompetansenettverk"].value == "Valdres"
    assert first["Ordning"].value == "Regional ordning for kompetanseutvikling i barnehage"
    assert first["Nytt eller videreført"].value.startswith("Videreført")
    assert first["Søknadsbeløp per år"].value == 800_000
    second = dict(zip(headers, [cell.value for cell in sheet[3]], strict=True))
    assert second["Kanal"] == "Slack" and second["Nytt eller videreført"] == "Nytt tiltak"
    for code in ("valdres", "desentralisert", "new", "continuing", "console"):
        assert code not in [str(value) for row in sheet.iter_rows(values_only=True) for value in row]
    per_network = list(book["Sum per nettverk"].iter_rows(values_only=True))
    assert per_network[0][:4] == ("År", "Nettverk", "Antall", "Sum omsøkt per år")
    assert per_network[1][:4] == (2027, "Valdres", 2, 25_800_000)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][rows[0].index("Sendt")] == "2027-01-25 10:00"
    assert document["reports"][0]["channel_name"] == "Konsoll" and document["reports"][0]["answers"]["network"] == "valdres"
    assert document["network_totals"][0]["asked"] == 25_800_000
