"""What the App Home shows, read from the database and the plan (no Slack here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot.calendar import AnnualWheel, RuleError, format_date, format_relative
from bot.campaigns.env import CampaignEnv
from bot.campaigns.planinfo import PlanInfo
from bot.campaigns.status import status_text
from bot.models import NeedsReport
from bot.needs_report_service import NeedsReportService, owner_key
from bot.needs_reports import DRAFT, SUBMITTED

if TYPE_CHECKING:
    from bot.app import BotApp

MAX_LISTED = 10


@dataclass(frozen=True)
class ReportLine:
    id: int
    reference: str | None
    title: str
    updated: date
    answered: int = 0


@dataclass(frozen=True)
class DeadlineLine:
    label: str
    when: str
    relative: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReceivedLine:
    year: int | None
    network: str
    scheme: str
    count: int


@dataclass
class HomeData:
    is_secretariat: bool
    drafts: list[ReportLine] = field(default_factory=list)
    submitted: list[ReportLine] = field(default_factory=list)
    deadlines: list[DeadlineLine] | None = None
    received: list[ReceivedLine] = field(default_factory=list)
    more_drafts: int = 0
    more_submitted: int = 0
    campaign: str | None = None  # the running (or latest) reminder campaign's status, secretariat only
    campaign_year: int | None = None  # the budget year a campaign started today would chase


def owner_keys(user_id: str, email: str | None) -> list[str]:
    """A person's needs reports: the service's owner key, and ``slack:<user id>`` for drafts made
    before Slack told us the email."""
    return list(dict.fromkeys([owner_key("slack", user_id, email), owner_key("slack", user_id)]))


def _names(plan: Mapping[str, Any], table: str, label_key: str) -> dict[str, str]:
    return {str(item.get("id")): str(item.get(label_key) or item.get("name") or item.get("id"))
            for item in plan.get(table, []) if isinstance(item, Mapping)}


def _title(report: NeedsReport, plan: Mapping[str, Any]) -> str:
    answers = report.answers or dict((report.state or {}).get("answers") or {})
    title = answers.get("title") or answers.get("tittel")
    scheme = _names(plan, "schemes", "short").get(str(report.scheme or answers.get("scheme") or ""), "")
    network = _names(plan, "networks", "name").get(str(report.network or answers.get("network") or ""), "")
    parts = [str(part) for part in (title, scheme, network) if part]
    return " · ".join(parts) or "Behovsmelding uten tittel"


def _line(report: NeedsReport, plan: Mapping[str, Any]) -> ReportLine:
    answers = (report.state or {}).get("answers") or {}
    return ReportLine(id=report.id or 0, reference=report.reference, title=_title(report, plan),
                      updated=report.updated_at.date(), answered=len(answers) if isinstance(answers, dict) else 0)


def upcoming_deadlines(plan: Mapping[str, Any], today: date, count: int = 4) -> list[DeadlineLine] | None:
    """The next deadlines of the annual wheel; None when the plan data has none to offer."""
    entries = {str(item.get("id")): item for item in plan.get("deadlines", []) if isinstance(item, Mapping)}
    if not entries:
        return None
    try:
        upcoming = AnnualWheel.from_plan(plan).upcoming(today, count=count, kinds=["deadline"])
    except (RuleError, KeyError, ValueError):
        return None
    lines = []
    for occurrence in upcoming:
        entry = entries.get(occurrence.id, {})
        label = entry.get("label") or entry.get("name") or occurrence.id
        text = str(label.get("nb") if isinstance(label, Mapping) else label)
        lines.append(DeadlineLine(label=text[:1].upper() + text[1:], when=format_date(occurrence.date, "nb"),
                                  relative=format_relative(occurrence.date, today, "nb"),
                                  sources=tuple(str(source) for source in entry.get("sources", []))))
    return lines


def _received(session: Session, plan: Mapping[str, Any], service: NeedsReportService) -> list[ReceivedLine]:
    networks = _names(plan, "networks", "name")
    schemes = _names(plan, "schemes", "short")
    counts: Counter[tuple[int | None, str, str]] = Counter()
    for year, network, scheme in service.received(session):
        counts[(year, networks.get(str(network), network or "(uten nettverk)"),
                schemes.get(str(scheme), scheme or "(uten ordning)"))] += 1
    return [ReceivedLine(year, network, scheme, count) for (year, network, scheme), count
            in sorted(counts.items(), key=lambda item: (-(item[0][0] or 0), item[0][1], item[0][2]))]


def load_home_data(bot_app: BotApp, *, user_id: str, email: str | None, is_secretariat: bool) -> HomeData:
    plan = bot_app.plan
    keys = owner_keys(user_id, email)
    service = bot_app.needs_report_service
    with bot_app.database.session() as session:
        drafts = service.reports_of(session, keys, DRAFT)
        submitted = service.reports_of(session, keys, SUBMITTED)
        data = HomeData(is_secretariat=is_secretariat,
                        drafts=[_line(report, plan) for report in drafts[:MAX_LISTED]],
                        submitted=[_line(report, plan) for report in submitted[:MAX_LISTED]],
                        more_drafts=max(0, len(drafts) - MAX_LISTED),
                        more_submitted=max(0, len(submitted) - MAX_LISTED))
        if is_secretariat:
            data.received = _received(session, plan, service)
    if is_secretariat:
        data.campaign = status_text(CampaignEnv.from_app(bot_app))
        data.campaign_year = PlanInfo(plan, "arsrapport").season_year(bot_app.clock.today())
    data.deadlines = upcoming_deadlines(plan, bot_app.clock.today())
    return data
