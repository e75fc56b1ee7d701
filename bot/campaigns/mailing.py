"""Putting campaign mail into the outbox: one ``campaign_mail`` row and one outbox row per key,
in the caller's transaction, so a second attempt with the same key adds nothing. A contact with a
Slack id also gets the reminder as a DM (the Slack outbox, key ``<mail key>:slack``), in the same
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.campaigns import states
from bot.campaigns.env import CampaignEnv, utc
from bot.campaigns.store import MAIL_QUEUED
from bot.mail.compose import AUTO_GENERATED, MailContent, Recipient, ThreadHeaders
from bot.mail.outbox import OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient
from bot.models_slack_outbox import SlackOutboxMessage
from bot.models_teams import TeamsContact, TeamsOutboxMessage
from bot.slack_outbox import SlackOutbox
from bot.teams_outbox import TeamsOutbox


class MailUnavailable(RuntimeError):
    """Email is not set up (BOT_EMAIL): the campaign cannot put mail in the outbox."""


def tokens_for(session: Session, env: CampaignEnv) -> ReplyTokens:
    if env.outbox is None:
        raise MailUnavailable("BOT_EMAIL is not set")
    return ReplyTokens.load(session, env.outbox.config.identity, env.now())


def enqueue(session: Session, env: CampaignEnv, tokens: ReplyTokens, *, campaign_id: int, key: str, kind: str,
            to: Recipient, content: MailContent, now: datetime, recipient_id: int | None = None,
            round_id: int | None = None, generation: int = 0, measure_ids: Sequence[int] = (),
            thread: ThreadHeaders | None = None, thread_key: str | None = None, outbox_kind: str = "reminder",
            existing: CampaignMail | None = None) -> CampaignMail | None:
    """Queue one mail; None when the key was already used (by this or another process)."""
    if env.outbox is None:
        raise MailUnavailable("BOT_EMAIL is not set")
    if existing is None and session.exec(select(CampaignMail.id).where(CampaignMail.key == key)).first() is not None:
        return None
    outbox = env.outbox
    request = campaign_request(campaign_id=campaign_id, key=key, kind=kind, to=to, content=content,
                               measure_ids=measure_ids, thread=thread, thread_key=thread_key, outbox_kind=outbox_kind)
    mail = existing or CampaignMail(campaign_id=campaign_id, key=key, kind=kind, recipient_id=recipient_id,
                                    round_id=round_id, address=to.address.lower(), created_at=utc(now))
    try:
        with session.begin_nested():  # the outbox row and ours stand or fall together
            row = outbox.enqueue(session, request, tokens)
            mail.key = key
            mail.outbox_id = row.id
            mail.message_id = row.message_id
            mail.status = MAIL_QUEUED
            mail.cancel_reason = None
            mail.generation = generation
            mail.measure_ids = list(measure_ids)
            session.add(mail)
            session.flush()
    except IntegrityError:
        return None
    return mail


def campaign_request(*, campaign_id: int, key: str, kind: str, to: Recipient, content: MailContent,
                     measure_ids: Sequence[int] = (), thread: ThreadHeaders | None = None,
                     thread_key: str | None = None, outbox_kind: str = "reminder") -> OutgoingRequest:
    """The outbox request of one campaign mail (quiet hours respected, ``Auto-Submitted: auto-generated``)."""
    return OutgoingRequest(
        key=key, to=to, content=content, kind=outbox_kind, thread=thread or ThreadHeaders(), thread_key=thread_key,
        campaign_id=f"campaign:{campaign_id}", respect_quiet_hours=True, auto_submitted=AUTO_GENERATED,
        detail={"campaign": campaign_id, "kind": kind, "measures": list(measure_ids)},
    )


def teams_ids_for(session: Session, emails: Sequence[str]) -> dict[str, str]:
    """``teams_id_for`` for many contacts at once: lower-cased address -> Teams id (one query)."""
    wanted = sorted({email.strip().lower() for email in emails if email})
    if not wanted:
        return {}
    return dict(session.exec(
        select(TeamsContact.email, TeamsContact.teams_id).where(col(TeamsContact.email).in_(wanted))).all())


def slack_outbox(env: CampaignEnv) -> SlackOutbox:
    return SlackOutbox(env.database, env.clock, timer=env.timer)


def enqueue_dm(session: Session, env: CampaignEnv, mail: CampaignMail, *, slack_user: str,
               text: str) -> SlackOutboxMessage:
    """Queue the DM that goes with a contact's reminder mail (idempotent on the mail's key)."""
    return slack_outbox(env).enqueue(session, key=f"{mail.key}:slack", slack_user=slack_user, text=text,
                                     kind=mail.kind, campaign_id=mail.campaign_id, recipient_id=mail.recipient_id)


def teams_outbox(env: CampaignEnv) -> TeamsOutbox:
    return TeamsOutbox(env.database, env.clock, timer=env.timer)


def teams_payload(context: dict[str, Any], mail: CampaignMail) -> dict[str, Any]:
    """What the Teams reminder card shows (the card itself is built by the Teams channel)."""
    keys = ("name", "first_name", "year", "deadline", "relative", "link", "groups", "count")
    return {**{key: context.get(key) for key in keys}, "campaign_id": mail.campaign_id,
            "recipient_id": mail.recipient_id}


def enqueue_teams(session: Session, env: CampaignEnv, mail: CampaignMail, *, teams_id: str,
                  context: dict[str, Any]) -> TeamsOutboxMessage:
    """Queue the Teams reminder card that goes with a contact's reminder mail (idempotent on the mail's key)."""
    summary = f"Påminnelse: årsrapportering {context.get('year', '')}"
    return teams_outbox(env).enqueue(session, key=f"{mail.key}:teams", teams_id=teams_id, text=summary,
                                     payload=teams_payload(context, mail), kind=mail.kind,
                                     campaign_id=mail.campaign_id, recipient_id=mail.recipient_id)


def teams_message_wanted(session: Session, *, key: str, campaign_id: int | None,
                         recipient_id: int | None) -> str | None:
    """Checked by the Teams sender right before posting: None when the reminder should still go, else why
    not (its mail was cancelled, the campaign is not active, the contact stopped, nothing is chased)."""
    if campaign_id is None or recipient_id is None:
        return None
    mail = session.exec(select(CampaignMail).where(CampaignMail.key == key.removesuffix(":teams"))).first()
    if mail is not None and mail.status != MAIL_QUEUED:
        return f"campaign: mail {mail.status}"
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.status != "active":
        return f"campaign: {campaign.status if campaign else 'gone'}"
    recipient = session.get(CampaignRecipient, recipient_id)
    if recipient is None or recipient.status != "active":
        return f"campaign: contact {recipient.status if recipient else 'gone'}"
    chased = session.exec(select(CampaignMeasure.id).where(
        CampaignMeasure.recipient_id == recipient_id, col(CampaignMeasure.state).in_(list(states.CHASED)))).first()
    return None if chased is not None else "campaign: nothing left to report"
