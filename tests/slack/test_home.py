"""The App Home: published on app_home_opened with the sections for the person and the secretariat."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from bot.app import BotApp
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.models import AuditEntry, NeedsReport
from bot.needs_reports import DRAFT, SUBMITTED
from handlers.slack.home_data import HomeData, ReceivedLine, ReportLine
from handlers.slack.home_view import build_home_view
from tests.campaign.helpers import LINK, contacts_csv, make_contacts
from tests.slack.conftest import SECRETARIAT_USER, SlackEndpoint
from tests.slack.fake_slack import block_text


def home_opened(user: str) -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
            "event_ts": "1764300000.000900"}


def block_ids(view: dict[str, Any]) -> list[str]:
    return [block.get("block_id", "") for block in view["blocks"]]


def add_report(bot_app: BotApp, *, owner: str, status: str, network: str | None = None, scheme: str | None = None,
               title: str = "Lesing i barnehagen", year: int = 2027, days_ago: int = 0) -> None:
    now = bot_app.clock.now() - timedelta(days=days_ago)
    with bot_app.database.session() as session:
        report = NeedsReport(owner_key=owner, channel="slack", status=status, state={"answers": {"title": title}},
                             answers={"title": title} if status == SUBMITTED else {}, network=network, scheme=scheme,
                             year=year if status == SUBMITTED else None, created_at=now, updated_at=now,
                             submitted_at=now if status == SUBMITTED else None)
        session.add(report)
        session.flush()
        if status == SUBMITTED:
            report.reference = f"BM-{year}-{report.id:04d}"
            report.state = {}


async def test_home_for_a_network_contact(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    add_report(bot_app, owner="kari@kommune.no", status=DRAFT, title="Språk og lesing")
    add_report(bot_app, owner="kari@kommune.no", status=SUBMITTED, network="hamarregionen", scheme="regional",
               title="Inkluderende barnehage")
    add_report(bot_app, owner="ola@kommune.no", status=SUBMITTED, network="valdres", scheme="regional",
               title="Ikke Karis")
    response = await endpoint.event(home_opened("UKARI"), event_id="Ev-home-1")
    assert response.status_code == 200
    [published] = await endpoint.fake.wait_for_async("views.publish")
    assert published.params["user_id"] == "UKARI"
    view = published.params["view"]
    assert view["type"] == "home"
    ids = block_ids(view)
    for expected in ("home_actions", "home_drafts", "home_submitted", "home_deadlines"):
        assert expected in ids
    assert "home_secretariat" not in ids and "home_campaign" not in ids
    text = block_text({"blocks": view["blocks"]})
    assert "Språk og lesing" in text and "Inkluderende barnehage" in text and "BM-2027-" in text
    assert "Ikke Karis" not in text
    continue_buttons = [block["accessory"] for block in view["blocks"]
                        if block.get("accessory", {}).get("action_id") == "home_continue_report"]
    assert len(continue_buttons) == 1
    # Deadlines come from the plan's annual wheel (clock: 28 Nov 2026): the next one is 15 January.
    deadlines = view["blocks"][ids.index("home_deadlines") + 1]["text"]["text"]
    assert "15. januar 2027" in deadlines
    assert len(view["blocks"]) <= 100


async def test_home_for_the_secretariat_counts_reports_and_shows_the_campaign(
        endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    for network in ("hamarregionen", "hamarregionen", "valdres"):
        add_report(bot_app, owner=f"{network}@kommune.no", status=SUBMITTED, network=network, scheme="desentralisert")
    add_report(bot_app, owner="x@kommune.no", status=DRAFT, network="valdres", scheme="regional")
    await endpoint.event(home_opened(SECRETARIAT_USER), event_id="Ev-home-2")
    [published] = await endpoint.fake.wait_for_async("views.publish")
    view = published.params["view"]
    ids = block_ids(view)
    for expected in ("home_secretariat", "home_received", "home_campaign", "home_secretariat_actions"):
        assert expected in ids
    received = view["blocks"][ids.index("home_received")]["text"]["text"]
    assert "Hamarregionen, desentralisert ordning: 2" in received
    assert "Valdres, desentralisert ordning: 1" in received
    assert "regional" not in received  # drafts are not received reports
    campaign = view["blocks"][ids.index("home_campaign")]["text"]["text"]
    assert "Ingen purrekampanje er startet" in campaign
    assert "start purring årsrapport 2026" in campaign  # the season's year (28 Nov 2026), from the plan
    actions = view["blocks"][ids.index("home_secretariat_actions")]["elements"]
    assert [item["action_id"] for item in actions] == ["home_export", "home_campaign_start", "home_campaign_pause"]
    # With a running campaign the same place shows its status, counted from the database.
    env = CampaignEnv.from_app(bot_app)
    env.mail_setup = replace(env.mail_setup, smtp=True)  # mail is set up; nothing is sent in this test
    service = CampaignService(env)
    service.import_contacts(contacts_csv(make_contacts(3, measures_per=(1, 2))), source="k.csv", actor=SECRETARIAT_USER,
                            channel="slack")
    service.start(kind="arsrapport", year=2026, link=LINK, actor=SECRETARIAT_USER, channel="slack")
    await endpoint.event(home_opened(SECRETARIAT_USER), event_id="Ev-home-2b")
    second = (await endpoint.fake.wait_for_async("views.publish", count=2))[-1].params["view"]
    campaign = second["blocks"][block_ids(second).index("home_campaign")]["text"]["text"]
    assert "Purring for årsrapporteringen for 2026 (i gang)" in campaign
    assert "Levert: 0 av 4 tiltak" in campaign and "Ikke levert ennå (3 kontaktpersoner)" in campaign


async def test_a_retried_home_event_publishes_once(endpoint: SlackEndpoint) -> None:
    await endpoint.event(home_opened("UKARI"), event_id="Ev-home-3")
    await endpoint.event(home_opened("UKARI"), event_id="Ev-home-3", retry_num=1)
    await endpoint.fake.wait_for_async("views.publish", count=2, wait=1.0)
    assert len(endpoint.fake.calls_to("views.publish")) == 1


def test_home_view_stays_within_100_blocks_with_many_reports() -> None:
    lines = [ReportLine(id=n, reference=None, title=f"Utkast {n}", updated=date(2026, 1, 1))
             for n in range(10)]
    received = [ReceivedLine(2027, f"Nettverk {n}", "regional ordning", n) for n in range(500)]
    data = HomeData(is_secretariat=True, drafts=lines, submitted=lines, deadlines=[], received=received,
                    more_drafts=40, more_submitted=7)
    view = build_home_view(data)
    assert len(view["blocks"]) <= 100
    assert all(len(block["text"]["text"]) <= 3000 for block in view["blocks"] if "text" in block
               and block["text"]["type"] == "mrkdwn")
    text = block_text({"blocks": view["blocks"]})
    assert "Nettverk 499" in text  # split over several sections, nothing dropped


async def test_secretariat_button_from_another_user_is_refused_and_audited(endpoint: SlackEndpoint,
                                                                          bot_app: BotApp) -> None:
    payload = {"type": "block_actions", "user": {"id": "UKARI", "team_id": "T0001"}, "team": {"id": "T0001"},
               "api_app_id": "A0001", "trigger_id": "T-trigger-2", "container": {"type": "view", "view_id": "V1"},
               "view": {"id": "V1", "type": "home", "callback_id": "home"},
               "actions": [{"type": "button", "action_id": "home_export", "block_id": "home_secretariat_actions",
                            "action_ts": "1764300000.1"}]}
    response = await endpoint.interaction(payload)
    assert response.status_code == 200
    [message] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert message.params["channel"] == "DKARI"
    assert "bare sekretariatet" in block_text(message.params)
    with bot_app.database.session() as session:
        refused = list(session.exec(select(AuditEntry).where(AuditEntry.action == "refused:home_export")))
    assert len(refused) == 1 and refused[0].actor == "UKARI"


async def test_secretariat_button_goes_through_the_router(endpoint: SlackEndpoint) -> None:
    payload = {"type": "block_actions", "user": {"id": SECRETARIAT_USER, "team_id": "T0001"},
               "team": {"id": "T0001"}, "api_app_id": "A0001", "trigger_id": "T-trigger-3",
               "container": {"type": "view", "view_id": "V1"}, "view": {"id": "V1", "type": "home"},
               "actions": [{"type": "button", "action_id": "home_campaign_start", "block_id": "x",
                            "action_ts": "1764300000.1"}]}
    await endpoint.interaction(payload)
    [message] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert message.params["channel"] == "DADMIN"
    assert "bare sekretariatet" not in block_text(message.params)
