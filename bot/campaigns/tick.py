"""The tick: turn what is due now into outbox rows, idempotently, under the scheduler lease.

For every running campaign, at the business time ``now`` (``KOMPETANSEBOT_NOW`` when pinned):

1. Addresses the email channel found invalid (bounces, refused at RCPT) or opted out: that
   contact's reminders stop, their queued mail is cancelled, the secretariat is alerted (once).
2. Inside the sending window only: the latest contact round that is due. Each contact with
   measures still chased, not away, who has no mail for that round yet gets one mail listing
   all their open measures (key ``campaign:<id>:<contact>:<round>:g<generation>``), and, when they
   have a Slack id, the same reminder as a DM in the Slack outbox (that key + ``:slack``). Rounds missed
   while nothing ran are not sent late one by one: only the latest is (a catch-up, once).
3. The escalation round: one mail to the secretariat with what is still outstanding.
4. Once a day after the digest time: the daily digest to the secretariat.
5. Everything delivered: the campaign is finished (the secretariat is told once).

A round's contacts are handled in chunks (``ROUND_CHUNK``), each in one transaction that first locks
the campaign row (a pause waits or wins) and the rows of its contacts (a reply arriving meanwhile waits
or wins), then reads their measures and mail with set-based queries and writes the outbox rows, the
campaign mail and the audit in bulk, so a reminder is never queued after a "levert" was stored. A crash
between chunks loses nothing: the next tick sees which contacts have their mail and continues with the
rest; a second tick adds nothing (the keys are unique; a chunk that meets a key taken meanwhile is
rolled back and done contact by contact, each in its own transaction, as before).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from bot.campaigns import states
from bot.campaigns.env import ACTOR, CampaignEnv, aware, must, utc
from bot.campaigns.lease import Lease
from bot.campaigns.mailing import (
    MailUnavailable,
    campaign_request,
    enqueue,
    enqueue_dm,
    enqueue_teams,
    teams_ids_for,
    tokens_for,
)
from bot.campaigns.planinfo import PlanInfo
from bot.campaigns.schedule import CONTACT_KINDS, ESCALATION, PLANNED, digest_time_for, window_for
from bot.campaigns.status import CampaignStatus, build_status
from bot.campaigns.store import (
    ACTIVE,
    CONTACT_MAIL_KINDS,
    FINISHED,
    MAIL_CANCELLED,
    MAIL_QUEUED,
    cancel_mail,
    cancel_mail_many,
    lock_campaign,
    lock_recipient,
    lock_recipients,
    measures_of,
    move,
    queued_mail,
    running_campaigns,
    thread_key,
)
from bot.campaigns.texts import MeasureLine, reminder_context, reminder_dm, reminder_mail, secretariat_mail
from bot.mail.compose import Recipient, ThreadHeaders
from bot.mail.outbox import OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_campaign import Campaign, CampaignMail, CampaignMeasure, CampaignRecipient, CampaignRound
from bot.models_email import MailCorrespondent, MailOutbox
from bot.teams_outbox import teams_id_for

log = logging.getLogger(__name__)
REACHED_STATUSES = ("sent", "sending")
"""Outbox states of a mail that reached (or may have reached) its recipient."""

CHANNEL = "scheduler"
PAUSED_REASON = "paused"
ROUND_CHUNK = 250
"""Contacts queued per transaction in a round (bounds how long the round holds the write locks)."""


@dataclass
class TickSummary:
    ran: bool = True
    reason: str = ""
    campaigns: int = 0
    queued: int = 0
    notices: int = 0
    """Of ``queued``: first notices (the contact's first mail, with what to report and the link)."""
    alerts: int = 0
    digests: int = 0
    escalations: int = 0
    finished: int = 0
    details: list[str] = field(default_factory=list)


class CampaignTicker:
    def __init__(self, env: CampaignEnv, *, lease: Lease | None = None, round_chunk: int = ROUND_CHUNK) -> None:
        self.env = env
        self.lease = lease or Lease(env.database, timer=env.timer)
        self.round_chunk = round_chunk

    def tick(self) -> TickSummary:
        if self.env.outbox is None:
            return TickSummary(ran=False, reason="email is not set up (BOT_EMAIL)")
        with self.lease.held() as ok:
            if not ok:
                return TickSummary(ran=False, reason="another scheduler holds the lease")
            return self._run()

    def _run(self) -> TickSummary:
        summary = TickSummary()
        now = self.env.now()
        with self.env.database.session() as session:
            campaigns = [(item.id, item.status) for item in running_campaigns(session)]
            tokens = tokens_for(session, self.env)
        for campaign_id, status in campaigns:
            assert campaign_id is not None
            summary.campaigns += 1
            try:
                summary.alerts += self._sync_addresses(campaign_id, now, tokens)
                if status != ACTIVE:
                    continue
                notices: list[int] = []
                summary.queued += self._deliver(campaign_id, now, tokens, notices)
                summary.notices += len(notices)
                summary.escalations += self._escalate(campaign_id, now, tokens)
                summary.finished += self._finish(campaign_id, now, tokens)
                summary.digests += self._digest(campaign_id, now, tokens)
            except MailUnavailable:
                raise
            except Exception:  # one campaign's trouble must not stop the others
                log.exception("campaign %s: tick failed", campaign_id)
                summary.details.append(f"campaign {campaign_id} failed")
        return summary

    # ------------------------------------------------------------------ bounces and opt-outs

    def _sync_addresses(self, campaign_id: int, now: datetime, tokens: ReplyTokens) -> int:
        with self.env.database.session() as session:
            rows = session.exec(
                select(CampaignRecipient.id, MailCorrespondent.invalid_at, MailCorrespondent.invalid_reason,
                       MailCorrespondent.opted_out_at)
                .join(MailCorrespondent, col(MailCorrespondent.address) == func.lower(col(CampaignRecipient.email)))
                .where(CampaignRecipient.campaign_id == campaign_id, CampaignRecipient.status == "active")
                .where(col(MailCorrespondent.invalid_at).is_not(None) | col(MailCorrespondent.opted_out_at).is_not(None))
            ).all()
        alerts = 0
        for recipient_id, invalid_at, reason, _opted_out in rows:
            assert recipient_id is not None
            with self.env.database.session() as session:
                recipient = lock_recipient(session, recipient_id)
                if recipient is None or recipient.status != "active":
                    continue
                bounced = invalid_at is not None
                recipient.status = "bounced" if bounced else "opted_out"
                recipient.bounced_at = utc(now) if bounced else recipient.bounced_at
                recipient.bounce_reason = (reason or "")[:2000] if bounced else "reserverte seg (STOPP)"
                recipient.updated_at = utc(now)
                session.add(recipient)
                affected = []
                for measure in measures_of(session, recipient_id, states.OPEN):
                    if bounced:
                        move(session, self.env, measure, states.BOUNCED, actor=ACTOR, channel=CHANNEL, now=now,
                             reason=recipient.bounce_reason or "bounce")
                    affected.append(measure.measure)
                cancel_mail(session, self.env, queued_mail(session, recipient_id=recipient_id),
                            "address invalid" if bounced else "opted out")
                self.env.audit.record(session, actor=ACTOR, channel=CHANNEL,
                                      action="campaign.bounced" if bounced else "campaign.opted_out",
                                      outcome="alert", target=f"campaign:{campaign_id}:recipient:{recipient_id}",
                                      detail={"email": recipient.email, "reason": recipient.bounce_reason,
                                              "measures": affected})
                alerts += self._alert(session, campaign_id, tokens, now, key=f"bounce:{recipient_id}",
                                      template="alert_bounce",
                                      subject=f"Purring: e-postadressen til {recipient.name} virker ikke"
                                      if bounced else f"Purring: {recipient.name} har reservert seg",
                                      recipient=recipient, measures=affected, bounced=bounced)
        return alerts

    def _alert(self, session: Session, campaign_id: int, tokens: ReplyTokens, now: datetime, *, key: str,
               template: str, subject: str, **context: object) -> int:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        count = 0
        for address in self.env.secretariat_addresses(session):
            content = secretariat_mail(template, subject, campaign=campaign, **context)
            mail = enqueue(session, self.env, tokens, campaign_id=campaign_id,
                           key=f"campaign:{campaign_id}:{key}:{address}", kind="alert",
                           to=Recipient(address, "Sekretariatet"), content=content, now=now, outbox_kind="campaign")
            count += mail is not None
        return count

    # ------------------------------------------------------------------ reminders

    def _due_round(self, session: Session, campaign_id: int, now: datetime) -> CampaignRound | None:
        return session.exec(
            select(CampaignRound).where(CampaignRound.campaign_id == campaign_id, CampaignRound.status == PLANNED,
                                        col(CampaignRound.kind).in_(list(CONTACT_KINDS)),
                                        col(CampaignRound.due_at) <= utc(now))
            .order_by(col(CampaignRound.due_at).desc(), col(CampaignRound.position).desc())
        ).first()

    def _deliver(self, campaign_id: int, now: datetime, tokens: ReplyTokens, notices: list[int] | None = None) -> int:
        with self.env.database.session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None or not window_for(campaign.options, self.env.calendar).allows(now):
                return 0
            target = self._due_round(session, campaign_id, now)
            if target is None:
                return 0
            chased = select(CampaignMeasure.recipient_id).where(
                CampaignMeasure.campaign_id == campaign_id, col(CampaignMeasure.state).in_(list(states.CHASED)))
            candidates = list(session.exec(
                select(CampaignRecipient.id).where(
                    CampaignRecipient.campaign_id == campaign_id, CampaignRecipient.status == "active",
                    col(CampaignRecipient.id).in_(chased),
                    col(CampaignRecipient.snooze_until).is_(None) | (col(CampaignRecipient.snooze_until) <= utc(now)))
                .order_by(col(CampaignRecipient.id))).all())
            done = {mail.recipient_id: mail for mail in session.exec(
                select(CampaignMail).where(CampaignMail.campaign_id == campaign_id,
                                           CampaignMail.round_id == target.id)).all()}
            generation = campaign.generation
            round_id = target.id
            secretariat = self.env.secretariat_addresses(session)
            info = PlanInfo(self.env.plan, campaign.kind)
        assert round_id is not None
        shared = _Shared(tokens=tokens, info=info, secretariat=secretariat[0] if secretariat else None,
                         notices=notices if notices is not None else [])
        todo = [recipient_id for recipient_id in candidates if recipient_id is not None
                and (done.get(recipient_id) is None or _redeliverable(done[recipient_id], generation))]
        queued = 0
        for start in range(0, len(todo), self.round_chunk):
            chunk = todo[start:start + self.round_chunk]
            try:
                queued += self._deliver_chunk(campaign_id, chunk, round_id, now, shared)
            except DBAPIError as exc:  # rolled back (e.g. a key taken by another process): one by one
                log.warning("campaign %s: bulk round rolled back (%s); queuing contact by contact", campaign_id,
                            type(exc).__name__)
                queued += sum(self._deliver_one(campaign_id, recipient_id, round_id, now, shared)
                              for recipient_id in chunk)
        return queued

    def _deliver_chunk(self, campaign_id: int, recipient_ids: list[int], round_id: int, now: datetime,
                       shared: _Shared) -> int:
        """``_deliver_one`` for many contacts in one transaction, with set-based reads and bulk writes:
        the campaign row and every contact's row are locked first (a pause or a "levert" arriving meanwhile
        waits or wins, as for one contact), then everything is read after the locks. Contacts whose mail
        key is already taken, or whose outbox row exists without a campaign mail, take the one-by-one path."""
        env = self.env
        outbox = env.outbox
        assert outbox is not None
        slow: list[int] = []
        with env.database.session() as session:
            campaign = lock_campaign(session, campaign_id)
            if campaign is None:
                return 0
            recipients = lock_recipients(session, recipient_ids)
            target = session.get(CampaignRound, round_id)
            assert target is not None
            generation = campaign.generation
            ids = sorted(recipients)
            existing = {mail.recipient_id: mail for mail in session.exec(select(CampaignMail).where(
                CampaignMail.campaign_id == campaign_id, CampaignMail.round_id == round_id,
                col(CampaignMail.recipient_id).in_(ids))).all()}
            chased: dict[int, list[CampaignMeasure]] = {}
            for measure in session.exec(select(CampaignMeasure).where(
                    col(CampaignMeasure.recipient_id).in_(ids), col(CampaignMeasure.state).in_(list(states.CHASED)))
                    .order_by(col(CampaignMeasure.network), col(CampaignMeasure.measure))).all():
                chased.setdefault(measure.recipient_id, []).append(measure)
            earlier: dict[int, list[CampaignMail]] = {}
            for mail in session.exec(select(CampaignMail).where(
                    col(CampaignMail.recipient_id).in_(ids), col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS),
                    CampaignMail.status == MAIL_QUEUED, CampaignMail.round_id != round_id)
                    .order_by(col(CampaignMail.id))).all():
                assert mail.recipient_id is not None
                earlier.setdefault(mail.recipient_id, []).append(mail)
            reached = set(session.exec(
                select(CampaignMail.recipient_id).join(MailOutbox, col(MailOutbox.id) == col(CampaignMail.outbox_id))
                .where(col(CampaignMail.recipient_id).in_(ids), col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS),
                       CampaignMail.round_id != round_id, col(MailOutbox.status).in_(REACHED_STATUSES))).all())
            planned: list[tuple[CampaignRecipient, list[CampaignMeasure], dict[str, Any], OutgoingRequest,
                                CampaignMail | None]] = []
            for recipient_id in ids:
                recipient = recipients[recipient_id]
                if recipient.status != "active":
                    continue
                snooze = aware(recipient.snooze_until)
                if snooze is not None and snooze > now:
                    continue
                found = existing.get(recipient_id)
                if found is not None and not _redeliverable(found, generation):
                    continue
                measures = chased.get(recipient_id, [])
                if not measures:
                    continue
                context = reminder_context(
                    kind=target.kind, is_first=recipient_id not in reached, name=recipient.name, year=campaign.year,
                    deadline=campaign.deadline, today=now.date(), link=campaign.link,
                    measures=[MeasureLine(m.id or 0, m.measure, m.scheme, m.network) for m in measures],
                    info=shared.info, secretariat=shared.secretariat)
                previous_ids = tuple(mail.message_id for mail in earlier.get(recipient_id, []) if mail.message_id)
                key = f"campaign:{campaign_id}:{recipient_id}:{target.key}:g{generation}"
                request = campaign_request(
                    campaign_id=campaign_id, key=key, kind=target.kind, to=Recipient(recipient.email, recipient.name),
                    content=reminder_mail(context), measure_ids=[m.id or 0 for m in measures],
                    thread=ThreadHeaders(in_reply_to=previous_ids[-1] if previous_ids else None,
                                         references=previous_ids[-10:]),
                    thread_key=thread_key(campaign_id, recipient_id))
                planned.append((recipient, measures, context, request, found))
            keys = [request.key for _, _, _, request, _ in planned]
            taken = set(session.exec(select(CampaignMail.key).where(col(CampaignMail.key).in_(keys))).all())
            taken |= outbox.existing_keys(session, keys)
            slow = [recipient.id for recipient, _, _, request, _ in planned
                    if request.key in taken and recipient.id is not None]
            planned = [item for item in planned if item[3].key not in taken]
            rows = outbox.enqueue_many(session, [request for _, _, _, request, _ in planned], shared.tokens)
            mails: list[CampaignMail] = []
            for (recipient, measures, _, request, found), row in zip(planned, rows, strict=True):
                mail = found or CampaignMail(campaign_id=campaign_id, key=request.key, kind=target.kind,
                                             recipient_id=recipient.id, round_id=round_id,
                                             address=request.to.address.lower(), created_at=utc(now))
                mail.key = request.key
                mail.outbox_id = row.id
                mail.message_id = row.message_id
                mail.status = MAIL_QUEUED
                mail.cancel_reason = None
                mail.generation = generation
                mail.measure_ids = [m.id or 0 for m in measures]
                mails.append(mail)
            session.add_all(mails)
            session.flush()
            superseded = {mail.recipient_id: [item for item in earlier.get(mail.recipient_id or 0, [])
                                              if item.id != mail.id] for mail in mails}
            cancel_mail_many(session, env, superseded, f"superseded by {target.key}")
            teams_ids = teams_ids_for(session, [recipient.email for recipient, _, _, _, _ in planned]) \
                if env.teams_dms else {}
            wanted = states.ROUND_STATE[target.kind]
            for (recipient, measures, context, _, _), mail in zip(planned, mails, strict=True):
                if recipient.slack_id and env.slack_dms:  # after the cancel above (it also cancels the earlier DM)
                    enqueue_dm(session, env, mail, slack_user=recipient.slack_id, text=reminder_dm(context))
                teams_id = teams_ids.get(recipient.email.strip().lower())
                if teams_id:
                    enqueue_teams(session, env, mail, teams_id=teams_id, context=context)
                moves = {}
                for measure in measures:
                    if measure.state != wanted and states.can_move(measure.state, wanted):
                        moves[measure.measure] = [measure.state, wanted]
                        move(session, env, measure, wanted, actor=ACTOR, channel=CHANNEL, now=now,
                             reason=f"round {target.key}", audit=False)
                env.audit.record(session, actor=ACTOR, channel=CHANNEL, action="campaign.mail_queued",
                                 target=mail.message_id,
                                 detail={"campaign": campaign_id, "round": target.key, "to": recipient.email,
                                         "measures": [m.measure for m in measures], "states": moves})
                if context["is_first"]:
                    assert recipient.id is not None
                    shared.notices.append(recipient.id)
            queued = len(mails)
        return queued + sum(self._deliver_one(campaign_id, recipient_id, round_id, now, shared)
                            for recipient_id in slow)

    def _deliver_one(self, campaign_id: int, recipient_id: int, round_id: int, now: datetime,
                     shared: _Shared) -> int:
        with self.env.database.session() as session:
            campaign = lock_campaign(session, campaign_id)
            if campaign is None:
                return 0
            recipient = lock_recipient(session, recipient_id)
            if recipient is None or recipient.status != "active":
                return 0
            snooze = aware(recipient.snooze_until)
            if snooze is not None and snooze > now:
                return 0
            target = session.get(CampaignRound, round_id)
            assert target is not None
            existing = session.exec(select(CampaignMail).where(CampaignMail.campaign_id == campaign_id,
                                                               CampaignMail.recipient_id == recipient_id,
                                                               CampaignMail.round_id == round_id)).first()
            if existing is not None and not _redeliverable(existing, campaign.generation):
                return 0
            measures = measures_of(session, recipient_id, states.CHASED)
            if not measures:
                return 0
            earlier = list(session.exec(
                select(CampaignMail).where(CampaignMail.recipient_id == recipient_id,
                                           col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS),
                                           CampaignMail.status == MAIL_QUEUED, CampaignMail.round_id != round_id)
                .order_by(col(CampaignMail.id))).all())
            # The first mail that actually reaches a contact explains what to report, however late the
            # campaign started and whatever earlier rounds waited unsent in the outbox (they are cancelled
            # below): "first" means nothing was sent (or is being sent) to this contact before.
            reached = session.exec(
                select(CampaignMail.id).join(MailOutbox, col(MailOutbox.id) == col(CampaignMail.outbox_id))
                .where(CampaignMail.recipient_id == recipient_id, col(CampaignMail.kind).in_(CONTACT_MAIL_KINDS),
                       CampaignMail.round_id != round_id, col(MailOutbox.status).in_(REACHED_STATUSES))).first()
            context = reminder_context(
                kind=target.kind, is_first=reached is None, name=recipient.name, year=campaign.year,
                deadline=campaign.deadline, today=now.date(), link=campaign.link,
                measures=[MeasureLine(m.id or 0, m.measure, m.scheme, m.network) for m in measures],
                info=shared.info, secretariat=shared.secretariat)
            previous_ids = tuple(mail.message_id for mail in earlier if mail.message_id)
            mail = enqueue(
                session, self.env, shared.tokens, campaign_id=campaign_id,
                key=f"campaign:{campaign_id}:{recipient_id}:{target.key}:g{campaign.generation}", kind=target.kind,
                to=Recipient(recipient.email, recipient.name), content=reminder_mail(context), now=now,
                recipient_id=recipient_id, round_id=round_id, generation=campaign.generation,
                measure_ids=[m.id or 0 for m in measures],
                thread=ThreadHeaders(in_reply_to=previous_ids[-1] if previous_ids else None,
                                     references=previous_ids[-10:]),
                thread_key=thread_key(campaign_id, recipient_id), existing=existing)
            if mail is None:
                return 0
            cancel_mail(session, self.env, [item for item in earlier if item.id != mail.id],
                        f"superseded by {target.key}")
            if recipient.slack_id and self.env.slack_dms:  # after the cancel above, which also cancels the earlier round's DM
                enqueue_dm(session, self.env, mail, slack_user=recipient.slack_id, text=reminder_dm(context))
            teams_id = teams_id_for(session, recipient.email)
            if teams_id and self.env.teams_dms:  # the reminder card in Teams, same transaction
                enqueue_teams(session, self.env, mail, teams_id=teams_id, context=context)
            wanted = states.ROUND_STATE[target.kind]
            moves = {}
            for measure in measures:
                if measure.state != wanted and states.can_move(measure.state, wanted):
                    moves[measure.measure] = [measure.state, wanted]
                    move(session, self.env, measure, wanted, actor=ACTOR, channel=CHANNEL, now=now,
                         reason=f"round {target.key}", audit=False)
            self.env.audit.record(session, actor=ACTOR, channel=CHANNEL, action="campaign.mail_queued",
                                  target=mail.message_id,
                                  detail={"campaign": campaign_id, "round": target.key, "to": recipient.email,
                                          "measures": [m.measure for m in measures], "states": moves})
            if context["is_first"]:
                shared.notices.append(recipient_id)
            return 1

    # ------------------------------------------------------------------ escalation, finish, digest

    def _escalate(self, campaign_id: int, now: datetime, tokens: ReplyTokens) -> int:
        with self.env.database.session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None or campaign.escalated_at is not None:
                return 0
            if not window_for(campaign.options, self.env.calendar).allows(now):
                return 0
            due = session.exec(select(CampaignRound).where(
                CampaignRound.campaign_id == campaign_id, CampaignRound.kind == ESCALATION,
                CampaignRound.status == PLANNED, col(CampaignRound.due_at) <= utc(now))).first()
            if due is None:
                return 0
        with self.env.database.session() as session:
            locked = lock_campaign(session, campaign_id)
            if locked is None or locked.escalated_at is not None:
                return 0
            outstanding = list(session.exec(select(CampaignMeasure).where(
                CampaignMeasure.campaign_id == campaign_id,
                col(CampaignMeasure.state).in_(list(states.OUTSTANDING)))).all())
            for measure in outstanding:
                if measure.state in states.CHASED:
                    lock_recipient(session, measure.recipient_id)
                    move(session, self.env, measure, states.ESCALATED, actor=ACTOR, channel=CHANNEL, now=now,
                         reason="escalation round")
            locked.escalated_at = utc(now)
            session.add(locked)
            session.flush()
            status = build_status(session, self.env, locked)
            self.env.audit.record(session, actor=ACTOR, channel=CHANNEL, action="campaign.escalated",
                                  outcome="alert", target=f"campaign:{campaign_id}",
                                  detail={"outstanding": len(outstanding)})
            if not outstanding:
                return 0
            return self._alert(session, campaign_id, tokens, now, key="escalation", template="escalation",
                               subject=f"Årsrapportering {locked.year}: {len(outstanding)} tiltak er ikke levert",
                               status=status, today=now.date())

    def _finish(self, campaign_id: int, now: datetime, tokens: ReplyTokens) -> int:
        with self.env.database.session() as session:
            left = session.exec(select(func.count()).select_from(CampaignMeasure).where(
                CampaignMeasure.campaign_id == campaign_id,
                col(CampaignMeasure.state).in_(list(states.OUTSTANDING)))).one()
            total = session.exec(select(func.count()).select_from(CampaignMeasure).where(
                CampaignMeasure.campaign_id == campaign_id)).one()
            if int(left) or not int(total):
                return 0
        with self.env.database.session() as session:
            locked = lock_campaign(session, campaign_id)
            if locked is None:
                return 0
            locked.status = FINISHED
            locked.finished_at = utc(now)
            locked.updated_at = utc(now)
            session.add(locked)
            session.flush()
            status = build_status(session, self.env, locked)
            self.env.audit.record(session, actor=ACTOR, channel=CHANNEL, action="campaign.finished",
                                  target=f"campaign:{campaign_id}", detail={"measures": int(total)})
            self._alert(session, campaign_id, tokens, now, key="finished", template="finished",
                        subject=f"Årsrapportering {locked.year}: alle tiltak er levert", status=status,
                        today=now.date())
            return 1

    def _digest(self, campaign_id: int, now: datetime, tokens: ReplyTokens) -> int:
        with self.env.database.session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None or campaign.status != ACTIVE:
                return 0
            if not window_for(campaign.options, self.env.calendar).allows(now):
                return 0
            if now.time().replace(tzinfo=None) < digest_time_for(campaign.options):
                return 0
            key = f"digest:{now.date().isoformat()}"
            if session.exec(select(CampaignMail.id).where(
                    col(CampaignMail.key).startswith(f"campaign:{campaign_id}:{key}:"))).first() is not None:
                return 0
            previous = session.exec(select(func.max(CampaignMail.created_at)).where(
                CampaignMail.campaign_id == campaign_id, CampaignMail.kind == "digest")).one()
            since = aware(previous) or must(campaign.created_at)
            status = build_status(session, self.env, campaign)
            events = _events_since(status, since)
            count = 0
            for address in self.env.secretariat_addresses(session):
                content = secretariat_mail("digest", f"Purring årsrapportering {campaign.year}: {status.done} av "
                                                     f"{status.total} tiltak levert", campaign=campaign, status=status,
                                           events=events, today=now.date(), since=since)
                mail = enqueue(session, self.env, tokens, campaign_id=campaign_id,
                               key=f"campaign:{campaign_id}:{key}:{address}", kind="digest",
                               to=Recipient(address, "Sekretariatet"), content=content, now=now,
                               outbox_kind="campaign")
                count += mail is not None
            if count:
                self.env.audit.record(session, actor=ACTOR, channel=CHANNEL, action="campaign.digest",
                                      target=f"campaign:{campaign_id}", detail={"to": count, "done": status.done,
                                                                                 "total": status.total})
            return count


