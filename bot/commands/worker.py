"""`kompetansebot worker [--once]`: mailbox intake, due scheduled work, and the outbox.

Without ``--once`` it runs until SIGINT/SIGTERM: the mailbox loop (IDLE or polling, reconnecting
with backoff) in the main thread, within a per-message CPU budget, and the scheduled ticks and the
outbox sender on an event loop in a second thread. With ``--once`` it scans the mailbox once, runs
each tick once, sends what is due (and, with ``SLACK_BOT_TOKEN``, the queued Slack DMs), prints a
one-line summary and exits.

The parts are independent: intake, each tick, mail sending and Slack DMs each run whatever happened
to the others (IMAP down still queues and sends due reminders). ``--once`` exits 1 when a part
failed and names it in the log, on stderr and in the summary (``failed``).

``serve`` runs the email channel as a child process (``worker --serve-child``, see
:class:`EmailProcessService`): mail, however hostile, never holds the interpreter Slack answers from.

Scheduled work plugs in through :func:`scheduled_ticks`, reply readers through
:func:`intake_observers` (the reminder campaigns add theirs there).
The channel library code is imported lazily (``handlers.email``), as ``bot.cli`` does for channels.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)


def scheduled_ticks(bot_app: BotApp) -> list[Any]:
    """Callables run once per ``worker --once`` round (they enqueue due mail; they never send): the
    reminder campaigns' tick. The long-running processes run the same tick from APScheduler
    (``bot.campaigns.scheduler``) instead."""
    del bot_app
    from bot.campaigns import campaign_tick

    return [campaign_tick]


def intake_observers(bot_app: BotApp, outbox: Any) -> list[Any]:
    """Observers the mailbox intake calls for people's replies and out-of-office mail (see
    ``bot.mail.intake.Observer``): the campaigns read replies to reminders here."""
    from bot.campaigns import campaign_observers

    return campaign_observers(bot_app, outbox)


def serve_email_services(bot_app: BotApp) -> list[Any]:
    """The email part of ``kompetansebot serve`` (``SERVICE_FACTORIES``): a child process running the
    same intake, observers and sender as ``worker`` (``worker --serve-child``), supervised by
    :class:`EmailProcessService`; the campaign tick runs in ``serve`` from APScheduler
    (``bot.campaigns.scheduler:campaign_services``). None when email is not configured."""
    settings = bot_app.settings
    if settings.imap_url is None and settings.smtp_url is None:
        log.info("email channel off: neither IMAP_URL nor SMTP_URL is set")
        return []
    if not settings.bot_email:
        log.error("email channel off: BOT_EMAIL is not set")
        return []
    return [EmailProcessService()]


CHILD_COMMAND = (sys.executable, "-m", "bot.cli", "worker", "--serve-child")
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
STABLE_SECONDS = 60.0
"""A child that ran this long before it ended starts again after the first delay."""


class EmailProcessService:
    """A ``serve`` service that runs the email channel in a child process and keeps it running:
    restarted (with growing delays) when it exits or crashes, stopped (SIGTERM, then SIGKILL) when
    ``serve`` stops. The child's stdin is a pipe from ``serve``: when ``serve`` dies, the child
    reads EOF and stops too. Slack never waits for mail, and a crash in the intake never ends serve."""

    name = "email-process"

    def __init__(self, command: Sequence[str] = CHILD_COMMAND, *, restart_delays: Sequence[float] = RESTART_DELAYS,
                 stop_timeout: float = 20.0) -> None:
        self.command = list(command)
        self.restart_delays = tuple(restart_delays)
        self.stop_timeout = stop_timeout
        self.starts = 0
        self.pid: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            started = time.monotonic()
            process = await asyncio.create_subprocess_exec(*self.command, stdin=subprocess.PIPE)
            self.starts += 1
            self.pid = process.pid
            log.info("email process started (pid %s)", process.pid)
            exited = asyncio.create_task(process.wait())
            stopping = asyncio.create_task(stop.wait())
            try:
                await asyncio.wait({exited, stopping}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                if not exited.done():
                    await self._terminate(process, exited)
            if stop.is_set():
                log.info("email process stopped (exit code %s)", process.returncode)
                return
            if time.monotonic() - started >= STABLE_SECONDS:
                failures = 0
            delay = self.restart_delays[min(failures, len(self.restart_delays) - 1)]
            failures += 1
            log.error("email process (pid %s) exited with code %s; restarting in %.0f s",
                      process.pid, process.returncode, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)

    async def _terminate(self, process: asyncio.subprocess.Process, exited: asyncio.Task[int]) -> None:
        if process.stdin is not None:
            with contextlib.suppress(Exception):
                process.stdin.close()
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(asyncio.shield(exited), timeout=self.stop_timeout)
        except TimeoutError:
            log.error("email process (pid %s) did not stop in %.0f s: killed", process.pid, self.stop_timeout)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await exited


def _stop_on_stdin_eof(stop: threading.Event) -> None:
    """``--serve-child``: stop when the parent's end of our stdin closes (``serve`` ended or died)."""
    def watch() -> None:
        with contextlib.suppress(Exception):
            while sys.stdin.buffer.read(4096):
                pass
        stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def drain_slack_dms(bot_app: BotApp) -> int:
    """``worker --once`` with ``SLACK_BOT_TOKEN`` set: post the queued Slack DMs (campaign reminders)
    once; returns how many were posted. The Slack library is imported here, never at module top."""
    token = bot_app.settings.slack_bot_token
    if token is None or not token.get_secret_value().strip():
        return 0
    from handlers.slack.client import build_web_client
    from handlers.slack.dm_sender import SlackDmSender

    async def drain() -> int:
        summary = await SlackDmSender(bot_app, build_web_client(bot_app.settings)).drain()
        return summary["sent"]

    return asyncio.run(drain())


