"""The campaign's hook into the email intake (``IntakeProcessor(observers=[...])``), called inside
the intake's transaction with the classified, correlated mail and the person's own words.

* A human reply to a campaign mail (correlated by reply token, In-Reply-To or References), or a
  clear "levert" / "ikke levert ennå" / "ikke meg" from a contact's own address: acted on and
  answered here (``bot.campaigns.answers``); the returned ``Reply`` is the answer the intake sends,
  and the router is not asked. Their queued reminder is cancelled.
* A reply from another address than the contact's: accepted, audited, flagged for the secretariat;
  it never marks the contact's measures done.
* An out-of-office (``auto_reply``/``probably_auto``): never a reply; its return date holds the
  contact's next reminder (:func:`bot.campaigns.responses.absence`), but only when it comes from
  the contact's own, verified address (``ParsedMail.sender_verification``): a forged one is
  audited and changes no schedule.
* A reply from the contact's address whose sender is not verified acts on nothing
  (``bot.campaigns.answers``): the contact is asked to confirm, and :meth:`perform_pending` acts
  when their confirming reply (with that mail's token) comes back.
* Anything else returns None (the router answers as usual). Bounces need nothing here: the intake
  marks the address invalid and the tick stops that contact's reminders and alerts the secretariat.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, select

from bot.campaigns import answers
from bot.campaigns.env import CampaignEnv
from bot.campaigns.responses import absence
from bot.campaigns.store import RUNNING, recipient_for
from bot.campaigns.texts import chat
from bot.messages import UNVERIFIED, Reply
from bot.models_campaign import Campaign, CampaignMail, CampaignRecipient

log = logging.getLogger(__name__)

HUMAN = "human"
AUTOMATIC = frozenset({"auto_reply", "probably_auto"})


class CampaignMailObserver:
    name = "campaign"

    def __init__(self, env: CampaignEnv) -> None:
        self.env = env

    def _linked(self, session: Session, correlation: Any) -> CampaignRecipient | None:
        """The contact of the campaign mail this one answers (None: not an answer to one)."""
        outbox_id = getattr(correlation, "outbox_id", None)
        campaign_ref = str(getattr(correlation, "campaign_id", "") or "")
        if outbox_id is None or not campaign_ref.startswith("campaign:"):
            return None
        sent = session.exec(select(CampaignMail).where(CampaignMail.outbox_id == outbox_id)).first()
        if sent is None or sent.recipient_id is None:
            return None
        campaign = session.get(Campaign, sent.campaign_id)
        if campaign is None or campaign.status not in RUNNING:
            return None
        return session.get(CampaignRecipient, sent.recipient_id)

    def __call__(self, session: Session, mail: Any, classification: Any, correlation: Any, text: str) -> Reply | None:
        kind = str(getattr(classification, "kind", HUMAN))
        sender = str(getattr(mail, "sender_address", "") or "").lower()
        message_id = getattr(mail, "message_id", None)
        verified = str(getattr(mail, "sender_verification", UNVERIFIED) or UNVERIFIED) != UNVERIFIED
        identity = _identity(mail)
        now = self.env.now()
        linked = self._linked(session, correlation)
        if kind in AUTOMATIC:
            recipient = linked or (recipient_for(session, email=sender) if sender else None)
            if recipient is not None and recipient.id is not None:
                if not verified or sender != recipient.email.lower():
                    self.env.audit.record(session, actor=sender or "?", channel="email",
                                          action="campaign.out_of_office_unverified", outcome="refused",
                                          target=message_id,
                                          detail={"campaign": recipient.campaign_id, "contact": recipient.email,
                                                  "reason": "sender not verified" if verified is False
                                                  else "not the contact's address"}, identity=identity)
                    return None
                absence(session, self.env, recipient.id, text=f"{getattr(mail, 'subject', '')}\n{text}", received=now,
                        message_id=message_id)
            return None
        if kind != HUMAN:
            return None
        if linked is None:
            if not answers.is_campaign_reply(text, thread=None):
                return None
            linked = answers.contact_for(session, thread=None, email=sender, slack_id=None)
            if linked is None:
                return None
        return answers.handle(session, self.env, linked, text=text, sender=sender, message_id=message_id,
                              channel="email", now=now, verified=verified, identity=identity)

    def perform_pending(self, session: Session, kind: str, payload: dict[str, Any], mail: Any) -> Reply | None:
        """The contact confirmed (a reply with the token of our "Vi fikk en e-post i ditt navn" mail,
        from their own address): act on the reply they were asked about."""
        if kind != answers.PENDING_KIND:
            return None
        sender = str(getattr(mail, "sender_address", "") or "").lower()
        recipient = session.get(CampaignRecipient, int(payload.get("recipient_id") or 0))
        campaign = session.get(Campaign, recipient.campaign_id) if recipient is not None else None
        if recipient is None or campaign is None or campaign.status not in RUNNING or recipient.email != sender:
            return Reply(chat("reply_other"), intent="campaign_other")
        return answers.handle(session, self.env, recipient, text=str(payload.get("text") or ""), sender=sender,
                              message_id=payload.get("message_id"), channel="email", now=self.env.now(),
                              verified=True, identity=_identity(mail))


def _identity(mail: Any) -> dict[str, str]:
    return {"raw_from": str(getattr(mail, "raw_from", "") or ""),
            "sender": str(getattr(mail, "sender_address", "") or ""),
            "verified_by": str(getattr(mail, "sender_verification", UNVERIFIED) or UNVERIFIED)}