@dataclass(frozen=True)
class _Shared:
    """What every contact's transaction of one round uses (looked up once per tick)."""

    tokens: ReplyTokens
    info: PlanInfo
    secretariat: str | None
    notices: list[int] = field(default_factory=list)
    """Contacts whose mail this round is their first notice (for the tick summary's wording)."""


def _redeliverable(mail: CampaignMail, generation: int) -> bool:
    """Mail cancelled by a pause is queued again (under a new key) after the campaign was resumed."""
    return mail.status == MAIL_CANCELLED and mail.cancel_reason == PAUSED_REASON and mail.generation < generation


def _events_since(status: CampaignStatus, since: datetime) -> dict[str, list[Any]]:
    return {
        "done": [item for item in status.measures if item.done_at is not None and item.done_at > since],
        "replies": [item for item in status.contacts if item.replied_at is not None and item.replied_at > since],
        "bounced": [item for item in status.contacts if item.status == "bounced"],
        "handover": [item for item in status.measures if item.needs_handover],
        "review": [item for item in status.contacts if item.review],
        "away": [item for item in status.contacts if item.away_until is not None and item.away_until > since],
        "failed": [item for item in status.contacts if item.failed and item.status != "bounced"],
        "questions": [item for item in status.questions if item.at > since],
    }
