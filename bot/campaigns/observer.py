"""The campaign's hook into the email intake (``IntakeProcessor(observers=[...])``), called inside
the intake's transaction with the classified, correlated mail and the person's own words.

* A human reply to a campaign mail (or from a contact's own address): stored on the contact and
  their queued reminder cancelled (:func:`record_reply`). Acting on it ("levert", "not me") and
  answering is the router's campaign skill, in the same transaction.
* A reply from another address than the contact's: accepted, audited, flagged for the secretariat;
  it never marks the contact's measures done.
* An out-of-office (``auto_reply``/``probably_auto``): never a reply; its return date holds the
  contact's next reminder (:func:`absence`). Needs the intake to call observers for those kinds too.
* Bounces need nothing here: the intake marks the address invalid and the tick stops that
  contact's reminders and alerts the secretariat.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, select

from bot.campaigns import replies
from bot.campaigns.env import CampaignEnv
from bot.campaigns.responses import absence, record_reply
from bot.campaigns.store import RUNNING, recipient_for
from bot.models_campaign import Campaign, CampaignMail, CampaignRecipient

log = logging.getLogger(__name__)

HUMAN = "human"
AUTOMATIC = frozenset({"auto_reply", "probably_auto"})


class CampaignMailObserver:
    name = "campaign"

    def __init__(self, env: CampaignEnv) -> None:
        self.env = env

    def _recipient(self, session: Session, mail: Any, correlation: Any) -> tuple[CampaignRecipient | None, bool]:
        """The contact the mail is about, and whether it came from another address."""
        sender = str(getattr(mail, "sender_address", "") or "").lower()
        outbox_id = getattr(correlation, "outbox_id", None)
        campaign_ref = str(getattr(correlation, "campaign_id", "") or "")
        if outbox_id is not None and campaign_ref.startswith("campaign:"):
            sent = session.exec(select(CampaignMail).where(CampaignMail.outbox_id == outbox_id)).first()
            if sent is not None and sent.recipient_id is not None:
                recipient = session.get(CampaignRecipient, sent.recipient_id)
                campaign = session.get(Campaign, sent.campaign_id)
                if recipient is not None and campaign is not None and campaign.status in RUNNING:
                    return recipient, bool(sender) and sender != recipient.email
                return None, False
        found = recipient_for(session, email=sender) if sender else None
        return found, False

    def __call__(self, session: Session, mail: Any, classification: Any, correlation: Any, text: str) -> bool:
        kind = str(getattr(classification, "kind", HUMAN))
        if kind != HUMAN and kind not in AUTOMATIC:
            return False
        recipient, other = self._recipient(session, mail, correlation)
        if recipient is None or recipient.id is None:
            return False
        now = self.env.now()
        message_id = getattr(mail, "message_id", None)
        if kind in AUTOMATIC:
            body = text or str(getattr(mail, "text", "") or "")
            absence(session, self.env, recipient.id, text=f"{getattr(mail, 'subject', '')}\n{body}", received=now,
                    message_id=message_id)
            return False
        reading = replies.read_reply(text, own_addresses=(recipient.email,))
        record_reply(session, self.env, recipient.id, intent=reading.intent, text=text, message_id=message_id,
                     sender=str(getattr(mail, "sender_address", "") or ""), channel="email", now=now,
                     other_sender=other)
        return False
