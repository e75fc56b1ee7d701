"""Small database helpers of the campaign code: row locks, lookups, state moves, cancelling mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.campaigns import states
from bot.campaigns.env import ACTOR, CampaignEnv, utc
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient
from bot.models_email import MailOutbox
from bot.models_slack_outbox import SlackOutboxMessage
from bot.models_teams import TeamsOutboxMessage
from bot.slack_outbox import SlackOutbox

ACTIVE = "active"
PAUSED = "paused"
STOPPED = "stopped"
FINISHED = "finished"
RUNNING = (ACTIVE, PAUSED)

MAIL_QUEUED = "queued"
MAIL_CANCELLED = "cancelled"
CONTACT_MAIL_KINDS = ("notice", "reminder", "deadline", "overdue")


class CampaignError(ValueError):
    """Something the person asked cannot be done; the message is Norwegian and shown to them."""


def run_update(session: Session, statement: Any) -> int:
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)


def lock_recipient(session: Session, recipient_id: int) -> CampaignRecipient | None:
    """Write-lock the contact's row first (PostgreSQL row lock; SQLite's write lock), then read it."""
    changed = run_update(session, update(CampaignRecipient).where(col(CampaignRecipient.id) == recipient_id)
                         .values(lock_version=col(CampaignRecipient.lock_version) + 1))
    if changed != 1:
        return None
    return session.get(CampaignRecipient, recipient_id, populate_existing=True)


def lock_recipients(session: Session, recipient_ids: Sequence[int]) -> dict[int, CampaignRecipient]:
    """``lock_recipient`` for many contacts at once: one UPDATE (row locks on PostgreSQL; SQLite's write
    lock), then one read of the locked rows."""
    if not recipient_ids:
        return {}
    ids = sorted(set(recipient_ids))
    run_update(session, update(CampaignRecipient).where(col(CampaignRecipient.id).in_(ids))
               .values(lock_version=col(CampaignRecipient.lock_version) + 1))
    rows = session.exec(select(CampaignRecipient).where(col(CampaignRecipient.id).in_(ids))
                        .execution_options(populate_existing=True)).all()
    return {row.id: row for row in rows if row.id is not None}


def lock_campaign(session: Session, campaign_id: int, *, statuses: Sequence[str] = (ACTIVE,)) -> Campaign | None:
    """Write-lock the campaign row when it is in one of ``statuses`` (a concurrent pause waits)."""
    changed = run_update(session, update(Campaign).where(col(Campaign.id) == campaign_id,
                                                         col(Campaign.status).in_(list(statuses)))
                         .values(status=col(Campaign.status)))
    if changed != 1:
        return None
    return session.get(Campaign, campaign_id, populate_existing=True)


def measures_of(session: Session, recipient_id: int, wanted: Iterable[str] | None = None) -> list[CampaignMeasure]:
    query = select(CampaignMeasure).where(CampaignMeasure.recipient_id == recipient_id)
    if wanted is not None:
        query = query.where(col(CampaignMeasure.state).in_(list(wanted)))
    return list(session.exec(query.order_by(col(CampaignMeasure.network), col(CampaignMeasure.measure))).all())


def move(session: Session, env: CampaignEnv, measure: CampaignMeasure, wanted: str, *, actor: str, channel: str,
         now: datetime, reason: str = "", audit: bool = True, **detail: Any) -> bool:
    """Move a measure to ``wanted`` (audited, unless the caller audits the change itself); False when it
    is already there."""
    if measure.state == wanted:
        return False
    states.check_move(measure.state, wanted)
    previous = measure.state
    measure.state = wanted
    measure.state_changed_at = utc(now)
    if wanted == states.DONE:
        measure.done_at = utc(now)
        measure.done_by = actor[:320]
        measure.done_via = str(detail.get("via", channel))[:20]
    elif previous == states.DONE:
        measure.done_at = measure.done_by = measure.done_via = None
    session.add(measure)
    if not audit:
        return True
    env.audit.record(session, actor=actor, channel=channel, action="campaign.measure_state",
                     target=f"campaign:{measure.campaign_id}:measure:{measure.id}",
                     detail={"measure": measure.measure, "network": measure.network, "from": previous, "to": wanted,
                             "reason": reason, **detail})
    return True


def cancel_mail(session: Session, env: CampaignEnv, mails: Iterable[CampaignMail], reason: str) -> int:
    """Cancel campaign mail still waiting in the outbox (sent mail is left alone); returns how many.
    The contacts' DMs still waiting in the Slack outbox are cancelled with it (also when their mail
    already went out)."""
    count = 0
    contacts: set[tuple[int, int]] = set()
    for mail in mails:
        if mail.status != MAIL_QUEUED:
            continue
        if mail.recipient_id is not None:
            contacts.add((mail.campaign_id, mail.recipient_id))
        cancelled = 0
        if env.outbox is not None:
            cancelled = env.outbox.cancel_queued(session, reason=f"campaign: {reason}", key_prefix=mail.key,
                                                 recipient=mail.address)
        if cancelled:
            mail.status = MAIL_CANCELLED
            mail.cancel_reason = reason[:300]
            session.add(mail)
            count += 1
    if contacts:
        from bot.teams_outbox import TeamsOutbox

        dms = SlackOutbox(env.database, env.clock, timer=env.timer)
        cards = TeamsOutbox(env.database, env.clock, timer=env.timer)
        for campaign_id, recipient_id in sorted(contacts):
            dms.cancel_queued(session, campaign_id=campaign_id, recipient_id=recipient_id, reason=f"campaign: {reason}")
            cards.cancel_queued(session, campaign_id=campaign_id, recipient_id=recipient_id,
                                reason=f"campaign: {reason}")
    if count:
        env.audit.record(session, actor=ACTOR, channel="scheduler", action="campaign.mail_cancelled",
                         detail={"count": count, "reason": reason})
    return count


def cancel_mail_many(session: Session, env: CampaignEnv, mails: Mapping[int | None, Sequence[CampaignMail]],
                     reason: str) -> int:
    """``cancel_mail`` for many contacts (contact -> their mails) with set-based reads: one query finds the
    outbox rows still queued, one the contacts with DMs or Teams messages still queued; only those are
    cancelled (each contact's cancellation audited as ``cancel_mail`` does)."""
    wanted = {contact: [mail for mail in items if mail.status == MAIL_QUEUED] for contact, items in mails.items()}
    wanted = {contact: items for contact, items in wanted.items() if items}
    if not wanted:
        return 0
    outbox = env.outbox
    keys = sorted({mail.key for items in wanted.values() for mail in items})
    queued_keys: set[str] = set()
    if outbox is not None:
        queued_keys = set(session.exec(select(MailOutbox.idempotency_key).where(
            col(MailOutbox.idempotency_key).in_(keys), MailOutbox.status == "queued")).all())
    contacts = sorted({(mail.campaign_id, mail.recipient_id) for items in wanted.values() for mail in items
                       if mail.recipient_id is not None})
    campaign_ids = sorted({campaign_id for campaign_id, _ in contacts})
    recipient_ids = sorted({recipient_id for _, recipient_id in contacts})
    with_messages: set[tuple[int, int]] = set()
    for model in (SlackOutboxMessage, TeamsOutboxMessage):
        if not contacts:
            break
        with_messages |= {(int(c), int(r)) for c, r in session.exec(
            select(model.campaign_id, model.recipient_id).where(  # type: ignore[attr-defined]
                model.status == "queued", col(model.campaign_id).in_(campaign_ids),  # type: ignore[attr-defined]
                col(model.recipient_id).in_(recipient_ids))).all()  # type: ignore[attr-defined]
            if c is not None and r is not None}
    total = 0
    for contact in sorted(wanted, key=lambda item: item or 0):
        items = wanted[contact]
        pending = [mail for mail in items if mail.key in queued_keys]
        messages = any((mail.campaign_id, mail.recipient_id) in with_messages for mail in items)
        if pending or messages:
            total += cancel_mail(session, env, pending if not messages else items, reason)
    return total


def queued_mail(session: Session, *, campaign_id: int | None = None, recipient_id: int | None = None,
                contact_only: bool = True) -> list[CampaignMail]:
    query = select(CampaignMail).where(CampaignMail.status == MAIL_QUEUED)
    if campaign_id is not None:
        query = query.where(CampaignMail.campaign_id == campaign_id)
    if recipient_id is not None:
        query = query.where(CampaignMail.recipient_id == recipient_id)
    if contact_only:
        query = query.where(col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS))
    return list(session.exec(query.order_by(col(CampaignMail.id))).all())


