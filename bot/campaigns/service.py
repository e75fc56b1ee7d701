"""What the secretariat does with a campaign: preview, start, pause, resume, stop, mark measures
done (by hand or from a file), reassign or reopen a measure, edit the schedule. Every change audited."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.campaigns import states
from bot.campaigns.contacts import (
    ContactImportError,
    ImportResult,
    RowProblem,
    _cell,
    active_contacts,
    import_contacts,
    measure_key,
    read_rows,
)
from bot.campaigns.env import CampaignEnv, must, utc
from bot.campaigns.schedule import (
    CONTACT_KINDS,
    PLANNED,
    SKIPPED,
    PlannedRound,
    ScheduleSpec,
    plan_rounds,
    schedule_for,
    window_for,
)
from bot.campaigns.store import (
    ACTIVE,
    PAUSED,
    RUNNING,
    STOPPED,
    CampaignError,
    cancel_mail,
    find_campaign,
    lock_campaign,
    lock_recipient,
    measures_of,
    move,
    queued_mail,
    running_campaigns,
)
from bot.campaigns.texts import MeasureLine
from bot.models_campaign import Campaign, CampaignContact, CampaignMeasure, CampaignRecipient, CampaignRound
from bot.text import fold

_URL = re.compile(r"^https?://[^\s]+$")


@dataclass(frozen=True)
class PreviewRecipient:
    name: str
    email: str
    measures: tuple[MeasureLine, ...]


@dataclass
class Preview:
    kind: str
    year: int
    deadline: date
    link: str
    rounds: list[PlannedRound]
    recipients: list[PreviewRecipient]
    warnings: list[str] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(item.measures) for item in self.recipients)

    def contact_rounds(self) -> list[PlannedRound]:
        return [item for item in self.rounds if item.kind in CONTACT_KINDS and item.status == PLANNED]


@dataclass(frozen=True)
class StartResult:
    campaign: Campaign
    created: bool


@dataclass
class MarkResult:
    done: list[CampaignMeasure] = field(default_factory=list)
    already: list[CampaignMeasure] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[CampaignMeasure]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    suggestions: dict[str, list[CampaignMeasure]] = field(default_factory=dict)
    """For each unknown reference, the measures whose names come closest (best first)."""


@dataclass(frozen=True)
class SetupProblem:
    """Something missing for a campaign to reach people, said before any preview, with how to fix it."""

    text: str
    fix: str
    blocking: bool

    def __str__(self) -> str:
        return f"{self.text} {self.fix}"


def check_link(link: str) -> str:
    link = link.strip()
    if not _URL.match(link) or not urlsplit(link).hostname:
        raise CampaignError(f"«{link}» er ikke en nettadresse (https://…).")
    return link


class CampaignService:
    def __init__(self, env: CampaignEnv) -> None:
        self.env = env

    @contextmanager
    def _session(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (a chat turn's transaction) or a new one."""
        if session is not None:
            yield session
            return
        with self.env.database.session() as own:
            yield own

    # ------------------------------------------------------------------ contacts

    def import_contacts(self, data: bytes, *, source: str, actor: str, channel: str,
                        replace: bool = False) -> ImportResult:
        """Import the list (all or nothing); running campaigns pick up new and changed measures."""
        with self.env.database.session() as session:
            result = import_contacts(session, data, source=source, info=self.env.info(), now=self.env.now(),
                                     actor=actor, channel=channel, audit=self.env.audit, replace=replace)
            for campaign in running_campaigns(session):
                self._sync_contacts(session, campaign, actor=actor, channel=channel)
        return result

    def _sync_contacts(self, session: Session, campaign: Campaign, *, actor: str, channel: str) -> None:
        assert campaign.id is not None
        now = self.env.now()
        measures = {row.measure_key: row for row in session.exec(
            select(CampaignMeasure).where(CampaignMeasure.campaign_id == campaign.id)).all()}
        recipients = {row.email: row for row in session.exec(
            select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)).all()}
        added = moved = 0
        for contact in active_contacts(session):
            measure = measures.get(contact.measure_key)
            if measure is not None:
                current = session.get(CampaignRecipient, measure.recipient_id)
                if current is not None and current.email != contact.email and measure.state in states.OUTSTANDING:
                    self._reassign(session, campaign, measure, contact.email, contact.name, contact.slack_id,
                                   recipients, actor=actor, channel=channel, now=now)
                    moved += 1
                continue
            recipient = self._recipient(session, campaign, contact.email, contact.name, contact.slack_id,
                                        contact.person_id, recipients, now)
            assert recipient.id is not None
            session.add(CampaignMeasure(campaign_id=campaign.id, recipient_id=recipient.id, contact_id=contact.id,
                                        measure_key=contact.measure_key, measure=contact.measure,
                                        scheme=contact.scheme, network=contact.network, state=states.PENDING,
                                        state_changed_at=utc(now), created_at=utc(now)))
            added += 1
        if added or moved:
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.contacts_synced",
                                  target=f"campaign:{campaign.id}", detail={"added": added, "reassigned": moved})

    # ------------------------------------------------------------------ start

    def setup_problems(self) -> list[SetupProblem]:
        """What keeps the campaign from reaching people (blocking) or from reading their replies."""
        setup = self.env.mail_setup
        problems: list[SetupProblem] = []
        if not setup.bot_email or self.env.outbox is None:
            problems.append(SetupProblem(
                "E-post er ikke satt opp: BOT_EMAIL (adressen påminnelsene sendes fra) mangler.",
                "Sett BOT_EMAIL og SMTP_URL (se README, «E-post»), og start på nytt.", blocking=True))
        if not setup.smtp:
            problems.append(SetupProblem(
                "Sending av e-post er ikke satt opp: SMTP_URL mangler, så påminnelsene ville bare bli liggende "
                "i utboksen.", "Sett SMTP_URL (smtp+starttls://bruker@server:587, eller MAIL_AUTH=oauth2 for "
                "Microsoft 365, se docs/microsoft365.md).", blocking=True))
        if not setup.imap:
            problems.append(SetupProblem(
                "Innboksen er ikke satt opp (IMAP_URL mangler): svar som «levert» blir ikke lest, og ingen slutter "
                "å få påminnelser før de registreres som levert for hånd.",
                "Sett IMAP_URL, eller bruk «kompetansebot campaign mark-done» underveis.", blocking=False))
        return problems

    def schedule(self, kind: str) -> ScheduleSpec:
        return schedule_for(self.env.plan, kind)

    def preview(self, *, kind: str, year: int, deadline: date | None = None, link: str,
                session: Session | None = None) -> Preview:
        info = self.env.info(kind)
        deadline = deadline or info.default_deadline(year)
        link = check_link(link)
        now = self.env.now()
        if deadline < now.date():
            raise CampaignError(f"Fristen {deadline.isoformat()} er passert.")
        rounds = plan_rounds(self.schedule(kind), deadline, now, self.env.calendar)
        with self._session(session) as own:
            contacts = active_contacts(own)
            secretariat = self.env.secretariat_addresses(own)
        by_email: dict[str, list[CampaignContact]] = {}
        for contact in contacts:
            by_email.setdefault(contact.email, []).append(contact)
        recipients = [PreviewRecipient(items[0].name, email, tuple(
            MeasureLine(item.id or 0, item.measure, item.scheme, item.network) for item in items))
            for email, items in sorted(by_email.items(), key=lambda pair: (pair[1][0].network, pair[1][0].name))]
        warnings: list[str] = []
        if not recipients:
            warnings.append("Ingen kontakter er importert: bruk «kompetansebot contacts import FIL» først.")
        if not secretariat:
            warnings.append("Ingen e-postadresse for sekretariatet (SECRETARIAT): daglig oversikt og "
                            "eskalering kan ikke sendes på e-post.")
        return Preview(kind=kind, year=year, deadline=deadline, link=link, rounds=rounds, recipients=recipients,
                       warnings=warnings)

    def start(self, *, kind: str, year: int, deadline: date | None = None, link: str, actor: str,
              channel: str, session: Session | None = None) -> StartResult:
        """Start (idempotent: the same kind and year again gives the existing campaign)."""
        blocking = [problem for problem in self.setup_problems() if problem.blocking]
        if blocking:
            raise CampaignError(" ".join(str(problem) for problem in blocking))
        preview = self.preview(kind=kind, year=year, deadline=deadline, link=link, session=session)
        if not preview.recipients:
            raise CampaignError(preview.warnings[0])
        spec = self.schedule(kind)
        now = self.env.now()
        with self._session(session) as session:
            existing = session.exec(select(Campaign).where(Campaign.kind == kind, Campaign.year == year)).first()
            if existing is not None:
                return StartResult(existing, created=False)
            campaign = Campaign(kind=kind, year=year, deadline=preview.deadline, link=preview.link, status=ACTIVE,
                                options=spec.as_options(), created_by=actor[:320], created_at=utc(now),
                                updated_at=utc(now))
            try:
                with session.begin_nested():
                    session.add(campaign)
                    session.flush()
            except IntegrityError:
                found = session.exec(select(Campaign).where(Campaign.kind == kind, Campaign.year == year)).one()
                return StartResult(found, created=False)
            assert campaign.id is not None
            for item in preview.rounds:
                session.add(CampaignRound(campaign_id=campaign.id, key=item.key, kind=item.kind,
                                          position=item.position, planned_at=utc(item.planned_at),
                                          due_at=utc(item.due_at), status=item.status, note=item.note))
            contacts = active_contacts(session)
            recipients: dict[str, CampaignRecipient] = {}
            for contact in contacts:
                if contact.email not in recipients:
                    recipients[contact.email] = CampaignRecipient(
                        campaign_id=campaign.id, person_id=contact.person_id, name=contact.name, email=contact.email,
                        slack_id=contact.slack_id, created_at=utc(now), updated_at=utc(now))
                    session.add(recipients[contact.email])
            session.flush()
            for contact in contacts:
                recipient = recipients[contact.email]
                assert recipient.id is not None
                session.add(CampaignMeasure(campaign_id=campaign.id, recipient_id=recipient.id, contact_id=contact.id,
                                            measure_key=contact.measure_key, measure=contact.measure,
                                            scheme=contact.scheme, network=contact.network, state=states.PENDING,
                                            state_changed_at=utc(now), created_at=utc(now)))
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.started",
                                  target=f"campaign:{campaign.id}",
                                  detail={"kind": kind, "year": year, "deadline": preview.deadline.isoformat(),
                                          "link": preview.link, "recipients": len(recipients),
                                          "measures": preview.measure_count,
                                          "rounds": [[item.key, must(item.due_at).isoformat(), item.status]
                                                     for item in preview.rounds]})
        return StartResult(campaign, created=True)

    def _recipient(self, session: Session, campaign: Campaign, email: str, name: str, slack_id: str | None,
                   person_id: int | None, cache: dict[str, CampaignRecipient], now: datetime) -> CampaignRecipient:
        found = cache.get(email)
        if found is None:
            found = session.exec(select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id,
                                                                 CampaignRecipient.email == email)).first()
        if found is None:
            assert campaign.id is not None
            found = CampaignRecipient(campaign_id=campaign.id, person_id=person_id, name=name, email=email,
                                      slack_id=slack_id, created_at=utc(now), updated_at=utc(now))
            session.add(found)
            session.flush()
        cache[email] = found
        return found

    # ------------------------------------------------------------------ pause, resume, stop

    def find(self, *, kind: str | None = None, year: int | None = None) -> Campaign:
        with self.env.database.session() as session:
            return find_campaign(session, kind=kind, year=year)

    def pause(self, *, actor: str, channel: str, kind: str | None = None, year: int | None = None,
              session: Session | None = None) -> tuple[Campaign, int]:
        with self._session(session) as session:
            campaign = find_campaign(session, kind=kind, year=year)
            assert campaign.id is not None
            if campaign.status == PAUSED:
                return campaign, 0
            locked = lock_campaign(session, campaign.id, statuses=(ACTIVE,))
            if locked is None:
                raise CampaignError(f"Kampanjen for {campaign.year} kjører ikke (status: {campaign.status}).")
            now = self.env.now()
            locked.status = PAUSED
            locked.paused_at = utc(now)
            locked.updated_at = utc(now)
            session.add(locked)
            cancelled = cancel_mail(session, self.env, queued_mail(session, campaign_id=campaign.id), "paused")
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.paused",
                                  target=f"campaign:{campaign.id}", detail={"cancelled": cancelled})
            return locked, cancelled

    def resume(self, *, actor: str, channel: str, kind: str | None = None, year: int | None = None,
               session: Session | None = None) -> Campaign:
        with self._session(session) as session:
            campaign = find_campaign(session, kind=kind, year=year)
            assert campaign.id is not None
            if campaign.status == ACTIVE:
                return campaign
            locked = lock_campaign(session, campaign.id, statuses=(PAUSED,))
            if locked is None:
                raise CampaignError(f"Kampanjen for {campaign.year} er ikke satt på pause (status: {campaign.status}).")
            now = self.env.now()
            locked.status = ACTIVE
            locked.generation += 1
            locked.paused_at = None
            locked.updated_at = utc(now)
            session.add(locked)
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.resumed",
                                  target=f"campaign:{campaign.id}", detail={"generation": locked.generation})
            return locked

    def stop(self, *, actor: str, channel: str, kind: str | None = None, year: int | None = None,
              session: Session | None = None) -> tuple[Campaign, int]:
        with self._session(session) as session:
            campaign = find_campaign(session, kind=kind, year=year)
            assert campaign.id is not None
            if campaign.status == STOPPED:
                return campaign, 0
            locked = lock_campaign(session, campaign.id, statuses=RUNNING)
            if locked is None:
                raise CampaignError(f"Kampanjen for {campaign.year} kjører ikke (status: {campaign.status}).")
            now = self.env.now()
            locked.status = STOPPED
            locked.stopped_at = utc(now)
            locked.updated_at = utc(now)
            session.add(locked)
            cancelled = cancel_mail(session, self.env, queued_mail(session, campaign_id=campaign.id), "stopped")
            stopped = 0
            for measure in session.exec(select(CampaignMeasure).where(
                    CampaignMeasure.campaign_id == campaign.id,
                    col(CampaignMeasure.state).in_(list(states.OUTSTANDING)))).all():
                stopped += move(session, self.env, measure, states.CANCELLED, actor=actor, channel=channel, now=now,
                                reason="campaign stopped")
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.stopped",
                                  target=f"campaign:{campaign.id}", detail={"cancelled": cancelled,
                                                                             "measures": stopped})
            return locked, cancelled

    # ------------------------------------------------------------------ measures

    @staticmethod
    def resolve(session: Session, campaign_id: int, reference: str) -> list[CampaignMeasure]:
        """A measure by id ("12", "#12"), by "network/measure", or by its name (every match)."""
        text = reference.strip()
        rows = list(session.exec(select(CampaignMeasure).where(CampaignMeasure.campaign_id == campaign_id)).all())
        if text.lstrip("#").isdigit():
            wanted = int(text.lstrip("#"))
            return [row for row in rows if row.id == wanted]
        exact = [row for row in rows if row.measure_key == text]
        if exact:
            return exact
        if "/" in text:
            network, _, name = text.partition("/")
            return [row for row in rows if fold(row.measure) == fold(name)
                    and (fold(row.network) == fold(network) or fold(network) in fold(row.network))]
        return [row for row in rows if fold(row.measure) == fold(text)]

    @staticmethod
    def suggest(session: Session, campaign_id: int, reference: str, limit: int = 3) -> list[CampaignMeasure]:
        """The measures whose names (or "network/measure") come closest to a reference that matched none."""
        from rapidfuzz import fuzz, process

        rows = list(session.exec(select(CampaignMeasure).where(CampaignMeasure.campaign_id == campaign_id)).all())
        wanted = fold(reference.strip().lstrip("#"))[:200]
        if not wanted or not rows:
            return []
        labels = [fold(f"{row.network}/{row.measure}") if "/" in wanted else fold(row.measure) for row in rows]
        contained = [row for row, label in zip(rows, labels, strict=True) if wanted in label]
        if contained:
            return contained[:limit]
        found = process.extract(wanted, labels, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
        return [rows[index] for _, _, index in found]

    def mark_done(self, references: Sequence[str], *, actor: str, channel: str, via: str = "manual",
                  kind: str | None = None, year: int | None = None, session: Session | None = None) -> MarkResult:
        result = MarkResult()
        with self._session(session) as session:
            campaign = find_campaign(session, kind=kind, year=year)
            assert campaign.id is not None
            picked: dict[int, CampaignMeasure] = {}
            for reference in references:
                found = self.resolve(session, campaign.id, reference)
                if not found:
                    result.unknown.append(reference)
                    result.suggestions[reference] = self.suggest(session, campaign.id, reference)
                elif len(found) > 1:
                    result.ambiguous[reference] = found
                else:
                    assert found[0].id is not None
                    picked[found[0].id] = found[0]
            now = self.env.now()
            by_recipient: dict[int, list[int]] = {}
            for measure_id, measure in picked.items():
                by_recipient.setdefault(measure.recipient_id, []).append(measure_id)
            for recipient_id, measure_ids in by_recipient.items():
                lock_recipient(session, recipient_id)
                for measure_id in measure_ids:
                    fresh = session.get(CampaignMeasure, measure_id, populate_existing=True)
                    assert fresh is not None
                    if fresh.state == states.DONE:
                        result.already.append(fresh)
                    elif not states.can_move(fresh.state, states.DONE):
                        result.refused[fresh.measure] = states.LABELS_NB.get(fresh.state, fresh.state)
                    else:
                        move(session, self.env, fresh, states.DONE, actor=actor, channel=channel, now=now,
                             reason="marked done", via=via)
                        result.done.append(fresh)
                if not measures_of(session, recipient_id, states.CHASED):
                    cancel_mail(session, self.env, queued_mail(session, recipient_id=recipient_id), "all delivered")
        return result

    def mark_done_file(self, data: bytes, *, source: str, actor: str, channel: str, kind: str | None = None,
                       year: int | None = None) -> MarkResult:
        """A list of delivered measures: a file with a measure column (and optionally network and scheme),
        or plain text with one measure per line."""
        return self.mark_done(delivered_references(data, source, self.env), actor=actor, channel=channel,
                              via="import", kind=kind, year=year)

    def reopen(self, reference: str, *, actor: str, channel: str, kind: str | None = None,
               year: int | None = None) -> CampaignMeasure:
        with self.env.database.session() as session:
            campaign = find_campaign(session, kind=kind, year=year)
            assert campaign.id is not None
            measure = self._one(session, campaign.id, reference)
            lock_recipient(session, measure.recipient_id)
            session.refresh(measure)
            if measure.state != states.DONE:
                raise CampaignError(f"«{measure.measure}» er ikke registrert som levert.")
            move(session, self.env, measure, states.PENDING, actor=actor, channel=channel, now=self.env.now(),
                 reason="reopened")
            return measure

    def _one(self, session: Session, campaign_id: int, reference: str) -> CampaignMeasure:
        found = self.resolve(session, campaign_id, reference)
        if not found:
            close = self.suggest(session, campaign_id, reference)
            hint = (" Mente du " + " eller ".join(f"#{item.id} {item.measure} ({item.network})" for item in close)
                    + "?") if close else ""
            raise CampaignError(f"Fant ikke tiltaket «{reference}».{hint}")
        if len(found) > 1:
            options = "; ".join(f"#{item.id} {item.measure} ({item.network})" for item in found)
            raise CampaignError(f"«{reference}» passer på flere tiltak: {options}. Bruk nummeret.")
        return found[0]

    def reassign(self, reference: str, *, email: str, name: str, slack_id: str | None = None, actor: str,
                 channel: str, kind: str | None = None, year: int | None = None) -> CampaignMeasure:
        """Give a measure a new contact person (after a handover or a bounce); they are chased from
        the current round on."""
        from bot.campaigns.contacts import checked_address

        email, problem = checked_address(email.strip())
        if problem:
            raise CampaignError(f"«{email}» kan ikke brukes: {problem}.")
        with self.env.database.session() as session:
            campaign = find_campaign(session, kind=kind, year=year, statuses=RUNNING)
            measure = self._one(session, campaign.id or 0, reference)
            self._reassign(session, campaign, measure, email, name, slack_id, {}, actor=actor, channel=channel,
                           now=self.env.now())
            return measure

    def _reassign(self, session: Session, campaign: Campaign, measure: CampaignMeasure, email: str, name: str,
                  slack_id: str | None, cache: dict[str, CampaignRecipient], *, actor: str, channel: str,
                  now: datetime) -> None:
        if measure.state not in states.OUTSTANDING:
            raise CampaignError(f"«{measure.measure}» er {states.LABELS_NB.get(measure.state, measure.state)}; "
                                "bare tiltak som ikke er levert kan få ny kontaktperson.")
        old = lock_recipient(session, measure.recipient_id)
        recipient = self._recipient(session, campaign, email, name or email, slack_id, None, cache, now)
        assert recipient.id is not None
        if recipient.status != "active":
            raise CampaignError(f"{email} kan ikke brukes i kampanjen ({recipient.status}).")
        lock_recipient(session, recipient.id)
        previous = old.email if old is not None else None
        measure.recipient_id = recipient.id
        measure.handover_to = None
        if measure.state != states.PENDING:
            measure.state = states.PENDING
            measure.state_changed_at = utc(now)
        session.add(measure)
        self.env.audit.record(session, actor=actor, channel=channel, action="campaign.reassigned",
                              target=f"campaign:{campaign.id}:measure:{measure.id}",
                              detail={"measure": measure.measure, "from": previous, "to": email})
        if old is not None and old.id is not None and not measures_of(session, old.id, states.CHASED):
            cancel_mail(session, self.env, queued_mail(session, recipient_id=old.id), "reassigned")

    # ------------------------------------------------------------------ the schedule

    def rounds(self, *, kind: str | None = None, year: int | None = None) -> tuple[Campaign, list[CampaignRound]]:
        with self.env.database.session() as session:
            campaign = find_campaign(session, kind=kind, year=year)
            rows = list(session.exec(select(CampaignRound).where(CampaignRound.campaign_id == campaign.id)
                                     .order_by(col(CampaignRound.due_at), col(CampaignRound.position))).all())
            return campaign, rows

    def edit_round(self, key: str, *, when: datetime | None = None, skip: bool = False, actor: str, channel: str,
                   kind: str | None = None, year: int | None = None) -> CampaignRound:
        """Move a round that is not yet due to ``when`` (into the sending window), or skip it."""
        with self.env.database.session() as session:
            campaign = find_campaign(session, kind=kind, year=year, statuses=RUNNING)
            row = session.exec(select(CampaignRound).where(CampaignRound.campaign_id == campaign.id,
                                                           CampaignRound.key == key)).first()
            if row is None:
                keys = ", ".join(item.key for item in session.exec(
                    select(CampaignRound).where(CampaignRound.campaign_id == campaign.id)
                    .order_by(col(CampaignRound.position))).all())
                raise CampaignError(f"Ingen runde heter «{key}» (rundene: {keys}).")
            now = self.env.now()
            if must(row.due_at) <= now and row.status == PLANNED:
                raise CampaignError(f"Runden «{key}» er allerede kommet; den kan ikke endres.")
            before = {"due_at": must(row.due_at).isoformat(), "status": row.status}
            if skip:
                row.status = SKIPPED
                row.note = f"hoppet over av {actor}"[:300]
            else:
                assert when is not None
                due = window_for(campaign.options, self.env.calendar).next_open(when)
                if due <= now:
                    raise CampaignError("Tidspunktet er passert.")
                row.planned_at = utc(when)
                row.due_at = utc(due)
                row.status = PLANNED
                row.note = f"flyttet av {actor}"[:300]
            session.add(row)
            self.env.audit.record(session, actor=actor, channel=channel, action="campaign.round_edited",
                                  target=f"campaign:{campaign.id}:round:{row.key}",
                                  detail={"before": before, "after": {"due_at": must(row.due_at).isoformat(),
                                                                      "status": row.status}})
            return row


def delivered_references(data: bytes, source: str, env: CampaignEnv) -> list[str]:
    """Measure references from a file of delivered measures (see ``CampaignService.mark_done_file``)."""
    from bot.campaigns.contacts import _HEADINGS

    rows = read_rows(data, source)
    info = env.info()
    for position, (_number, cells) in enumerate(rows[:10]):
        columns = {_HEADINGS.get(fold(_cell(cell))): index for index, cell in enumerate(cells)}
        if "measure" not in columns:
            continue
        references: list[str] = []
        problems: list[RowProblem] = []
        for number, body in rows[position + 1:]:
            measure, network, scheme = (_value(body, columns.get(name)) for name in ("measure", "network", "scheme"))
            if not measure:
                continue
            if network and scheme:
                found_network, found_scheme = info.network(network), info.scheme(scheme)
                if found_network is None or found_scheme is None:
                    problems.append(RowProblem(number, "network" if found_network is None else "scheme",
                                               f"ukjent «{network if found_network is None else scheme}»"))
                    continue
                references.append(measure_key(found_network.id, found_scheme.id, measure))
            elif network:
                found_network = info.network(network)
                references.append(f"{found_network.id if found_network else network}/{measure}")
            else:
                references.append(measure)
        if problems:
            raise ContactImportError(problems, source)
        return references
    from calc.textfile import decode_text  # read_rows above has already decoded it strictly

    lines = [line.strip() for line in decode_text(data).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _value(cells: list[object], index: int | None) -> str:
    return _cell(cells[index]) if index is not None and index < len(cells) else ""


def summary_counts(session: Session, campaign_id: int) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for state in session.exec(select(CampaignMeasure.state).where(CampaignMeasure.campaign_id == campaign_id)).all():
        counts[str(state)] = counts.get(str(state), 0) + 1
    return counts
