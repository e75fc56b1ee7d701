"""Long-running services for ``kompetansebot serve``: the HTTP server and Socket Mode.

A service has a ``name`` and ``async run(stop)``: it runs until ``stop`` is set and then cleans
up; returning early or raising ends the whole process (so the process manager restarts it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import uvicorn
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from handlers.slack.app import create_slack_app
from handlers.slack.client import build_web_client
from handlers.slack.dedup import EventStore
from handlers.slack.deps import SlackDeps
from handlers.slack.dm_sender import SlackDmSender, SlackDmService
from handlers.slack.http import build_http_app

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)


class Service(Protocol):
    name: str

    async def run(self, stop: asyncio.Event) -> None: ...


class SocketModeStalled(RuntimeError):
    """The Socket Mode connection stayed down longer than allowed; restart the process."""


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: ``serve`` owns SIGINT/SIGTERM for every service."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class HttpService:
    name = "http"

    def __init__(self, app: Starlette, *, port: int, host: str = "0.0.0.0", log_level: str = "info") -> None:
        self._config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False,
                                      log_level=log_level.lower(), lifespan="off")
        self._server = _Server(self._config)

    @property
    def port(self) -> int | None:
        """The bound port once started (useful with port 0)."""
        for server in getattr(self._server, "servers", []):
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return None

    @property
    def started(self) -> bool:
        return bool(self._server.started)

    async def run(self, stop: asyncio.Event) -> None:
        serving = asyncio.create_task(self._server.serve())
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._server.should_exit = True
            stopping.cancel()
            await serving
        if not stop.is_set():
            raise RuntimeError("the HTTP server stopped on its own")


class SocketModeService:
    name = "slack-socket-mode"

    def __init__(self, slack_app: AsyncApp, app_token: str, *, ping_interval: float = 10,
                 check_interval: float = 15, max_disconnected: float = 300) -> None:
        self.handler = AsyncSocketModeHandler(slack_app, app_token, ping_interval=ping_interval)
        self._check_interval = check_interval
        self._max_disconnected = max_disconnected
        self._connected = False

    def status(self) -> dict[str, Any]:
        return {"slack": "socket_mode" if self._connected else "disconnected"}

    async def run(self, stop: asyncio.Event) -> None:
        await self.handler.connect_async()
        self._connected = True
        log.info("Slack is connected over Socket Mode")
        last_ok = time.monotonic()
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self._check_interval)
                if stop.is_set():
                    break
                # The SDK reconnects by itself; this watchdog catches the zombie connections it misses.
                self._connected = await self.handler.client.is_connected()
                if self._connected:
                    last_ok = time.monotonic()
                elif time.monotonic() - last_ok > self._max_disconnected:
                    raise SocketModeStalled(f"Socket Mode disconnected for more than {self._max_disconnected:.0f} s")
        finally:
            self._connected = False
            await self.handler.close_async()


def _secret(value: SecretStr | None) -> str | None:
    """An empty variable (``SLACK_APP_TOKEN=``) counts as not set."""
    return value.get_secret_value().strip() or None if value is not None else None


def slack_services(bot_app: BotApp, *, client: AsyncWebClient | None = None, host: str = "0.0.0.0",
                   extra_routes: Sequence[BaseRoute] = (),
                   extra_status: Callable[[], dict[str, Any]] | None = None) -> list[Service]:
    """The services for the settings: none without ``SLACK_BOT_TOKEN``; Socket Mode when
    ``SLACK_APP_TOKEN`` is set, else HTTP. With Slack on, the HTTP server runs on ``PORT`` in both
    modes (``/healthz``); ``/slack/events`` only in HTTP mode; the Slack outbox sender (campaign
    reminders by DM) in both. ``extra_routes`` (other HTTP channels) are served by the same server,
    which then runs with Slack off too.
    """
    settings = bot_app.settings
    database = bot_app.database

    def with_extra(status: dict[str, Any]) -> dict[str, Any]:
        return {**status, **(extra_status() if extra_status else {})}

    if not _secret(settings.slack_bot_token):
        if not extra_routes:
            return []
        return [HttpService(build_http_app(database, status=lambda: with_extra({"slack": "disabled"}),
                                           extra_routes=extra_routes),
                            port=settings.port, host=host, log_level=settings.log_level)]
    events = EventStore(database, bot_app.clock)
    pruned = events.prune()
    if pruned:
        log.info("forgot %d old Slack event ids", pruned)
    deps = SlackDeps(bot_app=bot_app, events=events)
    client = client or build_web_client(settings)
    dms = SlackDmService(SlackDmSender(bot_app, client))
    app_token = _secret(settings.slack_app_token)
    if app_token:
        slack_app = create_slack_app(bot_app, client, socket_mode=True, deps=deps)
        socket = SocketModeService(slack_app, app_token)
        return [socket, HttpService(build_http_app(database, status=lambda: with_extra(socket.status()),
                                                   extra_routes=extra_routes),
                                    port=settings.port, host=host, log_level=settings.log_level), dms]
    slack_app = create_slack_app(bot_app, client, deps=deps)
    log.info("Slack over HTTP at /slack/events on port %d", settings.port)
    return [HttpService(build_http_app(database, slack_app, status=lambda: with_extra({"slack": "http"}),
                                       extra_routes=extra_routes),
                        port=settings.port, host=host, log_level=settings.log_level), dms]
