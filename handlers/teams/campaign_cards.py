"""A press on a reminder card's button ("Levert", "Ikke levert ennå", "Ikke mitt ansvar"): the same reply
logic as an email or chat answer (``bot.campaigns.answers.handle``), only for the contact the card was
sent to, audited. Runs in a worker thread (database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import select

from bot.calendar import format_date
from bot.campaigns import answers
from bot.campaigns.env import CampaignEnv
from bot.campaigns.store import RUNNING
from bot.models_campaign import Campaign, CampaignRecipient
from bot.models_teams import TeamsOutboxMessage
from bot.teams_outbox import teams_id_for
from handlers.teams import cards, texts

CHANNEL = "teams"


@dataclass(frozen=True)
class CardAnswer:
    text: str
    intent: str
    updated_card: dict[str, Any] | None = None


def click_key(value: Mapping[str, Any], clicker: str) -> str:
    """One answer per card, button and person: a second press of the same button is acknowledged once."""
    return f"click:{value.get('outbox')}:{value.get('recipient')}:{value.get('answer')}:{clicker}"[:255]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def answer_card(env: CampaignEnv, value: Mapping[str, Any], *, identities: set[str], actor: str,
                message_id: str, now: datetime) -> CardAnswer:
    answer = str(value.get("answer") or "")
    recipient_id = _int(value.get("recipient"))
    outbox_id = _int(value.get("outbox"))
    if answer not in texts.ANSWER_TEXTS or recipient_id is None:
        return CardAnswer(texts.CARD_CLOSED, "teams_card_invalid")
    with env.database.session() as session:
        recipient = session.get(CampaignRecipient, recipient_id)
        campaign = session.get(Campaign, recipient.campaign_id) if recipient is not None else None
        target = f"campaign:{recipient.campaign_id if recipient else '?'}:recipient:{recipient_id}"
        if recipient is None or campaign is None or campaign.status not in RUNNING:
            return CardAnswer(texts.CARD_CLOSED, "teams_card_closed")
        own = {recipient.email.lower()}
        teams_id = teams_id_for(session, recipient.email)
        if teams_id:
            own.add(teams_id.lower())
        if not own & {item.lower() for item in identities if item}:
            env.audit.record(session, actor=actor, channel=CHANNEL, action="teams.card_action", outcome="refused",
                             target=target, detail={"answer": answer, "outbox": outbox_id})
            return CardAnswer(texts.CARD_NOT_YOURS.format(name=recipient.name), "teams_card_not_yours")
        payload: dict[str, Any] = {}
        if outbox_id is not None:
            row = session.exec(select(TeamsOutboxMessage).where(TeamsOutboxMessage.id == outbox_id,
                                                                TeamsOutboxMessage.recipient_id == recipient_id)).first()
            payload = dict(row.payload or {}) if row is not None else {}
        reply = answers.handle(session, env, recipient, text=texts.ANSWER_TEXTS[answer], sender=recipient.email,
                               message_id=message_id, channel=CHANNEL, now=now)
        env.audit.record(session, actor=actor, channel=CHANNEL, action="teams.card_action", target=target,
                         detail={"answer": answer, "outbox": outbox_id, "intent": reply.intent})
        when = f"{format_date(now.date(), 'nb', weekday=False)} kl. {now:%H:%M}"
        updated = cards.answered_card(payload, answer, when) if payload else None
        return CardAnswer(reply.text, reply.intent, updated)
