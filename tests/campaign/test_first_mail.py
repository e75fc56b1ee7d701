"""The first mail a contact actually receives explains what to report, even when earlier rounds never
left the outbox (no SMTP yet, a late start) and were superseded."""

from __future__ import annotations

import email
import email.policy

from bot.clock import Clock
from bot.db import Database
from tests.campaign.helpers import (
    START,
    at,
    make_contacts,
    make_env,
    mark_sent,
    outbox_rows,
    start_campaign,
    tick,
)

WHAT_TO_REPORT = "Hva skal rapporteres?"


def text_of(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()) + "\n" + str(message["Subject"])  # type: ignore[attr-defined]


def bodies(database: Database, key: str) -> list[tuple[str, str]]:
    return [(row.status, text_of(row.raw))
            for row in outbox_rows(database, kind="reminder") if row.idempotency_key.split(":")[3] == key]


def test_a_notice_that_never_left_the_outbox_is_carried_by_the_next_round(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(2))
    assert tick(env, START).queued == 2  # the notice waits in the outbox: nothing sends it
    assert tick(env, at("2027-01-04T08:00")).queued == 2  # d-14
    notices = bodies(database, "notice")
    assert [status for status, _ in notices] == ["cancelled", "cancelled"]
    later = bodies(database, "d-14")
    assert len(later) == 2 and all(WHAT_TO_REPORT in body for _, body in later)
    assert all("Årsrapportering for 2026: frist" in body for _, body in later)  # the notice's subject


def test_after_a_sent_notice_the_reminder_is_a_plain_reminder(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(2))
    assert tick(env, START).queued == 2
    mark_sent(database)
    assert tick(env, at("2027-01-04T08:00")).queued == 2
    later = bodies(database, "d-14")
    assert len(later) == 2 and not any(WHAT_TO_REPORT in body for _, body in later)
    assert all("Dette er en påminnelse" in body for _, body in later)
