"""Wiring the Teams channel for ``kompetansebot serve``: its HTTP routes (mounted on the one HTTP server
beside Slack's ``/slack/events`` and ``/healthz``) and its service (the Teams outbox sender).

Teams is off, with one log line, when ``TEAMS_APP_ID`` is not set.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from starlette.routing import Route

from bot.teams_outbox import TeamsOutbox
from handlers.teams.auth import TokenValidator
from handlers.teams.bot_token import BotTokenProvider
from handlers.teams.channel import TeamsChannel
from handlers.teams.config import TeamsConfig
from handlers.teams.connector import ConnectorClient, TokenSource
from handlers.teams.files import FileLinks
from handlers.teams.sender import TeamsSender, TeamsSenderService
from handlers.teams.store import TeamsStore

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)


@dataclass
class TeamsRuntime:
    """Everything the channel and its sender share: one HTTP client, one token provider, one store."""

    config: TeamsConfig
    http: httpx.AsyncClient
    channel: TeamsChannel
    sender: TeamsSender
    tokens: TokenSource

    def routes(self) -> list[Route]:
        return self.channel.routes()

    def status(self) -> dict[str, str]:
        return {"teams": "enabled"}

    async def aclose(self) -> None:
        await self.channel.drain()
        await self.http.aclose()
        closer = getattr(self.tokens, "close", None)
        if callable(closer):
            closer()


def build_teams(bot_app: BotApp, config: TeamsConfig | None = None, *, tokens: TokenSource | None = None,
                http: httpx.AsyncClient | None = None, typing_delay: float = 1.5,
                connector_max_wait: float = 20.0) -> TeamsRuntime | None:
    """The Teams channel for the settings, or None (one log line) when ``TEAMS_APP_ID`` is not set."""
    config = config or TeamsConfig.from_settings(bot_app.settings)
    if config is None:
        log.info("Teams is disabled: TEAMS_APP_ID is not set")
        return None
    http = http or httpx.AsyncClient(verify=config.verify(), timeout=30, follow_redirects=False)
    tokens = tokens or BotTokenProvider(config)
    store = TeamsStore(bot_app.database, bot_app.clock)
    pruned = store.prune()
    if pruned:
        log.info("forgot %d old Teams activity ids", pruned)
    connector = ConnectorClient(http, tokens, max_wait=connector_max_wait)
    validator = TokenValidator(app_id=config.app_id, metadata_url=config.openid_metadata_url, http=http)
    channel = TeamsChannel(bot_app, validator=validator, connector=connector, store=store, files=FileLinks(),
                           typing_delay=typing_delay)
    sender = TeamsSender(bot_app.database, TeamsOutbox(bot_app.database, bot_app.clock), connector, store,
                         bot_id=f"28:{config.app_id}")
    log.info("Teams at /api/messages (app %s, tenant %s)", config.app_id, config.tenant_id or "any")
    return TeamsRuntime(config=config, http=http, channel=channel, sender=sender, tokens=tokens)


def teams_services(bot_app: BotApp, runtime: TeamsRuntime | None = None) -> list[TeamsSenderService]:
    """The Teams outbox sender (the routes are served by the shared HTTP server)."""
    runtime = runtime or build_teams(bot_app)
    return [TeamsSenderService(runtime.sender, on_stop=runtime.aclose)] if runtime is not None else []
