"""One inbound mail, exactly once: claim, classify, correlate, answer through the router, record.

The IMAP side (handlers/email) hands each message's raw bytes and its location
(folder, UIDVALIDITY, UID) to :meth:`IntakeProcessor.process` and then moves it where the
returned decision says. The rules:

* **Claim** (own transaction): the message is keyed by its location *and* a hash of its
  Message-ID (of its bytes when it has none). A known key is never processed again: it is only
  moved on. A fresh claim by another process is left alone; an expired one is taken over.
* **Act** (one transaction, shared with the router): classification first (own mail, bounce,
  auto-reply, list, no-reply, probably automatic, human); only ``human`` mail reaches
  ``router.handle`` and gets an answer, written to the outbox in the *same* transaction as the
  conversation state and the inbound row. A crash before the commit leaves nothing behind: the
  mail is still in INBOX and is processed after the restart; a crash after it finds the row and
  only moves the mail.
* A processing error is stored on the row; after ``max_intake_attempts`` the mail goes to the
  Quarantine folder with the reason, so one bad mail never blocks or loops forever. A mail whose
  body cannot be parsed (1 000 nested multiparts, say) goes there at once, its sender kept from
  the raw header.
* **Who sent it** (``bot.mail.verification``): the row and every audit entry keep the raw From, the
  address parsed from it before decoding and how the sender was verified (``none``,
  ``reply_token``, ``dmarc``). The router and the observers see that (``IncomingMessage.verified``,
  ``ParsedMail.sender_verification``): nothing that changes a person's stored data acts for an
  unverified sender. An answer carrying a ``PendingRequest`` (the "Vi fikk en e-post i ditt navn"
  mail) holds that request in ``mail_pending_action`` until a reply with this mail's token comes
  back from the same address; that reply performs it (``perform_pending`` of an observer) or, on
  "nei", drops it. Answers always go to the From address, never to Reply-To.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.mail import classify as kinds
from bot.mail import verification as pending_state
from bot.mail.classify import Classification, classify
from bot.mail.compose import Recipient, render_reply, reply_subject, thread_headers
from bot.mail.config import EmailConfig
from bot.mail.correlate import Correlation, correlate
from bot.mail.formmail import condense_form_reply, contains_form_answers, has_form_answers
from bot.mail.outbox import Outbox, OutgoingRequest
from bot.mail.parse import ParsedMail, parse_mail
from bot.mail.policy import LoopGuard
from bot.mail.replytext import extract_reply, html_to_text, question_text, unquote
from bot.mail.state import run_update
from bot.mail.tokens import ReplyTokens
from bot.mail.verification import PendingActions, Verification, is_declined, verify_sender
from bot.messages import IncomingMessage, Reply
from bot.models_email import MailInbound, MailOutbox, MailPendingAction
from bot.rendering import render
from bot.text import guess_language

log = logging.getLogger(__name__)

PROCESSING = "processing"
DONE = "done"
IGNORED = "ignored"
REVIEW = "review"
FAILED = "failed"
QUARANTINED = "quarantined"
FINAL = frozenset({DONE, IGNORED, REVIEW, QUARANTINED})
ACTOR = "kompetansebot"
CHANNEL = "email"

READ_CHARS = 50_000
"""How much of a body the reply reading looks at (a form answered inline fits many times over)."""
MOVE = "move"
LEAVE = "leave"
BATCH_SECONDS = 0.25
"""Work after which an intake transaction commits (bounds how long a write lock is held)."""


class MessageHandler(Protocol):
    def handle(self, message: IncomingMessage) -> Reply: ...


@dataclass(frozen=True)
class Location:
    folder: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True)
class Decision:
    """What to do with the message in the mailbox: ``move`` to ``folder``, or ``leave`` it."""

    action: str
    folder: str | None = None
    status: str = ""
    reason: str = ""


def message_key(mail: ParsedMail, raw: bytes) -> str:
    """sha256 of the Message-ID (or of the bytes when there is none): the dedupe key."""
    if mail.message_id:
        return hashlib.sha256(("mid:" + mail.message_id.strip()).encode("utf-8", "surrogateescape")).hexdigest()
    return hashlib.sha256(b"raw:" + raw).hexdigest()


class _SessionDatabase(Database):
    """A Database whose ``session()`` hands out one open session and leaves the commit to its owner,
    so the router's writes and ours share one transaction."""

    def __init__(self, session: Session) -> None:
        super().__init__(session.get_bind())  # type: ignore[arg-type]
        self._shared = session

    @contextmanager
    def session(self) -> Iterator[Session]:
        yield self._shared


