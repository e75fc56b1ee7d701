"""The campaign's status: per network and measure (sent, last reminder, replied, done, bounced,
needs handover), the outstanding contacts, and what a person should look at.

Every mail is shown with its true state (``campaign_mail`` joined with ``mail_outbox``): planned,
queued (waiting in the outbox), sent, failed, cancelled or bounced, per contact and per measure; a
measure whose mail has not gone out is "venter i utboksen", never "purret". A round's state comes
from its mails (sent / queued / skipped ...), not from the plan's "planned". The questions contacts
asked (sent on to the secretariat) are listed with their text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.calendar import format_date
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv, aware, must
from bot.campaigns.planinfo import PlanInfo
from bot.campaigns.responses import QUESTION_ACTION
from bot.campaigns.schedule import CONTACT_KINDS, ESCALATION, PLANNED, SKIPPED
from bot.campaigns.store import (
    ACTIVE,
    CONTACT_MAIL_KINDS,
    MAIL_CANCELLED,
    MAIL_QUEUED,
    RUNNING,
    find_campaign,
)
from bot.models import AuditEntry
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient, CampaignRound
from bot.models_email import MailOutbox
from bot.teams_outbox import unreachable_recipients

TEAMS_UNREACHABLE = "ikke nåbar i Teams (har aldri skrevet til boten); får e-post"
REPLY_LABELS = {"done": "levert", "not_yet": "ikke levert ennå", "question": "spørsmål", "handover": "ikke ansvarlig",
                "stop": "STOPP", "other": "uklart svar", "other_sender": "svar fra annen adresse",
                "mixed": "svar per tiltak"}


MAIL_STATES = ("planned", "queued", "sent", "failed", "cancelled", "bounced")
MAIL_LABELS = {"planned": "planlagt", "queued": "venter i utboksen", "sent": "sendt", "failed": "kunne ikke sendes",
               "cancelled": "ikke sendt (avbrutt)", "bounced": "avvist (adressen virker ikke)"}
ROUND_LABELS = {"planned": "planlagt", "due": "forfalt, sendes ved neste kjøring", "queued": "venter i utboksen",
                "sent": "sendt", "failed": "kunne ikke sendes", "cancelled": "avbrutt", "skipped": "hoppet over"}
WAITING = "venter i utboksen"
"""Shown instead of "varslet"/"purret" while the mail about a measure has not gone out yet."""
_REACHING = {"notified", "reminded", "overdue"}


@dataclass
class MailStatus:
    """One campaign mail to a contact (or one planned), with its true state: ``planned`` (a round to come),
    ``queued`` (waiting in the outbox), ``sent``, ``failed``, ``cancelled`` or ``bounced``."""

    round: str
    kind: str
    state: str
    at: datetime | None = None
    """When it was sent, or is due (planned), or was queued."""
    reason: str | None = None

    @property
    def label(self) -> str:
        return MAIL_LABELS.get(self.state, self.state)


@dataclass
class QuestionStatus:
    """A question from a contact, sent on to the secretariat (from the audit log)."""

    at: datetime
    name: str
    email: str
    sender: str
    question: str
    text: str
    answered: bool
    forwarded: bool


def mail_state(mail_status: str, outbox_status: str | None, bounced_at: datetime | None,
               address_bounced: bool) -> str:
    """A campaign mail's true state, from its own row and its outbox row."""
    if bounced_at is not None:
        return "bounced"
    if mail_status == MAIL_CANCELLED or outbox_status == "cancelled":
        return "cancelled"
    if outbox_status == "sent":
        return "sent"
    if outbox_status in {"queued", "sending", "in_doubt"}:
        return "queued"
    return "bounced" if address_bounced else "failed"


def _summary(mails: list[MailStatus]) -> dict[str, int]:
    counts = dict.fromkeys(MAIL_STATES, 0)
    for mail in mails:
        counts[mail.state] = counts.get(mail.state, 0) + 1
    return counts


def _round_state(row: CampaignRound, mail_states: list[str], *, now: datetime, campaign: Campaign,
                 later_mailed: bool, anyone_chased: bool) -> str:
    """A round's state from its mails (the stored status only says whether it was planned or skipped)."""
    if row.status == SKIPPED:
        return "skipped"
    if row.kind == ESCALATION:
        if campaign.escalated_at is not None:
            return "sent"
        if campaign.status not in RUNNING:
            return "skipped"
        return "planned" if must(row.due_at) > now else ("due" if campaign.status == ACTIVE else "skipped")
    if mail_states:
        for state in ("sent", "queued", "failed", "bounced", "cancelled"):
            if state in mail_states:
                return "failed" if state == "bounced" else state
    if must(row.due_at) > now:
        return "planned" if campaign.status in RUNNING else "skipped"
    if later_mailed or not anyone_chased or campaign.status not in RUNNING:
        return "skipped"
    return "due"


