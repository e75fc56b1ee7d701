"""The one object that holds the wiring: settings, clock, database, plan facts, the router.

Channels (handlers/) receive a ``BotApp`` and call ``app.router.handle(message)``; nothing reads
module globals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from bot.access import AccessPolicy
from bot.allocation_service import AllocationService
from bot.clock import Clock
from bot.db import Database
from bot.migrate import upgrade
from bot.planfacts import PlanData, load_plan_data
from bot.qa import QuestionAnswerer
from bot.router import Router, Skill
from bot.settings import Settings
from bot.skills.allocation import AllocationSkill
from bot.skills.help import HelpSkill
from bot.skills.questions import PlanQuestionsSkill
from bot.skills.secretariat import SecretariatCommandsSkill

log = logging.getLogger(__name__)


@dataclass
class BotApp:
    settings: Settings
    clock: Clock
    database: Database
    plan: PlanData

    @cached_property
    def answerer(self) -> QuestionAnswerer:
        return QuestionAnswerer(self.plan)

    @cached_property
    def allocation(self) -> AllocationService:
        return AllocationService(self.plan, self.clock)

    @cached_property
    def router(self) -> Router:
        return Router(database=self.database, clock=self.clock,
                      access=AccessPolicy(self.settings.secretariat_ids), skills=self.skills())

    def skills(self) -> list[Skill]:
        """The skills in the order the router asks them; the plan Q&A takes what is left."""
        return [
            HelpSkill(),
            SecretariatCommandsSkill(),
            AllocationSkill(self.allocation),
            PlanQuestionsSkill(self.answerer),
        ]

    def close(self) -> None:
        self.database.dispose()


def build_app(settings: Settings, *, clock: Clock | None = None, migrate: bool = True) -> BotApp:
    """Wire the bot from settings; applies pending migrations unless told not to."""
    database = Database.from_url(settings.database_url)
    if migrate:
        upgrade(database.engine)
    app = BotApp(settings=settings, clock=clock or Clock.from_setting(settings.kompetansebot_now),
                 database=database, plan=load_plan_data(settings.plan_file))
    return app


def log_channel_status(settings: Settings) -> None:
    """One clear log line per optional channel that is switched off."""
    if not settings.slack_enabled:
        log.info("Slack is disabled: SLACK_BOT_TOKEN is not set")
    if settings.imap_url is None:
        log.info("Email intake is disabled: IMAP_URL is not set")
    if settings.smtp_url is None:
        log.info("Email sending is disabled: SMTP_URL is not set")
