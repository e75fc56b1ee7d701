"""Slash commands: acked at once, answered through the router, secretariat-only ones refused."""

from __future__ import annotations

import time

from sqlmodel import select

from bot.app import BotApp
from bot.models import AuditEntry
from tests.slack.conftest import SECRETARIAT_USER, BotAppFactory, SlackEndpoint, start_endpoint
from tests.slack.fake_slack import FakeSlack, block_text


async def test_kompetansebot_hjelp_answers_ephemerally_after_the_ack(endpoint: SlackEndpoint) -> None:
    started = time.monotonic()
    response = await endpoint.command("/kompetansebot", "hjelp")
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    [answer] = await endpoint.fake.wait_for_async("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert "meld behov" in block_text(answer.params)


async def test_empty_kompetansebot_command_is_help(endpoint: SlackEndpoint) -> None:
    await endpoint.command("/kompetansebot", "")
    [answer] = await endpoint.fake.wait_for_async("response_url")
    assert "meld behov" in block_text(answer.params)


async def test_purring_from_someone_else_is_refused_politely_and_audited(endpoint: SlackEndpoint,
                                                                         bot_app: BotApp) -> None:
    response = await endpoint.command("/purring", "start årsrapport", user_id="UKARI")
    assert response.status_code == 200
    [answer] = await endpoint.fake.wait_for_async("response_url")
    assert "bare sekretariatet" in block_text(answer.params)
    with bot_app.database.session() as session:
        entries = list(session.exec(select(AuditEntry).where(AuditEntry.outcome == "refused")))
    assert [(entry.actor, entry.channel, entry.action) for entry in entries] == [("UKARI", "slack", "refused:/purring")]
    assert entries[0].detail["email"] == "kari@kommune.no"


async def test_purring_from_the_secretariat_is_not_refused(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    await endpoint.command("/purring", "status", user_id=SECRETARIAT_USER)
    [answer] = await endpoint.fake.wait_for_async("response_url")
    assert "bare sekretariatet" not in block_text(answer.params)
    with bot_app.database.session() as session:
        refused = list(session.exec(select(AuditEntry).where(AuditEntry.outcome == "refused")))
    assert refused == []


async def test_purring_status_shows_the_running_campaign(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    from bot.campaigns.env import CampaignEnv
    from bot.campaigns.service import CampaignService
    from tests.campaign.helpers import LINK, contacts_csv, make_contacts

    await endpoint.command("/purring", "status", user_id=SECRETARIAT_USER, response_id="none")
    # The command is answered in the background: wait for that answer before a campaign exists.
    await endpoint.fake.wait_for_async("response_url", 1)
    from dataclasses import replace

    env = CampaignEnv.from_app(bot_app)
    env.mail_setup = replace(env.mail_setup, smtp=True)  # mail is set up; this test only looks at the status
    service = CampaignService(env)
    service.import_contacts(contacts_csv(make_contacts(2, measures_per=(2,))), source="k.csv", actor="t", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
    await endpoint.command("/purring", "status", user_id=SECRETARIAT_USER, response_id="running")
    answers = {call.path: block_text(call.params) for call in await endpoint.fake.wait_for_async("response_url", 2)}
    assert "Levert" not in answers["/response/none"]
    assert "Purring for årsrapporteringen for 2026" in answers["/response/running"]
    assert "Levert: 0 av 4 tiltak" in answers["/response/running"]


async def test_secretariat_named_by_email_is_found_through_users_info(bot_app_factory: BotAppFactory,
                                                                      fake_slack: FakeSlack) -> None:
    fake_slack.add_user("USIRI", email="Siri@SF.no", name="Siri")
    fake_slack.add_user("UOLA", email="ola@kommune.no", name="Ola")
    async with start_endpoint(bot_app_factory(SECRETARIAT="siri@sf.no"), fake_slack) as endpoint:
        await endpoint.command("/purring", "status", user_id="USIRI", response_id="siri")
        await endpoint.command("/purring", "status", user_id="UOLA", response_id="ola")
        answers = {call.path: block_text(call.params) for call in await fake_slack.wait_for_async("response_url", 2)}
        assert "bare sekretariatet" not in answers["/response/siri"]
        assert "bare sekretariatet" in answers["/response/ola"]


async def test_behov_opens_a_modal_with_the_trigger_id(endpoint: SlackEndpoint) -> None:
    response = await endpoint.command("/behov")
    assert response.status_code == 200
    [opened] = await endpoint.fake.wait_for_async("views.open")
    assert opened.params["trigger_id"] == "T-trigger-1"
    assert opened.params["view"]["type"] == "modal"


async def test_frist_and_fordeling_reach_the_router(endpoint: SlackEndpoint) -> None:
    await endpoint.command("/frist", "fristen for årsrapport", response_id="frist")
    await endpoint.command("/fordeling", "desentralisert 31,45 mill", response_id="fordeling")
    answers = await endpoint.fake.wait_for_async("response_url", count=2)
    assert {call.path for call in answers} == {"/response/frist", "/response/fordeling"}
    assert all(block_text(call.params).strip() for call in answers)