def running_campaigns(session: Session) -> list[Campaign]:
    return list(session.exec(select(Campaign).where(col(Campaign.status).in_(list(RUNNING)))
                             .order_by(col(Campaign.id))).all())


def find_campaign(session: Session, *, kind: str | None = None, year: int | None = None,
                  statuses: Sequence[str] | None = None) -> Campaign:
    """The campaign meant: by kind/year, else the one running (or the latest), with a clear error."""
    query = select(Campaign)
    if kind is not None:
        query = query.where(Campaign.kind == kind)
    if year is not None:
        query = query.where(Campaign.year == year)
    candidates = list(session.exec(query.order_by(col(Campaign.id).desc())).all())
    if statuses is not None:
        candidates = [item for item in candidates if item.status in statuses]
    if not candidates:
        raise CampaignError("Fant ingen kampanje" + (f" for {year}" if year else "") + ".")
    running = [item for item in candidates if item.status in RUNNING]
    if len(running) > 1 and year is None:
        years = ", ".join(str(item.year) for item in running)
        raise CampaignError(f"Flere kampanjer kjører ({years}); si hvilket år du mener.")
    return running[0] if running else candidates[0]


def recipient_for(session: Session, *, email: str | None = None, slack_id: str | None = None,
                  thread_key: str | None = None) -> CampaignRecipient | None:
    """The contact in a running campaign: by the campaign thread of the mail replied to, else by
    address or Slack id (the newest running campaign first)."""
    if thread_key and thread_key.startswith("campaign:") and ":r" in thread_key:
        try:
            recipient_id = int(thread_key.rsplit(":r", 1)[1])
        except ValueError:
            recipient_id = 0
        found = session.get(CampaignRecipient, recipient_id) if recipient_id else None
        if found is not None:
            return found
    if not email and not slack_id:
        return None
    query = select(CampaignRecipient).join(Campaign, col(Campaign.id) == col(CampaignRecipient.campaign_id)).where(
        col(Campaign.status).in_(list(RUNNING)))
    if email:
        query = query.where(CampaignRecipient.email == email.strip().lower())
    else:
        query = query.where(CampaignRecipient.slack_id == slack_id)
    return session.exec(query.order_by(col(Campaign.id).desc())).first()


def thread_key(campaign_id: int, recipient_id: int) -> str:
    return f"campaign:{campaign_id}:r{recipient_id}"
