"""Privacy by channel: secretariat output and personal data asked for in a channel go to the asker's DM
(slash commands: ephemeral), the channel's thread gets only "Sendt deg på DM"; plan questions are still
answered in the thread. Real signed requests to the bot's HTTP endpoint, the fake Slack Web API behind it."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.app import BotApp
from bot.messages import Attachment, IncomingMessage, Reply
from handlers.slack import texts
from handlers.slack.replies import post_private
from tests.skills.test_needs_report_skill import ANSWERS
from tests.slack.conftest import SECRETARIAT_USER, SlackEndpoint
from tests.slack.fake_slack import Call, FakeSlack, block_text
from tests.slack.signing import dm_event, mention_event

CHANNEL = "CFORUM"
KARI_EMAIL = "kari@kommune.no"  # the fake's users.info for UKARI


def say(bot_app: BotApp, text: str) -> Reply:
    """Kari in a Slack DM, straight to the router (to set the scene)."""
    return bot_app.router.handle(IncomingMessage(user_id="UKARI", channel="slack", text=text, email=KARI_EMAIL))


def submit_report(bot_app: BotApp) -> str:
    say(bot_app, "meld behov")
    for answer in ANSWERS:
        say(bot_app, answer)
    receipt = say(bot_app, "send")
    assert receipt.intent == "needs_report_submitted"
    return "BM-2027-0001"


def in_channel(call: Call) -> bool:
    return call.params.get("channel") == CHANNEL


def posted_in(endpoint: SlackEndpoint, channel: str) -> list[str]:
    return [block_text(call.params) for call in endpoint.fake.calls_to("chat.postMessage")
            if call.params.get("channel") == channel]


async def test_an_export_asked_for_in_a_channel_is_delivered_in_the_dm(endpoint: SlackEndpoint,
                                                                        bot_app: BotApp) -> None:
    reference = submit_report(bot_app)
    await endpoint.event(mention_event("<@UBOT> eksporter behovsmeldinger", user=SECRETARIAT_USER,
                                       ts="1764300000.000300", client_msg_id="m-export"), event_id="Ev-export")
    [complete] = await endpoint.fake.wait_for_async("files.completeUploadExternal")
    [note] = await endpoint.fake.wait_for_async("chat.postMessage", where=in_channel)
    [opened] = endpoint.fake.calls_to("conversations.open")
    assert opened.params["users"] == SECRETARIAT_USER
    dm = "DADMIN"  # the fake's DM id for UADMIN
    assert complete.params["channel_id"] == dm
    assert sorted(item["title"] for item in complete.params["files"]) == [
        "behovsmeldinger-2026-11-28.csv", "behovsmeldinger-2026-11-28.xlsx"]
    assert len(endpoint.fake.calls_to("upload")) == 2
    assert "1" in "\n".join(posted_in(endpoint, dm))  # the sums as text, in the DM
    # The channel: only the short note, in the thread of the mention; no file, no figures.
    assert block_text(note.params) == texts.SENT_TO_DM
    assert note.params["thread_ts"] == "1764300000.000300"
    assert posted_in(endpoint, CHANNEL) == [texts.SENT_TO_DM]
    assert all(call.params.get("channel_id") != CHANNEL for call in endpoint.fake.calls_to("files.completeUploadExternal"))
    assert reference not in "\n".join(posted_in(endpoint, CHANNEL))


async def test_my_reports_asked_for_in_a_channel_are_listed_in_the_dm(endpoint: SlackEndpoint,
                                                                      bot_app: BotApp) -> None:
    reference = submit_report(bot_app)
    await endpoint.event(mention_event("<@UBOT> mine behovsmeldinger", ts="1764300000.000400",
                                       client_msg_id="m-mine"), event_id="Ev-mine")
    [note] = await endpoint.fake.wait_for_async("chat.postMessage", where=in_channel)
    [listing] = await endpoint.fake.wait_for_async("chat.postMessage", where=lambda call: call.params.get(
        "channel") == "DKARI")
    assert reference in block_text(listing.params)
    assert "thread_ts" not in listing.params or not listing.params["thread_ts"]
    assert block_text(note.params) == texts.SENT_TO_DM
    assert note.params["thread_ts"] == "1764300000.000400"
    assert posted_in(endpoint, CHANNEL) == [texts.SENT_TO_DM]


async def test_a_needs_report_begun_in_a_channel_goes_on_in_the_dm(endpoint: SlackEndpoint) -> None:
    await endpoint.event(mention_event("<@UBOT> meld behov", ts="1764300000.000500", client_msg_id="m-start"),
                         event_id="Ev-start")
    [question] = await endpoint.fake.wait_for_async("chat.postMessage", where=lambda call: call.params.get(
        "channel") == "DKARI")
    assert "Hvilket kompetansenettverk" in block_text(question.params)
    # The answer in the DM continues the same draft; nothing of it was shown in the channel.
    await endpoint.event(dm_event("Valdres", client_msg_id="m-next", ts="1764300000.000600"), event_id="Ev-next")
    answers = await endpoint.fake.wait_for_async("chat.postMessage", count=2, where=lambda call: call.params.get(
        "channel") == "DKARI")
    assert "Hvilken ordning" in block_text(answers[1].params)
    assert posted_in(endpoint, CHANNEL) == [texts.SENT_TO_DM]


async def test_campaign_status_in_a_channel_goes_to_the_secretariat_members_dm(endpoint: SlackEndpoint) -> None:
    await endpoint.event(mention_event("<@UBOT> purrestatus", user=SECRETARIAT_USER, ts="1764300000.000700",
                                       client_msg_id="m-status"), event_id="Ev-status")
    [note] = await endpoint.fake.wait_for_async("chat.postMessage", where=in_channel)
    [status] = await endpoint.fake.wait_for_async("chat.postMessage", where=lambda call: call.params.get(
        "channel") == "DADMIN")
    assert block_text(status.params).strip()
    assert block_text(note.params) == texts.SENT_TO_DM


async def test_plan_questions_in_a_channel_are_answered_in_the_thread(endpoint: SlackEndpoint) -> None:
    await endpoint.event(mention_event("<@UBOT> Når er fristen for årsrapport?", ts="1764300000.000800",
                                       client_msg_id="m-plan"), event_id="Ev-plan")
    [answer] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert answer.params["channel"] == CHANNEL and answer.params["thread_ts"] == "1764300000.000800"
    assert "15. januar 2027" in block_text(answer.params)
    assert endpoint.fake.calls_to("conversations.open") == []


async def test_a_refused_export_stays_a_refusal_in_the_thread(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    reference = submit_report(bot_app)
    await endpoint.event(mention_event("<@UBOT> eksporter behovsmeldinger", ts="1764300000.000900",
                                       client_msg_id="m-refused"), event_id="Ev-refused")
    [answer] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert answer.params["channel"] == CHANNEL
    assert "sekretariatet" in block_text(answer.params) and reference not in block_text(answer.params)
    assert endpoint.fake.calls_to("files.completeUploadExternal") == []


async def test_my_reports_by_slash_command_in_a_channel_are_ephemeral(endpoint: SlackEndpoint,
                                                                      bot_app: BotApp) -> None:
    reference = submit_report(bot_app)
    await endpoint.command("/kompetansebot", "mine behovsmeldinger", response_id="mine")
    [response] = await endpoint.fake.wait_for_async("response_url")
    assert reference in block_text(response.params)
    assert response.params["response_type"] == "ephemeral"
    assert posted_in(endpoint, CHANNEL) == []


async def test_when_the_dm_cannot_be_opened_nothing_private_reaches_the_channel(fake_slack: FakeSlack) -> None:
    client = AsyncWebClient(token="xoxb-500", base_url=fake_slack.url, timeout=5)  # every call fails
    private = Reply("Dine behovsmeldinger: BM-2027-0001", intent="needs_report_list", private=True,
                    attachments=(Attachment("eksport.csv", b"a;b\n", "text/csv"),))
    delivered = await post_private(client, private, user_id="UKARI", channel=CHANNEL, thread_ts="1764300000.001000")
    assert delivered is False
    assert [call.params.get("users") for call in fake_slack.calls_to("conversations.open", ok_only=False)] == ["UKARI"]
    posts = fake_slack.calls_to("chat.postMessage", ok_only=False)
    assert [(call.params["channel"], block_text(call.params)) for call in posts] == [
        (CHANNEL, texts.PRIVATE_DM_FAILED)]
    assert fake_slack.calls_to("files.getUploadURLExternal", ok_only=False) == []
