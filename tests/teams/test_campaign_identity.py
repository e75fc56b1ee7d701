"""A contact whose Teams sign-in name (UPN) is not the address in the contact list is still the contact:
a typed «levert» and the reminder card's buttons find the campaign recipient by the list's ``teams_id``
(the Entra object id or the UPN)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlmodel import select

from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.tick import CampaignTicker
from bot.clock import OSLO
from bot.models import AuditEntry
from bot.models_campaign import CampaignMeasure, CampaignRecipient
from tests.teams.conftest import KARI, OLA, SIRI, Endpoint

LINK = "https://rapportering.udir.no/skjema/2026"
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=OSLO)
OLA_MAIL = "ola.kontakt@hamar.test"  # Ola signs in to Teams as ola@kommune.test
KARI_MAIL = "kari.nordmann@valdres.test"  # Kari signs in as kari@kommune.test


def contact_list() -> bytes:
    rows = [("Tiltak A for Hamar", "regional", "hamarregionen", OLA.name, OLA_MAIL, "", OLA.upn),
            ("Tiltak C for Valdres", "regional", "valdres", KARI.name, KARI_MAIL, "", KARI.aad)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(("tiltak", "ordning", "nettverk", "navn", "e-post", "slack_id", "teams_id"))
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


async def _campaign(endpoint: Endpoint) -> CampaignEnv:
    bot_app = endpoint.runtime.channel.bot_app
    bot_app.clock.set(MONDAY)
    env = CampaignEnv.from_app(bot_app)
    CampaignService(env).import_contacts(contact_list(), source="kontakter.csv", actor=SIRI.upn, channel="cli")
    for member in (OLA, KARI):
        await endpoint.post(endpoint.install(member))
    await endpoint.settle()
    CampaignService(env).start(kind="arsrapport", year=2026, link=LINK, actor=SIRI.upn, channel="teams")
    CampaignTicker(env).tick()
    assert (await endpoint.runtime.sender.drain())["sent"] == 2
    return env


def _states(env: CampaignEnv, email: str) -> set[str]:
    with env.database.session() as session:
        recipient = session.exec(select(CampaignRecipient).where(CampaignRecipient.email == email)).one()
        return {measure.state for measure in
                session.exec(select(CampaignMeasure).where(CampaignMeasure.recipient_id == recipient.id))}


async def test_typed_levert_from_a_upn_that_is_not_the_contact_address(endpoint: Endpoint) -> None:
    env = await _campaign(endpoint)
    assert _states(env, OLA_MAIL) <= states.OUTSTANDING
    await endpoint.post(endpoint.activity(OLA, "Levert!"))
    await endpoint.settle()
    assert _states(env, OLA_MAIL) == {states.DONE}
    reply = endpoint.connector.messages(f"a:personal-{OLA.teams_id}")[-1]
    assert reply.text and not reply.card
    with env.database.session() as session:
        moves = session.exec(select(AuditEntry).where(AuditEntry.action == "campaign.measure_state")).all()
    assert len(moves) == 1 and "Hamar" in str(moves[0].detail)
    assert _states(env, KARI_MAIL) <= states.OUTSTANDING  # only Ola's own measure


async def test_typed_levert_found_by_the_entra_object_id(endpoint: Endpoint) -> None:
    env = await _campaign(endpoint)
    await endpoint.post(endpoint.activity(KARI, "levert"))
    await endpoint.settle()
    assert _states(env, KARI_MAIL) == {states.DONE}
    assert _states(env, OLA_MAIL) <= states.OUTSTANDING


async def test_card_button_from_a_upn_that_is_not_the_contact_address(endpoint: Endpoint) -> None:
    env = await _campaign(endpoint)
    for member, email in ((OLA, OLA_MAIL), (KARI, KARI_MAIL)):
        [posted] = [item for item in endpoint.connector.messages(f"a:personal-{member.teams_id}") if item.card]
        assert posted.card is not None
        press: dict[str, Any] = next(dict(action["data"]) for action in posted.card["actions"]
                                     if action.get("title") == "Levert")
        await endpoint.post(endpoint.activity(member, "", value=press, reply_to=posted.activity_id))
        await endpoint.settle()
        assert _states(env, email) == {states.DONE}
        assert "gjelder" not in endpoint.connector.messages(f"a:personal-{member.teams_id}")[-1].text
