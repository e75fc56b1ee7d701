"""The one object that holds the wiring: settings, clock, database, plan facts, the router.

Channels (handlers/) receive a ``BotApp`` and call ``app.router.handle(message)``; nothing reads
module globals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot.access import AccessPolicy
from bot.allocation_service import AllocationService, MissingAllocationData
from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.migrate import upgrade
from bot.needs_report_service import NeedsReportService
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
from calc.errors import AllocationError
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
        month, day = self.needs_report_deadline()
        params = replace(NeedsReportParameters.from_mapping(self.plan.get("needs_report", {})),
                         deadline_month=month, deadline_day=day)
        return build_needs_report_form(network_choices(self.plan.get("networks", [])), params,
                                       scheme_choices(self.plan.get("schemes", [])))

    @cached_property
    def needs_reports(self) -> NeedsReportStore:
        return NeedsReportStore(self.clock)

    @cached_property
    def needs_report_service(self) -> NeedsReportService:
        """The needs report's use case, shared by every channel (chat, email form, Slack modal)."""
        return NeedsReportService(self.needs_report_form, self.needs_reports, AuditLog(self.clock),
                                  deadline_month_day=self.needs_report_deadline(),
                                  secretariat_contact=self.secretariat_contact(),
                                  receipt_mailer=self.receipt_mailer(), estimate=self.network_estimate)

    def network_estimate(self, session: Session, year: int, network_id: str, scheme: str) -> int | None:
        """A network's allocation estimate for a scheme and year (plan 5.8), when statistics and a
        budget for the year are stored; None otherwise."""
        names = {str(entry["id"]): str(entry["name"]) for entry in self.plan.get("networks", [])}
        try:
            result = self.allocation.compute(session, year=year)
        except (MissingAllocationData, AllocationError):
            return None
        if scheme not in result.schemes:
            return None
        found = result.schemes[scheme].network(names.get(network_id, network_id))
        return found.estimate if found is not None else None

    @cached_property
    def needs_report_skill(self) -> NeedsReportSkill:
        return NeedsReportSkill(self.needs_report_service, self.answerer)

    def has_needs_report_draft(self, channel: str, user_id: str) -> bool:
        """Whether the person has a needs report in progress (the console's goodbye asks)."""
        with self.database.session() as session:
            return self.needs_report_service.has_draft(session, channel, user_id)

    @cached_property
    def reports(self) -> ReportsService:
        names = {str(entry["id"]): str(entry["name"]) for entry in self.plan.get("networks", [])}
        schemes = {str(entry["id"]): str(entry.get("name") or entry["id"]) for entry in self.plan.get("schemes", [])}
        return ReportsService(self.needs_report_form, self.needs_reports, self.allocation, names, schemes)

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
            HelpSkill(greeting=self.needs_report_skill.greeting),  # "hei igjen" with a draft names it
            CampaignCommandsSkill.from_app(self),
            ReportsExportSkill(self.reports),
            self.needs_report_skill,
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