Observer = Callable[[Session, ParsedMail, Classification, Correlation, str], Any]
"""Called inside the intake transaction with the classified, correlated mail and the person's own
words: for every ``human`` mail (before the router), and for ``auto_reply`` and ``probably_auto``
mail (an out-of-office's return date, say). Never for bounces, lists, no-reply or own mail.
For a human mail, an observer that returns a ``Reply`` answers it itself (e.g. "Takk, registrert
som levert") and the router is not asked; any other return value is ignored."""
OBSERVED_AUTOMATIC = frozenset({kinds.AUTO_REPLY, kinds.PROBABLY_AUTO})


class IntakeProcessor:
    def __init__(self, *, database: Database, router: Any, config: EmailConfig, clock: Clock, timer: Clock,
                 outbox: Outbox, worker_id: str = "worker", observers: list[Observer] | None = None,
                 trusted_authserv_id: str | None = None, batch_seconds: float = BATCH_SECONDS) -> None:
        self.database = database
        self.batch_seconds = batch_seconds
        """An intake transaction ends after this much work (at least one mail each); so does parsing ahead."""
        self.router = router
        self.config = config
        self.clock = clock
        self.timer = timer
        self.outbox = outbox
        self.worker_id = worker_id
        self.audit = AuditLog(clock)
        self.loop_guard = LoopGuard(config.answers_per_day)
        self.observers = list(observers or [])
        self._tokens: ReplyTokens | None = None
        self.trusted_authserv_id = trusted_authserv_id or config.extra.get("trusted_authserv_id")
        """Only Authentication-Results headers of this authserv-id count (settings.trusted_authserv_id)."""
        self.pending = PendingActions()

    def _bnow(self) -> datetime:
        """Business time in UTC for stored timestamps (SQLite keeps no offset; readers take naive as UTC)."""
        return self.clock.now().astimezone(UTC)

    def _tnow(self) -> datetime:
        return self.timer.now().astimezone(UTC)

    def tokens(self, session: Session) -> ReplyTokens:
        if self._tokens is None:
            self._tokens = ReplyTokens.load(session, self.config.identity, self.clock.now())
        return self._tokens

    # ------------------------------------------------------------------ entry point

    def process(self, location: Location, raw: bytes) -> Decision:
        mail = parse_mail(raw)
        key = message_key(mail, raw)
        claim = self._claim(location, mail, key, len(raw))
        if isinstance(claim, Decision):
            return claim
        row_id = claim
        try:
            return self._act(row_id, mail, raw)
        except Exception as exc:  # one bad mail must not stop the others
            log.exception("processing inbound %s (uid %s) failed", mail.message_id, location.uid)
            return self._failed(row_id, exc)

    def process_batch(self, items: Sequence[tuple[Location, bytes]],
                      guard: Callable[[], AbstractContextManager[Any]] | None = None) -> list[Decision] | None:
        """The mails of one fetched batch in few transactions: claim, act and record many mails, one
        commit. A transaction ends after ``batch_seconds`` of work (slow mails commit in small groups,
        so rows appear as the work goes and no write lock is held for long); parsing is done outside.

        The exactly-once rules are those of :meth:`process`, with the transaction as the unit: nothing
        of its mails is stored before its commit, so a crash (or a kill) before it leaves those mails in
        INBOX with no row, processed again after the restart; after it every one of them has its final
        row and is only moved (the moves follow the whole batch). Known rows, rows at the same location and the loop-guard counters
        are read once for the batch; the counters are written once, as one upsert.

        ``guard`` wraps each mail's work (the per-message CPU budget). Any error (a failing mail, a
        claim clash with another process, the budget) rolls the whole batch back and returns ``None``:
        the caller then runs each mail through :meth:`process` on its own, where a failure is recorded
        on that mail alone (retried, then quarantined) and the others go on."""
        if not items:
            return []
        wrap = guard or nullcontext
        try:
            decisions: list[Decision] = []
            position = 0  # the next mail to parse
            prepared: list[tuple[Location, bytes, ParsedMail, str]] = []  # parsed, not yet processed
            while position < len(items) or prepared:
                # Parse for up to ``batch_seconds`` (outside any transaction), then claim, answer and
                # record in one transaction for up to ``batch_seconds``; what is left waits for the next.
                started = time.monotonic()
                while position < len(items) and (not prepared or time.monotonic() - started < self.batch_seconds):
                    location, raw = items[position]
                    with wrap():
                        mail = parse_mail(raw)
                    prepared.append((location, raw, mail, message_key(mail, raw)))
                    position += 1
                started = time.monotonic()
                done = 0
                with self.database.session() as session:
                    batch = _Batch.read(session, prepared, self.clock.today())
                    for location, raw, mail, key in prepared:
                        with wrap():
                            decisions.append(self._process_in_batch(session, batch, location, raw, mail, key))
                        done += 1
                        if time.monotonic() - started >= self.batch_seconds:
                            break
                    batch.link_replies(session)
                    self.loop_guard.count_many(session, batch.new_answers, batch.day, self.database.is_sqlite)
                prepared = prepared[done:]
            return decisions
        except Exception as exc:  # rolled back: nothing of the batch was stored
            log.warning("intake batch of %d rolled back (%s: %s); processing its mails one by one",
                        len(items), type(exc).__name__, str(exc)[:200])
            return None

    def _process_in_batch(self, session: Session, batch: _Batch, location: Location, raw: bytes,
                          mail: ParsedMail, key: str) -> Decision:
        row = batch.by_key.get(key)
        now = self._tnow()
        if row is None:
            stale = batch.at_location.get((location.folder, location.uidvalidity, location.uid))
            if stale is not None and stale.message_key != key:
                self._free_location(session, location)
            row = self._new_row(location, mail, key, now)
            session.add(row)
            batch.by_key[key] = row
            if len(raw) > self.config.max_message_bytes:
                return self._quarantine_now(session, row, f"too large ({len(raw)} bytes)")
            if mail.unparseable:
                return self._quarantine_now(session, row, f"unparseable: {mail.unparseable}")
            # Not flushed here: the INSERT goes out with the classification (one statement, not INSERT then
            # UPDATE), at the next flush (the router's first query) or the commit; ``_with_id`` where needed.
        else:
            claimed = self._reclaim(session, row, location, mail, now)
            if isinstance(claimed, Decision):
                return claimed
            row = session.get(MailInbound, claimed, populate_existing=True)
            assert row is not None
        return self._act_in(session, row, mail, batch)

    # ------------------------------------------------------------------ claim

    def _new_row(self, location: Location, mail: ParsedMail, key: str, now: datetime) -> MailInbound:
        return MailInbound(folder=location.folder, uidvalidity=location.uidvalidity, uid=location.uid,
                           message_key=key, message_id=mail.message_id, sender=mail.sender_address[:320],
                           subject=mail.subject[:500], status=PROCESSING, attempts=1,
                           claimed_by=self.worker_id, claimed_at=now, received_at=self._bnow(),
                           detail={}, raw_from=mail.raw_from, verified_by="none")

    def _claim(self, location: Location, mail: ParsedMail, key: str, size: int) -> int | Decision:
        now = self._tnow()
        with self.database.session() as session:
            row = session.exec(select(MailInbound).where(MailInbound.message_key == key)).first()
            if row is None:
                self._free_location(session, location)
                row = self._new_row(location, mail, key, now)
                session.add(row)
                try:
                    session.flush()
                except IntegrityError:  # another process claimed it a moment ago
                    session.rollback()
                    return Decision(LEAVE, reason="claimed by another process")
                if size > self.config.max_message_bytes:
                    return self._quarantine_now(session, row, f"too large ({size} bytes)")
                if mail.unparseable:
                    return self._quarantine_now(session, row, f"unparseable: {mail.unparseable}")
                assert row.id is not None
                return row.id
            return self._reclaim(session, row, location, mail, now)

    def _reclaim(self, session: Session, row: MailInbound, location: Location, mail: ParsedMail,
                 now: datetime) -> int | Decision:
        """A known message: moved on when done with, left alone while another process holds a fresh
        claim, quarantined after too many attempts, else claimed again (conditionally)."""
        lease_cutoff = now - timedelta(seconds=self.config.intake_lease_seconds)
        if row.status in FINAL:
            if (row.folder, row.uidvalidity, row.uid) != (location.folder, location.uidvalidity, location.uid):
                self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.duplicate",
                                  target=mail.message_id, detail={"uid": location.uid, "status": row.status,
                                                                  "uidvalidity": location.uidvalidity})
            folder = self.config.quarantine_folder if row.status == QUARANTINED else self.config.processed_folder
            return Decision(MOVE, folder, status=row.status, reason="already processed")
        claimed_at = _aware(row.claimed_at, now)
        if (row.status == PROCESSING and row.claimed_by != self.worker_id and claimed_at is not None
                and claimed_at > lease_cutoff):
            return Decision(LEAVE, reason="being processed by another process")
        if row.attempts >= self.config.max_intake_attempts:
            return self._quarantine_now(session, row, row.last_error or "too many attempts")
        result = run_update(session,
            update(MailInbound).where(col(MailInbound.id) == row.id, col(MailInbound.status) == row.status,
                                      col(MailInbound.attempts) == row.attempts)
            .values(status=PROCESSING, attempts=row.attempts + 1, claimed_by=self.worker_id, claimed_at=now)
        )
        if result != 1:
            return Decision(LEAVE, reason="claimed by another process")
        assert row.id is not None
        return row.id

    def _free_location(self, session: Session, location: Location) -> None:
        """A different mail at a known (folder, UIDVALIDITY, UID): the folder was recreated within the
        same second and UIDs were reused. The old row keeps its history under a freed location."""
        stale = session.exec(select(MailInbound).where(
            MailInbound.folder == location.folder, MailInbound.uidvalidity == location.uidvalidity,
            MailInbound.uid == location.uid)).first()
        if stale is None:
            return
        log.warning("UID %s of %s (UIDVALIDITY %s) now holds another mail; Message-ID decides",
                    location.uid, location.folder, location.uidvalidity)
        run_update(session, update(MailInbound).where(col(MailInbound.id) == stale.id).values(uid=-(stale.id or 0)))

    def _quarantine_now(self, session: Session, row: MailInbound, reason: str) -> Decision:
        row.status = QUARANTINED
        row.last_error = reason[:4000]
        row.processed_at = self._bnow()
        session.add(row)
        log.error("inbound %s quarantined: %s", row.message_id, reason[:200])
        self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.quarantined", outcome="alert",
                          target=row.message_id, detail={"reason": reason[:500], "sender": row.sender},
                          identity={"raw_from": row.raw_from, "sender": row.sender, "verified_by": row.verified_by})
        return Decision(MOVE, self.config.quarantine_folder, status=QUARANTINED, reason=reason)

    def _failed(self, row_id: int, exc: Exception) -> Decision:
        reason = f"{type(exc).__name__}: {exc}"[:4000]
        with self.database.session() as session:
            row = session.get(MailInbound, row_id, populate_existing=True)
            if row is None:  # pragma: no cover - the claim committed it
                return Decision(LEAVE, reason=reason)
            if row.attempts >= self.config.max_intake_attempts:
                return self._quarantine_now(session, row, reason)
            row.status = FAILED
            row.last_error = reason
            row.claimed_by = None
            session.add(row)
            self.audit.record(session, actor=ACTOR, channel=CHANNEL, action="email.intake_failed", outcome="retry",
                              target=row.message_id, detail={"reason": reason[:500], "attempt": row.attempts})
        return Decision(LEAVE, status=FAILED, reason=reason)

    # ------------------------------------------------------------------ act

    def _act(self, row_id: int, mail: ParsedMail, raw: bytes) -> Decision:
        with self.database.session() as session:
            row = session.get(MailInbound, row_id, populate_existing=True)
            assert row is not None
            return self._act_in(session, row, mail, None)

    def _act_in(self, session: Session, row: MailInbound, mail: ParsedMail, batch: _Batch | None) -> Decision:
        """Classify, correlate, answer and record one claimed mail in ``session`` (the caller commits)."""
        if mail.unparseable:  # a row claimed before this check existed: never read its body
            row.raw_from = mail.raw_from
            return self._quarantine_now(session, row, f"unparseable: {mail.unparseable}")
        identity = self.config.identity
        classification = classify(mail, identity)
        tokens = self.tokens(session)
        correlation = correlate(session, mail, tokens, use_sender=False)
        verification = verify_sender(session, mail, tokens, self.trusted_authserv_id)
        mail.sender_verification = verification.method
        row.verified_by = verification.method
        row.raw_from = mail.raw_from
        identity_detail = _identity(mail)
        detail: dict[str, Any] = {"reasons": list(classification.reasons), "verified_by": verification.method}
        if verification.reason:
            detail["verification"] = verification.reason
        if mail.attachments:
            detail["attachments"] = [{"filename": a.filename, "mimetype": a.mimetype, "size": a.size,
                                      "kind": a.kind} for a in mail.attachments]
        if mail.defects:
            detail["defects"] = mail.defects[:10]
        if correlation.rejected_tokens:
            detail["rejected_tokens"] = list(correlation.rejected_tokens)
            self.audit.record(session, actor=mail.sender_address or "?", channel=CHANNEL,
                              action="email.token_rejected", outcome="refused", target=mail.message_id,
                              detail={"tokens": list(correlation.rejected_tokens)[:3]}, identity=identity_detail)
        row.kind = classification.kind
        row.correlated_outbox_id = correlation.outbox_id
        row.correlation_via = correlation.via if correlation.outbox_id is not None else None
        kind = classification.kind
        if kind == kinds.OWN:
            status = self._own(session, mail)
        elif kind == kinds.BOUNCE:
            status = self._bounce(session, mail, classification, detail)
        elif kind == kinds.HUMAN:
            status = self._human(session, row, mail, classification, correlation, verification, detail,
                                 batch)
        else:
            status = REVIEW if kind == kinds.PROBABLY_AUTO else IGNORED
            if kind in OBSERVED_AUTOMATIC and self.observers:
                self._observe_automatic(session, mail, classification, correlation)
        row.status = status
        row.detail = detail
        row.processed_at = self._bnow()
        row.claimed_by = None
        session.add(row)
        outcome = {DONE: "ok", IGNORED: "ignored", REVIEW: "review"}.get(status, status)
        self.audit.record(session, actor=mail.sender_address or "?", channel=CHANNEL,
                          action=f"email.inbound.{kind}", outcome=outcome, target=mail.message_id,
                          detail={"status": status, "via": row.correlation_via,
                                  "reasons": list(classification.reasons)[:5],
                                  "reply": detail.get("reply_message_id")}, identity=identity_detail)
        return Decision(MOVE, self.config.processed_folder, status=status)

    def _own(self, session: Session, mail: ParsedMail) -> str:
        if mail.message_id:
            self.outbox.record_echo(session, mail.message_id)
        return IGNORED

    def _bounce(self, session: Session, mail: ParsedMail, classification: Classification,
                detail: dict[str, Any]) -> str:
        report = classification.report
        if report is None:
            return IGNORED
        detail["bounce"] = {"original": report.original_message_id,
                            "recipients": [[r.recipient, r.action, r.status] for r in report.recipients]}
        original = report.original_message_id
        row = None
        if original:
            row = session.exec(select(MailOutbox).where(MailOutbox.message_id == original)).first()
        if row is None:
            self.audit.record(session, actor=mail.sender_address or "?", channel=CHANNEL, action="email.bounce",
                              outcome="unmatched", target=original, detail=detail["bounce"])
            return IGNORED
        permanent = [r for r in report.recipients if r.permanent and r.recipient != self.config.identity.address]
        for_us = [r for r in permanent if r.recipient in {"", row.recipient}] or permanent
        status = for_us[0].status if for_us else (report.recipients[0].status if report.recipients else "")
        row.bounced_at = self._bnow()
        row.bounce_status = (status or "unknown")[:20]
        session.add(row)
        if for_us:
            self.outbox.mark_invalid(session, row.recipient, status or "5.0.0",
                                     f"bounce: {for_us[0].diagnostic or status}", message_id=row.message_id)
            self.audit.record(session, actor=row.recipient, channel=CHANNEL, action="email.bounce",
                              outcome="alert", target=row.message_id,
                              detail={"status": status, "permanent": True})
        else:
            self.audit.record(session, actor=row.recipient, channel=CHANNEL, action="email.bounce",
                              outcome="delayed", target=row.message_id, detail={"status": status,
                                                                                "permanent": False})
        return IGNORED

    def _text_for_router(self, mail: ParsedMail) -> tuple[str, bool]:
        """The person's words; for a filled-in form, their words plus the answers they wrote between
        the lines (condensed: quote stripping would lose them, and the router caps the length)."""
        identity = self.config.identity
        markers = [identity.address, identity.local + "+"]
        replies_to_us = any(identity.is_own_message_id(found) for found in (*mail.in_reply_to, *mail.references))
        # A mail whose body is only a signature asks in its Subject ("Når er fristen?"); a reply to our own
        # mail does not (its Subject is ours), so there the empty text stays empty.
        body, html = mail.text[:READ_CHARS], mail.html[:READ_CHARS]  # what a person writes fits; bounded work
        top = (extract_reply(body, html, own_markers=markers) if replies_to_us
               else question_text(mail.subject, body, html, own_markers=markers))
        full = unquote(mail.text if mail.text.strip() else html_to_text(mail.html, strip_quotes=False))
        if has_form_answers(full):
            return condense_form_reply(full, top=top), True
        return top, False

    def _observe_automatic(self, session: Session, mail: ParsedMail, classification: Classification,
                           correlation: Correlation) -> None:
        identity = self.config.identity
        text = extract_reply(mail.text, mail.html, own_markers=[identity.address, identity.local + "+"])
        for observer in self.observers:
            observer(session, mail, classification, correlation, text)  # never answered, whatever it returns

    def _human(self, session: Session, row: MailInbound, mail: ParsedMail, classification: Classification,
               correlation: Correlation, verification: Verification, detail: dict[str, Any],
               batch: _Batch | None = None) -> str:
        sender = mail.sender
        if sender is None:
            detail["reason"] = "no usable sender address"
            self.audit.record(session, actor="?", channel=CHANNEL, action="email.no_sender", outcome="review",
                              target=mail.message_id, identity=_identity(mail))
            return REVIEW
        text, is_form = self._text_for_router(mail)
        detail["text"] = text[:500]
        if is_form:
            detail["form_reply"] = True
        if correlation.other_sender:
            self.audit.record(session, actor=sender.address, channel=CHANNEL, action="email.reply_other_sender",
                              outcome="accepted", target=mail.message_id,
                              detail={"linked_to": correlation.recipient, "via": correlation.via},
                              identity=_identity(mail))
        override: Reply | None = None
        waiting = self.pending.waiting_for(session, verification.outbox_ids, sender.address) \
            if verification.method == "reply_token" else None
        if waiting is not None:
            _with_id(session, row)
            override = self._confirm(session, row, mail, waiting, text, detail)
        else:
            for observer in self.observers:
                answer = observer(session, mail, classification, correlation, text)
                if isinstance(answer, Reply) and override is None:
                    override = answer
        today = self.clock.today()
        allowed = (batch.answers(sender.address) < self.loop_guard.limit if batch is not None and batch.day == today
                   else self.loop_guard.allow(session, sender.address, today))
        if not allowed:
            detail["reason"] = f"loop guard: {self.loop_guard.limit} answers today"
            self.audit.record(session, actor=sender.address, channel=CHANNEL, action="email.loop_guard",
                              outcome="held", target=mail.message_id, detail={"limit": self.loop_guard.limit})
            return REVIEW
        thread_key = correlation.thread_key or (mail.references[0] if mail.references else mail.message_id)
        incoming = IncomingMessage(user_id=sender.address, channel="email", text=text,
                                   conversation_id=thread_key, display_name=sender.name or None,
                                   email=sender.address, message_id=mail.message_id,
                                   verified_by=verification.method, raw_sender=mail.raw_from)
        if override is not None:
            reply = override
        else:
            router = copy.copy(self.router)
            router.database = _SessionDatabase(session)
            reply = router.handle(incoming)
        _with_id(session, row)  # mostly given already by the flush of the router's first query
        language = _reply_language(text)
        subject = reply_subject(mail.subject, language)
        content = render_reply(reply.text, subject=subject, sources=reply.sources, language=language)
        if reply.attachments:
            content = type(content)(subject=content.subject, text=content.text, html=content.html,
                                    attachments=tuple(reply.attachments))
        kind = "form" if contains_form_answers(reply.text) or "form" in reply.intent else "reply"
        outgoing = self.outbox.enqueue(session, OutgoingRequest(
            key=f"reply:{row.message_key}", to=Recipient(sender.address, sender.name), content=content, kind=kind,
            thread=thread_headers(mail.message_id, mail.references), thread_key=thread_key,
            campaign_id=correlation.campaign_id, inbound_id=row.id, language=language,
            detail={"intent": reply.intent, "sources": list(reply.sources)},
        ), self.tokens(session), fresh=batch is not None, flush=batch is None or reply.pending is not None)
        if batch is not None and batch.day == today:
            batch.count(sender.address)
        else:
            self.loop_guard.count(session, sender.address, today)
        if outgoing.id is None and batch is not None:
            batch.links.append((row, outgoing))  # the id comes with the batch's next flush (see process_batch)
        else:
            row.reply_outbox_id = outgoing.id
        detail["intent"] = reply.intent
        detail["reply_message_id"] = outgoing.message_id
        if reply.pending is not None:
            held = self.pending.hold(session, reply.pending, address=sender.address, raw_from=mail.raw_from,
                                     inbound_id=row.id, outbox_id=outgoing.id, now=self.clock.now())
            detail["pending_action"] = held.id
            self.audit.record(session, actor=sender.address, channel=CHANNEL, action="email.verification_requested",
                              outcome="held", target=mail.message_id,
                              detail={"kind": reply.pending.kind, "pending_action": held.id,
                                      "verification_mail": outgoing.message_id, "to": sender.address},
                              identity=_identity(mail))
        return DONE

    def _confirm(self, session: Session, row: MailInbound, mail: ParsedMail, action: MailPendingAction, text: str,
                 detail: dict[str, Any]) -> Reply:
        """A token reply from the claimed address to a "Vi fikk en e-post i ditt navn" mail."""
        language = _reply_language(text)
        now = self.clock.now()
        detail["pending_action"] = action.id
        target = f"pending:{action.id}"
        if self.pending.expired(action, now):
            self.pending.resolve(session, action, pending_state.EXPIRED, inbound_id=row.id, now=now)
            self.audit.record(session, actor=mail.sender_address, channel=CHANNEL, action="email.pending_expired",
                              outcome="refused", target=target, detail={"kind": action.kind},
                              identity=_identity(mail))
            return Reply(render(f"email/verify_expired.{language}.txt.j2"), intent="verify_expired")
        if is_declined(text):
            self.pending.resolve(session, action, pending_state.DECLINED, inbound_id=row.id, now=now)
            self.audit.record(session, actor=mail.sender_address, channel=CHANNEL, action="email.pending_declined",
                              outcome="refused", target=target,
                              detail={"kind": action.kind, "asked_by_raw_from": action.raw_from},
                              identity=_identity(mail))
            return Reply(render(f"email/verify_declined.{language}.txt.j2"), intent="verify_declined")
        for observer in self.observers:
            perform = getattr(observer, "perform_pending", None)
            if perform is None:
                continue
            answer = perform(session, action.kind, dict(action.payload), mail)
            if isinstance(answer, Reply):
                self.pending.resolve(session, action, pending_state.DONE, inbound_id=row.id, now=now)
                self.audit.record(session, actor=mail.sender_address, channel=CHANNEL,
                                  action="email.pending_confirmed", outcome="ok", target=target,
                                  detail={"kind": action.kind, "intent": answer.intent}, identity=_identity(mail))
                return answer
        self.pending.resolve(session, action, pending_state.FAILED, inbound_id=row.id, now=now)
        self.audit.record(session, actor=mail.sender_address, channel=CHANNEL, action="email.pending_confirmed",
                          outcome="failed", target=target, detail={"kind": action.kind, "reason": "nobody performs it"},
                          identity=_identity(mail))
        return Reply(render(f"email/verify_expired.{language}.txt.j2"), intent="verify_failed")