def drain_teams_cards(bot_app: BotApp) -> int:
    """``worker --once`` with ``TEAMS_APP_ID`` set: post the queued Teams messages (campaign reminder
    cards) once; returns how many were posted. The Teams channel is imported here, never at module top."""
    if bot_app.settings.teams_app_id is None:
        return 0
    from handlers.teams.service import build_teams

    async def drain() -> int:
        runtime = build_teams(bot_app)
        if runtime is None:
            return 0
        try:
            summary = await runtime.sender.drain()
        finally:
            await runtime.aclose()
        return summary["sent"]

    return asyncio.run(drain())


def drain_teams_cards_safely(bot_app: BotApp, failed: dict[str, str]) -> int:
    """``drain_teams_cards`` as an independent part of ``worker --once``."""
    try:
        return drain_teams_cards(bot_app)
    except Exception as exc:
        from handlers.email.service import failure_text

        failed["teams"] = failure_text(exc)
        log.error("sending Teams messages failed: %s", failed["teams"])
        return 0


def _stop_on_signals(stop: threading.Event) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, frame: stop.set())


def drain_slack_dms_safely(bot_app: BotApp, failed: dict[str, str]) -> int:
    """``drain_slack_dms`` as an independent part of ``worker --once``."""
    try:
        return drain_slack_dms(bot_app)
    except Exception as exc:
        from handlers.email.service import failure_text

        failed["slack-dms"] = failure_text(exc)
        log.error("sending Slack DMs failed: %s", failed["slack-dms"])
        return 0


