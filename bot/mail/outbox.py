"""The transactional outbox: rows written (with their Message-ID) before any send, claimed safely by
one of several senders, and moved through ``queued -> sending -> sent`` (or retry, failed,
in doubt, cancelled) as the SMTP server answers.

SMTP is never exactly-once. The rules (reference/email.md §5):

* 2xx -> ``sent``. 4xx, or a lost connection before DATA -> back to ``queued`` after a jittered
  backoff (1, 5, 15, 60 min), ``failed`` after ``max_send_attempts``. 5xx -> ``failed``, never
  retried. 535 (authentication) pauses all sending; repeated 5.7.x (policy) pauses too.
* Connection lost after DATA, or a sender that died while ``sending`` (lease expired) ->
  ``in_doubt``: reconciled from evidence (the archive copy seen by intake, or the Message-ID found
  in a mailbox folder), and resent at most once, with the same Message-ID, when no evidence comes.
* Claims: every claimer first locks the ``smtp`` state row (serialising claimers, and making the
  rate window exact); rows are then taken with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL and a
  conditional ``UPDATE … WHERE status = 'queued'`` on both databases.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.mail.compose import AUTO_REPLIED, Envelope, MailContent, Recipient, ThreadHeaders, build_message
from bot.mail.config import EmailConfig
from bot.mail.policy import SendWindow
from bot.mail.state import SMTP, get_state, lock_state, put_state, run_update
from bot.mail.tokens import ReplyTokens
from bot.models import AuditEntry
from bot.models_email import MailCorrespondent, MailOutbox

log = logging.getLogger(__name__)

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
IN_DOUBT = "in_doubt"
FAILED = "failed"
CANCELLED = "cancelled"
ACTOR = "kompetansebot"
CHANNEL = "email"
AUTOMATIC_KINDS = frozenset({"reminder", "campaign", "notice"})
"""Kinds an opt-out ("STOPP") stops; answers to a person's own question still go out."""

# Outcomes of one send attempt.
OK = "sent"
RETRY = "retry"
PERMANENT = "failed"
DOUBT = "in_doubt"
AUTH = "auth"
POLICY = "policy"

# The statements run around every single send, built once (their compiled form is cached by SQLAlchemy).
_MARK_HANDED_OVER = (update(MailOutbox)
                     .where(col(MailOutbox.id) == bindparam("row_id"), col(MailOutbox.status) == SENDING,
                            col(MailOutbox.claimed_by) == bindparam("worker"))
                     .values(claimed_at=bindparam("at"), last_attempt_at=bindparam("at")))
_MARK_SENT = (update(MailOutbox)
              .where(col(MailOutbox.id) == bindparam("row_id"), col(MailOutbox.status) == SENDING,
                     col(MailOutbox.claimed_by) == bindparam("worker"))
              .values(status=SENT, sent_at=bindparam("at"), last_code=bindparam("code"), last_error=None,
                      claimed_by=None))
_INSERT_AUDIT = insert(AuditEntry)


@dataclass(frozen=True)
class OutgoingRequest:
    key: str
    """Idempotency key: enqueueing the same key twice gives the same row."""
    to: Recipient
    content: MailContent
    kind: str = "reply"
    thread: ThreadHeaders = field(default_factory=ThreadHeaders)
    thread_key: str | None = None
    campaign_id: str | None = None
    inbound_id: int | None = None
    respect_quiet_hours: bool = False
    auto_submitted: str = AUTO_REPLIED
    language: str = "nb"
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimedMail:
    id: int
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    recipient: str
    raw: bytes
    attempt: int
    claimed_at: datetime


