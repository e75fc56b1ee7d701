"""Wiring of the email channel: mailbox intake, scheduled ticks, outbox sender.

* ``EmailServices.build(bot_app)`` from the app's settings (IMAP_URL, SMTP_URL, BOT_EMAIL).
* ``await services.run_once()``: one scan of the mailbox, one run of every tick, send what is due
  (``kompetansebot worker --once``).
* ``await run_email_services(bot_app, stop_event)``: the long-running loops, for
  ``kompetansebot worker`` and ``kompetansebot serve``; returns when ``stop_event`` is set.

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
        processor = intake = None
        if imap_url is not None:
            processor = IntakeProcessor(database=bot_app.database, router=bot_app.router, config=config,
                                        clock=bot_app.clock, timer=timer, outbox=outbox, worker_id=worker,
                                        observers=list(observers))
            intake = ImapIntake(imap_url, processor, config)
        sender = SmtpSender(smtp_url, outbox) if smtp_url is not None else None
        return cls(bot_app=bot_app, config=config, outbox=outbox, processor=processor, intake=intake,
                   sender=sender, imap_url=imap_url, ticks=list(ticks))

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

    async def run_ticks(self) -> int:
        count = 0
        try:
            await asyncio.to_thread(self.canary)
        except Exception:
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
            except Exception:
                log.exception("scheduled tick %r failed", tick)
        return count

    async def run_once(self) -> RoundSummary:
        summary = RoundSummary()
        if self.intake is not None:
            summary.intake = await asyncio.to_thread(self.intake.scan_with_retry)
            await asyncio.to_thread(self.intake.client.close)
        summary.ticks = await self.run_ticks()
        if self.sender is not None:
            summary.sent = await self.sender.drain(evidence=self._evidence_or_none())
        return summary

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
