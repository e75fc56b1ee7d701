"""Fixtures for the Teams tests: the Teams world (token issuer + Bot Connector), a wired bot and its real
``/api/messages`` endpoint on port 0, and helpers that post activities signed like the Bot Framework."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.settings import load_settings
from handlers.teams.config import TeamsConfig
from handlers.teams.service import TeamsRuntime, build_teams
from tests.teams.world import (
    APP_ID,
    APP_PASSWORD,
    BOT_ID,
    TENANT,
    Connector,
    Member,
    TokenIssuer,
    teams_world,
)

KARI = Member("29:kari-teams-id", "aaaaaaaa-0000-4000-8000-00000000a001", "kari@kommune.test", "Kari Nordmann")
SIRI = Member("29:siri-teams-id", "bbbbbbbb-0000-4000-8000-00000000b001", "siri@statsforvalteren.test",
              "Siri Sekretær")
OLA = Member("29:ola-teams-id", "cccccccc-0000-4000-8000-00000000c001", "ola@kommune.test", "Ola Kontakt")
BOT_EMAIL = "kompetansebot@sf.test"


@dataclass
class World:
    issuer: TokenIssuer
    connector: Connector
    ca_file: Path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with teams_world(tmp_path) as (issuer, connector, ca_file):
        for member in (KARI, SIRI, OLA):
            connector.add_member(member)
        yield World(issuer, connector, ca_file)


def teams_settings(world: World, database_url: str, **overrides: Any) -> dict[str, Any]:
    return {"DATABASE_URL": database_url, "SECRETARIAT": SIRI.upn, "BOT_EMAIL": BOT_EMAIL, "SMTP_URL": "smtp://127.0.0.1:2525",
            "TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": APP_PASSWORD, "TEAMS_TENANT_ID": TENANT,
            "TEAMS_OPENID_METADATA_URL": world.issuer.metadata_url, "TEAMS_LOGIN_URL": world.issuer.base, **overrides}


@pytest.fixture
def bot_app(world: World, database_url: str, clock: Clock) -> Iterator[BotApp]:
    app = build_app(load_settings(**teams_settings(world, database_url)), clock=clock)
    try:
        yield app
    finally:
        app.close()


_ids = itertools.count(1)


@dataclass
class Endpoint:
    """The bot's real ``/api/messages`` and helpers to post activities to it."""

    base: str
    world: World
    runtime: TeamsRuntime
    http: httpx.AsyncClient
    sent: list[dict[str, Any]] = field(default_factory=list)

    @property
    def connector(self) -> Connector:
        return self.world.connector

    async def post(self, activity: dict[str, Any], *, token: str | None = None) -> httpx.Response:
        token = token if token is not None else self.world.issuer.sign(str(activity["serviceUrl"]))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(f"{self.base}/api/messages", json=activity, headers=headers)
        self.sent.append(activity)
        return response

    async def settle(self) -> None:
        await self.runtime.channel.drain()

    def activity(self, member: Member, text: str = "", *, channel: bool = False, thread: str | None = None,
                 value: dict[str, Any] | None = None, reply_to: str | None = None,
                 activity_id: str | None = None) -> dict[str, Any]:
        activity_id = activity_id or f"1700000000{next(_ids):06d}"
        if channel:
            root = thread or activity_id
            conversation = {"id": f"19:general@thread.tacv2;messageid={root}", "conversationType": "channel",
                            "isGroup": True, "tenantId": TENANT}
            text = f"<at>kompetansebot</at> {text}"
            entities = [{"type": "mention", "text": "<at>kompetansebot</at>",
                         "mentioned": {"id": BOT_ID, "name": "kompetansebot"}}]
        else:
            conversation = {"id": f"a:personal-{member.teams_id}", "conversationType": "personal", "tenantId": TENANT}
            entities = []
        activity: dict[str, Any] = {
            "type": "message", "id": activity_id, "channelId": "msteams", "serviceUrl": self.connector.service_url,
            "timestamp": "2026-11-28T09:00:00.000Z", "locale": "nb-NO",
            "from": {"id": member.teams_id, "aadObjectId": member.aad, "name": member.name},
            "recipient": {"id": BOT_ID, "name": "kompetansebot"}, "conversation": conversation,
            "channelData": {"tenant": {"id": TENANT}}, "text": text, "entities": entities}
        if value is not None:
            activity["value"] = value
        if reply_to is not None:
            activity["replyToId"] = reply_to
        return activity

    def install(self, member: Member) -> dict[str, Any]:
        """The ``installationUpdate`` Teams sends when a person adds the app (personal scope)."""
        return {"type": "installationUpdate", "action": "add", "id": f"inst-{next(_ids)}", "channelId": "msteams",
                "serviceUrl": self.connector.service_url,
                "from": {"id": member.teams_id, "aadObjectId": member.aad, "name": member.name},
                "recipient": {"id": BOT_ID, "name": "kompetansebot"},
                "conversation": {"id": f"a:personal-{member.teams_id}", "conversationType": "personal",
                                 "tenantId": TENANT},
                "channelData": {"tenant": {"id": TENANT}}}


def make_runtime(bot_app: BotApp, world: World, **options: Any) -> TeamsRuntime:
    config = TeamsConfig.from_settings(bot_app.settings, environ={"SSL_CERT_FILE": str(world.ca_file)})
    assert config is not None
    runtime = build_teams(bot_app, config, **options)
    assert runtime is not None
    return runtime


async def serve(app: Starlette) -> tuple[uvicorn.Server, asyncio.Task[None], int]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off",
                                           access_log=False))
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started
    return server, task, int(server.servers[0].sockets[0].getsockname()[1])


EndpointFactory = Callable[..., Any]


@pytest.fixture
async def endpoint(bot_app: BotApp, world: World) -> AsyncIterator[Endpoint]:
    runtime = make_runtime(bot_app, world)
    server, task, port = await serve(Starlette(routes=runtime.routes()))
    async with httpx.AsyncClient(timeout=30) as http:
        try:
            yield Endpoint(f"http://127.0.0.1:{port}", world, runtime, http)
        finally:
            await runtime.aclose()
            server.should_exit = True
            await task
