"""Running the campaign tick: once (``campaign_tick``, the seam ``worker --once`` calls), or every few
minutes in-process with APScheduler 3.x (``start_campaign_scheduler``, for ``serve``/``worker``).

APScheduler holds no campaign state: one interval job in the memory job store, with
``coalesce=True`` (runs missed while the process was busy or suspended collapse into one),
``misfire_grace_time=None`` (a late run still runs) and ``max_instances=1``. What is due lives in
the database (``campaign_round``), so a restart, a double tick or a second process (kept out by
the lease) adds nothing; the tick never sends, it only fills the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.campaigns.env import CampaignEnv
from bot.campaigns.tick import CampaignTicker, TickSummary
from bot.clock import OSLO

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)

JOB_ID = "campaign-tick"
TICK_SECONDS = 300.0


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


async def _run_tick(bot_app: BotApp) -> None:
    try:
        await asyncio.to_thread(run_tick, bot_app)
    except Exception:  # the job must survive one bad tick; the next one tries again
        log.exception("campaign tick failed")


def start_campaign_scheduler(bot_app: BotApp, *, interval_seconds: float = TICK_SECONDS,
                             first_run: datetime | None = None) -> AsyncIOScheduler:
    """Start the in-process scheduler on the running event loop; the first tick runs at once.
    Call ``scheduler.shutdown()`` when stopping."""
    scheduler = AsyncIOScheduler(timezone=OSLO, job_defaults={"coalesce": True, "misfire_grace_time": None,
                                                              "max_instances": 1})
    scheduler.add_job(_run_tick, "interval", args=[bot_app], seconds=interval_seconds, id=JOB_ID,
                      name="campaign tick", replace_existing=True,
                      next_run_time=first_run or datetime.now(OSLO))
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
            scheduler.shutdown(wait=False)


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
