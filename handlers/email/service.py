"""Wiring of the email channel: mailbox intake, scheduled ticks, outbox sender.

* ``EmailServices.build(bot_app)`` from the app's settings (IMAP_URL, SMTP_URL, BOT_EMAIL).
* ``await services.run_once()``: one scan of the mailbox, one run of every tick, send what is due
  (``kompetansebot worker --once``).
* ``services.run_in_process(stop)``: the long-running parts as a process of their own (``kompetansebot
  worker``, and the email child process ``kompetansebot serve`` starts): the intake in the main thread
  (with its per-message CPU budget), sender and ticks on an event loop in a second thread.
* ``await run_email_services(bot_app, stop_event)``: the same loops inside a caller's event loop (the
  intake in a worker thread, without the CPU budget); returns when ``stop_event`` is set.

Ticks are the seam for scheduled work (the reminder campaigns): callables taking the ``BotApp``
(sync, run in a thread, or async) that put due mail into the outbox; they never send.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import secrets
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.mail.canary import enqueue_canary, late_canaries
from bot.mail.config import EmailConfig
from bot.mail.intake import IntakeProcessor, Observer
from bot.mail.outbox import Outbox
from bot.mail.tokens import ReplyTokens
from handlers.email.imap import ImapClient, ImapConnectionLost
from handlers.email.intake import ImapIntake, ScanSummary
from handlers.email.oauth import TokenProvider, provider_for_app
from handlers.email.smtp import SmtpSender
from handlers.email.urls import ImapUrl, SmtpUrl

log = logging.getLogger(__name__)

Tick = Callable[[Any], "Awaitable[None] | None"]
SEND_INTERVAL_SECONDS = 2.0
TICK_INTERVAL_SECONDS = 300.0


def worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class RoundSummary:
    intake: ScanSummary | None = None
    sent: dict[str, int] = field(default_factory=dict)
    ticks: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    """Part ("intake", "canary", "tick:<name>", "sending") -> why it failed; the other parts still ran."""


def failure_text(exc: BaseException) -> str:
    """One line naming an error, for the log and the round summary (no traceback)."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def tick_name(tick: Tick) -> str:
    return str(getattr(tick, "__name__", None) or type(tick).__name__)


