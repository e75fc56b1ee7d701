"""The campaign's texts: reminder mails (text + HTML) and DMs, and the secretariat's mails, from templates
under ``templates/campaign/`` with the plan's facts filled in from the plan data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.calendar import format_date, format_relative
from bot.campaigns.planinfo import PlanInfo
from bot.mail.compose import MailContent
from bot.rendering import template_environment


@dataclass(frozen=True)
class MeasureLine:
    id: int
    name: str
    scheme: str
    network: str


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def grouped(measures: Sequence[MeasureLine], info: PlanInfo) -> list[dict[str, Any]]:
    """Measures by network (plan order), each with its scheme's short name."""
    order = {item.id: index for index, item in enumerate(info.networks)}
    groups: dict[str, list[dict[str, str]]] = {}
    for measure in sorted(measures, key=lambda m: (order.get(m.network, 999), m.network, m.scheme, m.name.lower())):
        groups.setdefault(measure.network, []).append({"name": measure.name, "scheme": info.scheme_name(measure.scheme),
                                                       "scheme_full": info.scheme_full_name(measure.scheme)})
    return [{"network": info.network_name(network), "measures": items} for network, items in groups.items()]


def reminder_context(*, kind: str, is_first: bool, name: str, year: int, deadline: date, today: date, link: str,
                     measures: Sequence[MeasureLine], info: PlanInfo, secretariat: str | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "is_first": is_first,
        "name": name,
        "first_name": first_name(name) or name,
        "year": year,
        "deadline": format_date(deadline, "nb"),
        "deadline_short": format_date(deadline, "nb", weekday=False, year=False),
        "days_left": (deadline - today).days,
        "relative": format_relative(deadline, today, "nb"),
        "link": link,
        "groups": grouped(measures, info),
        "count": len(measures),
        "facts": info.facts("nb"),
        "secretariat": secretariat,
    }


def render(template: str, **context: Any) -> str:
    """Like ``bot.rendering.render``, but a context key may be called ``name``."""
    return template_environment().get_template(template).render(**context).strip()


def reminder_mail(context: dict[str, Any]) -> MailContent:
    subject = render("campaign/subject.nb.txt.j2", **context).strip()
    text = render("campaign/reminder.nb.txt.j2", **context)
    html = render("campaign/reminder.html.j2", subject=subject, **context)
    return MailContent(subject=subject, text=text + "\n", html=html + "\n")


def slack_escape(text: object) -> str:
    """Slack mrkdwn: only ``&``, ``<`` and ``>`` are escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reminder_dm(context: dict[str, Any]) -> str:
    """The reminder as a short Slack direct message (mrkdwn), from the same context as the mail."""
    return render("campaign/reminder_dm.nb.txt.j2", esc=slack_escape, **context)


def secretariat_mail(template: str, subject: str, **context: Any) -> MailContent:
    """A mail to the secretariat: the text template, and the same text as simple HTML."""
    text = render(f"campaign/{template}.nb.txt.j2", **context)
    paragraphs = [block.split("\n") for block in text.split("\n\n") if block.strip()]
    html = render("campaign/secretariat.html.j2", subject=subject, paragraphs=paragraphs)
    return MailContent(subject=subject, text=text + "\n", html=html + "\n")


def chat(template: str, **context: Any) -> str:
    return render(f"campaign/{template}.nb.txt.j2", **context)
