"""Handling a contact's answer to a reminder, whatever the channel: which messages are campaign
replies, what they do (``responses.apply_reply``), and the answer the contact gets back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.calendar import format_date, format_relative
from bot.campaigns import replies
from bot.campaigns.env import CampaignEnv
from bot.campaigns.responses import OTHER_SENDER, ReplyOutcome, apply_reply
from bot.campaigns.store import RUNNING, recipient_for
from bot.campaigns.texts import chat, first_name
from bot.messages import Reply
from bot.models_campaign import Campaign, CampaignRecipient

ACTED_ON = frozenset({replies.DONE, replies.NOT_YET, replies.HANDOVER})
"""Intents taken as a campaign reply even outside a reminder's thread (from the contact's own address
or Slack id); in a reminder's thread every reply is one."""


def in_campaign_thread(thread: str | None) -> bool:
    return str(thread or "").startswith("campaign:")


def contact_for(session: Session, *, thread: str | None, email: str | None,
                slack_id: str | None) -> CampaignRecipient | None:
    """The contact in a running campaign a message comes from or answers."""
    recipient = recipient_for(session, thread_key=thread, email=email, slack_id=slack_id)
    if recipient is None:
        return None
    campaign = session.get(Campaign, recipient.campaign_id)
    if campaign is None or campaign.status not in RUNNING:
        return None
    return recipient


def is_campaign_reply(text: str, *, thread: str | None) -> bool:
    """Cheap first look (no database): worth looking up the contact?"""
    return in_campaign_thread(thread) or replies.read_reply(text).intent in ACTED_ON


def handle(session: Session, env: CampaignEnv, recipient: CampaignRecipient, *, text: str, sender: str,
           message_id: str | None, channel: str, now: datetime) -> Reply:
    """Act on the reply and answer it (in the caller's transaction)."""
    assert recipient.id is not None
    reading = replies.read_reply(text, own_addresses=(recipient.email,))
    outcome = apply_reply(session, env, recipient.id, reading, text=text, sender=sender, message_id=message_id,
                          channel=channel, now=now)
    if outcome is None:
        return Reply(chat("reply_other"), intent="campaign_other")
    return answer(session, env, outcome, reading, text, now.date())


def answer(session: Session, env: CampaignEnv, outcome: ReplyOutcome, reading: replies.ReplyReading, text: str,
           today: date) -> Reply:
    campaign = outcome.campaign
    secretariat = env.secretariat_addresses(session)
    context: dict[str, Any] = {
        "name": first_name(outcome.recipient.name) or outcome.recipient.name,
        "year": campaign.year, "deadline": format_date(campaign.deadline),
        "relative": format_relative(campaign.deadline, today), "link": campaign.link, "outcome": outcome,
        "secretariat": secretariat[0] if secretariat else None,
        "next_reminder": format_date(outcome.next_reminder.date()) if outcome.next_reminder else None,
        "answer": None,
    }
    sources: tuple[str, ...] = ()
    if reading.question and outcome.intent in {replies.DONE, replies.QUESTION}:
        answerer = env.answerer
        if answerer is not None:
            found = answerer.answer(text, today)
            context["answer"] = found.text
            sources = tuple(found.sources)
    intent = outcome.intent
    if intent == replies.DONE:
        template = "reply_done" if outcome.done else "reply_already"
    elif intent in {replies.NOT_YET, replies.HANDOVER, replies.QUESTION, OTHER_SENDER}:
        template = f"reply_{intent}"
    else:
        template = "reply_other"
    return Reply(chat(template, **context), intent=f"campaign_{intent}", sources=sources)
