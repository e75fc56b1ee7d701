"""``create_slack_app``: the bolt ``AsyncApp`` with every surface's listeners registered."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.error import BoltError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack import commands, home, messages, modal
from handlers.slack.client import build_web_client
from handlers.slack.dedup import EventStore
from handlers.slack.deps import SlackDeps

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)

BOLT_LOGGER = "handlers.slack.bolt"
# Library loggers that put request or message bodies in their INFO/DEBUG lines ("Invalid request signature
# detected (... body: ...)", "Sending a request - ... json_body: ..."): never below these levels, whatever
# LOG_LEVEL says.
QUIET_LOGGERS = {"slack_bolt": logging.WARNING, BOLT_LOGGER: logging.WARNING, "slack_sdk": logging.INFO}


def quiet_library_loggers() -> None:
    """Raise the libraries' loggers to ``QUIET_LOGGERS`` (before the app is built: bolt copies the level of
    the app's logger into each middleware's and listener's own logger)."""
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.level < level:
            logger.setLevel(level)


class SlackConfigError(BoltError):
    """The settings do not allow the Slack channel to start in the asked mode."""


def create_slack_app(bot_app: BotApp, client: AsyncWebClient | None = None, *, socket_mode: bool = False,
                     signing_secret: str | None = None, deps: SlackDeps | None = None) -> AsyncApp:
    """The Slack app for ``bot_app``.

    Args:
        bot_app: the wiring (router, database, clock, settings).
        client: the Web API client; by default built from the settings (``SLACK_API_URL``, retries).
        socket_mode: requests come over Socket Mode (no signature to verify, no secret needed).
        signing_secret: overrides ``SLACK_SIGNING_SECRET``; HTTP mode refuses to start without one.
        deps: what listeners get as ``deps``; by default built from ``bot_app``.
    """
    settings = bot_app.settings
    secret = signing_secret or (settings.slack_signing_secret.get_secret_value()
                                if settings.slack_signing_secret else None)
    if not socket_mode and not secret:
        raise SlackConfigError("SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN "
                               "for Socket Mode)")
    quiet_library_loggers()
    deps = deps or SlackDeps(bot_app=bot_app, events=EventStore(bot_app.database, bot_app.clock))
    app = AsyncApp(client=client or build_web_client(settings), signing_secret=secret or None,
                   request_verification_enabled=bool(secret) and not socket_mode,
                   process_before_response=False, name="kompetansebot",
                   logger=logging.getLogger(BOLT_LOGGER))
    app.middleware(_inject(deps))
    for surface in (messages, commands, home, modal):
        surface.register(app)
    app.error(_log_error)
    return app


def _inject(deps: SlackDeps) -> Callable[..., Awaitable[None]]:
    async def inject_deps(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
        context["deps"] = deps
        await next()

    return inject_deps


async def _log_error(error: Exception, body: dict[str, Any]) -> None:
    log.error("Slack listener failed for %s: %s", body.get("type"), error, exc_info=error)