@dataclass(frozen=True)
class SendResult:
    outcome: str
    code: int | None = None
    message: str = ""
    refused: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Recipients the server refused while accepting others: address -> (code, message)."""


def smtp_outcome(code: int | None, message: str = "", *, after_data: bool = False) -> str:
    """What an SMTP answer (or its absence) means for the row."""
    if code is None:
        return DOUBT if after_data else RETRY
    if 200 <= code < 300:
        return OK
    enhanced = message.strip().split(" ", 1)[0] if message else ""
    if code in {530, 534, 535, 538} or enhanced.startswith("5.7.8"):
        return AUTH
    if code >= 500 and permission_hint(code, message) is not None:
        return AUTH  # a missing sender permission: every mail would fail the same way; pause, keep the rows
    if 400 <= code < 500:
        return RETRY
    if enhanced.startswith("5.7."):
        return POLICY
    return PERMANENT


SENDER_PERMISSION_HINTS: tuple[tuple[str, str], ...] = (
    ("5.7.139", "SMTP AUTH is switched off for the tenant or the mailbox: "
                "Set-CASMailbox <mailbox> -SmtpClientAuthenticationDisabled $false"),
    ("5.7.60", "the app may not send as this mailbox: Add-RecipientPermission <mailbox> "
               "-Trustee <service principal id> -AccessRights SendAs"),
    ("5.2.252", "the app may not send as this mailbox (SendAsDenied): Add-RecipientPermission <mailbox> "
                "-Trustee <service principal id> -AccessRights SendAs"),
    ("5.7.57", "the connection is not authenticated: the app needs the application permission "
               "SMTP.SendAsApp (Office 365 Exchange Online) with admin consent"),
    ("5.7.3", "the token was refused: the app needs the application permission SMTP.SendAsApp "
              "(Office 365 Exchange Online) with admin consent, and the service principal needs "
              "Add-MailboxPermission FullAccess on the mailbox"),
    ("5.7.8", "the token was refused: the app needs the application permission SMTP.SendAsApp "
              "(Office 365 Exchange Online) with admin consent"),
)
"""Exchange Online replies that mean the bot lacks a permission (docs/microsoft365.md), with what to do."""
THROTTLING = ("4.3.2", "4.7.")


def permission_hint(code: int | None, message: str) -> str | None:
    """What permission is missing, for an Exchange Online refusal that says so (None otherwise)."""
    enhanced = _status_of(code or 0, message)
    text = message or ""
    for status, hint in SENDER_PERMISSION_HINTS:
        if enhanced == status or enhanced.startswith(status + ".") or "SendAsDenied" in text and status == "5.2.252":
            return hint
    return None


def throttled(code: int | None, message: str) -> bool:
    """An Exchange throttling reply (4.3.2 "too many", 4.7.x "try later"): retried with backoff."""
    enhanced = _status_of(code or 0, message)
    return enhanced.startswith(THROTTLING)


def address_invalid(code: int, message: str) -> bool:
    """A refusal that says the mailbox does not exist (5.1.x, or a bare 550/551/553), not a policy one."""
    enhanced = _status_of(code, message)
    if enhanced.startswith("5.1."):
        return True
    return enhanced == str(code) and code in {550, 551, 553}


def _status_of(code: int, message: str) -> str:
    first = message.strip().split(" ", 1)[0] if message else ""
    return first if re.fullmatch(r"[245]\.\d{1,3}\.\d{1,3}", first) else str(code)


class Outbox:
    def __init__(self, database: Database, config: EmailConfig, *, clock: Clock, timer: Clock,
                 window: SendWindow | None = None, worker_id: str = "worker",
                 claim_checks: Sequence[Callable[[Session, MailOutbox], str | None]] = ()) -> None:
        self.database = database
        self.config = config
        self.clock = clock
        self.timer = timer
        self.window = window or SendWindow(config)
        self.worker_id = worker_id
        self.audit = AuditLog(clock)
        self.claim_checks = list(claim_checks)
        self._waits: dict[str, datetime] = {}

    def _bnow(self) -> datetime:
        """Business time (``KOMPETANSEBOT_NOW`` when pinned) in UTC, for stored timestamps: SQLite keeps
        wall-clock text without the offset, and every reader takes a naive time as UTC."""
        return self.clock.now().astimezone(UTC)

    def _tnow(self) -> datetime:
        """Real time for retries, leases and the rate window, in UTC (SQLite keeps wall-clock text)."""
        return self.timer.now().astimezone(UTC)

    # ------------------------------------------------------------------ enqueue

    def enqueue(self, session: Session, request: OutgoingRequest, tokens: ReplyTokens, *,
                fresh: bool = False, flush: bool = True) -> MailOutbox:
        """Write the row (Message-ID, reply token, rendered bytes) in the caller's transaction.

        ``fresh``: the caller knows no row has this key and no other process can write it meanwhile (it
        holds the claim the key is derived from): no lookup and no savepoint; a clash anyway raises
        ``IntegrityError`` at the next flush, failing the caller's transaction. With ``flush=False`` (only
        with ``fresh``) the row is added but not flushed: its ``id`` is None until the caller's next flush."""
        if not fresh:
            existing = session.exec(select(MailOutbox).where(MailOutbox.idempotency_key == request.key)).first()
            if existing is not None:
                return existing
        row = self.new_row(request, tokens)
        message_id = row.message_id
        if fresh:
            session.add(row)
            if flush:
                session.flush()  # its id (the inbound row and a held request refer to it)
        else:
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:
                found = session.exec(select(MailOutbox).where(MailOutbox.idempotency_key == request.key)).first()
                if found is None:
                    raise
                return found
        self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.queued", target=message_id,
                          detail={"kind": request.kind, "to": row.recipient, "key": request.key})
        return row

    def new_row(self, request: OutgoingRequest, tokens: ReplyTokens) -> MailOutbox:
        """The row for ``request`` (Message-ID, reply token, rendered bytes), not yet added to a session."""
        identity = self.config.identity
        token = tokens.new()
        message_id = identity.new_message_id()
        envelope = Envelope(message_id=message_id, to=request.to, reply_to=tokens.reply_address(token),
                            date=self.clock.now(), auto_submitted=request.auto_submitted, thread=request.thread,
                            language=request.language)
        raw = build_message(request.content, envelope, identity)
        recipients = [request.to.address.lower()]
        if self.config.archive_copy and identity.address not in recipients:
            recipients.append(identity.address)
        return MailOutbox(
            idempotency_key=request.key, kind=request.kind, message_id=message_id,
            recipient=request.to.address.lower(), envelope_recipients=recipients,
            subject=request.content.subject[:500], raw=raw, reply_token=token, thread_key=request.thread_key,
            campaign_id=request.campaign_id, inbound_id=request.inbound_id, status=QUEUED,
            respect_quiet_hours=request.respect_quiet_hours, next_attempt_at=self._tnow(),
            created_at=self._bnow(), detail=dict(request.detail), attempts=0, in_doubt_resends=0,
        )

    def enqueue_many(self, session: Session, requests: Sequence[OutgoingRequest], tokens: ReplyTokens) -> list[MailOutbox]:
        """Rows for keys the caller checked are new (one set-based lookup), written with one flush in the
        caller's transaction. A key taken meanwhile raises ``IntegrityError`` (the caller's transaction fails)."""
        rows = [self.new_row(request, tokens) for request in requests]
        session.add_all(rows)
        session.flush()
        for request, row in zip(requests, rows, strict=True):
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.queued", target=row.message_id,
                              detail={"kind": request.kind, "to": row.recipient, "key": request.key})
        return rows

    def existing_keys(self, session: Session, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` already have an outbox row (one query)."""
        if not keys:
            return set()
        return set(session.exec(select(MailOutbox.idempotency_key).where(
            col(MailOutbox.idempotency_key).in_(list(keys)))).all())

    def cancel_queued(self, session: Session, *, reason: str, campaign_id: str | None = None,
                      recipient: str | None = None, key_prefix: str | None = None) -> int:
        """Cancel rows not yet sent (e.g. a "levert" reply cancels that contact's queued reminder)."""
        query = select(MailOutbox).where(MailOutbox.status == QUEUED)
        if campaign_id is not None:
            query = query.where(MailOutbox.campaign_id == campaign_id)
        if recipient is not None:
            query = query.where(MailOutbox.recipient == recipient.lower())
        if key_prefix is not None:
            query = query.where(col(MailOutbox.idempotency_key).startswith(key_prefix))
        count = 0
        for row in session.exec(query).all():
            result = run_update(session, update(MailOutbox).where(col(MailOutbox.id) == row.id,
                                                              col(MailOutbox.status) == QUEUED)
                                     .values(status=CANCELLED, last_error=reason))
            if result == 1:
                count += 1
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.cancelled",
                                  target=row.message_id, detail={"reason": reason, "to": row.recipient})
        return count

    # ------------------------------------------------------------------ claim

    def claim(self, limit: int | None = None) -> list[ClaimedMail]:
        """Take up to ``limit`` due rows for this sender (respecting pause, rate and office hours)."""
        limit = limit or self.config.send_batch
        with self.database.session() as session:
            now = self._tnow()
            state = lock_state(session, SMTP, now)
            self._expire_leases(session, now)
            paused_until = state.get("paused_until")
            if paused_until and datetime.fromisoformat(paused_until) > now:
                return []
            allowed = limit
            rate = self.config.rate_per_minute
            if rate:
                recent = session.exec(select(func.count()).select_from(MailOutbox).where(
                    col(MailOutbox.claimed_at) >= now - timedelta(seconds=60))).one()
                allowed = min(limit, rate - int(recent))
                if allowed <= 0:
                    self._log_wait("rate", f"sending waits: at most {rate} messages a minute per mailbox"
                                           f"{' (Exchange Online limit)' if self.config.exchange_online else ''}; "
                                           f"{int(recent)} sent in the last minute")
                    return []
            query = select(MailOutbox).where(MailOutbox.status == QUEUED, col(MailOutbox.next_attempt_at) <= now)
            if not self.window.allows(self.clock.now()):
                query = query.where(col(MailOutbox.respect_quiet_hours).is_(False))
            query = query.order_by(col(MailOutbox.next_attempt_at), col(MailOutbox.id)).limit(allowed)
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = self._within_daily_recipients(session, list(session.exec(query).all()), now)
            claimed: list[ClaimedMail] = []
            invalid = self._invalid_recipients(session, [row.recipient for row in rows])
            wanted: list[MailOutbox] = []
            for row in rows:
                reason = self._claim_veto(session, row, invalid)
                if reason is not None:
                    run_update(session, update(MailOutbox).where(col(MailOutbox.id) == row.id,
                                                             col(MailOutbox.status) == QUEUED)
                                    .values(status=CANCELLED, last_error=reason))
                    self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.cancelled",
                                      target=row.message_id, detail={"reason": reason, "to": row.recipient})
                    continue
                wanted.append(row)
            # One conditional UPDATE for the batch: the rows are ours (row locks with SKIP LOCKED on
            # PostgreSQL; on SQLite the smtp state row's write lock is held since the start of the claim).
            ids: list[int] = [row.id for row in wanted if row.id is not None]
            taken = run_update(session, update(MailOutbox)
                               .where(col(MailOutbox.id).in_(ids), col(MailOutbox.status) == QUEUED)
                               .values(status=SENDING, claimed_by=self.worker_id, claimed_at=now,
                                       attempts=col(MailOutbox.attempts) + 1)) if ids else 0
            ours: set[int | None] = set(ids)
            if taken != len(ids):  # some were changed meanwhile: keep exactly those now claimed by us
                ours = set(session.exec(select(MailOutbox.id).where(
                    col(MailOutbox.id).in_(ids), MailOutbox.status == SENDING,
                    MailOutbox.claimed_by == self.worker_id, MailOutbox.claimed_at == now)).all())
            for row in wanted:
                if row.id not in ours:
                    continue
                assert row.id is not None
                claimed.append(ClaimedMail(
                    id=row.id, message_id=row.message_id, sender=self.config.identity.address,
                    recipients=tuple(row.envelope_recipients), recipient=row.recipient, raw=row.raw,
                    attempt=row.attempts + 1, claimed_at=now,
                ))
            return claimed

    def _within_daily_recipients(self, session: Session, rows: list[MailOutbox], now: datetime) -> list[MailOutbox]:
        """The rows that fit under ``recipients_per_day`` (envelope recipients handed to SMTP in 24 h)."""
        cap = self.config.recipients_per_day
        if not cap or not rows:
            return rows
        used = sum(len(recipients or []) for recipients in session.exec(
            select(MailOutbox.envelope_recipients).where(col(MailOutbox.last_attempt_at) >= now - timedelta(days=1))))
        kept: list[MailOutbox] = []
        for row in rows:
            used += len(row.envelope_recipients or [])
            if used > cap:
                break
            kept.append(row)
        if len(kept) < len(rows):
            self._log_wait("daily", f"sending waits: at most {cap} recipients a day per mailbox"
                                    f"{' (Exchange Online limit)' if self.config.exchange_online else ''}; "
                                    f"{len(rows) - len(kept)} due mail(s) wait for the 24-hour window to move")
        return kept

    def _log_wait(self, kind: str, text: str) -> None:
        """One INFO line per kind of wait and minute (the send loop asks every few seconds)."""
        now = self._tnow()
        last = self._waits.get(kind)
        if last is None or now - last >= timedelta(minutes=1):
            self._waits[kind] = now
            log.info("%s", text)

    def _invalid_recipients(self, session: Session, addresses: list[str]) -> dict[str, MailCorrespondent]:
        if not addresses:
            return {}
        rows = session.exec(select(MailCorrespondent).where(col(MailCorrespondent.address).in_(set(addresses)))).all()
        return {row.address: row for row in rows}

    def _claim_veto(self, session: Session, row: MailOutbox, known: dict[str, MailCorrespondent]) -> str | None:
        correspondent = known.get(row.recipient)
        if correspondent is not None:
            if correspondent.invalid_at is not None:
                return f"address invalid ({correspondent.invalid_status or 'bounce'})"
            if correspondent.opted_out_at is not None and row.kind in AUTOMATIC_KINDS:
                return "opted out"
        for check in self.claim_checks:
            reason = check(session, row)
            if reason:
                return reason
        return None

    def _expire_leases(self, session: Session, now: datetime) -> None:
        """Rows left in ``sending`` by a sender that stopped: never handed to SMTP since the claim ->
        queued again; handed over (marked by ``begin_send``) but not recorded -> in doubt."""
        cutoff = now - timedelta(seconds=self.config.send_lease_seconds)
        stale = session.exec(select(MailOutbox).where(MailOutbox.status == SENDING,
                                                      col(MailOutbox.claimed_at) < cutoff)).all()
        for row in stale:
            attempted = row.last_attempt_at is not None and row.claimed_at is not None and \
                _aware(row.last_attempt_at, now) >= _aware(row.claimed_at, now)
            values: dict[str, Any] = (
                {"status": IN_DOUBT, "last_error": f"sender {row.claimed_by} stopped while sending"} if attempted
                else {"status": QUEUED, "claimed_by": None, "next_attempt_at": now,
                      "attempts": max(0, row.attempts - 1)})
            result = run_update(session, update(MailOutbox).where(
                col(MailOutbox.id) == row.id, col(MailOutbox.status) == SENDING,
                col(MailOutbox.claimed_at) < cutoff).values(**values))
            if result != 1:
                continue
            if attempted:
                log.warning("outbox %s: sender %s stopped while sending; in doubt", row.message_id, row.claimed_by)
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.in_doubt",
                                  outcome="in_doubt", target=row.message_id,
                                  detail={"reason": "lease expired", "claimed_by": row.claimed_by})
            else:
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.requeued", outcome="retry",
                                  target=row.message_id,
                                  detail={"reason": "sender stopped before sending", "claimed_by": row.claimed_by})

    # ------------------------------------------------------------------ results

    def record(self, claimed: ClaimedMail, result: SendResult) -> str:
        """Store what the server said; returns the row's new status."""
        if result.outcome == OK and not result.refused:
            return self._record_sent(claimed, result)
        with self.database.session() as session:
            row = session.get(MailOutbox, claimed.id, populate_existing=True)
            if row is None or row.status != SENDING or row.claimed_by != self.worker_id:
                log.warning("outbox %s: claim lost before the result was stored (%s)", claimed.message_id,
                            result.outcome)
                return row.status if row is not None else "missing"
            now = self._tnow()
            detail = dict(row.detail)
            row.last_code = result.code
            row.last_error = result.message[:2000] if result.outcome != OK else None
            row.claimed_by = None
            action = f"email.{result.outcome}"
            if result.refused:
                detail["refused"] = {address: [code, message[:300]] for address, (code, message) in
                                     result.refused.items()}
            if result.outcome == OK:
                row.sent_at = self._bnow()
                refused = result.refused.get(row.recipient)
                if refused is None:
                    row.status = SENT
                elif refused[0] >= 500:
                    row.status = FAILED
                    action = "email.failed"
                else:
                    # The archive copy went out; the person's copy is retried on its own.
                    row.status = QUEUED
                    row.envelope_recipients = [row.recipient]
                    row.next_attempt_at = now + self._backoff(row.attempts)
                    detail["evidence"] = "none"
                    action = "email.retry"
            elif result.outcome == RETRY:
                if row.attempts >= self.config.max_send_attempts:
                    row.status = FAILED
                    action = "email.failed"
                else:
                    row.status = QUEUED
                    row.next_attempt_at = now + self._backoff(row.attempts)
                    if throttled(result.code, result.message):
                        log.warning("the mail server is throttling the bot (%s %s); %s is retried at %s",
                                    result.code, result.message[:120], row.message_id,
                                    row.next_attempt_at.isoformat(timespec="seconds"))
            elif result.outcome == DOUBT:
                row.status = IN_DOUBT
            elif result.outcome == AUTH:
                row.status = QUEUED
                row.attempts = max(0, row.attempts - 1)
                row.next_attempt_at = now
                hint = permission_hint(result.code, result.message)
                code = f"{result.code} " if result.code is not None else ""
                self._pause(session, now, f"authentication refused: {code}{result.message[:200]}"
                                          + (f" ({hint})" if hint else ""))
            elif result.outcome == POLICY:
                row.status = FAILED
                self._policy_failure(session, now, result)
            else:
                row.status = FAILED
            refused_person = result.refused.get(row.recipient)
            if refused_person is not None and address_invalid(*refused_person):
                self.mark_invalid(session, row.recipient, _status_of(*refused_person),
                                  f"refused at RCPT: {refused_person[0]} {refused_person[1][:300]}",
                                  message_id=row.message_id)
            row.detail = detail
            session.add(row)
            outcome = {SENT: "ok", FAILED: "failed", IN_DOUBT: "in_doubt", QUEUED: "retry"}.get(row.status, "ok")
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action=action, outcome=outcome,
                              target=row.message_id,
                              detail={"to": row.recipient, "code": result.code, "attempt": row.attempts,
                                      "message": result.message[:300]})
            return row.status

    def connect(self) -> Connection:
        """A connection a sender keeps for a round of ``begin_send`` calls (each still its own transaction):
        no pool checkout and reset per message. Close it after the round."""
        return self.database.engine.connect()

    def begin_send(self, claimed: ClaimedMail,
                   sent_before: Sequence[tuple[ClaimedMail, SendResult]] = (),
                   connection: Connection | None = None) -> bool:
        """Mark the row as being handed to SMTP now (renewing the claim), in one transaction with
        the successes of the messages sent just before. False when the claim was lost (lease
        expired and the row reconciled elsewhere): then the mail must not be sent from here.

        The mark is what tells a crash apart: a row whose sender died before marking it was never
        handed over and is simply queued again; one marked and not recorded is in doubt.

        One short transaction per message (it runs before every send): plain SQL statements on a
        connection (``connection``, from :meth:`connect`, when the caller keeps one), no ORM session."""
        now = self._tnow()
        if connection is None:
            with self.database.engine.connect() as own:
                return self.begin_send(claimed, sent_before, own)
        with connection.begin():
            self._store_sent(connection, sent_before)
            result = connection.execute(_MARK_HANDED_OVER, {"row_id": claimed.id, "worker": self.worker_id, "at": now})
            return int(result.rowcount or 0) == 1

    def _record_sent(self, claimed: ClaimedMail, result: SendResult) -> str:
        return self.record_sent_batch([(claimed, result)])[0]

    def record_sent_batch(self, sent: Sequence[tuple[ClaimedMail, SendResult]],
                          connection: Connection | None = None) -> list[str]:
        """Plain successes in one transaction. Returns each row's status."""
        if connection is None:
            with self.database.engine.connect() as own:
                return self.record_sent_batch(sent, own)
        with connection.begin():
            return self._store_sent(connection, sent)

    def _store_sent(self, connection: Connection, sent: Sequence[tuple[ClaimedMail, SendResult]]) -> list[str]:
        """Per row one conditional UPDATE (only if the claim is still ours) and one audit row (the
        audit rows of all of them in one INSERT)."""
        statuses: list[str] = []
        audit: list[dict[str, Any]] = []
        for claimed, result in sent:
            changed = connection.execute(_MARK_SENT, {"row_id": claimed.id, "worker": self.worker_id,
                                                      "at": self._bnow(), "code": result.code})
            if int(changed.rowcount or 0) != 1:
                log.warning("outbox %s: claim lost before the result was stored (sent)", claimed.message_id)
                status = connection.execute(select(MailOutbox.status).where(col(MailOutbox.id) == claimed.id)).scalar()
                statuses.append(str(status) if status is not None else "missing")
                continue
            audit.append(self._audit_values(action="email.sent", outcome="ok", target=claimed.message_id,
                                            detail={"to": claimed.recipient, "code": result.code,
                                                    "attempt": claimed.attempt, "message": result.message[:300]}))
            statuses.append(SENT)
        if audit:  # one row as one statement, several as one executemany
            connection.execute(_INSERT_AUDIT, audit[0] if len(audit) == 1 else audit)
        return statuses

    def _audit_values(self, *, action: str, outcome: str, target: str | None, detail: dict[str, Any]) -> dict[str, Any]:
        """An audit row as ``AuditLog.record`` writes it (actor ``kompetansebot``, channel ``email``), for
        a plain INSERT on a connection."""
        return {"at": self.clock.now(), "actor": ACTOR, "channel": CHANNEL, "action": action, "outcome": outcome,
                "target": target[:200] if target else target, "detail": detail, "note": None}

    def release(self, claimed: ClaimedMail) -> None:
        """Put a claimed row back untouched (sending was paused before its turn)."""
        with self.database.session() as session:
            run_update(session, update(MailOutbox).where(col(MailOutbox.id) == claimed.id,
                                                     col(MailOutbox.status) == SENDING,
                                                     col(MailOutbox.claimed_by) == self.worker_id)
                            .values(status=QUEUED, claimed_by=None, attempts=col(MailOutbox.attempts) - 1))

    def _backoff(self, attempts: int) -> timedelta:
        steps = self.config.backoff_minutes
        minutes = steps[min(max(attempts, 1), len(steps)) - 1]
        return timedelta(minutes=minutes * random.uniform(0.8, 1.2))

    def _pause(self, session: Session, now: datetime, reason: str) -> None:
        state = lock_state(session, SMTP, now)
        until = now + timedelta(minutes=self.config.pause_minutes)
        state.update({"paused_until": until.isoformat(), "paused_reason": reason, "paused_at": now.isoformat(),
                      "policy_failures": []})
        put_state(session, SMTP, state, now)
        log.error("email sending paused until %s: %s", until.isoformat(), reason)
        self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.paused", outcome="alert",
                          detail={"reason": reason, "until": until.isoformat()})

    def _policy_failure(self, session: Session, now: datetime, result: SendResult) -> None:
        state = lock_state(session, SMTP, now)
        window = now - timedelta(hours=1)
        failures = [stamp for stamp in state.get("policy_failures", []) if datetime.fromisoformat(stamp) >= window]
        failures.append(now.isoformat())
        state["policy_failures"] = failures
        put_state(session, SMTP, state, now)
        if len(failures) >= self.config.policy_failures_to_pause:
            self._pause(session, now, f"{len(failures)} policy refusals (5.7.x), last: {result.code} "
                                      f"{result.message[:200]}")

    def resume(self) -> None:
        with self.database.session() as session:
            now = self._tnow()
            state = lock_state(session, SMTP, now)
            state.pop("paused_until", None)
            state.pop("paused_reason", None)
            state["policy_failures"] = []
            put_state(session, SMTP, state, now)
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.resumed")

    def paused(self) -> dict[str, Any] | None:
        with self.database.session() as session:
            state = get_state(session, SMTP)
        until = state.get("paused_until")
        if until and datetime.fromisoformat(until) > self._tnow():
            return {"until": until, "reason": state.get("paused_reason", "")}
        return None

    # ------------------------------------------------------------------ evidence

    def mark_invalid(self, session: Session, address: str, status: str, reason: str, *,
                     message_id: str | None = None) -> None:
        address = address.lower()
        if address == self.config.identity.address:
            return
        row = session.exec(select(MailCorrespondent).where(MailCorrespondent.address == address)).first()
        now = self._bnow()
        if row is None:
            row = MailCorrespondent(address=address, updated_at=now)
        if row.invalid_at is None:
            row.invalid_at = now
        row.invalid_status = status[:20]
        row.invalid_reason = reason[:2000]
        row.updated_at = now
        session.add(row)
        session.flush()
        log.warning("email address %s marked invalid (%s): %s", address, status, reason[:200])
        self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.address_invalid", outcome="alert",
                          target=message_id, detail={"address": address, "status": status, "reason": reason[:300]})
        self.cancel_queued(session, recipient=address, reason=f"address invalid ({status})")

    def record_echo(self, session: Session, message_id: str) -> MailOutbox | None:
        """Our own mail came back to the mailbox (archive copy or canary): proof it was accepted."""
        row = session.exec(select(MailOutbox).where(MailOutbox.message_id == message_id)).first()
        if row is None:
            return None
        if row.echo_at is None:
            row.echo_at = self._tnow()
        if row.status == IN_DOUBT and row.detail.get("evidence") != "none":
            row.status = SENT
            row.sent_at = row.sent_at or self._bnow()
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.reconciled",
                              target=row.message_id, detail={"evidence": "archive copy"})
        session.add(row)
        return row

    def reconcile(self, evidence: Callable[[str], bool] | None = None) -> dict[str, int]:
        """Settle in-doubt rows: evidence -> ``sent``; none after the grace period -> one resend."""
        summary = {"reconciled": 0, "resent": 0, "failed": 0, "waiting": 0}
        with self.database.session() as session:
            now = self._tnow()
            lock_state(session, SMTP, now)
            self._expire_leases(session, now)
        with self.database.session() as session:
            ids = [row.id for row in session.exec(select(MailOutbox).where(MailOutbox.status == IN_DOUBT)).all()]
        for row_id in ids:
            with self.database.session() as session:
                row = session.get(MailOutbox, row_id, populate_existing=True)
                if row is None or row.status != IN_DOUBT:
                    continue
                usable = row.detail.get("evidence") != "none"
                found = usable and (row.echo_at is not None or (evidence is not None and evidence(row.message_id)))
                now = self._tnow()
                if found:
                    row.status = SENT
                    row.sent_at = row.sent_at or self._bnow()
                    summary["reconciled"] += 1
                    self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.reconciled",
                                      target=row.message_id, detail={"evidence": "found"})
                elif row.last_attempt_at is not None and now - _aware(row.last_attempt_at, now) < timedelta(
                        seconds=self.config.in_doubt_grace_seconds):
                    summary["waiting"] += 1
                elif row.in_doubt_resends < 1:
                    row.status = QUEUED
                    row.in_doubt_resends += 1
                    row.next_attempt_at = now
                    summary["resent"] += 1
                    self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.resend_in_doubt",
                                      outcome="retry", target=row.message_id,
                                      detail={"reason": "no evidence of delivery; resent once, same Message-ID"})
                else:
                    row.status = FAILED
                    row.last_error = "in doubt after one resend, no evidence of delivery"
                    summary["failed"] += 1
                    self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.failed",
                                      outcome="alert", target=row.message_id, detail={"reason": row.last_error})
                session.add(row)
        return summary

    def counts(self) -> dict[str, int]:
        with self.database.session() as session:
            rows = session.exec(select(MailOutbox.status, func.count()).group_by(MailOutbox.status)).all()
        return {status: int(count) for status, count in rows}


def _aware(value: datetime, reference: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored from an aware clock in the same zone."""
    if value.tzinfo is None and reference.tzinfo is not None:
        return value.replace(tzinfo=reference.tzinfo)
    return value
