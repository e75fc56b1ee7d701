"""`kompetansebot serve`: the long-running bot (Slack + email + scheduler).

Each channel contributes *services* (``name`` + ``async run(stop)``) through a factory in
``SERVICE_FACTORIES``; they all run in one event loop until SIGINT/SIGTERM, and if one of them
fails the others are stopped and the process exits non-zero so the process manager restarts it.
Email intake/sending and the scheduler plug in by adding their factory here.

Email runs in a child process (``worker --serve-child``, supervised by
``bot.commands.worker.EmailProcessService``: restarted when it exits, stopped with ``serve``), so no
mail, however hostile, holds the event loop or the interpreter that answers Slack; the campaign
scheduler runs here and only fills the outbox, which the child sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import typer

from bot.commands._common import err_console

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)


class Service(Protocol):
    name: str

    async def run(self, stop: asyncio.Event) -> None: ...


ServiceFactory = Callable[["BotApp"], Sequence[Service]]

# "module:function" -> function(bot_app) -> services. Imported lazily: bot/ never imports a channel
# library at module level. Email and the scheduler add theirs here (issues 7 and later).
SERVICE_FACTORIES: tuple[str, ...] = (
    "handlers.web:web_services",  # the one HTTP server (Slack, Teams, /healthz) and their senders
    "bot.commands.worker:serve_email_services",
    "bot.campaigns.scheduler:campaign_services",
)


def load_factory(spec: str) -> ServiceFactory:
    module_name, _, function = spec.partition(":")
    factory: ServiceFactory = getattr(importlib.import_module(module_name), function)
    return factory


async def run_services(services: Sequence[Service], stop: asyncio.Event | None = None) -> int:
    """Run every service until ``stop`` (or a signal); 0 on a clean stop, 1 when a service failed."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not possible outside the main thread (tests) or on Windows; a stop event still works.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    tasks = {asyncio.create_task(service.run(stop), name=service.name): service for service in services}
    failed = False
    reported: set[asyncio.Task[None]] = set()
    try:
        waiter: asyncio.Task[object] = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([*tasks, waiter], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not stop.is_set():  # a service ended on its own: that is a failure, whatever it returned
            for task in (task for task in tasks if task in done):
                failed = True
                reported.add(task)
                error = task.exception() if not task.cancelled() else None
                log.error("service %s stopped unexpectedly: %s", tasks[task].name, error or "returned")
    finally:
        stop.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for task, result in zip(tasks, results, strict=True):
            if task not in reported and isinstance(result, BaseException) \
                    and not isinstance(result, asyncio.CancelledError):
                failed = True
                log.error("service %s failed while stopping: %r", tasks[task].name, result)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve() -> None:
        """Den langvarige boten (Slack + e-post + planlegger); det Procfile kjører."""
        from bot.app import build_app, log_channel_status
        from bot.cli import configure_logging, settings_or_exit

        settings = settings_or_exit()
        configure_logging(settings)
        log_channel_status(settings)
        bot_app = build_app(settings)
        try:
            services = [service for spec in SERVICE_FACTORIES for service in load_factory(spec)(bot_app)]
        except Exception as exc:
            log.error("cannot start: %s", exc)
            bot_app.close()
            raise typer.Exit(code=2) from None
        if not services:
            bot_app.close()
            err_console.print("[red]Ingen kanal er satt opp.[/red] Sett SLACK_BOT_TOKEN (og SLACK_APP_TOKEN for "
                              "Socket Mode eller SLACK_SIGNING_SECRET for HTTP); se docs/slack.md.")
            raise typer.Exit(code=2)
        log.info("starting %s", ", ".join(service.name for service in services))
        try:
            code = asyncio.run(run_services(services))
        finally:
            bot_app.close()
        raise typer.Exit(code=code)
