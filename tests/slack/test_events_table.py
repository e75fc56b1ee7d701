"""The processed-events table (migration 0003_slack) and the claim rule, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import inspect

from bot.clock import Clock
from bot.db import Database
from bot.migrate import _config, current_revisions, is_up_to_date, upgrade
from handlers.slack.dedup import EventStore, delivery_keys


def test_migration_creates_the_table_with_a_unique_key(database: Database) -> None:
    inspector = inspect(database.engine)
    assert "slack_event" in inspector.get_table_names()
    columns = {column["name"] for column in inspector.get_columns("slack_event")}
    assert columns == {"id", "key", "kind", "received_at"}
    unique = [index for index in inspector.get_indexes("slack_event") if index["unique"]]
    assert [index["column_names"] for index in unique] == [["key"]]
    assert is_up_to_date(database.engine)


def test_migration_downgrades_and_upgrades_again(database: Database) -> None:
    config = _config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003_slack-1")
    assert "slack_event" not in inspect(database.engine).get_table_names()
    assert "0003_slack" not in current_revisions(database.engine)
    upgrade(database.engine)
    assert "slack_event" in inspect(database.engine).get_table_names()


def test_a_key_is_claimed_once_and_a_lost_claim_leaves_nothing_behind(database: Database, clock: Clock) -> None:
    store = EventStore(database, clock)
    assert store.claim(["event:Ev1"], "message")
    assert not store.claim(["event:Ev1"], "message")
    assert store.claim(["event:Ev2", "message:m-1"])
    assert not store.claim(["event:Ev3", "message:m-1"])  # the same message under another event id
    assert store.claim(["event:Ev3"])  # the lost claim inserted nothing
    assert store.claim([])


def test_old_keys_are_pruned(database: Database, clock: Clock) -> None:
    store = EventStore(database, clock)
    store.claim(["event:old"])
    clock.advance(timedelta(days=8))
    store.claim(["event:new"])
    assert store.prune() == 1
    assert store.claim(["event:old"]) and not store.claim(["event:new"])


def test_delivery_keys() -> None:
    message = {"type": "message", "channel": "D1", "ts": "1.2", "client_msg_id": "abc"}
    assert delivery_keys({"event_id": "Ev9", "event": message}) == ["event:Ev9", "message:abc"]
    no_client_id = {**message, "client_msg_id": None}
    assert delivery_keys({"event_id": "Ev9", "event": no_client_id}) == ["event:Ev9", "message:D1:1.2"]
    assert delivery_keys({"event_id": "Ev9", "event": {"type": "app_home_opened"}}) == ["event:Ev9"]
