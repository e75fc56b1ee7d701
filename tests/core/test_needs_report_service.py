"""The needs report's use case, once for every channel: owner, drafts, answers, submit, change, year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from bot.app import BotApp, build_app
from bot.audit import AuditLog
from bot.clock import OSLO, Clock
from bot.needs_report_service import Actor, NeedsReportService, Refusal, budget_year, owner_key
from bot.settings import load_settings

KARI = Actor(channel="console", user_id="kari", email="Kari@Valdres.kommune.no", display_name="Kari Nordmann")
OLA = Actor(channel="slack", user_id="U0OLA")

CONTINUING = {"network": "Valdres", "scheme": "regional", "measure_type": "videreført", "first_grant_year": "2025",
              "title": "Språk i barnehagen", "target_group": "Pedagogiske ledere", "kindergartens": "12",
              "participants": "300", "uh_partner": "HINN", "working_methods": "Veiledning og nettverk",
              "period": "2025-2028", "amount": "800 000", "network_share": "25 %", "coordinator": "100 000",
              "other_measures": "ingen", "evaluation": "Refleksjonsnotater fra barnehagene",
              "contact_name": "Kari Nordmann", "contact_email": "kari@valdres.kommune.no"}


@pytest.fixture
def app(database_url: str) -> Iterator[BotApp]:
    bot_app = build_app(load_settings(DATABASE_URL=database_url),
                        clock=Clock(datetime(2027, 1, 25, 10, tzinfo=OSLO)))
    try:
        yield bot_app
    finally:
        bot_app.close()


def _service(app: BotApp) -> NeedsReportService:
    return app.needs_report_service


def test_one_owner_rule() -> None:
    assert owner_key("slack", "U1", "Kari@Valdres.kommune.no ") == "kari@valdres.kommune.no"
    assert owner_key("email", "kari@valdres.kommune.no") == "kari@valdres.kommune.no"
    assert owner_key("slack", "U1") == "slack:U1" and OLA.owner_key == "slack:U0OLA"


@pytest.mark.parametrize(("day", "year"), [(date(2027, 1, 25), 2027), (date(2027, 2, 1), 2027),
                                           (date(2027, 2, 2), 2028), (date(2026, 11, 28), 2027)])
def test_one_budget_year_rule(day: date, year: int) -> None:
    assert budget_year(day, (2, 1)) == year


def test_a_continuing_measure_sent_in_january_counts_for_that_year(app: BotApp) -> None:
    service = _service(app)
    today = date(2027, 1, 25)
    with app.database.session() as session:
        batch = service.apply_many(session, KARI, None, CONTINUING, today=today)
        assert batch.batch.complete, batch.batch.errors
        turn = service.submit(session, KARI, batch.report, today=today)
        assert turn.outcome == "submitted" and turn.receipt is not None
        report = turn.report
        assert report is not None and report.reference is not None
        assert report.reference.startswith("BM-2027-") and report.year == 2027
        assert turn.receipt.changeable_until == date(2027, 2, 1)
        assert service.changeable(report, date(2027, 2, 1)) and not service.changeable(report, date(2027, 2, 2))
        session.commit()
    with app.database.session() as session:
        [line] = service.list_reports(session, KARI, today=today)
        assert line.changeable and line.year == 2027 and line.deadline == date(2027, 2, 1)


def test_submit_writes_a_version_an_audit_row_and_a_receipt(app: BotApp) -> None:
    service = _service(app)
    today = date(2027, 1, 25)
    with app.database.session() as session:
        report = service.apply_many(session, OLA, None, CONTINUING, today=today).report
        turn = service.submit(session, OLA, report, today=today)
        assert turn.receipt is not None and turn.receipt.version == 1
        assert turn.receipt.reference in turn.receipt.text
        [version] = service.store.versions(session, report)
        assert version.channel == "slack" and version.submitted_by == "U0OLA"
        actions = [entry.action for entry in AuditLog.entries(session)]
        assert actions == ["needs_report_started", "needs_report_submitted"]


def test_a_draft_belongs_to_its_owner_across_channels(app: BotApp) -> None:
    service = _service(app)
    today = date(2027, 1, 25)
    in_slack = Actor(channel="slack", user_id="U0KARI", email="kari@valdres.kommune.no")
    with app.database.session() as session:
        started = service.start(session, KARI, today=today)
        assert started.report is not None
        assert service.draft(session, in_slack) is started.report
        assert service.draft(session, OLA) is None
        assert service.owned_draft(session, OLA, started.report.id) is None


def test_start_prefills_what_is_known_and_says_so(app: BotApp) -> None:
    with app.database.session() as session:
        turn = _service(app).start(session, KARI, today=date(2027, 1, 25))
        assert turn.result is not None and turn.state is not None
        assert turn.state.answers["contact_email"] == "kari@valdres.kommune.no"
        intro = turn.result.part("intro")
        assert intro is not None
        assert {item["field"] for item in intro.data["prefilled_items"]} == {"contact_name", "contact_email"}


def test_after_the_deadline_a_new_report_says_which_year_it_counts_for(app: BotApp) -> None:
    with app.database.session() as session:
        turn = _service(app).start(session, OLA, today=date(2027, 3, 1))
        assert turn.result is not None
        intro = turn.result.part("intro")
        assert intro is not None and intro.data["late"]["year"] == 2028


def test_change_is_refused_for_others_and_after_the_deadline(app: BotApp) -> None:
    service = _service(app)
    today = date(2027, 1, 25)
    with app.database.session() as session:
        report = service.apply_many(session, KARI, None, CONTINUING, today=today).report
        service.submit(session, KARI, report, today=today)
        reference = report.reference or ""
        refused = service.find_for_change(session, OLA, reference.lower(), today=today)
        assert isinstance(refused, Refusal) and refused.reason == "not_owner"
        late = service.find_for_change(session, KARI, reference, today=date(2027, 2, 2))
        assert isinstance(late, Refusal) and late.reason == "too_late" and late.deadline == date(2027, 2, 1)
        found = service.find_for_change(session, KARI, reference, today=today)
        assert found is report
        turn = service.change(session, KARI, report, today=today)
        assert turn.result is not None
        intro = turn.result.part("intro")
        assert intro is not None and intro.data["editing"] == {"reference": reference, "version": 1,
                                                               "until": "2027-02-01"}
        again = service.submit(session, KARI, report, today=today)
        assert again.receipt is not None and again.receipt.version == 2 and report.year == 2027


def test_answer_one_by_one_and_discard(app: BotApp) -> None:
    service = _service(app)
    today = date(2027, 1, 25)
    with app.database.session() as session:
        turn = service.start(session, OLA, today=today)
        assert turn.report is not None
        after = service.answer(session, OLA, turn.report, "Valdres", today=today)
        assert after.state is not None and after.state.answers["network"] == "valdres"
        service.discard(session, OLA, turn.report)
        assert service.draft(session, OLA) is None
