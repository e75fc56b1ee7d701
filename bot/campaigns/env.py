"""What the campaign code needs from the app, passed in (never read from globals)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.access import SECRETARIAT_ROLE
from bot.audit import AuditLog
from bot.calendar import NorwegianCalendar
from bot.campaigns.planinfo import PlanInfo
from bot.clock import OSLO, Clock
from bot.db import Database
from bot.models import Person, PersonRole

if TYPE_CHECKING:
    from bot.app import BotApp
    from bot.mail.outbox import Outbox

ACTOR = "kompetansebot"
CHANNEL = "scheduler"


def utc(value: datetime) -> datetime:
    """Stored times are UTC (SQLite keeps the wall-clock text of what it is given)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=OSLO)
    return value.astimezone(UTC)


def aware(value: datetime | None) -> datetime | None:
    """A stored time back as an aware Europe/Oslo time (SQLite returns naive UTC text)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(OSLO)


def must(value: datetime | None) -> datetime:
    found = aware(value)
    assert found is not None
    return found


@dataclass(frozen=True)
class MailSetup:
    """Which parts of the email channel are configured (read from settings by ``from_app``)."""

    bot_email: bool = True
    smtp: bool = True
    imap: bool = True

    @classmethod
    def from_settings(cls, settings: Any) -> MailSetup:
        return cls(bot_email=bool(settings.bot_email), smtp=settings.smtp_url is not None,
                   imap=settings.imap_url is not None)


@dataclass
class CampaignEnv:
    database: Database
    clock: Clock
    plan: Mapping[str, Any]
    outbox: Outbox | None = None
    secretariat_ids: frozenset[str] = frozenset()
    answerer_source: Callable[[], Any] | None = None
    """Gives the plan Q&A (``bot.qa.QuestionAnswerer``) when a reply asks a question; built lazily."""
    timer: Clock = field(default_factory=Clock)
    calendar: NorwegianCalendar = field(default_factory=NorwegianCalendar)
    slack_dms: bool = True
    """Whether reminders also go as Slack DMs to contacts with a Slack id (Slack is set up)."""
    mail_setup: MailSetup = field(default_factory=MailSetup)
    teams_dms: bool = True
    """Whether reminders also go as Teams cards to contacts with a Teams id (Teams is set up)."""

    def __post_init__(self) -> None:
        self.audit = AuditLog(self.clock)

    @classmethod
    def from_app(cls, bot_app: BotApp, *, outbox: Outbox | None = None) -> CampaignEnv:
        return cls(database=bot_app.database, clock=bot_app.clock, plan=bot_app.plan,
                   outbox=outbox if outbox is not None else outbox_for(bot_app),
                   secretariat_ids=bot_app.settings.secretariat_ids, answerer_source=lambda: bot_app.answerer,
                   slack_dms=bot_app.settings.slack_enabled, mail_setup=MailSetup.from_settings(bot_app.settings),
                   teams_dms=bot_app.settings.teams_app_id is not None)

    @property
    def answerer(self) -> Any | None:
        return self.answerer_source() if self.answerer_source is not None else None

    def info(self, kind: str = "arsrapport") -> PlanInfo:
        return PlanInfo(self.plan, kind)

    def now(self) -> datetime:
        return self.clock.now()

    def secretariat_addresses(self, session: Session) -> list[str]:
        """Email addresses of the secretariat: SECRETARIAT entries with an @, and people holding the role."""
        found = {item for item in self.secretariat_ids if "@" in item}
        rows = session.exec(select(func.lower(col(Person.email))).join(
            PersonRole, col(PersonRole.person_id) == col(Person.id)).where(
            PersonRole.role == SECRETARIAT_ROLE, col(Person.email).is_not(None))).all()
        found |= {str(row) for row in rows if row}
        return sorted(found)


def outbox_for(bot_app: BotApp) -> Outbox | None:
    """An outbox writer from the app's settings, or None when BOT_EMAIL is not set."""
    settings = bot_app.settings
    if not settings.bot_email:
        return None
    from bot.mail.config import EmailConfig
    from bot.mail.outbox import Outbox

    return Outbox(bot_app.database, EmailConfig.from_settings(settings), clock=bot_app.clock, timer=Clock(),
                  worker_id="campaign")