@dataclass
class _Batch:
    """What one intake batch reads once: the rows of its messages (by key, by location) and the loop-guard
    counters of its senders for today; ``new_answers`` are the answers counted in this batch."""

    day: date
    by_key: dict[str, MailInbound]
    at_location: dict[tuple[str, int, int], MailInbound]
    known_answers: dict[str, int]
    new_answers: dict[str, int] = field(default_factory=dict)
    links: list[tuple[MailInbound, MailOutbox]] = field(default_factory=list)
    """Answers written without a flush of their own (``Outbox.enqueue(flush=False)``), and their inbound rows."""

    @classmethod
    def read(cls, session: Session, prepared: Sequence[tuple[Location, bytes, ParsedMail, str]], day: date) -> _Batch:
        keys = sorted({key for _, _, _, key in prepared})
        by_key = {row.message_key: row for row in session.exec(
            select(MailInbound).where(col(MailInbound.message_key).in_(keys))).all()}
        locations = sorted({(location.folder, location.uidvalidity, location.uid) for location, _, _, _ in prepared})
        at_location = {(row.folder, row.uidvalidity, row.uid): row for row in session.exec(
            select(MailInbound).where(tuple_(col(MailInbound.folder), col(MailInbound.uidvalidity),
                                             col(MailInbound.uid)).in_(locations))).all()}
        senders = sorted({mail.sender.address for _, _, mail, _ in prepared if mail.sender is not None})
        return cls(day=day, by_key=by_key, at_location=at_location,
                   known_answers=LoopGuard.answers_on(session, senders, day))

    def link_replies(self, session: Session) -> None:
        """Point each inbound row at its answer (``reply_outbox_id``) once the answers have ids: one flush
        for the batch instead of one per answer; the commit writes the links."""
        if not self.links:
            return
        session.flush()
        for inbound, outgoing in self.links:
            inbound.reply_outbox_id = outgoing.id
        self.links.clear()

    def answers(self, address: str) -> int:
        return self.known_answers.get(address, 0) + self.new_answers.get(address, 0)

    def count(self, address: str) -> None:
        self.new_answers[address] = self.new_answers.get(address, 0) + 1


def _with_id(session: Session, row: MailInbound) -> None:
    """Flush a new inbound row that has no id yet (the answer and a held request refer to it)."""
    if row.id is None:
        session.flush()


def _identity(mail: ParsedMail) -> dict[str, str]:
    """The raw From, the address parsed from it and how it was verified: for every audit entry."""
    return {"raw_from": mail.raw_from, "sender": mail.sender_address, "verified_by": mail.sender_verification}


def _reply_language(text: str) -> str:
    language = guess_language(text)
    return language if language in {"nb", "nn", "en"} else "nb"


def _aware(value: datetime | None, reference: datetime) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=reference.tzinfo)
    return value