@dataclass
class EmailServices:
    bot_app: Any
    config: EmailConfig
    outbox: Outbox
    processor: IntakeProcessor | None
    intake: ImapIntake | None
    sender: SmtpSender | None
    imap_url: ImapUrl | None
    ticks: list[Tick] = field(default_factory=list)
    name: str = "email"
    tokens: TokenProvider | None = None
    """MAIL_AUTH=oauth2: the Microsoft 365 token provider shared by IMAP and SMTP."""

    @classmethod
    def build(cls, bot_app: Any, *, config: EmailConfig | None = None, ticks: Sequence[Tick] = (),
              timer: Clock | None = None, worker: str | None = None,
              observers: Sequence[Observer] = ()) -> EmailServices:
        settings = bot_app.settings
        config = config or EmailConfig.from_settings(settings)
        worker = worker or worker_id()
        timer = timer or Clock()
        outbox = Outbox(bot_app.database, config, clock=bot_app.clock, timer=timer, worker_id=worker)
        imap_url = ImapUrl.parse(settings.imap_url.get_secret_value()) if settings.imap_url else None
        smtp_url = SmtpUrl.parse(settings.smtp_url.get_secret_value()) if settings.smtp_url else None
        tokens = provider_for_app(bot_app)  # MAIL_AUTH=oauth2: XOAUTH2 with Microsoft 365 tokens
        if tokens is not None:
            imap_url = imap_url.with_tokens(tokens) if imap_url is not None else None
            smtp_url = smtp_url.with_tokens(tokens) if smtp_url is not None else None
        processor = intake = None
        if imap_url is not None:
            processor = IntakeProcessor(database=bot_app.database, router=bot_app.router, config=config,
                                        clock=bot_app.clock, timer=timer, outbox=outbox, worker_id=worker,
                                        observers=list(observers))
            intake = ImapIntake(imap_url, processor, config)
        sender = SmtpSender(smtp_url, outbox) if smtp_url is not None else None
        return cls(bot_app=bot_app, config=config, outbox=outbox, processor=processor, intake=intake,
                   sender=sender, imap_url=imap_url, ticks=list(ticks), tokens=tokens)

    def status(self) -> dict[str, Any]:
        """For ``/healthz``: how the mailbox login stands (``ok``, or ``paused`` with the reason)."""
        if self.tokens is None:
            return {"email_auth": "password"}
        status = self.tokens.status()
        return {"email_auth": "oauth2", "email": status["state"], "email_reason": status["reason"],
                "email_paused_until": status["until"]}

    # ------------------------------------------------------------------ evidence for in-doubt sends

    def evidence(self, message_id: str) -> bool:
        """Whether the Message-ID is in the bot's Sent, INBOX or Processed folder (sync)."""
        if self.imap_url is None:
            return False
        folders = [self.config.sent_folder, self.imap_url.folder, self.config.processed_folder]
        try:
            with ImapClient(self.imap_url, timeout=30).connect() as client:
                return client.contains_message_id(folders, message_id)
        except ImapConnectionLost as exc:
            log.warning("could not look for %s in the mailbox: %s", message_id, exc)
            return False

    # ------------------------------------------------------------------ one round

    def canary(self) -> int:
        """Send this period's canary (when due) and alert on canaries that never came back."""
        minutes = self.config.canary_minutes
        if minutes is None or self.sender is None or self.intake is None:
            return 0
        with self.bot_app.database.session() as session:
            tokens = ReplyTokens.load(session, self.config.identity, self.bot_app.clock.now())
            enqueue_canary(session, self.outbox, tokens, every_minutes=minutes)
            late = late_canaries(session, self.outbox, max_delay_minutes=self.config.canary_max_delay_minutes)
        return len(late)

    async def run_ticks(self, failed: dict[str, str] | None = None) -> int:
        """Run the canary and every tick once, each on its own (one failing never stops the others);
        failures are logged and, when ``failed`` is given, recorded there by part name."""
        failed = failed if failed is not None else {}
        count = 0
        try:
            await asyncio.to_thread(self.canary)
        except Exception as exc:
            failed["canary"] = failure_text(exc)
            log.exception("email canary failed")
        for tick in self.ticks:
            try:
                if inspect.iscoroutinefunction(tick):
                    await tick(self.bot_app)
                else:
                    result = await asyncio.to_thread(tick, self.bot_app)
                    if inspect.isawaitable(result):
                        await result
                count += 1
            except Exception as exc:
                failed[f"tick:{tick_name(tick)}"] = failure_text(exc)
                log.exception("scheduled tick %r failed", tick)
        return count

    async def run_once(self, *, intake_in_thread: bool = True) -> RoundSummary:
        """One round of the three parts, each independent of the others: mailbox intake, ticks,
        sending. A part that fails (IMAP or SMTP down, a bug) is logged and named in
        ``summary.failed``; the next part still runs. ``intake_in_thread=False`` scans in the calling
        thread (``worker --once``: the main thread, where the per-message CPU budget works)."""
        summary = RoundSummary()
        if self.intake is not None:
            intake = self.intake
            try:
                if intake_in_thread:
                    summary.intake = await asyncio.to_thread(intake.scan_with_retry)
                else:
                    summary.intake = intake.scan_with_retry()
            except Exception as exc:
                summary.failed["intake"] = failure_text(exc)
                log.error("email intake failed: %s", summary.failed["intake"])
            finally:
                await asyncio.to_thread(intake.client.close)
        summary.ticks = await self.run_ticks(summary.failed)
        if self.sender is not None:
            try:
                summary.sent = await self.sender.drain(evidence=self._evidence_or_none())
                if summary.sent and not summary.sent.get("sent"):  # nothing went: is the server there at all?
                    unreachable = await self._smtp_unreachable()
                    if unreachable:
                        summary.failed["sending"] = unreachable
            except Exception as exc:
                summary.failed["sending"] = failure_text(exc)
            if "sending" in summary.failed:
                log.error("email sending failed: %s", summary.failed["sending"])
        return summary

    async def _smtp_unreachable(self) -> str | None:
        """Why the SMTP server cannot be reached (a TCP connect), or None when it can."""
        assert self.sender is not None
        url = self.sender.url
        try:
            _reader, writer = await asyncio.wait_for(asyncio.open_connection(url.host, url.port), timeout=15)
        except (OSError, TimeoutError) as exc:
            return f"SMTP server {url.host}:{url.port} unreachable: {failure_text(exc)}"
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
        return None

    def _evidence_or_none(self) -> Callable[[str], bool] | None:
        return self.evidence if self.imap_url is not None else None

    # ------------------------------------------------------------------ long-running

    async def run(self, stop_event: asyncio.Event) -> None:
        stop = threading.Event()
        wake = asyncio.Event()
        loop = asyncio.get_running_loop()

        def scanned(summary: ScanSummary) -> None:
            if summary.seen:
                loop.call_soon_threadsafe(wake.set)

        def batch_done(size: int) -> None:
            loop.call_soon_threadsafe(wake.set)

        tasks: list[asyncio.Task[None]] = []
        if self.intake is not None:
            intake = self.intake
            intake.on_batch = batch_done
            tasks.append(asyncio.create_task(asyncio.to_thread(intake.run, stop, scanned), name="email-intake"))
        if self.sender is not None:
            tasks.append(asyncio.create_task(self._send_loop(stop_event, wake), name="email-sender"))
        if self.ticks or self.config.canary_minutes is not None:
            tasks.append(asyncio.create_task(self._tick_loop(stop_event), name="email-ticks"))
        try:
            await stop_event.wait()
        finally:
            stop.set()
            wake.set()
            for task in tasks:
                if task.get_name() != "email-intake":
                    task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self.sender is not None:
                await self.sender.close()

    def run_in_process(self, stop: threading.Event, *, extra: Sequence[Any] = ()) -> None:
        """The email channel as a process of its own (``worker``, and the email process ``serve``
        starts): the mailbox intake runs in *this* thread (the main thread: its per-message CPU
        budget works there), the sender, the ticks and ``extra`` services (``name`` + ``async
        run(stop)``, e.g. the campaign scheduler) on an event loop in a second thread. The parts are
        independent: one failing is logged and the others go on. Returns when ``stop`` is set."""
        ready = threading.Event()
        holder: dict[str, Any] = {}

        async def background() -> None:
            stop_event = asyncio.Event()
            wake = asyncio.Event()
            holder.update(loop=asyncio.get_running_loop(), stop_event=stop_event, wake=wake)
            ready.set()
            parts: dict[str, Awaitable[None]] = {}
            if self.sender is not None:
                parts["email-sender"] = self._send_loop(stop_event, wake)
            if self.ticks or self.config.canary_minutes is not None:
                parts["email-ticks"] = self._tick_loop(stop_event)
            for service in extra:
                parts[str(service.name)] = service.run(stop_event)
            results = await asyncio.gather(*parts.values(), return_exceptions=True)
            for name, result in zip(parts, results, strict=True):
                if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                    log.error("%s stopped: %s", name, failure_text(result))
            if self.sender is not None:
                await self.sender.close()

        def loop_thread() -> None:
            try:
                asyncio.run(background())
            except Exception:
                log.exception("the email sending loop failed")
            finally:
                ready.set()

        thread = threading.Thread(target=loop_thread, name="email-send-loop", daemon=True)
        thread.start()
        ready.wait()

        def wake_sender(*_args: object) -> None:
            loop, wake = holder.get("loop"), holder.get("wake")
            if loop is not None and wake is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(wake.set)

        try:
            if self.intake is not None:
                self.intake.on_batch = wake_sender
                self.intake.run(stop, lambda summary: wake_sender() if summary.seen else None)
            else:
                stop.wait()
        finally:
            loop, stop_event = holder.get("loop"), holder.get("stop_event")
            if loop is not None and stop_event is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(stop_event.set)
            wake_sender()
            thread.join(timeout=30)

    async def _send_loop(self, stop_event: asyncio.Event, wake: asyncio.Event) -> None:
        assert self.sender is not None
        while not stop_event.is_set():
            try:
                await self.sender.drain(evidence=self._evidence_or_none())
            except Exception:
                log.exception("sending round failed")
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=SEND_INTERVAL_SECONDS)

    async def _tick_loop(self, stop_event: asyncio.Event) -> None:
        while not stop_event.is_set():
            await self.run_ticks()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_event.wait(), timeout=TICK_INTERVAL_SECONDS)


