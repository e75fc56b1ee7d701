"""Campaign reminders as Slack DMs: the tick queues one DM per round for contacts with a Slack id (in
the email's transaction), replies ("levert" by email or in Slack) cancel what waits, the sender posts
over real HTTP to the fake Slack Web API (rate limits, unknown users, two senders at once), and
``worker --once`` drains them. SQLite, and PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import SQLModel, col, select

from bot.app import BotApp, build_app
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.campaigns.store import thread_key
from bot.clock import OSLO, Clock
from bot.db import Database
from bot.messages import IncomingMessage
from bot.models_slack_outbox import SlackOutboxMessage
from bot.settings import load_settings
from bot.slack_outbox import SlackOutbox
from handlers.slack.dm_sender import SlackDmSender
from tests.campaign.helpers import (
    BOT,
    HEADER,
    LINK,
    SECRETARIAT,
    START,
    Contact,
    make_contacts,
    make_env,
    mark_sent,
    measures,
    outbox_rows,
    recipient,
    tick,
)
from tests.servers import SmtpServer
from tests.slack.conftest import start_endpoint
from tests.slack.fake_slack import FakeSlack
from tests.slack.signing import SECRET, dm_event

D14 = datetime(2027, 1, 4, 8, 0, tzinfo=OSLO)  # the d-14 round (1 January is a holiday)
D7 = datetime(2027, 1, 8, 10, 0, tzinfo=OSLO)


class DmFakeSlack(FakeSlack):
    """The fake Web API, with users whose DMs Slack refuses (``refuse[user] = "user_not_found"``)."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: dict[str, str] = {}

    def _answer(self, method: str, token: str | None, params: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        refused = self.refuse.get(str(params.get("channel")))
        if method == "chat.postMessage" and refused and token and token.startswith("xoxb-"):
            return 200, {}, {"ok": False, "error": refused}
        return super()._answer(method, token, params)

    def dms(self) -> list[tuple[str, str]]:
        """(user, text) of every accepted post to a user id (the reminders; answers go to D… channels)."""
        return [(str(call.params["channel"]), str(call.params.get("text", "")))
                for call in self.calls_to("chat.postMessage") if str(call.params.get("channel", "")).startswith("U")]


def slack_id(number: int) -> str:
    return f"U0P{number:03d}"


def csv_with_slack(contacts: Sequence[Contact], with_slack: Sequence[int]) -> bytes:
    """The contact list with a ``slack_id`` column filled for the contacts numbered in ``with_slack``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for number, contact in enumerate(contacts):
        for measure, scheme, network in contact.measures:
            writer.writerow([measure, scheme, network, contact.name, contact.email,
                             slack_id(number) if number in with_slack else ""])
    return buffer.getvalue().encode("utf-8")


@dataclass
class Wired:
    app: BotApp
    env: CampaignEnv
    fake: DmFakeSlack
    timer: Clock

    @property
    def database(self) -> Database:
        return self.app.database

    def sender(self, token: str = "xoxb-valid", *, batch: int = 20) -> SlackDmSender:
        client = AsyncWebClient(token=token, base_url=self.fake.url, timeout=10)  # no SDK retries: ours count
        return SlackDmSender(self.app, client, batch=batch,
                             outbox=SlackOutbox(self.database, self.app.clock, timer=self.timer))

    def start(self, contacts: Sequence[Contact], with_slack: Sequence[int]) -> CampaignService:
        service = CampaignService(self.env)
        service.import_contacts(csv_with_slack(contacts, with_slack), source="kontakter.csv", actor="t",
                                channel="cli")
        service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
        return service


@pytest.fixture
def wired(database_url: str) -> Iterator[Wired]:
    fake = DmFakeSlack()
    fake.start()
    settings = load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT,
                             SLACK_BOT_TOKEN="xoxb-valid", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url)
    bot_app = build_app(settings, clock=Clock(START))
    timer = Clock(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO))  # real-time side (leases, retries), moved by hand
    env = make_env(bot_app.database, bot_app.clock, timer=timer)
    try:
        yield Wired(bot_app, env, fake, timer)
    finally:
        bot_app.close()
        fake.stop()


def dm_rows(database: Database) -> list[SlackOutboxMessage]:
    with database.session() as session:
        return list(session.exec(select(SlackOutboxMessage).order_by(col(SlackOutboxMessage.id))).all())


def drain(sender: SlackDmSender) -> dict[str, int]:
    return asyncio.run(sender.drain())


# ---------------------------------------------------------------------------------------------- tick


def test_one_dm_per_round_for_contacts_with_a_slack_id_listing_their_open_measures(wired: Wired) -> None:
    people = make_contacts(4, measures_per=(2, 1, 3, 1))
    wired.start(people, with_slack=(0, 2))
    assert tick(wired.env, START).queued == 4
    assert tick(wired.env, START + timedelta(minutes=5)).queued == 0  # a second tick adds nothing
    rows = dm_rows(wired.database)
    assert sorted(row.slack_user for row in rows) == [slack_id(0), slack_id(2)]
    mails = {row.idempotency_key for row in outbox_rows(wired.database, kind="reminder")}
    assert {row.key.removesuffix(":slack") for row in rows} <= mails  # the email's key + ":slack"
    for row in rows:
        person = people[int(row.slack_user[-3:])]
        assert row.status == "queued" and row.kind == "notice" and row.recipient_id is not None
        assert row.text.startswith(f"Hei, {person.name.split()[0]}!")
        for measure, _scheme, _network in person.measures:
            assert f"• {measure} (" in row.text
        assert "15. januar 2027" in row.text and "45 dager igjen" in row.text and LINK in row.text
        assert "svar «levert» her når rapporten er sendt inn" in row.text.lower()
    summary = drain(wired.sender())
    assert summary["sent"] == 2 and summary["failed"] == 0
    assert drain(wired.sender())["sent"] == 0  # posted once
    assert sorted(user for user, _text in wired.fake.dms()) == [slack_id(0), slack_id(2)]
    assert all(row.status == "sent" and row.posted_ts for row in dm_rows(wired.database))
    # the next round: one more DM each, nothing for the contacts without a Slack id
    mark_sent(wired.database)
    assert tick(wired.env, D14).queued == 4 and tick(wired.env, D14).queued == 0
    assert Counter(row.slack_user for row in dm_rows(wired.database)) == {slack_id(0): 2, slack_id(2): 2}
    newest = dm_rows(wired.database)[-1]
    assert newest.kind == "reminder" and "11 dager igjen" in newest.text


def test_no_dms_are_queued_when_slack_is_not_set_up(database_url: str) -> None:
    bot_app = build_app(load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT,
                                      SMTP_URL="smtp://127.0.0.1:9"), clock=Clock(START))
    try:
        env = CampaignEnv.from_app(bot_app)
        assert env.slack_dms is False
        service = CampaignService(env)
        service.import_contacts(csv_with_slack(make_contacts(2, measures_per=(1,)), (0, 1)), source="k.csv",
                                actor="t", channel="cli")
        service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
        assert tick(env, START).queued == 2  # the mails
        assert dm_rows(bot_app.database) == []
    finally:
        bot_app.close()


def test_a_new_round_cancels_the_previous_rounds_dm_still_waiting(wired: Wired) -> None:
    wired.start(make_contacts(1, measures_per=(1,)), with_slack=(0,))
    tick(wired.env, START)
    mark_sent(wired.database)  # the email went out; Slack was down, the DM still waits
    tick(wired.env, D14)
    assert [(row.kind, row.status) for row in dm_rows(wired.database)] == [("notice", "cancelled"),
                                                                          ("reminder", "queued")]
    drain(wired.sender())
    assert len(wired.fake.dms()) == 1 and "Påminnelse" in wired.fake.dms()[0][1]


# ---------------------------------------------------------------------------------------------- replies


def test_levert_by_email_cancels_the_queued_dm_and_no_dm_follows(wired: Wired) -> None:
    people = make_contacts(2, measures_per=(2,))
    wired.start(people, with_slack=(0, 1))
    tick(wired.env, START)
    drain(wired.sender())
    mark_sent(wired.database)
    tick(wired.env, D14)  # the d-14 DMs wait in the Slack outbox
    contact = recipient(wired.database, people[0].email)
    reply = wired.app.router.handle(IncomingMessage(
        user_id=people[0].email, channel="email", text="Hei, rapporten er levert.", email=people[0].email,
        conversation_id=thread_key(contact.campaign_id, contact.id or 0), message_id="<r1@kommune.test>",
        verified_by="reply_token"))  # a reply to the reminder, with its token
    assert reply.intent == "campaign_done"
    assert {m.state for m in measures(wired.database) if m.recipient_id == contact.id} == {states.DONE}
    waiting = {(row.slack_user, row.kind): row.status for row in dm_rows(wired.database)}
    assert waiting[(slack_id(0), "reminder")] == "cancelled" and waiting[(slack_id(1), "reminder")] == "queued"
    drain(wired.sender())
    assert [user for user, _text in wired.fake.dms()] == [slack_id(0), slack_id(1), slack_id(1)]
    mark_sent(wired.database)
    for when in (D7, datetime(2027, 1, 15, 9, 0, tzinfo=OSLO), datetime(2027, 1, 18, 9, 0, tzinfo=OSLO)):
        tick(wired.env, when)
    assert slack_id(0) not in {row.slack_user for row in dm_rows(wired.database) if row.status == "queued"}
    assert Counter(row.slack_user for row in dm_rows(wired.database))[slack_id(0)] == 2


async def test_levert_in_slack_through_the_app_cancels_the_queued_dm(wired: Wired) -> None:
    people = make_contacts(2, measures_per=(1,))
    wired.start(people, with_slack=(0, 1))
    await asyncio.to_thread(tick, wired.env, START)
    wired.fake.add_user(slack_id(0), name="Person0")  # no email in the profile: found by Slack id
    async with start_endpoint(wired.app, wired.fake) as endpoint:
        response = await endpoint.event(dm_event("Levert!", user=slack_id(0), channel="DP000", ts="1764300001.000100"))
        assert response.status_code == 200
        [answer] = await wired.fake.wait_for_async("chat.postMessage", where=lambda c: c.params["channel"] == "DP000")
    assert "Takk" in str(answer.params.get("text", "")) + json.dumps(answer.params.get("blocks", []))
    contact = recipient(wired.database, people[0].email)
    assert {m.state for m in measures(wired.database) if m.recipient_id == contact.id} == {states.DONE}
    statuses = {row.slack_user: row.status for row in dm_rows(wired.database)}
    assert statuses == {slack_id(0): "cancelled", slack_id(1): "queued"}
    summary = await wired.sender().drain()
    assert summary["sent"] == 1 and [user for user, _t in wired.fake.dms()] == [slack_id(1)]
    await asyncio.to_thread(mark_sent, wired.database)
    await asyncio.to_thread(tick, wired.env, D14)
    assert [row.slack_user for row in dm_rows(wired.database) if row.status == "queued"] == [slack_id(1)]


def test_stop_and_bounce_cancel_waiting_dms(wired: Wired) -> None:
    people = make_contacts(3, measures_per=(1,))
    service = wired.start(people, with_slack=(0, 1, 2))
    tick(wired.env, START)
    with wired.database.session() as session:  # the email channel found the address invalid
        wired.env.outbox.mark_invalid(session, people[0].email, "5.1.1", "user unknown")  # type: ignore[union-attr]
    tick(wired.env, START + timedelta(minutes=10))
    assert {row.slack_user: row.status for row in dm_rows(wired.database)}[slack_id(0)] == "cancelled"
    service.stop(actor="cli:test", channel="cli")
    assert {row.status for row in dm_rows(wired.database)} == {"cancelled"}
    assert drain(wired.sender())["sent"] == 0 and wired.fake.dms() == []


# ---------------------------------------------------------------------------------------------- sender


def test_unknown_or_inactive_users_fail_for_good_without_retry(wired: Wired) -> None:
    wired.start(make_contacts(4, measures_per=(1,)), with_slack=(0, 1, 2, 3))
    tick(wired.env, START)
    wired.fake.refuse = {slack_id(0): "user_not_found", slack_id(1): "channel_not_found",
                         slack_id(2): "account_inactive"}
    summary = drain(wired.sender())
    assert summary["failed"] == 3 and summary["sent"] == 1 and summary["retry"] == 0
    rows = {row.slack_user: row for row in dm_rows(wired.database)}
    for user, error in wired.fake.refuse.items():
        assert rows[user].status == "failed" and rows[user].attempts == 1 and rows[user].error == error
    wired.timer.advance(timedelta(days=1))
    assert drain(wired.sender()) == {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "deferred": 0}
    assert len(wired.fake.calls_to("chat.postMessage", ok_only=False)) == 4  # never tried again


def test_ratelimited_is_retried_after_retry_after(wired: Wired) -> None:
    wired.start(make_contacts(2, measures_per=(1,)), with_slack=(0, 1))
    tick(wired.env, START)
    sender = wired.sender("xoxb-ratelimited")  # the fake answers the first call 429, Retry-After: 1
    first = drain(sender)
    assert first["retry"] == 1 and first["deferred"] == 1 and first["sent"] == 0
    rows = dm_rows(wired.database)
    assert {row.status for row in rows} == {"queued"} and "ratelimited" in (rows[0].error or "")
    assert drain(sender)["sent"] == 0  # not before Retry-After
    wired.timer.advance(timedelta(seconds=1.5))
    assert drain(sender)["sent"] == 2
    rows = dm_rows(wired.database)
    assert [(row.status, row.attempts) for row in rows] == [("sent", 2), ("sent", 1)]  # the deferred one: untried
    assert sorted(user for user, _t in wired.fake.dms()) == [slack_id(0), slack_id(1)]


def test_other_errors_back_off_and_give_up_after_max_attempts(wired: Wired) -> None:
    wired.start(make_contacts(1, measures_per=(1,)), with_slack=(0,))
    tick(wired.env, START)
    outbox = SlackOutbox(wired.database, wired.app.clock, timer=wired.timer, max_attempts=3,
                         backoff_seconds=(10, 20))
    client = AsyncWebClient(token="xoxb-500", base_url=wired.fake.url, timeout=10)
    sender = SlackDmSender(wired.app, client, outbox=outbox)
    statuses = []
    for _ in range(4):
        asyncio.run(sender.drain())
        row = dm_rows(wired.database)[0]
        statuses.append((row.status, row.attempts))
        wired.timer.advance(timedelta(seconds=30))
    assert statuses == [("queued", 1), ("queued", 2), ("failed", 3), ("failed", 3)]


def test_senders_at_once_never_post_the_same_dm_twice(wired: Wired) -> None:
    count = 36
    wired.start(make_contacts(count, measures_per=(1,)), with_slack=range(count))
    tick(wired.env, START)
    results: list[dict[str, int]] = []

    def run() -> None:
        results.append(asyncio.run(wired.sender(batch=2).drain()))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    posted = Counter(user for user, _text in wired.fake.dms())
    assert len(posted) == count and set(posted.values()) == {1}
    assert sum(result["sent"] for result in results) == count
    assert {row.status for row in dm_rows(wired.database)} == {"sent"}


def test_an_expired_lease_is_claimed_again_a_live_one_is_not(wired: Wired) -> None:
    wired.start(make_contacts(1, measures_per=(1,)), with_slack=(0,))
    tick(wired.env, START)
    crashed = SlackOutbox(wired.database, wired.app.clock, timer=wired.timer, lease_seconds=60)
    other = SlackOutbox(wired.database, wired.app.clock, timer=wired.timer, lease_seconds=60)
    [taken] = crashed.claim(10)  # ... and the sender dies before posting
    assert other.claim(10) == []
    wired.timer.advance(timedelta(seconds=61))
    [again] = other.claim(10)
    assert again.id == taken.id and again.attempt == 2
    assert other.record_sent(again.id, "1.0") and other.counts() == {"sent": 1}


def test_enqueue_is_idempotent_on_the_key(database: Database) -> None:
    outbox = SlackOutbox(database, Clock(START))
    with database.session() as session:
        first = outbox.enqueue(session, key="k1", slack_user="U0A", text="hei", kind="notice", recipient_id=7)
        again = outbox.enqueue(session, key="k1", slack_user="U0B", text="annet", kind="notice")
        assert again.id == first.id and again.text == "hei"
    with database.session() as session:
        assert outbox.enqueue(session, key="k1", slack_user="U0C", text="x", kind="x").slack_user == "U0A"
        assert outbox.cancel_queued(session, recipient_id=7, reason="test") == 1
        with pytest.raises(ValueError):
            outbox.cancel_queued(session, reason="everything?")
    assert outbox.counts() == {"cancelled": 1}


# ---------------------------------------------------------------------------------------------- worker


def test_worker_once_posts_the_queued_dms(database_url: str, smtp_server: SmtpServer, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    fake = DmFakeSlack()
    fake.start()
    try:
        values = {"DATABASE_URL": database_url, "BOT_EMAIL": BOT, "SECRETARIAT": SECRETARIAT,
                  "SMTP_URL": smtp_server.url, "SLACK_BOT_TOKEN": "xoxb-valid", "SLACK_API_URL": fake.url,
                  "KOMPETANSEBOT_NOW": "2026-12-01T09:00"}
        bot_app = build_app(load_settings(**values), clock=Clock(START))
        service = CampaignService(CampaignEnv.from_app(bot_app))
        people = make_contacts(3, measures_per=(1,))
        service.import_contacts(csv_with_slack(people, (0, 2)), source="k.csv", actor="t", channel="cli")
        service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
        bot_app.close()
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(app, ["worker", "--once", "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.output.strip().splitlines()[-1])
        assert summary["slack_sent"] == 2
        assert sorted(user for user, _t in fake.dms()) == [slack_id(0), slack_id(2)]
        again = CliRunner().invoke(app, ["worker", "--once", "--json"])
        assert json.loads(again.output.strip().splitlines()[-1])["slack_sent"] == 0
        assert len(fake.dms()) == 2
    finally:
        fake.stop()


# ---------------------------------------------------------------------------------------------- schema


def test_the_migration_matches_the_slack_outbox_model(database: Database) -> None:
    import bot.models_slack_outbox  # noqa: F401

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [item for item in compare_metadata(context, SQLModel.metadata) if "slack_outbox" in str(item)]
    assert differences == []
    from sqlalchemy import inspect

    assert "slack_outbox" in inspect(database.engine).get_table_names()
