"""DMs and mentions answered through the real router; retries and duplicates answered once."""

from __future__ import annotations

import asyncio
import time

from tests.slack.conftest import SlackEndpoint
from tests.slack.fake_slack import block_text
from tests.slack.signing import dm_event, mention_event


async def test_dm_is_answered_in_the_dm(endpoint: SlackEndpoint) -> None:
    started = time.monotonic()
    response = await endpoint.event(dm_event("hjelp"))
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert call.params["channel"] == "DKARI"
    assert not call.params.get("thread_ts")
    assert "meld behov" in block_text(call.params)  # the router's help text
    assert call.params["text"]  # a notification text goes with the blocks


async def test_a_plan_question_in_a_dm_gets_the_dated_sourced_answer(endpoint: SlackEndpoint) -> None:
    await endpoint.event(dm_event("Når er fristen for årsrapport?"))
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    text = block_text(call.params)
    assert "15. januar 2027" in text  # the test clock is 28 November 2026
    assert "punkt 10" in text


async def test_text_outside_the_plan_gets_a_friendly_answer(endpoint: SlackEndpoint) -> None:
    await endpoint.event(dm_event("xyzzy plugh"))
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert "Jeg kan svare på" in block_text(call.params)


async def test_mention_is_answered_in_the_thread_without_the_mention(endpoint: SlackEndpoint) -> None:
    await endpoint.event(mention_event("<@UBOT> hjelp", ts="1764300000.000200"))
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert call.params["channel"] == "CFORUM"
    assert call.params["thread_ts"] == "1764300000.000200"
    assert "meld behov" in block_text(call.params)


async def test_mention_inside_a_thread_stays_in_that_thread(endpoint: SlackEndpoint) -> None:
    await endpoint.event(mention_event("<@UBOT> hjelp", ts="1764300000.000300", thread_ts="1764300000.000001"))
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert call.params["thread_ts"] == "1764300000.000001"


async def test_a_retried_event_gets_one_reply(endpoint: SlackEndpoint) -> None:
    event = dm_event("hjelp")
    first = await endpoint.event(event, event_id="Ev-retry")
    # Slack's retry comes while the first attempt may still run, with the same event id.
    again = await asyncio.gather(*(endpoint.event(event, event_id="Ev-retry", retry_num=n) for n in (1, 2, 3)))
    assert first.status_code == 200 and all(item.status_code == 200 for item in again)
    await endpoint.fake.wait_for_async("chat.postMessage", count=2, wait=1.5)
    assert len(endpoint.fake.calls_to("chat.postMessage")) == 1


async def test_mention_arriving_as_app_mention_and_message_is_answered_once(endpoint: SlackEndpoint) -> None:
    mention = mention_event("<@UBOT> hjelp", ts="1764300000.000400", client_msg_id="m-both")
    as_message = {**mention, "type": "message", "channel_type": "channel"}
    await endpoint.event(as_message, event_id="Ev-a")
    await endpoint.event(mention, event_id="Ev-b")
    await endpoint.fake.wait_for_async("chat.postMessage", count=2, wait=1.5)
    assert len(endpoint.fake.calls_to("chat.postMessage")) == 1

    # The same in a DM, where the bot reads both event types.
    dm_mention = {**mention_event("<@UBOT> hjelp", ts="1764300000.000500", client_msg_id="m-dm", channel="DKARI"),
                  "channel_type": "im"}
    await endpoint.event(dm_mention, event_id="Ev-c")
    await endpoint.event({**dm_mention, "type": "message"}, event_id="Ev-d")
    await endpoint.fake.wait_for_async("chat.postMessage", count=3, wait=1.5)
    assert len(endpoint.fake.calls_to("chat.postMessage")) == 2


async def test_channel_messages_without_a_mention_edits_and_bots_are_ignored(endpoint: SlackEndpoint) -> None:
    await endpoint.event({**dm_event("hjelp", channel="CFORUM"), "channel_type": "channel"}, event_id="Ev-1")
    await endpoint.event(dm_event("hjelp", subtype="message_changed", client_msg_id=None), event_id="Ev-2")
    await endpoint.event(dm_event("hjelp", bot_id="BOTHER", client_msg_id="m-bot"), event_id="Ev-3")
    await endpoint.event(dm_event("hjelp", user="UBOT", client_msg_id="m-self"), event_id="Ev-4")
    await endpoint.fake.wait_for_async("chat.postMessage", wait=1.0)
    assert endpoint.fake.calls_to("chat.postMessage") == []


async def test_each_answer_is_within_block_kit_limits(endpoint: SlackEndpoint) -> None:
    await endpoint.event(dm_event("hjelp"))
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    blocks = call.params["blocks"]
    assert 0 < len(blocks) <= 50
    assert all(len(block["text"]["text"]) <= 3000 for block in blocks if "text" in block)


async def test_messages_sent_together_by_one_person_are_all_answered(endpoint: SlackEndpoint) -> None:
    # A new person's first messages race to create their conversation; each must get a real answer.
    events = [dm_event("hjelp", user="UNEW", channel="DNEW", ts=f"1764300001.00000{n}", client_msg_id=f"m-n{n}")
              for n in range(6)]
    responses = await asyncio.gather(*(endpoint.event(event, event_id=f"Ev-n{n}") for n, event in enumerate(events)))
    assert all(response.status_code == 200 for response in responses)
    replies = await endpoint.fake.wait_for_async("chat.postMessage", count=6)
    assert len(replies) == 6
    assert all("meld behov" in block_text(call.params) for call in replies)
