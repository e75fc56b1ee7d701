"""The one object that holds the wiring: settings, clock, database, plan facts, the router.

Channels (handlers/) receive a ``BotApp`` and call ``app.router.handle(message)``; nothing reads
module globals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from bot.access import AccessPolicy
from bot.allocation_service import AllocationService
from bot.clock import Clock
from bot.db import Database
from bot.migrate import upgrade
from bot.needs_reports import NeedsReportStore
from bot.planfacts import PlanData, load_plan_data
from bot.qa import QuestionAnswerer
from bot.reports_service import ReportsService
from bot.router import Router, Skill
from bot.settings import Settings
from bot.skills.allocation import AllocationSkill
from bot.skills.campaign import CampaignCommandsSkill, CampaignReplySkill
from bot.skills.help import HelpSkill
from bot.skills.needs_report import NeedsReportSkill
from bot.skills.questions import PlanQuestionsSkill
from bot.skills.secretariat import ReportsExportSkill
from forms.definition import Form

if TYPE_CHECKING:
    from bot.mail.receipts import ReceiptMailer
from forms.needs_report import NeedsReportParameters, build_needs_report_form, network_choices, scheme_choices

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
    def needs_report_form(self) -> Form:
        return build_needs_report_form(network_choices(self.plan.get("networks", [])),
                                       NeedsReportParameters.from_mapping(self.plan.get("needs_report", {})),
                                       scheme_choices(self.plan.get("schemes", [])))

    @cached_property
    def needs_reports(self) -> NeedsReportStore:
        return NeedsReportStore(self.clock)

    @cached_property
    def reports(self) -> ReportsService:
        names = {str(entry["id"]): str(entry["name"]) for entry in self.plan.get("networks", [])}
        return ReportsService(self.needs_report_form, self.needs_reports, self.allocation, names)

    def needs_report_deadline(self) -> tuple[int, int]:
        """Month and day of the yearly needs-report deadline (plan data, id ``behovsmelding``)."""
        for deadline in self.plan.get("deadlines", []):
            if deadline.get("id") == "behovsmelding":
                rule = deadline["rule"]
                return int(rule["month"]), int(rule["day"])
        raise LookupError("the plan data has no deadline with id 'behovsmelding'")

    def needs_report_sources(self) -> list[str]:
        """The plan sections of the needs-report deadline (plan data)."""
        for deadline in self.plan.get("deadlines", []):
            if deadline.get("id") == "behovsmelding":
                return [str(source) for source in deadline.get("sources", [])]
        return []

    def secretariat_contact(self) -> str | None:
        emails = sorted(item for item in self.settings.secretariat_ids if "@" in item)
        return emails[0] if emails else None

    def receipt_mailer(self) -> ReceiptMailer | None:
        """Receipts by email for reports sent from chat, when the email channel can send (BOT_EMAIL and SMTP_URL)."""
        if not (self.settings.bot_email and self.settings.smtp_url):
            return None
        from bot.mail.config import EmailConfig
        from bot.mail.outbox import Outbox
        from bot.mail.receipts import ReceiptMailer

        outbox = Outbox(self.database, EmailConfig.from_settings(self.settings), clock=self.clock, timer=Clock(),
                        worker_id="receipts")
        return ReceiptMailer(outbox, self.clock)

    @cached_property
    def router(self) -> Router:
        return Router(database=self.database, clock=self.clock,
                      access=AccessPolicy(self.settings.secretariat_ids), skills=self.skills())

    def skills(self) -> list[Skill]:
        """The skills in the order the router asks them; the plan Q&A takes what is left."""
        return [
            CampaignReplySkill.from_app(self),  # "Hei, levert!" from a contact is not a greeting
            HelpSkill(),
            CampaignCommandsSkill.from_app(self),
            ReportsExportSkill(self.reports),
            NeedsReportSkill(self.needs_report_form, self.needs_reports, self.answerer,
                             deadline_month_day=self.needs_report_deadline(),
                             secretariat_contact=self.secretariat_contact(),
                             receipt_mailer=self.receipt_mailer()),
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
