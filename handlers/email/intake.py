"""The mailbox loop: connect, catch-up scan, IDLE (or poll), reconnect with backoff.

Each scan reads every UID in INBOX (processed mail is moved out, so INBOX holds only what is
new, failed or claimed elsewhere), fetches in batches with BODY.PEEK[], hands each message to
``bot.mail.intake.IntakeProcessor`` (which commits before anything is moved), then moves the
batch with UID MOVE to Processed or Quarantine. After every (re)connect a full scan runs, so mail
that arrived while the connection was down is caught up.
"""

from __future__ import annotations

import contextlib
import logging
import random
import signal
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bot.mail.config import EmailConfig
from bot.mail.intake import LEAVE, MOVE, Decision, IntakeProcessor, Location
from bot.mail.state import get_state, put_state
from handlers.email.imap import ImapClient, ImapConnectionLost
from handlers.email.urls import ImapUrl

log = logging.getLogger(__name__)


@dataclass
class ScanSummary:
    seen: int = 0
    moved: dict[str, int] = field(default_factory=dict)
    left: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    left_uids: set[int] = field(default_factory=set)

    def add(self, other: ScanSummary) -> None:
        self.seen += other.seen
        self.left += other.left
        self.left_uids |= other.left_uids
        for folder, count in other.moved.items():
            self.moved[folder] = self.moved.get(folder, 0) + count
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count


MESSAGE_CPU_SECONDS = 10.0
"""Per-message budget: CPU seconds one inbound mail may cost before its processing is stopped."""


class MessageOverBudget(Exception):
    """Raised inside the processing of one mail that used up its CPU budget. ``IntakeProcessor``
    records it as that mail's failure (retried, then quarantined), and the next mail goes on."""


