"""The Web API client: 429 retried after Retry-After, server errors retried, a hanging API never
delays the ack."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from bot.app import BotApp
from tests.slack.conftest import SlackEndpoint, start_endpoint
from tests.slack.fake_slack import FakeSlack, block_text
from tests.slack.signing import dm_event


@pytest.fixture
async def endpoint_for(bot_app: BotApp, fake_slack: FakeSlack, request: pytest.FixtureRequest
                       ) -> AsyncIterator[SlackEndpoint]:
    token, timeout = request.param
    async with start_endpoint(bot_app, fake_slack, token=token, client_timeout=timeout) as item:
        yield item


@pytest.mark.parametrize("endpoint_for", [("xoxb-ratelimited", 30)], indirect=True)
async def test_429_is_retried_after_retry_after_and_delivered(endpoint_for: SlackEndpoint) -> None:
    fake = endpoint_for.fake
    await endpoint_for.event(dm_event("hjelp"))
    [delivered] = await fake.wait_for_async("chat.postMessage", wait=15)
    attempts = fake.calls_to("chat.postMessage", ok_only=False)
    assert [call.status for call in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # waited for Retry-After: 1
    assert "meld behov" in block_text(delivered.params)


@pytest.mark.parametrize("endpoint_for", [("xoxb-flaky", 30)], indirect=True)
async def test_a_server_error_is_retried_and_delivered(endpoint_for: SlackEndpoint) -> None:
    await endpoint_for.event(dm_event("hjelp"))
    await endpoint_for.fake.wait_for_async("chat.postMessage", wait=15)
    statuses = [call.status for call in endpoint_for.fake.calls_to("chat.postMessage", ok_only=False)]
    assert statuses == [500, 200]


@pytest.mark.parametrize("endpoint_for", [("xoxb-500", 30)], indirect=True)
async def test_a_broken_api_is_retried_a_bounded_number_of_times_and_the_bot_keeps_serving(
        endpoint_for: SlackEndpoint) -> None:
    fake = endpoint_for.fake
    response = await endpoint_for.event(dm_event("hjelp"))
    assert response.status_code == 200
    # auth.test fails, so bolt cannot authorize: no listener runs and nothing is posted.
    await fake.wait_for_async("chat.postMessage", wait=1.0)
    assert fake.calls_to("chat.postMessage") == []
    assert 1 <= len(fake.calls_to("auth.test", ok_only=False)) <= 3  # first try + SERVER_ERROR_RETRIES
    health = await endpoint_for.http.get(f"{endpoint_for.base}/healthz")
    assert health.status_code == 200


@pytest.mark.parametrize("endpoint_for", [("xoxb-timeout", 1)], indirect=True)
async def test_a_hanging_api_never_delays_the_ack(endpoint_for: SlackEndpoint) -> None:
    started = time.monotonic()
    commanded = await endpoint_for.command("/kompetansebot", "hjelp")
    evented = await endpoint_for.event(dm_event("hjelp"), event_id="Ev-slow")
    assert commanded.status_code == 200 and evented.status_code == 200
    assert time.monotonic() - started < 3
    # The command's answer goes through response_url, which does not hang.
    [answer] = await endpoint_for.fake.wait_for_async("response_url", wait=5)
    assert "meld behov" in block_text(answer.params)
