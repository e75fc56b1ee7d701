"""Running the campaign tick: once (``campaign_tick``, the seam ``worker --once`` calls), or every few
minutes in-process with APScheduler 3.x (``start_campaign_scheduler``, for ``serve`` and ``worker``).

APScheduler holds one periodic job and nothing else, in a persistent job store (the
``apscheduler_jobs`` table in the bot's own database, ``SQLAlchemyJobStore``), with
``coalesce=True`` (runs missed while the process was busy, suspended or down collapse into one),
``misfire_grace_time=None`` (a late run still runs) and ``max_instances=1``. What is due lives in
the campaign tables (``campaign_round``), so a restart, a double tick or a second process (kept out
by the lease) adds nothing; the tick never sends, it only fills the outbox.

A persisted job names its function by import path and can only carry picklable arguments, so the
job carries the scheduler's key and ``scheduled_tick`` finds the app that scheduler was started for
in ``_TICK_TARGETS`` (filled at start, emptied at shutdown). The table has APScheduler's schema and is
created by our migration 0007 (two processes starting at once raced to create it themselves).
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.campaigns.env import CampaignEnv
from bot.campaigns.tick import CampaignTicker, TickSummary
from bot.clock import OSLO

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)

JOB_ID = "campaign-tick"
JOB_TABLE = "apscheduler_jobs"
TICK_SECONDS = 300.0

_TICK_TARGETS: dict[str, BotApp] = {}


def campaign_tick(bot_app: BotApp) -> None:
    """The tick for ``scheduled_ticks`` (bot/commands/worker.py): one tick at the app's business time
    (``KOMPETANSEBOT_NOW`` when pinned), what the live scheduler does at that moment. Synchronous."""
    run_tick(bot_app)


def run_tick(bot_app: BotApp) -> TickSummary:
    """One tick, with its summary (``kompetansebot campaign tick``)."""
    summary = CampaignTicker(CampaignEnv.from_app(bot_app)).tick()
    if summary.ran and (summary.queued or summary.alerts or summary.digests or summary.escalations):
        log.info("campaign tick: %s reminders, %s alerts, %s digests, %s escalations queued", summary.queued,
                 summary.alerts, summary.digests, summary.escalations)
    elif not summary.ran:
        log.debug("campaign tick skipped: %s", summary.reason)
    return summary


def scheduled_tick(target: str) -> None:
    """The persisted job's function (run in APScheduler's thread pool): one tick for the app the
    scheduler ``target`` was started for. Two processes on one database share the stored job, so a
    job another process last wrote runs for this process's app (the lease picks who acts)."""
    bot_app = _TICK_TARGETS.get(target) or next(reversed(_TICK_TARGETS.values()), None)
    if bot_app is None:
        log.debug("campaign tick skipped: no scheduler is running in this process")
        return
    try:
        run_tick(bot_app)
    except Exception:  # the job must survive one bad tick; the next one tries again
        log.exception("campaign tick failed")


class CampaignScheduler(AsyncIOScheduler):
    """The AsyncIOScheduler with its one tick thread, so stopping can wait for a tick in flight."""

    def __init__(self, tick_executor: ThreadPoolExecutor, **options: Any) -> None:
        super().__init__(executors={"default": tick_executor}, **options)
        self.tick_executor = tick_executor

    async def stop(self) -> None:
        """Stop scheduling and wait, off the event loop, for a tick already running in its thread. After
        this the caller may close the database: no tick still holds a connection or a lock."""
        self.shutdown(wait=False)
        await asyncio.to_thread(self.tick_executor.shutdown, True)


def start_campaign_scheduler(bot_app: BotApp, *, interval_seconds: float = TICK_SECONDS,
                             first_run: datetime | None = None) -> CampaignScheduler:
    """Start the in-process scheduler on the running event loop; the first tick runs at once.
    ``await scheduler.stop()`` when stopping (it waits for a running tick)."""
    target = f"{os.getpid()}-{id(bot_app)}"
    _TICK_TARGETS[target] = bot_app
    store = SQLAlchemyJobStore(engine=bot_app.database.engine, tablename=JOB_TABLE)
    scheduler = CampaignScheduler(ThreadPoolExecutor(max_workers=1), timezone=OSLO, jobstores={"default": store},
                                  job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1})
    scheduler.add_job(scheduled_tick, "interval", args=[target], seconds=interval_seconds, id=JOB_ID,
                      name="campaign tick", replace_existing=True,
                      next_run_time=first_run or datetime.now(OSLO))
    scheduler.add_listener(lambda event: _TICK_TARGETS.pop(target, None), EVENT_SCHEDULER_SHUTDOWN)
    scheduler.start()
    return scheduler


class CampaignSchedulerService:
    """A ``serve`` service (``name`` + ``async run(stop)``) that runs the scheduler until stopped."""

    name = "campaign-scheduler"

    def __init__(self, bot_app: BotApp, *, interval_seconds: float = TICK_SECONDS) -> None:
        self.bot_app = bot_app
        self.interval_seconds = interval_seconds

    async def run(self, stop: asyncio.Event) -> None:
        scheduler = start_campaign_scheduler(self.bot_app, interval_seconds=self.interval_seconds)
        try:
            await stop.wait()
        finally:
            await scheduler.stop()


def campaign_services(bot_app: BotApp) -> list[Any]:
    """The factory for ``SERVICE_FACTORIES`` in ``bot/commands/serve.py``: none without email."""
    if not bot_app.settings.bot_email:
        log.info("campaign scheduler off: BOT_EMAIL is not set")
        return []
    return [CampaignSchedulerService(bot_app)]


def campaign_observers(bot_app: BotApp, outbox: Any = None) -> list[Any]:
    """Observers for the email intake (``EmailServices.build(..., observers=...)``)."""
    from bot.campaigns.observer import CampaignMailObserver

    return [CampaignMailObserver(CampaignEnv.from_app(bot_app, outbox=outbox))]
