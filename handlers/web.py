"""The one HTTP server of ``kompetansebot serve``: ``/healthz``, Slack's ``/slack/events`` and Teams'
``/api/messages`` (with its download links) on ``PORT``, plus each channel's background services.

Teams is off, with one log line, when ``TEAMS_APP_ID`` is not set; Slack as before
(``handlers.slack.service``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.slack.service import Service, slack_services
from handlers.teams.service import build_teams, teams_services

if TYPE_CHECKING:
    from bot.app import BotApp


def web_services(bot_app: BotApp) -> list[Service]:
    teams = build_teams(bot_app)
    services: list[Service] = list(slack_services(bot_app, extra_routes=teams.routes() if teams else (),
                                                  extra_status=teams.status if teams else None))
    services += teams_services(bot_app, teams) if teams is not None else []
    return services