def _say_what_waits(settings: Any, bot_app: Any, err: Any) -> None:
    """Say which parts did not run for want of settings, and where the mail waits."""
    if settings.imap_url is None:
        err.print("[yellow]Innboksen leses ikke:[/yellow] IMAP_URL er ikke satt.")
    if settings.smtp_url is None:
        from sqlalchemy import func
        from sqlmodel import select

        from bot.models_email import MailOutbox

        with bot_app.database.session() as session:
            waiting = session.exec(select(func.count()).select_from(MailOutbox)
                                   .where(MailOutbox.status == "queued")).one()
        err.print(f"[yellow]E-post sendes ikke:[/yellow] SMTP_URL er ikke satt; {waiting} e-post"
                  f"{'er' if waiting != 1 else ''} venter i utboksen og sendes når SMTP_URL er satt.")


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(
        once: bool = typer.Option(False, "--once", help="Én runde av hvert, så avslutt"),
        rate: int | None = typer.Option(None, "--rate", help="Høyst så mange e-poster i minuttet (0 = ingen grense)"),
        as_json: bool = typer.Option(False, "--json", help="Med --once: sammendraget som JSON"),
        claim_timeout: float | None = typer.Option(None, "--claim-timeout", hidden=True,
                                                   help="Sekunder før en avbrutt sending/innlesing tas over"),
        in_doubt_grace: float | None = typer.Option(None, "--in-doubt-grace", hidden=True,
                                                    help="Sekunder å vente på bevis før én ny sending"),
        poll: float | None = typer.Option(None, "--poll", hidden=True, help="Sekunder mellom innbokssjekker"),
        serve_child: bool = typer.Option(False, "--serve-child", hidden=True,
                                         help="E-postprosessen til serve: uten planlagte jobber, stopper når serve stopper"),
    ) -> None:
        """Les innboksen, kjør planlagte purringer og send det som ligger i utboksen."""
        from rich.markup import escape

        from bot.app import build_app
        from bot.cli import configure_logging, err, settings_or_exit
        from bot.mail.config import EmailConfig

        settings = settings_or_exit()
        configure_logging(settings)
        if not settings.bot_email:
            err.print("[red]BOT_EMAIL mangler:[/red] boten trenger sin egen e-postadresse for å lese innboksen, "
                      "kjøre purringer og sende e-post. Sett BOT_EMAIL (og IMAP_URL/SMTP_URL); ingenting er gjort.")
            raise typer.Exit(code=2)
        # Every part does what it can: without IMAP_URL nothing is read, without SMTP_URL mails wait in
        # the outbox, but the scheduled work (campaign rounds) and Slack DMs still run.
        overrides: dict[str, Any] = {}
        if rate is not None:
            overrides["rate_per_minute"] = rate or None
        if claim_timeout is not None:
            overrides["send_lease_seconds"] = claim_timeout
            overrides["intake_lease_seconds"] = claim_timeout
        if in_doubt_grace is not None:
            overrides["in_doubt_grace_seconds"] = in_doubt_grace
        if poll is not None:
            overrides["poll_seconds"] = poll
        from handlers.email.service import EmailServices

        bot_app = build_app(settings)
        try:
            config = EmailConfig.from_settings(settings, **overrides)
            # --once runs each tick once itself; the long-running worker ticks from APScheduler
            services = EmailServices.build(bot_app, config=config, ticks=scheduled_ticks(bot_app) if once else ())
            if services.processor is not None:
                services.processor.observers.extend(intake_observers(bot_app, services.outbox))
            if once:
                # The intake scans in this (main) thread: its per-message CPU budget works only here.
                summary = asyncio.run(services.run_once(intake_in_thread=False))
                intake = summary.intake
                line = {"read": intake.seen if intake else 0,
                        "moved": intake.moved if intake else {},
                        "statuses": intake.statuses if intake else {},
                        "ticks": summary.ticks, "sent": summary.sent,
                        "slack_sent": drain_slack_dms_safely(bot_app, summary.failed),
                        "teams_sent": drain_teams_cards_safely(bot_app, summary.failed),
                        "failed": summary.failed}
                _say_what_waits(settings, bot_app, err)  # before the summary: a JSON reader takes the last line
                if as_json:
                    typer.echo(json.dumps(line, ensure_ascii=False))
                else:
                    typer.echo(f"Leste {line['read']} e-poster, kjørte {line['ticks']} planlagte jobber, "
                               f"utboks: {json.dumps(summary.sent, ensure_ascii=False)}, "
                               f"Slack-meldinger sendt: {line['slack_sent']}")
                if summary.failed:
                    parts = ", ".join(summary.failed)
                    log.error("worker round finished with failed parts: %s", parts)
                    for part, reason in summary.failed.items():
                        err.print(f"[red]Feilet: {escape(part)}[/red] ({escape(reason)})", highlight=False,
                                  soft_wrap=True)
                    raise typer.Exit(code=1)
                return
            stop = threading.Event()
            _stop_on_signals(stop)
            extra: list[Any] = []
            if serve_child:
                _stop_on_stdin_eof(stop)  # serve runs the campaign scheduler itself
            else:
                from bot.campaigns import campaign_services

                extra = list(campaign_services(bot_app))
            try:
                services.run_in_process(stop, extra=extra)
            except Exception:
                log.exception("worker stopped by an unexpected error")  # the process manager restarts it
                raise typer.Exit(code=1) from None
            log.info("worker stopped")
        finally:
            bot_app.close()