def email_services(bot_app: Any, *, ticks: Sequence[Tick] = (),
                   observers: Sequence[Observer] = ()) -> list[EmailServices]:
    """The factory for ``kompetansebot serve`` (``SERVICE_FACTORIES``): one service, or none when
    the email channel is not configured (IMAP_URL/SMTP_URL unset, or BOT_EMAIL missing)."""
    settings = bot_app.settings
    if settings.imap_url is None and settings.smtp_url is None:
        log.info("email channel off: neither IMAP_URL nor SMTP_URL is set")
        return []
    if not settings.bot_email:
        log.error("email channel off: BOT_EMAIL is not set")
        return []
    return [EmailServices.build(bot_app, ticks=ticks, observers=observers)]


async def run_email_services(bot_app: Any, stop_event: asyncio.Event, *, ticks: Sequence[Tick] = (),
                             observers: Sequence[Observer] = (), config: EmailConfig | None = None) -> None:
    """Run mailbox intake, ticks and the outbox sender until ``stop_event`` is set (for serve/worker).

    Returns at once (logging why) when neither IMAP_URL nor SMTP_URL is set, or BOT_EMAIL is missing.
    """
    if config is not None:
        await EmailServices.build(bot_app, config=config, ticks=ticks, observers=observers).run(stop_event)
        return
    for service in email_services(bot_app, ticks=ticks, observers=observers):
        await service.run(stop_event)