def questions_of(session: Session, campaign_id: int, *, limit: int = 200) -> list[QuestionStatus]:
    """The questions contacts asked in this campaign, newest first (what went to the secretariat)."""
    rows = session.exec(select(AuditEntry).where(AuditEntry.action == QUESTION_ACTION,
                                                 col(AuditEntry.target).startswith(f"campaign:{campaign_id}:"))
                        .order_by(col(AuditEntry.id).desc()).limit(limit)).all()
    return [QuestionStatus(at=must(row.at), name=str(row.detail.get("name", "")),
                           email=str(row.detail.get("contact", "")), sender=str(row.detail.get("sender", "")),
                           question=str(row.detail.get("question", "")), text=str(row.detail.get("text", "")),
                           answered=bool(row.detail.get("answered")), forwarded=row.outcome == "forwarded")
            for row in rows]


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
    mails: list[MailStatus] = field(default_factory=list)
    """Every mail about this measure (and the rounds still planned for it), oldest first."""

    @property
    def mail_counts(self) -> dict[str, int]:
        return _summary(self.mails)


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
    teams_unreachable: bool = False
    """The contact list gives a Teams id, but Teams could not reach them (never wrote to the bot, app not
    installed for them); email still goes."""
    reply_text: str | None = None
    """Their last reply, in their own words."""
    mails: list[MailStatus] = field(default_factory=list)
    """Every campaign mail to this contact (and the rounds still planned for them), oldest first."""

    @property
    def mail_counts(self) -> dict[str, int]:
        return _summary(self.mails)

    @property
    def waiting(self) -> int:
        """Mails to them waiting in the outbox."""
        return sum(1 for mail in self.mails if mail.state == "queued")


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
    """(key, kind, due, state): the state derived from the round's mails (``ROUND_LABELS``)."""
    mail_counts: dict[str, int] = field(default_factory=dict)
    """Contact mails by true state (planned ones not counted)."""
    questions: list[QuestionStatus] = field(default_factory=list)
    """Questions contacts asked (sent on to the secretariat), newest first."""

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
                       "mails": self.mail_counts, "by_state": self.counts},
            "next_round": {"key": self.next_round[0], "due_at": self.next_round[1]} if self.next_round else None,
            "rounds": [{"key": key, "kind": kind, "due_at": due, "status": status,
                        "label": ROUND_LABELS.get(status, status)} for key, kind, due, status in self.rounds],
            "networks": [{"network": network, "measures": [asdict(item) for item in items]}
                         for network, items in self.by_network().items()],
            "contacts": [asdict(contact) for contact in self.contacts],
            "outstanding_contacts": [asdict(contact) for contact in self.outstanding],
            "review": [asdict(contact) for contact in self.contacts if contact.review],
            "questions": [asdict(item) for item in self.questions],
        })