@contextlib.contextmanager
def message_budget(cpu_seconds: float | None) -> Iterator[bool]:
    """Stop the enclosed work with :class:`MessageOverBudget` after ``cpu_seconds`` of process CPU
    time (``ITIMER_PROF``/SIGPROF). Python's regex engine checks for signals while it runs, so this
    also stops a pattern stuck on hostile text. Only possible in the main thread of a Unix process
    (``worker`` and the intake process of ``serve`` run the intake there); elsewhere it yields
    ``False`` and the work runs unbounded, the input bounds being the only guard."""
    if (not cpu_seconds or cpu_seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield False
        return

    def over(signum: int, frame: object) -> None:
        raise MessageOverBudget(f"over the per-message budget of {cpu_seconds:g} CPU seconds")

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class Backoff:
    """1, 2, 4 … seconds (capped, with jitter) between reconnects; reset after a good scan."""

    def __init__(self, first: float = 1.0, cap: float = 60.0) -> None:
        self.first = first
        self.cap = cap
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(self.cap, self.first * (2 ** self.failures))
        self.failures += 1
        return delay * random.uniform(0.75, 1.25)

    def reset(self) -> None:
        self.failures = 0


class ImapIntake:
    def __init__(self, url: ImapUrl, processor: IntakeProcessor, config: EmailConfig, *,
                 timeout: float = 60.0, backoff: Backoff | None = None,
                 message_cpu_seconds: float | None = MESSAGE_CPU_SECONDS) -> None:
        self.url = url
        self.processor = processor
        self.config = config
        self.client = ImapClient(url, timeout=timeout)
        self.backoff = backoff or Backoff()
        self.message_cpu_seconds = message_cpu_seconds
        self.reconnects = 0
        self.on_batch: Callable[[int], None] | None = None
        """Called after each moved batch with its size (the service wakes the sender with it)."""

    @property
    def folder(self) -> str:
        return self.url.folder or self.config.inbox_folder

    def _ensure_connected(self) -> None:
        if not self.client.connected:
            self.client.connect()
            self.reconnects += 1
            self.client.ensure_folders([self.config.processed_folder, self.config.quarantine_folder])

    def _check_uidvalidity(self, uidvalidity: int) -> None:
        key = f"imap:{self.url.username}:{self.folder}"
        database = self.processor.database
        with database.session() as session:
            state = get_state(session, key)
            known = state.get("uidvalidity")
            if known != uidvalidity:
                if known is not None:
                    log.warning("UIDVALIDITY of %s changed from %s to %s: full rescan, Message-ID dedupe",
                                self.folder, known, uidvalidity)
                    self.processor.audit.record(session, actor="kompetansebot", channel="email",
                                                action="email.uidvalidity_changed", outcome="alert",
                                                detail={"folder": self.folder, "old": known, "new": uidvalidity})
                put_state(session, key, {"uidvalidity": uidvalidity}, self.processor.clock.now())

    def _budget(self) -> contextlib.AbstractContextManager[bool]:
        return message_budget(self.message_cpu_seconds)

    def process(self, location: Location, raw: bytes) -> Decision:
        """One mail through the processor, within the per-message CPU budget."""
        try:
            with message_budget(self.message_cpu_seconds):
                return self.processor.process(location, raw)
        except MessageOverBudget as exc:  # over budget before the processor could record it (parsing)
            log.error("inbound uid %s quarantined unrecorded: %s", location.uid, exc)
            return Decision(MOVE, self.config.quarantine_folder, status="quarantined", reason=str(exc))

    def scan(self) -> ScanSummary:
        """One full pass over the folder. Raises ImapConnectionLost when the connection drops."""
        self._ensure_connected()
        status = self.client.select(self.folder)
        self._check_uidvalidity(status.uidvalidity)
        summary = ScanSummary()
        uids = self.client.uids("UNDELETED")  # a message a person deleted (not yet expunged) is theirs
        batch = self.config.fetch_batch
        for start in range(0, len(uids), batch):
            chunk = uids[start:start + batch]
            moves: dict[str, list[int]] = defaultdict(list)
            items = [(Location(self.folder, status.uidvalidity, uid), raw) for uid, raw in self.client.fetch(chunk)]
            decisions = self.processor.process_batch(items, guard=self._budget)
            if decisions is None:  # the batch was rolled back: each mail on its own
                decisions = [self.process(location, raw) for location, raw in items]
            for (location, _), decision in zip(items, decisions, strict=True):
                uid = location.uid
                summary.seen += 1
                summary.statuses[decision.status or decision.action] = \
                    summary.statuses.get(decision.status or decision.action, 0) + 1
                if decision.action == MOVE and decision.folder:
                    moves[decision.folder].append(uid)
                elif decision.action == LEAVE:
                    summary.left += 1
                    summary.left_uids.add(uid)
            for folder, moved in moves.items():
                self.client.move(moved, folder)
                summary.moved[folder] = summary.moved.get(folder, 0) + len(moved)
            if self.on_batch is not None and chunk:
                self.on_batch(len(chunk))
        return summary

    def scan_with_retry(self, attempts: int = 3, stop: threading.Event | None = None) -> ScanSummary:
        """``scan`` that reconnects (with backoff) when the connection drops mid-scan."""
        total = ScanSummary()
        for attempt in range(attempts):
            try:
                total.add(self.scan())
                self.backoff.reset()
                return total
            except ImapConnectionLost as exc:
                self.client.close()
                if attempt == attempts - 1:
                    raise
                delay = self.backoff.next_delay()
                log.warning("IMAP connection lost (%s); reconnecting in %.1f s", exc, delay)
                if stop is not None:
                    if stop.wait(delay):
                        return total
                else:
                    threading.Event().wait(delay)
        return total

    def run(self, stop: threading.Event, on_scan: object = None) -> None:
        """Until ``stop``: scan, then IDLE (or sleep ``poll_seconds``); reconnect on drops."""
        quick_rescans = 0
        while not stop.is_set():
            try:
                summary = self.scan()
                self.backoff.reset()
                if callable(on_scan):
                    on_scan(summary)
                if set(self.client.uids("UNDELETED")) - summary.left_uids and quick_rescans < 5:
                    # Mail arrived during the scan (its EXISTS was read by the scan's own commands, so
                    # IDLE would not report it): scan again at once.
                    quick_rescans += 1
                    continue
                quick_rescans = 0
                if summary.left:
                    # Mail claimed by another process, or to be retried: look again soon, not after IDLE.
                    stop.wait(min(self.config.poll_seconds, self.config.intake_lease_seconds))
                elif self.client.has_idle:
                    self.client.idle(self.config.idle_seconds, stop)
                else:
                    stop.wait(self.config.poll_seconds)
            except ImapConnectionLost as exc:
                self.client.close()
                delay = self.backoff.next_delay()
                log.warning("IMAP connection lost (%s); reconnecting in %.1f s", exc, delay)
                stop.wait(delay)
            except Exception:  # never let the loop die: log, back off, try again
                log.exception("unexpected error in the mailbox loop")
                self.client.close()
                stop.wait(self.backoff.next_delay())
        self.client.close()
