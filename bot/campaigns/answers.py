"""Handling a contact's answer to a reminder, whatever the channel: which messages are campaign
replies, what they do (``responses.apply_reply``), and the answer the contact gets back.

By email a From address proves nothing: a reply in the contact's name acts (marks measures done,
hands over, cancels or holds reminders) only when the sender is verified (a reply token the bot
sent to that address, or DMARC pass from our own gateway; ``bot.mail.verification``). Otherwise
nothing changes: a plain question is answered, anything else gets "Vi fikk en e-post i ditt navn
som ber om …" back to the contact's own address, with the reply held (``PendingRequest``) until
they confirm by answering that mail. Each such attempt is audited with the raw From.

A reply is read against the contact's open measures, so one naming several is acted on per measure.
A question in any reply is answered where the plan answers it and always sent on to the secretariat
with the full text (``responses.forward_question``); the contact is told so. The bot speaks for the
secretariat: it never tells the contact to ask Statsforvalteren (such advice in a plan answer is left
out, the question having gone to the secretariat already)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.calendar import format_date, format_relative
from bot.campaigns import replies, states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.responses import OTHER_SENDER, ReplyOutcome, apply_reply, forward_question, next_reminder
from bot.campaigns.store import RUNNING, measures_of, recipient_for
from bot.campaigns.texts import chat, first_name
from bot.mail.verification import describe, verification_text
from bot.messages import PendingRequest, Reply
from bot.models_campaign import Campaign, CampaignRecipient

ACTED_ON = frozenset({replies.DONE, replies.NOT_YET, replies.HANDOVER, replies.MIXED})
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


PENDING_KIND = "campaign_reply"


def is_own_sender(recipient: CampaignRecipient, sender: str) -> bool:
    """The reply comes from the contact's own address or Slack id (else: a colleague, accepted and
    flagged, never acting for the contact)."""
    return not sender or sender.lower() == recipient.email or (recipient.slack_id or "") == sender


def handle(session: Session, env: CampaignEnv, recipient: CampaignRecipient, *, text: str, sender: str,
           message_id: str | None, channel: str, now: datetime, verified: bool | None = None,
           identity: Mapping[str, str] | None = None) -> Reply:
    """Act on the reply and answer it (in the caller's transaction).

    ``verified``: whether the sender's identity is proven; unset, chat channels count as verified
    (their platform vouches) and email as not."""
    assert recipient.id is not None
    outstanding = measures_of(session, recipient.id, states.OUTSTANDING)
    reading = replies.read_reply(text, own_addresses=(recipient.email,),
                                 measures=[measure.measure for measure in outstanding])
    per_measure = {outstanding[index].id or 0: intent for index, intent in reading.per_measure}
    trusted = verified if verified is not None else channel != "email"
    if not trusted and is_own_sender(recipient, sender):
        return _unverified(session, env, recipient, reading, text=text, sender=sender, message_id=message_id,
                           channel=channel, now=now, identity=identity)
    outcome = apply_reply(session, env, recipient.id, reading, text=text, sender=sender, message_id=message_id,
                          channel=channel, now=now, per_measure=per_measure)
    if outcome is None:
        return Reply(chat("reply_other"), intent="campaign_other")
    found = plan_answer(env, reading, text, now.date())
    if reading.question:
        outcome.forwarded = forward_question(session, env, outcome.campaign, outcome.recipient, reading, text=text,
                                             sender=sender, message_id=message_id, channel=channel, now=now,
                                             answer=found.text if found else None)
    return answer(session, env, outcome, reading, text, now.date(), found=found)


def _unverified(session: Session, env: CampaignEnv, recipient: CampaignRecipient, reading: replies.ReplyReading, *,
                text: str, sender: str, message_id: str | None, channel: str, now: datetime,
                identity: Mapping[str, str] | None) -> Reply:
    """Nothing changes for an unverified sender: a question is answered; anything else is held and
    the contact's own address is asked to confirm."""
    assert recipient.id is not None
    campaign = session.get(Campaign, recipient.campaign_id)
    assert campaign is not None
    target = f"campaign:{campaign.id}:recipient:{recipient.id}"
    if reading.intent == replies.QUESTION:
        outcome = ReplyOutcome(intent=replies.QUESTION, campaign=campaign, recipient=recipient)
        outcome.still_open = measures_of(session, recipient.id, states.CHASED)
        outcome.next_reminder = next_reminder(session, env, campaign, recipient, now) if outcome.still_open else None
        env.audit.record(session, actor=sender[:320] or "?", channel=channel, action="campaign.reply_unverified",
                         outcome="answered", target=target, detail={"intent": reading.intent, "message": message_id},
                         identity=identity)
        found = plan_answer(env, reading, text, now.date())
        outcome.forwarded = forward_question(session, env, campaign, recipient, reading, text=text, sender=sender,
                                             message_id=message_id, channel=channel, now=now,
                                             answer=found.text if found else None, verified=False)
        return answer(session, env, outcome, reading, text, now.date(), found=found)
    kind = f"campaign_{reading.intent}"
    description = describe(kind)
    env.audit.record(session, actor=sender[:320] or "?", channel=channel, action="campaign.reply_unverified",
                     outcome="refused", target=target,
                     detail={"intent": reading.intent, "message": message_id, "contact": recipient.email,
                             "text": " ".join(text.split())[:300]}, identity=identity)
    return Reply(verification_text(description), intent="campaign_verify",
                 pending=PendingRequest(kind=PENDING_KIND, description=description,
                                        payload={"recipient_id": recipient.id, "text": text[:4000],
                                                 "message_id": message_id, "intent": reading.intent}))


_ASK_STATSFORVALTEREN = re.compile(
    r"\b(?:Spør|Spørj|Ask|Kontakt|Ta kontakt med)\s(?:gjerne\s)?"
    r"Statsforvalt(?:eren|aren)\b[^.!?\n]{0,200}[.!?]?", re.IGNORECASE)
"""Advice to ask Statsforvalteren in a plan answer (the bot speaks for the secretariat)."""


@dataclass(frozen=True)
class PlanAnswer:
    text: str
    sources: tuple[str, ...]


def without_referral(text: str) -> str:
    """The plan answer without "Spør Statsforvalteren hvis du er i tvil" and the like."""
    cleaned = _ASK_STATSFORVALTEREN.sub("", text[:8000])
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


def plan_answer(env: CampaignEnv, reading: replies.ReplyReading, text: str, today: date) -> PlanAnswer | None:
    """The plan's answer to the question in a reply; None when there is none, or the plan does not say."""
    if not reading.question or env.answerer is None:
        return None
    found = env.answerer.answer(reading.questions or text, today)
    if getattr(found, "outside_plan", False) or not str(getattr(found, "text", "")).strip():
        return None
    cleaned = without_referral(str(found.text))
    return PlanAnswer(cleaned, tuple(found.sources)) if cleaned else None


def answer(session: Session, env: CampaignEnv, outcome: ReplyOutcome, reading: replies.ReplyReading, text: str,
           today: date, *, found: PlanAnswer | None = None) -> Reply:
    campaign = outcome.campaign
    secretariat = env.secretariat_addresses(session)
    context: dict[str, Any] = {
        "name": first_name(outcome.recipient.name) or outcome.recipient.name,
        "year": campaign.year, "deadline": format_date(campaign.deadline),
        "relative": format_relative(campaign.deadline, today), "link": campaign.link, "outcome": outcome,
        "secretariat": secretariat[0] if secretariat else None,
        "next_reminder": format_date(outcome.next_reminder.date()) if outcome.next_reminder else None,
        "answer": found.text if found else None, "asked": reading.question, "forwarded": outcome.forwarded,
    }
    intent = outcome.intent
    if intent == replies.DONE:
        template = "reply_done" if outcome.done else "reply_already"
    elif intent in {replies.NOT_YET, replies.HANDOVER, replies.QUESTION, replies.MIXED, OTHER_SENDER}:
        template = f"reply_{intent}"
    else:
        template = "reply_other"
    return Reply(chat(template, **context), intent=f"campaign_{intent}", sources=found.sources if found else ())