def build_status(session: Session, env: CampaignEnv, campaign: Campaign) -> CampaignStatus:
    assert campaign.id is not None
    info = PlanInfo(env.plan, campaign.kind)
    now = env.now()
    recipients = {row.id: row for row in session.exec(
        select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)).all()}
    measures = list(session.exec(select(CampaignMeasure).where(CampaignMeasure.campaign_id == campaign.id)).all())
    rounds = list(session.exec(select(CampaignRound).where(CampaignRound.campaign_id == campaign.id)
                               .order_by(col(CampaignRound.due_at), col(CampaignRound.position))).all())
    round_of = {row.id: row for row in rounds}
    mails = session.exec(
        select(CampaignMail, MailOutbox.status, MailOutbox.sent_at, MailOutbox.bounced_at)
        .join(MailOutbox, col(MailOutbox.id) == col(CampaignMail.outbox_id), isouter=True)
        .where(CampaignMail.campaign_id == campaign.id, col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS))
        .order_by(col(CampaignMail.id))
    ).all()
    errors: dict[int | None, str | None] = dict(session.exec(
        select(MailOutbox.id, MailOutbox.last_error).where(
            col(MailOutbox.campaign_id) == f"campaign:{campaign.id}", MailOutbox.status == "failed")).all())
    sent_by_measure: dict[int, int] = {}
    last_by_measure: dict[int, datetime] = {}
    sent_by_recipient: dict[int, int] = {}
    last_by_recipient: dict[int, datetime] = {}
    failed_by_recipient: dict[int, int] = {}
    mails_by_recipient: dict[int, list[MailStatus]] = {}
    mails_by_measure: dict[int, list[MailStatus]] = {}
    states_by_round: dict[int, list[str]] = {}
    mail_counts = dict.fromkeys(MAIL_STATES, 0)
    sent = queued = 0
    for mail, outbox_status, sent_at, bounced_at in mails:
        last_error = errors.get(mail.outbox_id) if mail.outbox_id is not None else None
        recipient_row = recipients.get(mail.recipient_id) if mail.recipient_id is not None else None
        state = mail_state(mail.status, outbox_status, aware(bounced_at),
                           recipient_row is not None and recipient_row.status == "bounced")
        round_row = round_of.get(mail.round_id)
        shown = MailStatus(round=round_row.key if round_row else "", kind=mail.kind, state=state,
                           at=aware(sent_at) if state in {"sent", "bounced"} else aware(mail.created_at),
                           reason=mail.cancel_reason if state == "cancelled" else
                           (last_error[:300] if state in {"failed", "bounced"} and last_error else None))
        mail_counts[state] += 1
        if mail.round_id is not None:
            states_by_round.setdefault(mail.round_id, []).append(state)
        if mail.recipient_id is not None:
            mails_by_recipient.setdefault(mail.recipient_id, []).append(shown)
        for measure_id in mail.measure_ids:
            mails_by_measure.setdefault(measure_id, []).append(shown)
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
    # The rounds still to come, for the contacts and measures still chased (not for a stopped campaign).
    upcoming_rounds = [row for row in rounds if row.status == PLANNED and row.kind in CONTACT_KINDS
                       and must(row.due_at) > now and row.id not in states_by_round] \
        if campaign.status in RUNNING else []
    chased_by_recipient: dict[int, list[int]] = {}
    for measure in measures:
        if measure.state in states.CHASED and measure.id is not None:
            chased_by_recipient.setdefault(measure.recipient_id, []).append(measure.id)
    for recipient_id, measure_ids in chased_by_recipient.items():
        row = recipients.get(recipient_id)
        if row is None or row.status != "active":
            continue
        for future in upcoming_rounds:
            planned = MailStatus(round=future.key, kind=future.kind, state="planned", at=must(future.due_at))
            mails_by_recipient.setdefault(recipient_id, []).append(planned)
            for measure_id in measure_ids:
                mails_by_measure.setdefault(measure_id, []).append(planned)
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
        own_mails = mails_by_measure.get(measure.id, [])
        label = states.LABELS_NB.get(measure.state, measure.state)
        if measure.state in _REACHING and not sent_by_measure.get(measure.id):
            # "varslet"/"purret" only once a mail went out; until then it waits in the outbox (or never went)
            latest = [mail.state for mail in own_mails if mail.state != "planned"]
            label = WAITING if "queued" in latest else MAIL_LABELS.get(latest[-1], label) if latest else label
        measure_rows.append(MeasureStatus(
            id=measure.id, network=measure.network, network_name=info.network_name(measure.network),
            scheme=info.scheme_name(measure.scheme), measure=measure.measure,
            contact=recipient.name if recipient else "", email=recipient.email if recipient else "",
            state=measure.state, state_label=label,
            sent=sent_by_measure.get(measure.id, 0), last_reminder=last_by_measure.get(measure.id),
            replied=REPLY_LABELS.get(replied, replied) if replied else None,
            replied_at=aware(recipient.last_reply_at) if recipient else None,
            done_at=aware(measure.done_at), done_via=measure.done_via,
            bounced=measure.state == states.BOUNCED or (recipient is not None and recipient.status == "bounced"),
            needs_handover=measure.state == states.HANDOVER, handover_to=measure.handover_to, mails=own_mails))
    unreachable = unreachable_recipients(session, campaign.id)
    contacts = [ContactStatus(
        name=row.name, email=row.email, status=row.status, open_measures=open_by_recipient.get(row.id or 0, []),
        sent=sent_by_recipient.get(row.id or 0, 0), last_reminder=last_by_recipient.get(row.id or 0),
        replied=REPLY_LABELS.get(row.last_reply_intent or "", row.last_reply_intent),
        replied_at=aware(row.last_reply_at), away_until=aware(row.snooze_until), review=row.review,
        failed=failed_by_recipient.get(row.id or 0, 0), teams_unreachable=(row.id or 0) in unreachable,
        reply_text=" ".join((row.last_reply_text or "").split())[:2000] or None,
        mails=mails_by_recipient.get(row.id or 0, []))
        for row in sorted(recipients.values(), key=lambda r: (r.name.lower(), r.email))]
    for contact in contacts:
        if contact.teams_unreachable and not contact.review:
            contact.review = TEAMS_UNREACHABLE
    anyone_chased = bool(chased_by_recipient)
    derived: list[tuple[str, str, datetime, str]] = []
    for index, round_row in enumerate(rounds):
        later_mailed = any(other.id in states_by_round for other in rounds[index + 1:])
        derived.append((round_row.key, round_row.kind, must(round_row.due_at),
                        _round_state(round_row, states_by_round.get(round_row.id or 0, []), now=now,
                                     campaign=campaign, later_mailed=later_mailed, anyone_chased=anyone_chased)))
    coming = [item for item in rounds if item.status == PLANNED and must(item.due_at) > now]
    next_round = (coming[0].key, must(coming[0].due_at)) if coming else None
    return CampaignStatus(
        id=campaign.id, kind=campaign.kind, year=campaign.year, deadline=campaign.deadline, link=campaign.link,
        status=campaign.status, created_at=must(campaign.created_at), escalated_at=aware(campaign.escalated_at),
        counts=counts, measures=measure_rows, contacts=contacts, sent=sent, queued=queued, next_round=next_round,
        rounds=derived, mail_counts=mail_counts, questions=questions_of(session, campaign.id))


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
