"""Socket Mode: the handler built from the settings with a fake app token, connected to a local
WebSocket (aiohttp on port 0) that the fake Web API hands out, events acked and answered."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from bot.app import BotApp
from handlers.slack.dm_sender import SlackDmService
from handlers.slack.service import HttpService, SocketModeService, SocketModeStalled, slack_services
from tests.slack.conftest import BotAppFactory
from tests.slack.fake_slack import FakeSlack, block_text
from tests.slack.signing import dm_event, event_body


@dataclass
class FakeSocket:
    """Slack's Socket Mode end: says hello, sends envelopes, records the acks."""

    url: str = ""
    acks: list[dict[str, Any]] = field(default_factory=list)
    outbox: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    connections: int = 0
    sockets: list[web.WebSocketResponse] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A0001"}}))
        sender = asyncio.create_task(self._send(ws))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(message.data))
        finally:
            sender.cancel()
        return ws

    async def _send(self, ws: web.WebSocketResponse) -> None:
        while True:
            envelope = await self.outbox.get()
            await ws.send_str(json.dumps(envelope))

    async def wait_for_ack(self, envelope_id: str, wait: float = 5.0) -> dict[str, Any]:
        for _ in range(int(wait / 0.05)):
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            await asyncio.sleep(0.05)
        raise AssertionError(f"no ack for {envelope_id}: {self.acks}")


@pytest.fixture
async def fake_socket(fake_slack: FakeSlack) -> AsyncIterator[tuple[FakeSocket, web.AppRunner]]:
    socket = FakeSocket()
    app = web.Application()
    app.router.add_get("/link", socket.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    socket.url = f"ws://127.0.0.1:{port}/link"
    fake_slack.socket_url = socket.url
    try:
        yield socket, runner
    finally:
        for ws in socket.sockets:
            await ws.close()
        await runner.cleanup()


def socket_mode_app(bot_app_factory: BotAppFactory) -> BotApp:
    # No signing secret: Socket Mode needs none.
    return bot_app_factory(SLACK_APP_TOKEN="xapp-1-A0001-fake", SLACK_SIGNING_SECRET="")


async def test_services_for_socket_mode_and_http(bot_app_factory: BotAppFactory) -> None:
    socket_services = slack_services(socket_mode_app(bot_app_factory))
    assert [type(service) for service in socket_services] == [SocketModeService, HttpService, SlackDmService]
    assert isinstance(socket_services[0], SocketModeService)
    assert socket_services[0].handler.app_token == "xapp-1-A0001-fake"
    await socket_services[0].handler.close_async()
    assert [type(service) for service in slack_services(bot_app_factory())] == [HttpService, SlackDmService]
    assert slack_services(bot_app_factory(SLACK_BOT_TOKEN="")) == []


async def test_socket_mode_connects_acks_and_answers(bot_app_factory: BotAppFactory, fake_slack: FakeSlack,
                                                    fake_socket: tuple[FakeSocket, web.AppRunner]) -> None:
    socket, _ = fake_socket
    service = slack_services(socket_mode_app(bot_app_factory))[0]
    assert isinstance(service, SocketModeService)
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop))
    try:
        for _ in range(100):
            if service.status()["slack"] == "socket_mode":
                break
            await asyncio.sleep(0.05)
        assert service.status() == {"slack": "socket_mode"}
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.token == "xapp-1-A0001-fake"

        payload = json.loads(event_body(dm_event("hjelp"), event_id="Ev-socket"))
        await socket.outbox.put({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                                 "retry_attempt": 0, "retry_reason": "", "payload": payload})
        await socket.wait_for_ack("env-1")
        [reply] = await fake_slack.wait_for_async("chat.postMessage")
        assert reply.params["channel"] == "DKARI" and "meld behov" in block_text(reply.params)

        # Slack's retry of the same event over the socket is acked and not answered again.
        await socket.outbox.put({"envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False,
                                 "retry_attempt": 1, "retry_reason": "timeout", "payload": payload})
        await socket.wait_for_ack("env-2")
        await fake_slack.wait_for_async("chat.postMessage", count=2, wait=1.0)
        assert len(fake_slack.calls_to("chat.postMessage")) == 1

        command = {"command": "/kompetansebot", "text": "hjelp", "user_id": "UKARI", "channel_id": "CFORUM",
                   "team_id": "T0001", "response_url": f"{fake_slack.base}/response/socket", "trigger_id": "t"}
        await socket.outbox.put({"envelope_id": "env-3", "type": "slash_commands", "accepts_response_payload": True,
                                 "payload": command})
        await socket.wait_for_ack("env-3")
        [answer] = await fake_slack.wait_for_async("response_url")
        assert "meld behov" in block_text(answer.params)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
    assert service.handler.client.closed


async def test_watchdog_ends_the_service_when_the_socket_stays_down(
        bot_app_factory: BotAppFactory, fake_slack: FakeSlack, fake_socket: tuple[FakeSocket, web.AppRunner]) -> None:
    socket, runner = fake_socket
    service = slack_services(socket_mode_app(bot_app_factory))[0]
    assert isinstance(service, SocketModeService)
    service.handler.client.ping_interval = 0.2
    service._check_interval, service._max_disconnected = 0.1, 1.0
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop))
    try:
        for _ in range(100):
            if socket.connections:
                break
            await asyncio.sleep(0.05)
        assert socket.connections == 1
        for ws in socket.sockets:  # Slack goes away and does not come back
            await ws.close()
        await runner.cleanup()
        with pytest.raises(SocketModeStalled):
            await asyncio.wait_for(task, 15)
        assert service.status() == {"slack": "disconnected"}
    finally:
        stop.set()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, SocketModeStalled):
                await task
