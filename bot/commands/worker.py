"""`kompetansebot worker [--once]`: mailbox intake, due scheduled work, and the outbox.

Without ``--once`` it runs until SIGINT/SIGTERM: the mailbox loop (IDLE or polling, reconnecting
with backoff), the scheduled ticks, and the outbox sender. With ``--once`` it scans the mailbox
once, runs each tick once, sends what is due (and, with ``SLACK_BOT_TOKEN``, the queued Slack DMs),
prints a one-line summary and exits.

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
    """The email part of ``kompetansebot serve`` (``SERVICE_FACTORIES``): the same intake and observers
    as ``worker``; the campaign tick runs from APScheduler (``bot.campaigns.scheduler:campaign_services``)."""
    from handlers.email.service import email_services

    services = email_services(bot_app)
    for service in services:
        if service.processor is not None:
            service.processor.observers.extend(intake_observers(bot_app, service.outbox))
    return services


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


async def _run_until_signal(services: list[Any]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await asyncio.gather(*(service.run(stop) for service in services))


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
    ) -> None:
        """Les innboksen, kjør planlagte purringer og send det som ligger i utboksen."""
        from bot.app import build_app
        from bot.cli import configure_logging, err, settings_or_exit
        from bot.mail.config import EmailConfig

        settings = settings_or_exit()
        configure_logging(settings)
        if settings.imap_url is None and settings.smtp_url is None:
            err.print("[yellow]E-post er ikke satt opp:[/yellow] sett IMAP_URL og/eller SMTP_URL (og BOT_EMAIL).")
            raise typer.Exit(code=2)
        if not settings.bot_email:
            err.print("[red]BOT_EMAIL mangler:[/red] boten trenger sin egen e-postadresse.")
            raise typer.Exit(code=2)
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
                summary = asyncio.run(services.run_once())
                intake = summary.intake
                line = {"read": intake.seen if intake else 0,
                        "moved": intake.moved if intake else {},
                        "statuses": intake.statuses if intake else {},
                        "ticks": summary.ticks, "sent": summary.sent, "slack_sent": drain_slack_dms(bot_app)}
                if as_json:
                    typer.echo(json.dumps(line, ensure_ascii=False))
                else:
                    typer.echo(f"Leste {line['read']} e-poster, kjørte {line['ticks']} planlagte jobber, "
                               f"utboks: {json.dumps(summary.sent, ensure_ascii=False)}, "
                               f"Slack-meldinger sendt: {line['slack_sent']}")
                return
            from bot.campaigns import campaign_services

            try:
                asyncio.run(_run_until_signal([services, *campaign_services(bot_app)]))
            except Exception:
                log.exception("worker stopped by an unexpected error")  # the process manager restarts it
                raise typer.Exit(code=1) from None
            log.info("worker stopped")
        finally:
            bot_app.close()
