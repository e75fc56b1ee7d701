"""The in-process APScheduler (3.x) tick and the serve service; the migration matches the models."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from bot.app import build_app
from bot.campaigns.env import CampaignEnv
from bot.campaigns.scheduler import (
    JOB_ID,
    CampaignSchedulerService,
    campaign_services,
    start_campaign_scheduler,
)
from bot.campaigns.service import CampaignService
from bot.clock import OSLO, Clock
from bot.db import Database
from bot.models_campaign import CampaignLease
from bot.settings import load_settings
from tests.campaign.helpers import BOT, LINK, START, contacts_csv, make_contacts, outbox_rows


def _app(database_url: str, **extra: str) -> object:
    settings = load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, **{"SMTP_URL": "smtp://127.0.0.1:9", **extra})
    return build_app(settings, clock=Clock(START))


async def test_the_scheduler_ticks_at_once_and_on_its_interval(database_url: str) -> None:
    bot_app = _app(database_url)
    service = CampaignService(CampaignEnv.from_app(bot_app))  # type: ignore[arg-type]
    service.import_contacts(contacts_csv(make_contacts(3)), source="k.csv", actor="t", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
    scheduler = start_campaign_scheduler(bot_app, interval_seconds=0.3)  # type: ignore[arg-type]
    try:
        job = scheduler.get_job(JOB_ID)
        assert job is not None and job.coalesce is True and job.misfire_grace_time is None
        assert job.max_instances == 1
        for _ in range(100):
            await asyncio.sleep(0.05)
            if len(outbox_rows(bot_app.database, kind="reminder")) == 3:  # type: ignore[attr-defined]
                break
        assert len(outbox_rows(bot_app.database, kind="reminder")) == 3  # type: ignore[attr-defined]
        await asyncio.sleep(1.0)  # several more ticks: nothing new
        assert len(outbox_rows(bot_app.database, kind="reminder")) == 3  # type: ignore[attr-defined]
    finally:
        await scheduler.stop()
        bot_app.close()  # type: ignore[attr-defined]


async def test_the_tick_job_lives_in_the_persistent_job_store(database_url: str) -> None:
    from sqlalchemy import text

    from bot.campaigns.scheduler import JOB_TABLE

    bot_app = _app(database_url)
    scheduler = start_campaign_scheduler(bot_app, interval_seconds=60)  # type: ignore[arg-type]
    try:
        with bot_app.database.engine.connect() as connection:  # type: ignore[attr-defined]
            ids = connection.execute(text(f"SELECT id FROM {JOB_TABLE}")).scalars().all()
        assert ids == [JOB_ID]
    finally:
        await scheduler.stop()
    again = start_campaign_scheduler(bot_app, interval_seconds=60)  # type: ignore[arg-type]
    try:  # a restart replaces the stored job, never adds a second one
        assert [job.id for job in again.get_jobs()] == [JOB_ID]
    finally:
        await again.stop()
        bot_app.close()  # type: ignore[attr-defined]


async def test_the_serve_service_stops_with_the_event(database_url: str) -> None:
    bot_app = _app(database_url)
    stop = asyncio.Event()
    task = asyncio.create_task(CampaignSchedulerService(bot_app, interval_seconds=60).run(stop))  # type: ignore[arg-type]
    await asyncio.sleep(0.2)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert campaign_services(bot_app)  # type: ignore[arg-type]
    bot_app.close()  # type: ignore[attr-defined]
    plain = build_app(load_settings(DATABASE_URL=database_url))
    assert campaign_services(plain) == []
    plain.close()


def test_coalesced_missed_runs_collapse_into_one(database_url: str) -> None:
    """A first run 30 s in the past on a 0.1 s interval: with coalesce APScheduler runs it once, not 300
    times (the lease row counts every tick that ran)."""
    bot_app = _app(database_url)

    async def main() -> None:
        scheduler = start_campaign_scheduler(bot_app, interval_seconds=0.1,  # type: ignore[arg-type]
                                             first_run=datetime.now(OSLO) - timedelta(seconds=30))
        await asyncio.sleep(0.05)
        await scheduler.stop()  # waits for the submitted run to finish in its thread

    asyncio.run(main())
    with bot_app.database.session() as session:  # type: ignore[attr-defined]
        lease = session.get(CampaignLease, "campaign-scheduler")
        assert lease is not None and lease.ticks == 1
    bot_app.close()  # type: ignore[attr-defined]


def test_the_migration_creates_exactly_the_models_tables(database: Database) -> None:
    import bot.models_campaign  # noqa: F401

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [item for item in compare_metadata(context, SQLModel.metadata) if "campaign" in str(item)]
    assert differences == []


@pytest.mark.parametrize("table", ["campaign", "campaign_round", "campaign_recipient", "campaign_measure",
                                   "campaign_mail", "campaign_contact", "campaign_lease"])
def test_every_campaign_table_exists(database: Database, table: str) -> None:
    from sqlalchemy import inspect

    assert table in inspect(database.engine).get_table_names()
