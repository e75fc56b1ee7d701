"""Fixtures for the Slack tests: the fake Web API, a wired bot, and the bot's HTTP endpoint on port 0."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.settings import load_settings
from handlers.slack.app import create_slack_app
from handlers.slack.client import retry_handlers
from handlers.slack.http import build_http_app
from handlers.slack.service import HttpService
from tests.slack.fake_slack import FakeSlack
from tests.slack.signing import FORM, SECRET, command_body, event_body, interaction_body, signed_headers

SECRETARIAT_USER = "UADMIN"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(slow_seconds=3.0).start()
    fake.add_user("UKARI", email="kari@kommune.no", name="Kari")
    fake.add_user(SECRETARIAT_USER, email="siri@sf.no", name="Siri")
    try:
        yield fake
    finally:
        fake.stop()


BotAppFactory = Callable[..., BotApp]


@pytest.fixture
def bot_app_factory(database_url: str, clock: Clock, fake_slack: FakeSlack) -> Iterator[BotAppFactory]:
    """Wire the bot on the test database; keyword arguments override settings (``SECRETARIAT=...``)."""
    made: list[BotApp] = []

    def make(**overrides: Any) -> BotApp:
        values = {"DATABASE_URL": database_url, "SECRETARIAT": SECRETARIAT_USER, "SLACK_BOT_TOKEN": "xoxb-valid",
                  "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake_slack.url,
                  "BOT_EMAIL": "kompetansebot@sf.test", **overrides}
        app = build_app(load_settings(**values), clock=clock)
        made.append(app)
        return app

    try:
        yield make
    finally:
        for app in made:
            app.close()


@pytest.fixture
def bot_app(bot_app_factory: BotAppFactory) -> BotApp:
    return bot_app_factory()


@dataclass
class SlackEndpoint:
    """The bot's real HTTP endpoint, and helpers to post signed requests to it."""

    base: str
    fake: FakeSlack
    http: httpx.AsyncClient

    async def post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        return await self.http.post(f"{self.base}/slack/events", content=body, headers=headers)

    async def event(self, event: dict[str, Any], *, event_id: str = "Ev0001", retry_num: int | None = None
                    ) -> httpx.Response:
        body = event_body(event, event_id=event_id)
        return await self.post(body, signed_headers(body, retry_num=retry_num))

    async def command(self, command: str, text: str = "", *, user_id: str = "UKARI", response_id: str = "r1"
                      ) -> httpx.Response:
        body = command_body(command, text, user_id=user_id, response_url=f"{self.fake.base}/response/{response_id}")
        return await self.post(body, signed_headers(body, content_type=FORM))

    async def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        body = interaction_body(payload)
        return await self.post(body, signed_headers(body, content_type=FORM))


@asynccontextmanager
async def start_endpoint(bot_app: BotApp, fake: FakeSlack, token: str = "xoxb-valid",
                         client_timeout: int = 30) -> AsyncIterator[SlackEndpoint]:
    client = AsyncWebClient(token=token, base_url=fake.url, timeout=client_timeout, retry_handlers=retry_handlers())
    slack_app = create_slack_app(bot_app, client)
    service = HttpService(build_http_app(bot_app.database, slack_app), port=0, host="127.0.0.1",
                          log_level="warning")
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop))
    for _ in range(200):
        if service.started or task.done():
            break
        await asyncio.sleep(0.02)
    assert service.started and service.port, "the bot's HTTP endpoint did not start"
    async with httpx.AsyncClient(timeout=10) as http:
        try:
            yield SlackEndpoint(base=f"http://127.0.0.1:{service.port}", fake=fake, http=http)
        finally:
            stop.set()
            await task


@pytest.fixture
async def endpoint(bot_app: BotApp, fake_slack: FakeSlack) -> AsyncIterator[SlackEndpoint]:
    async with start_endpoint(bot_app, fake_slack) as item:
        yield item
