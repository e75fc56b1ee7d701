"""What a contact's reply does to the campaign (in the caller's transaction).

* :func:`record_reply` (bookkeeping, idempotent per inbound message): the reply is stored on the
  contact, their mail still waiting in the outbox is cancelled (a reply arriving while the next
  reminder is queued cancels it), unclear replies and replies from another address are flagged
  for the secretariat.
* :func:`apply_reply`: ``done`` marks the measures done (the ones named in the reply, otherwise all
  of the contact's open ones); ``handover`` stops the reminders for them and alerts the
  secretariat, who decides (nothing is reassigned silently); a reply naming several measures is
  acted on per measure (``per_measure``: "Realfag er levert, men Inkluderende praksis har en annen
  ansvaret" marks one done and hands over the other); a reply from another address than
  the contact's never marks anything done (accepted, audited, flagged for review).
* :func:`forward_question`: a question in a reply ("Leverer mandag. Er det greit?") goes to the
  secretariat with the full text (an alert mail, the audit entry the daily digest lists, and the
  contact's "bør ses på" note), whether or not the plan answered it.
* :func:`absence`: an out-of-office never counts as a reply, but its return date may hold the
  contact's next reminder until then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlmodel import Session, col, select

from bot.campaigns import replies, states
from bot.campaigns.env import CampaignEnv, aware, must, utc
from bot.campaigns.mailing import MailUnavailable, enqueue, tokens_for
from bot.campaigns.replies import ReplyReading
from bot.campaigns.schedule import CONTACT_KINDS, PLANNED, window_for
from bot.campaigns.store import cancel_mail, lock_recipient, measures_of, move, queued_mail
from bot.campaigns.texts import secretariat_mail
from bot.clock import OSLO
from bot.mail.compose import Recipient
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient, CampaignRound
from bot.text import fold

OTHER_SENDER = "other_sender"


@dataclass
class ReplyOutcome:
    intent: str
    campaign: Campaign
    recipient: CampaignRecipient
    done: list[CampaignMeasure] = field(default_factory=list)
    already: list[CampaignMeasure] = field(default_factory=list)
    handed_over: list[CampaignMeasure] = field(default_factory=list)
    still_open: list[CampaignMeasure] = field(default_factory=list)
    not_yet: list[CampaignMeasure] = field(default_factory=list)
    """Measures the reply named as not delivered yet (reminders go on)."""
    other_sender: bool = False
    next_reminder: datetime | None = None
    forwarded: bool = False
    """A question in the reply was sent on to the secretariat by mail."""


def _message_ref(message_id: str | None, text: str, sender: str) -> str:
    return hashlib.sha256(f"{message_id or ''}\x00{sender}\x00{text}".encode()).hexdigest()[:16]


def record_reply(session: Session, env: CampaignEnv, recipient_id: int, *, intent: str, text: str,
                 message_id: str | None, sender: str, channel: str, now: datetime,
                 other_sender: bool = False) -> CampaignRecipient | None:
    """Store the reply on the contact (once per inbound message) and cancel their queued mail."""
    recipient = lock_recipient(session, recipient_id)
    if recipient is None:
        return None
    ref = message_id or _message_ref(None, text, sender)
    if recipient.last_reply_message_id == ref[:250]:
        return recipient
    shown = " ".join(text.split())[:300]
    if other_sender:
        recipient.review = f"{now:%d.%m.} svar fra {sender}: «{shown}»"
    else:
        recipient.last_reply_at = utc(now)
        recipient.last_reply_intent = intent
        recipient.last_reply_text = text[:2000]
        recipient.replies += 1
        if intent in {replies.OTHER, replies.STOP}:
            recipient.review = f"{now:%d.%m.} uklart svar: «{shown}»"
        elif intent in {replies.DONE, replies.NOT_YET, replies.HANDOVER}:
            recipient.review = None
    recipient.last_reply_message_id = ref[:250]
    recipient.updated_at = utc(now)
    session.add(recipient)
    cancelled = 0 if other_sender else cancel_mail(session, env, queued_mail(session, recipient_id=recipient_id),
                                                   "reply received")
    env.audit.record(session, actor=sender[:320] or "?", channel=channel, action="campaign.reply",
                     outcome="review" if other_sender or intent in {replies.OTHER, replies.STOP} else "ok",
                     target=message_id, detail={"campaign": recipient.campaign_id, "contact": recipient.email,
                                                "intent": intent, "other_sender": other_sender,
                                                "cancelled": cancelled, "text": shown})
    return recipient


def _named(measures: list[CampaignMeasure], text: str) -> list[CampaignMeasure]:
    folded = fold(text)
    return [measure for measure in measures if len(fold(measure.measure)) >= 4 and fold(measure.measure) in folded]


def next_reminder(session: Session, env: CampaignEnv, campaign: Campaign, recipient: CampaignRecipient,
                  now: datetime) -> datetime | None:
    upcoming = session.exec(select(CampaignRound).where(
        CampaignRound.campaign_id == campaign.id, CampaignRound.status == PLANNED,
        col(CampaignRound.kind).in_(list(CONTACT_KINDS)), col(CampaignRound.due_at) > utc(now))
        .order_by(col(CampaignRound.due_at))).first()
    found = must(upcoming.due_at) if upcoming is not None else None
    away = aware(recipient.snooze_until)
    if away is not None and away > now and (found is None or away > found):
        return away
    return found


def apply_reply(session: Session, env: CampaignEnv, recipient_id: int, reading: ReplyReading, *, text: str,
                sender: str, message_id: str | None, channel: str, now: datetime,
                per_measure: Mapping[int, str] | None = None) -> ReplyOutcome | None:
    """Record the reply and act on it; None when the contact is gone. ``per_measure`` (measure id ->
    intent): the measures the reply named, each with what it said about it."""
    recipient = session.get(CampaignRecipient, recipient_id)
    if recipient is None:
        return None
    other = bool(sender) and sender.lower() != recipient.email and (recipient.slack_id or "") != sender
    recorded = record_reply(session, env, recipient_id, intent=reading.intent, text=text, message_id=message_id,
                            sender=sender, channel=channel, now=now, other_sender=other)
    if recorded is None:
        return None
    recipient = recorded
    campaign = session.get(Campaign, recipient.campaign_id)
    assert campaign is not None and recipient.id is not None
    outcome = ReplyOutcome(intent=OTHER_SENDER if other else reading.intent, campaign=campaign,
                           recipient=recipient, other_sender=other)
    if not other:
        outstanding = measures_of(session, recipient.id, states.OUTSTANDING)
        if per_measure:
            said = {measure.id: per_measure.get(measure.id or 0) for measure in outstanding}
            _apply_per_measure(session, env, outcome, outstanding, said, reading, text=text, sender=sender,
                               message_id=message_id, channel=channel, now=now)
            outstanding = []
        targets = _named(outstanding, text) or [m for m in outstanding if m.state != states.HANDOVER] or outstanding
        if not per_measure and reading.intent == replies.DONE:
            for measure in targets:
                move(session, env, measure, states.DONE, actor=sender or recipient.email, channel=channel, now=now,
                     reason="reply", via="reply")
                outcome.done.append(measure)
            if not targets:
                outcome.already = measures_of(session, recipient.id, [states.DONE])
        elif not per_measure and reading.intent == replies.HANDOVER:
            for measure in targets:
                if states.can_move(measure.state, states.HANDOVER):
                    move(session, env, measure, states.HANDOVER, actor=sender or recipient.email, channel=channel,
                         now=now, reason="reply: someone else is responsible")
                    measure.handover_at = utc(now)
                    measure.handover_to = reading.addresses[0][:320] if reading.addresses else None
                    session.add(measure)
                    outcome.handed_over.append(measure)
            if outcome.handed_over:
                _handover_alert(session, env, campaign, recipient, outcome.handed_over, reading, text, message_id,
                                now)
    if recipient.id is not None:
        outcome.still_open = measures_of(session, recipient.id, states.CHASED)
    outcome.next_reminder = next_reminder(session, env, campaign, recipient, now) if outcome.still_open else None
    return outcome


def _apply_per_measure(session: Session, env: CampaignEnv, outcome: ReplyOutcome,
                       outstanding: list[CampaignMeasure], said: Mapping[int | None, str | None],
                       reading: ReplyReading, *, text: str, sender: str, message_id: str | None, channel: str,
                       now: datetime) -> None:
    """Each measure the reply named gets what the reply said about it; the others stay as they are."""
    recipient = outcome.recipient
    actor = sender or recipient.email
    for measure in outstanding:
        intent = said.get(measure.id)
        if intent == replies.DONE and states.can_move(measure.state, states.DONE):
            move(session, env, measure, states.DONE, actor=actor, channel=channel, now=now, reason="reply", via="reply")
            outcome.done.append(measure)
        elif intent == replies.HANDOVER and states.can_move(measure.state, states.HANDOVER):
            move(session, env, measure, states.HANDOVER, actor=actor, channel=channel, now=now,
                 reason="reply: someone else is responsible")
            measure.handover_at = utc(now)
            measure.handover_to = reading.addresses[0][:320] if reading.addresses else None
            session.add(measure)
            outcome.handed_over.append(measure)
        elif intent == replies.NOT_YET:
            outcome.not_yet.append(measure)
    if outcome.handed_over:
        _handover_alert(session, env, outcome.campaign, recipient, outcome.handed_over, reading, text, message_id,
                        now)


def forward_question(session: Session, env: CampaignEnv, campaign: Campaign, recipient: CampaignRecipient,
                     reading: ReplyReading, *, text: str, sender: str, message_id: str | None, channel: str,
                     now: datetime, answer: str | None, verified: bool = True) -> bool:
    """Send the contact's question on to the secretariat, with the full text and what the bot answered.
    True when it went by mail (False: email is not set up or nobody holds the secretariat role; the
    question is still in the audit log, the digest and the status)."""
    question = " ".join((reading.questions or text).split())[:replies.MAX_READ_CHARS]
    full = text.strip()[:replies.MAX_READ_CHARS]
    key = f"campaign:{campaign.id}:question:{recipient.id}:{_message_ref(message_id, text, sender)}:"
    if session.exec(select(CampaignMail.id).where(col(CampaignMail.key).startswith(key))).first() is not None:
        return True  # the same message again: forwarded the first time
    own = is_contact_sender(recipient, sender)
    if own and verified:
        recipient.review = f"{now:%d.%m.} spørsmål: «{' '.join(question.split())[:300]}»"
        session.add(recipient)
    target = f"campaign:{campaign.id}:recipient:{recipient.id}"
    forwarded = False
    addresses = env.secretariat_addresses(session)
    if addresses and env.outbox is not None:
        tokens = tokens_for(session, env)
        open_measures = [m.measure for m in measures_of(session, recipient.id or 0, states.OUTSTANDING)]
        for address in addresses:
            content = secretariat_mail("alert_question", f"Purring: spørsmål fra {recipient.name}",
                                       campaign=campaign, recipient=recipient, sender=sender or recipient.email,
                                       own=own, verified=verified, question=question, text=full, answer=answer,
                                       measures=open_measures, channel=channel)
            enqueue(session, env, tokens, campaign_id=campaign.id or 0, key=f"{key}{address}", kind="alert",
                    to=Recipient(address, "Sekretariatet"), content=content, now=now, outbox_kind="campaign")
            forwarded = True
    env.audit.record(session, actor=(sender or recipient.email)[:320], channel=channel,
                     action=QUESTION_ACTION, outcome="forwarded" if forwarded else "noted", target=target,
                     detail={"campaign": campaign.id, "contact": recipient.email, "name": recipient.name,
                             "sender": sender, "question": question, "text": full, "answered": answer is not None,
                             "verified": verified, "message": message_id})
    return forwarded


QUESTION_ACTION = "campaign.question_forwarded"


def is_contact_sender(recipient: CampaignRecipient, sender: str) -> bool:
    return not sender or sender.lower() == recipient.email or (recipient.slack_id or "") == sender


def _handover_alert(session: Session, env: CampaignEnv, campaign: Campaign, recipient: CampaignRecipient,
                    measures: list[CampaignMeasure], reading: ReplyReading, text: str, message_id: str | None,
                    now: datetime) -> None:
    env.audit.record(session, actor=recipient.email, channel="email", action="campaign.handover_requested",
                     outcome="alert", target=f"campaign:{campaign.id}:recipient:{recipient.id}",
                     detail={"measures": [m.measure for m in measures], "suggested": list(reading.addresses)})
    try:
        tokens = tokens_for(session, env)
    except MailUnavailable:
        return
    ref = _message_ref(message_id, text, recipient.email)
    for address in env.secretariat_addresses(session):
        content = secretariat_mail("alert_handover", f"Purring: {recipient.name} er ikke rett kontaktperson",
                                   campaign=campaign, recipient=recipient, measures=measures,
                                   addresses=list(reading.addresses), text=" ".join(text.split())[:500])
        enqueue(session, env, tokens, campaign_id=campaign.id or 0,
                key=f"campaign:{campaign.id}:handover:{recipient.id}:{ref}:{address}", kind="alert",
                to=Recipient(address, "Sekretariatet"), content=content, now=now, outbox_kind="campaign")


def absence(session: Session, env: CampaignEnv, recipient_id: int, *, text: str, received: datetime,
            message_id: str | None) -> datetime | None:
    """An out-of-office: never a reply; a return date holds the next reminder until that morning."""
    back = replies.return_date(text, received.date())
    recipient = lock_recipient(session, recipient_id)
    if recipient is None:
        return None
    campaign = session.get(Campaign, recipient.campaign_id)
    until = None
    if back is not None and campaign is not None:
        window = window_for(campaign.options, env.calendar)
        until = window.next_open(datetime.combine(back, time(0, 0), tzinfo=OSLO))
        current = aware(recipient.snooze_until)
        if current is None or until > current:
            recipient.snooze_until = utc(until)
            recipient.snooze_reason = f"fraværsmelding: tilbake {back.isoformat()}"
            recipient.updated_at = utc(received)
            session.add(recipient)
    env.audit.record(session, actor=recipient.email, channel="email", action="campaign.out_of_office",
                     outcome="ignored", target=message_id,
                     detail={"campaign": recipient.campaign_id, "back": back.isoformat() if back else None,
                             "next_reminder_not_before": until.isoformat() if until else None})
    return until
