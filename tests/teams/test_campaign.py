"""Campaign reminders in Teams: the secretariat starts a campaign from Teams, contacts with a ``teams_id``
get the reminder as a proactive 1:1 Adaptive Card (queued with the mail, in the same round), press
"Levert" (counted once, even when pressed twice), a contact Teams cannot reach is shown in the status,
and the connector's 429s are ridden out without a duplicate card."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.status import TEAMS_UNREACHABLE, campaign_status
from bot.campaigns.tick import CampaignTicker
from bot.clock import OSLO
from bot.models import AuditEntry
from bot.models_campaign import CampaignMeasure, CampaignRecipient
from bot.models_teams import TeamsOutboxMessage
from tests.teams.conftest import KARI, OLA, SIRI, Endpoint, make_runtime
from tests.teams.world import Posted

LINK = "https://rapportering.udir.no/skjema/2026"
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=OSLO)
PER_UPN = "per@kommune.test"


def contact_list() -> bytes:
    rows = [("Tiltak A for Hamar", "regional", "hamarregionen", OLA.name, OLA.upn, "", OLA.upn),
            ("Tiltak B for Hamar", "desentralisert", "hamarregionen", OLA.name, OLA.upn, "", ""),
            ("Tiltak C for Valdres", "regional", "valdres", KARI.name, KARI.upn, "", KARI.aad.upper()),
            ("Tiltak D for Valdres", "regional", "valdres", "Per Ikkje-i-Teams", PER_UPN, "", PER_UPN)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(("tiltak", "ordning", "nettverk", "navn", "e-post", "slack_id", "teams_id"))
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


async def _say(endpoint: Endpoint, member: Any, text: str) -> Posted:
    before = len(endpoint.connector.messages(f"a:personal-{member.teams_id}"))
    await endpoint.post(endpoint.activity(member, text))
    await endpoint.settle()
    answers = endpoint.connector.messages(f"a:personal-{member.teams_id}")
    assert len(answers) > before, f"no answer to {text!r}"
    return answers[-1]


async def _start_campaign_from_teams(endpoint: Endpoint) -> CampaignEnv:
    bot_app = endpoint.runtime.channel.bot_app
    bot_app.clock.set(MONDAY)
    env = CampaignEnv.from_app(bot_app)
    CampaignService(env).import_contacts(contact_list(), source="kontakter.csv", actor=SIRI.upn, channel="cli")
    for member in (OLA, KARI):  # they have the app: Teams told the bot when they added it
        await endpoint.post(endpoint.install(member))
    await endpoint.settle()
    preview = await _say(endpoint, SIRI, f"start purring årsrapport 2026 lenke {LINK}")
    assert preview.text and "ja" in preview.text.lower()
    started = await _say(endpoint, SIRI, "ja")
    assert "startet" in started.text.lower() or "start" in started.text.lower()
    return env


def _cards(endpoint: Endpoint, member: Any) -> list[Posted]:
    return [item for item in endpoint.connector.messages(f"a:personal-{member.teams_id}") if item.card]


def _button(card: dict[str, Any], title: str) -> dict[str, Any]:
    return next(dict(action["data"]) for action in card["actions"] if action.get("title") == title)


async def test_reminder_card_levert_counted_once_and_unreachable_reported(endpoint: Endpoint) -> None:
    env = await _start_campaign_from_teams(endpoint)
    summary = CampaignTicker(env).tick()
    assert summary.queued == 3
    with env.database.session() as session:
        rows = list(session.exec(select(TeamsOutboxMessage).order_by(col(TeamsOutboxMessage.id))).all())
    assert sorted(row.teams_id for row in rows) == sorted([OLA.upn, KARI.aad, PER_UPN])
    assert CampaignTicker(env).tick().queued == 0  # one message per contact per round

    result = await endpoint.runtime.sender.drain()
    assert result["sent"] == 2 and result["unreachable"] == 1
    (ola_card,) = _cards(endpoint, OLA)
    assert len(_cards(endpoint, KARI)) == 1
    card = ola_card.card
    assert card is not None
    body = str(card["body"])
    assert "Tiltak A for Hamar" in body and "Tiltak B for Hamar" in body and "Tiltak C" not in body
    assert [action["title"] for action in card["actions"]] == ["Åpne rapporteringen", "Levert", "Ikke levert ennå",
                                                               "Ikke mitt ansvar"]
    assert card["actions"][0]["url"] == LINK

    press = _button(card, "Levert")
    for _ in range(2):  # pressed twice (two activities)
        await endpoint.post(endpoint.activity(OLA, "", value=press, reply_to=ola_card.activity_id))
    await endpoint.settle()
    with env.database.session() as session:
        ola = session.exec(select(CampaignRecipient).where(CampaignRecipient.email == OLA.upn)).one()
        measures = session.exec(select(CampaignMeasure).where(CampaignMeasure.recipient_id == ola.id)).all()
        moves = session.exec(select(AuditEntry).where(AuditEntry.action == "campaign.measure_state")).all()
        clicks = session.exec(select(AuditEntry).where(AuditEntry.action == "teams.card_action")).all()
    assert {measure.state for measure in measures} == {states.DONE}
    assert len([entry for entry in moves if "Hamar" in str(entry.detail)]) == 2  # one move per measure, once
    assert len(clicks) == 1
    answers = [item for item in endpoint.connector.messages(f"a:personal-{OLA.teams_id}") if not item.card]
    assert len(answers) == 1  # acknowledged once
    (update,) = endpoint.connector.updates()
    assert update.conversation_id == f"a:personal-{OLA.teams_id}" and update.activity_id == ola_card.activity_id
    assert update.card is not None
    assert [action["type"] for action in update.card.get("actions", [])] == ["Action.OpenUrl"]  # buttons gone
    assert "Levert" in str(update.card)

    status = campaign_status(env)
    per = next(contact for contact in status.contacts if contact.email == PER_UPN)
    assert per.teams_unreachable and per.review == TEAMS_UNREACHABLE
    assert not next(contact for contact in status.contacts if contact.email == KARI.upn).teams_unreachable
    shown = await _say(endpoint, SIRI, "purrestatus")
    assert "ikke nåbar i Teams" in shown.text


async def test_a_button_on_someone_elses_card_does_nothing(endpoint: Endpoint) -> None:
    env = await _start_campaign_from_teams(endpoint)
    CampaignTicker(env).tick()
    await endpoint.runtime.sender.drain()
    (ola_card,) = _cards(endpoint, OLA)
    assert ola_card.card is not None
    await endpoint.post(endpoint.activity(KARI, "", value=_button(ola_card.card, "Levert"),
                                          reply_to=ola_card.activity_id))
    await endpoint.settle()
    with env.database.session() as session:
        ola = session.exec(select(CampaignRecipient).where(CampaignRecipient.email == OLA.upn)).one()
        measures = session.exec(select(CampaignMeasure).where(CampaignMeasure.recipient_id == ola.id)).all()
    assert states.DONE not in {measure.state for measure in measures}
    assert "gjelder" in endpoint.connector.messages(f"a:personal-{KARI.teams_id}")[-1].text


async def test_a_reminder_for_a_measure_delivered_meanwhile_is_not_sent(endpoint: Endpoint) -> None:
    env = await _start_campaign_from_teams(endpoint)
    CampaignTicker(env).tick()
    await _say(endpoint, KARI, "Tiltaket er levert")  # answered in chat before the card went out
    await endpoint.runtime.sender.drain()
    assert _cards(endpoint, KARI) == []
    assert len(_cards(endpoint, OLA)) == 1
    with env.database.session() as session:
        kari = session.exec(select(TeamsOutboxMessage).where(TeamsOutboxMessage.teams_id == KARI.aad)).one()
    assert kari.status == "cancelled"


async def test_throttled_reminders_are_sent_once(endpoint: Endpoint) -> None:
    env = await _start_campaign_from_teams(endpoint)
    CampaignTicker(env).tick()
    endpoint.connector.answer_next(429, times=2, retry_after="0.2")
    result = await endpoint.runtime.sender.drain()
    assert result["sent"] == 2
    assert endpoint.connector.state.throttled == 2
    assert len(_cards(endpoint, OLA)) == 1 and len(_cards(endpoint, KARI)) == 1


async def test_a_long_retry_after_puts_the_reminder_back_in_the_outbox(endpoint: Endpoint) -> None:
    env = await _start_campaign_from_teams(endpoint)
    CampaignTicker(env).tick()
    runtime = make_runtime(endpoint.runtime.channel.bot_app, endpoint.world, connector_max_wait=0.1)
    try:
        endpoint.connector.answer_next(429, times=1, retry_after="1")
        first = await runtime.sender.drain()
        assert first["sent"] == 0 and first["retry"] == 1 and first["deferred"] >= 1
        assert await runtime.sender.drain() == {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "deferred": 0,
                                                "unreachable": 0}
        await asyncio.sleep(1.2)
        second = await runtime.sender.drain()
        assert second["sent"] == 2
    finally:
        await runtime.aclose()
    assert len(_cards(endpoint, OLA)) == 1 and len(_cards(endpoint, KARI)) == 1


async def test_a_contact_seen_only_in_a_channel_gets_a_new_personal_chat(endpoint: Endpoint) -> None:
    bot_app = endpoint.runtime.channel.bot_app
    bot_app.clock.set(MONDAY)
    env = CampaignEnv.from_app(bot_app)
    CampaignService(env).import_contacts(contact_list(), source="kontakter.csv", actor=SIRI.upn, channel="cli")
    await endpoint.post(endpoint.activity(OLA, "når er fristen for behovsmelding?", channel=True))
    await endpoint.settle()
    endpoint.connector.state.no_chat.add(KARI.teams_id)  # Teams refuses: the app is not installed for Kari
    await endpoint.post(endpoint.activity(KARI, "hei", channel=True))
    await endpoint.settle()
    CampaignService(env).start(kind="arsrapport", year=2026, link=LINK, actor=SIRI.upn, channel="teams")
    CampaignTicker(env).tick()
    result = await endpoint.runtime.sender.drain()
    assert result["sent"] == 1 and result["unreachable"] == 2
    assert [body["members"] for body in endpoint.connector.state.created] == [[{"id": OLA.teams_id}]]
    assert len(_cards(endpoint, OLA)) == 1
    status = campaign_status(env)
    assert {contact.email for contact in status.contacts if contact.teams_unreachable} == {KARI.upn, PER_UPN}


def test_a_teams_id_that_is_neither_an_object_id_nor_a_upn_is_refused(endpoint: Endpoint) -> None:
    from bot.campaigns.contacts import ContactImportError

    env = CampaignEnv.from_app(endpoint.runtime.channel.bot_app)
    bad = contact_list().replace(OLA.upn.encode() + b"\r\n", b"not a teams id\r\n", 1)
    try:
        CampaignService(env).import_contacts(bad, source="kontakter.csv", actor=SIRI.upn, channel="cli")
    except ContactImportError as error:
        assert [(problem.row, problem.column) for problem in error.problems] == [(2, "teams_id")]
    else:
        raise AssertionError("the bad teams_id was accepted")
