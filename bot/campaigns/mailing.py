"""Putting campaign mail into the outbox: one ``campaign_mail`` row and one outbox row per key,
in the caller's transaction, so a second attempt with the same key adds nothing. A contact with a
Slack id also gets the reminder as a DM (the Slack outbox, key ``<mail key>:slack``), in the same
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.campaigns.env import CampaignEnv, utc
from bot.campaigns.store import MAIL_QUEUED
from bot.mail.compose import AUTO_GENERATED, MailContent, Recipient, ThreadHeaders
from bot.mail.outbox import OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_campaign import CampaignMail
from bot.models_slack_outbox import SlackOutboxMessage
from bot.slack_outbox import SlackOutbox


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
    request = OutgoingRequest(
        key=key, to=to, content=content, kind=outbox_kind, thread=thread or ThreadHeaders(), thread_key=thread_key,
        campaign_id=f"campaign:{campaign_id}", respect_quiet_hours=True, auto_submitted=AUTO_GENERATED,
        detail={"campaign": campaign_id, "kind": kind, "measures": list(measure_ids)},
    )
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


def slack_outbox(env: CampaignEnv) -> SlackOutbox:
    return SlackOutbox(env.database, env.clock, timer=env.timer)


def enqueue_dm(session: Session, env: CampaignEnv, mail: CampaignMail, *, slack_user: str,
               text: str) -> SlackOutboxMessage:
    """Queue the DM that goes with a contact's reminder mail (idempotent on the mail's key)."""
    return slack_outbox(env).enqueue(session, key=f"{mail.key}:slack", slack_user=slack_user, text=text,
                                     kind=mail.kind, campaign_id=mail.campaign_id, recipient_id=mail.recipient_id)
