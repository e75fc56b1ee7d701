"""The campaign's status: per network and measure (sent, last reminder, replied, done, bounced,
needs handover), the outstanding contacts, and what a person should look at."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.calendar import format_date
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv, aware, must
from bot.campaigns.planinfo import PlanInfo
from bot.campaigns.schedule import PLANNED
from bot.campaigns.store import CONTACT_MAIL_KINDS, MAIL_QUEUED, find_campaign
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient, CampaignRound
from bot.models_email import MailOutbox

REPLY_LABELS = {"done": "levert", "not_yet": "ikke levert ennå", "question": "spørsmål", "handover": "ikke ansvarlig",
                "stop": "STOPP", "other": "uklart svar", "other_sender": "svar fra annen adresse"}


@dataclass
class MeasureStatus:
    id: int
    network: str
    network_name: str
    scheme: str
    measure: str
    contact: str
    email: str
    state: str
    state_label: str
    sent: int = 0
    last_reminder: datetime | None = None
    replied: str | None = None
    replied_at: datetime | None = None
    done_at: datetime | None = None
    done_via: str | None = None
    bounced: bool = False
    needs_handover: bool = False
    handover_to: str | None = None


@dataclass
class ContactStatus:
    name: str
    email: str
    status: str
    open_measures: list[str]
    sent: int = 0
    last_reminder: datetime | None = None
    replied: str | None = None
    replied_at: datetime | None = None
    away_until: datetime | None = None
    review: str | None = None
    failed: int = 0
    """Campaign mails to this contact the email channel gave up on (not a bounce: e.g. never confirmed)."""


@dataclass
class CampaignStatus:
    id: int
    kind: str
    year: int
    deadline: date
    link: str
    status: str
    created_at: datetime
    escalated_at: datetime | None
    counts: dict[str, int]
    measures: list[MeasureStatus]
    contacts: list[ContactStatus]
    sent: int = 0
    queued: int = 0
    next_round: tuple[str, datetime] | None = None
    rounds: list[tuple[str, str, datetime, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.measures)

    @property
    def done(self) -> int:
        return self.counts.get(states.DONE, 0)

    @property
    def outstanding(self) -> list[ContactStatus]:
        return [contact for contact in self.contacts if contact.open_measures]

    def by_network(self) -> dict[str, list[MeasureStatus]]:
        grouped: dict[str, list[MeasureStatus]] = {}
        for item in self.measures:
            grouped.setdefault(item.network_name, []).append(item)
        return grouped

    def to_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, datetime | date):
                return value.isoformat()
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, list | tuple):
                return [plain(item) for item in value]
            return value

        return plain({
            "campaign": {"id": self.id, "kind": self.kind, "year": self.year, "deadline": self.deadline,
                         "link": self.link, "status": self.status, "created_at": self.created_at,
                         "escalated_at": self.escalated_at},
            "totals": {"measures": self.total, "done": self.done, "outstanding": self.total - self.done
                       - self.counts.get(states.CANCELLED, 0), "mails_sent": self.sent, "mails_queued": self.queued,
                       "by_state": self.counts},
            "next_round": {"key": self.next_round[0], "due_at": self.next_round[1]} if self.next_round else None,
            "rounds": [{"key": key, "kind": kind, "due_at": due, "status": status}
                       for key, kind, due, status in self.rounds],
            "networks": [{"network": network, "measures": [asdict(item) for item in items]}
                         for network, items in self.by_network().items()],
            "outstanding_contacts": [asdict(contact) for contact in self.outstanding],
            "review": [asdict(contact) for contact in self.contacts if contact.review],
        })


def build_status(session: Session, env: CampaignEnv, campaign: Campaign) -> CampaignStatus:
    assert campaign.id is not None
    info = PlanInfo(env.plan, campaign.kind)
    recipients = {row.id: row for row in session.exec(
        select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)).all()}
    measures = list(session.exec(select(CampaignMeasure).where(CampaignMeasure.campaign_id == campaign.id)).all())
    mails = session.exec(
        select(CampaignMail, MailOutbox.status, MailOutbox.sent_at)
        .join(MailOutbox, col(MailOutbox.id) == col(CampaignMail.outbox_id), isouter=True)
        .where(CampaignMail.campaign_id == campaign.id, col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS))
    ).all()
    sent_by_measure: dict[int, int] = {}
    last_by_measure: dict[int, datetime] = {}
    sent_by_recipient: dict[int, int] = {}
    last_by_recipient: dict[int, datetime] = {}
    failed_by_recipient: dict[int, int] = {}
    sent = queued = 0
    for mail, outbox_status, sent_at in mails:
        if mail.status != MAIL_QUEUED:
            continue
        if outbox_status == "failed" and mail.recipient_id is not None:
            failed_by_recipient[mail.recipient_id] = failed_by_recipient.get(mail.recipient_id, 0) + 1
        if outbox_status != "sent":
            queued += outbox_status in {"queued", "sending", "in_doubt"}
            continue
        sent += 1
        when = aware(sent_at)
        if mail.recipient_id is not None:
            sent_by_recipient[mail.recipient_id] = sent_by_recipient.get(mail.recipient_id, 0) + 1
            if when is not None and (mail.recipient_id not in last_by_recipient
                                     or when > last_by_recipient[mail.recipient_id]):
                last_by_recipient[mail.recipient_id] = when
        for measure_id in mail.measure_ids:
            sent_by_measure[measure_id] = sent_by_measure.get(measure_id, 0) + 1
            if when is not None and (measure_id not in last_by_measure or when > last_by_measure[measure_id]):
                last_by_measure[measure_id] = when
    order = {item.id: index for index, item in enumerate(info.networks)}
    measure_rows: list[MeasureStatus] = []
    counts: dict[str, int] = {}
    open_by_recipient: dict[int, list[str]] = {}
    for measure in sorted(measures, key=lambda m: (order.get(m.network, 999), m.network, m.measure.lower())):
        assert measure.id is not None
        recipient = recipients.get(measure.recipient_id)
        counts[measure.state] = counts.get(measure.state, 0) + 1
        if measure.state in states.OUTSTANDING:
            open_by_recipient.setdefault(measure.recipient_id, []).append(measure.measure)
        replied = recipient.last_reply_intent if recipient is not None else None
        measure_rows.append(MeasureStatus(
            id=measure.id, network=measure.network, network_name=info.network_name(measure.network),
            scheme=info.scheme_name(measure.scheme), measure=measure.measure,
            contact=recipient.name if recipient else "", email=recipient.email if recipient else "",
            state=measure.state, state_label=states.LABELS_NB.get(measure.state, measure.state),
            sent=sent_by_measure.get(measure.id, 0), last_reminder=last_by_measure.get(measure.id),
            replied=REPLY_LABELS.get(replied, replied) if replied else None,
            replied_at=aware(recipient.last_reply_at) if recipient else None,
            done_at=aware(measure.done_at), done_via=measure.done_via,
            bounced=measure.state == states.BOUNCED or (recipient is not None and recipient.status == "bounced"),
            needs_handover=measure.state == states.HANDOVER, handover_to=measure.handover_to))
    contacts = [ContactStatus(
        name=row.name, email=row.email, status=row.status, open_measures=open_by_recipient.get(row.id or 0, []),
        sent=sent_by_recipient.get(row.id or 0, 0), last_reminder=last_by_recipient.get(row.id or 0),
        replied=REPLY_LABELS.get(row.last_reply_intent or "", row.last_reply_intent),
        replied_at=aware(row.last_reply_at), away_until=aware(row.snooze_until), review=row.review,
        failed=failed_by_recipient.get(row.id or 0, 0))
        for row in sorted(recipients.values(), key=lambda r: (r.name.lower(), r.email))]
    rounds = list(session.exec(select(CampaignRound).where(CampaignRound.campaign_id == campaign.id)
                               .order_by(col(CampaignRound.due_at), col(CampaignRound.position))).all())
    now = env.now()
    upcoming = [row for row in rounds if row.status == PLANNED and must(row.due_at) > now]
    next_round = (upcoming[0].key, must(upcoming[0].due_at)) if upcoming else None
    return CampaignStatus(
        id=campaign.id, kind=campaign.kind, year=campaign.year, deadline=campaign.deadline, link=campaign.link,
        status=campaign.status, created_at=must(campaign.created_at), escalated_at=aware(campaign.escalated_at),
        counts=counts, measures=measure_rows, contacts=contacts, sent=sent, queued=queued, next_round=next_round,
        rounds=[(row.key, row.kind, must(row.due_at), row.status) for row in rounds])


def campaign_status(env: CampaignEnv, *, kind: str | None = None, year: int | None = None) -> CampaignStatus:
    with env.database.session() as session:
        return build_status(session, env, find_campaign(session, kind=kind, year=year))


def when(value: datetime | None) -> str:
    """'ma. 4.1. 09:00'-style short Norwegian time for tables."""
    if value is None:
        return ""
    return f"{format_date(value.date(), 'nb', weekday=False, year=False)} {value:%H:%M}"


def status_text(env: CampaignEnv) -> str | None:
    """The running (or latest) campaign's status as chat text (Slack App Home, chat), or None when there
    is no campaign yet."""
    from bot.campaigns.store import CampaignError
    from bot.campaigns.texts import chat

    try:
        status = campaign_status(env)
    except CampaignError:
        return None
    return chat("status", status=status, format_date=format_date)
