"""The tick on the database (SQLite, and PostgreSQL with TEST_DATABASE_URL): due rounds become outbox rows
once, inside the sending window, one mail per contact; pause, stop, done, bounces, digest, escalation."""

from __future__ import annotations

import os
import socket
import threading
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.campaigns import states
from bot.campaigns.lease import Lease
from bot.campaigns.responses import absence
from bot.campaigns.status import campaign_status
from bot.campaigns.tick import CampaignTicker
from bot.clock import Clock
from bot.db import Database
from bot.models_campaign import CampaignLease, CampaignRecipient
from tests.campaign.helpers import (
    SECRETARIAT,
    START,
    at,
    campaign_mails,
    make_contacts,
    make_env,
    mark_sent,
    measures,
    outbox_rows,
    recipient,
    start_campaign,
    tick,
)


def reminders(database: Database) -> list[tuple[str, str, str]]:
    return [(row.recipient, row.idempotency_key.split(":")[3], row.status)
            for row in outbox_rows(database, kind="reminder")]


def test_one_mail_per_contact_listing_all_open_measures_and_a_second_tick_adds_nothing(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(8)
    start_campaign(env, people)
    first = tick(env, START)
    assert first.queued == 8
    assert tick(env, START).queued == 0 and tick(env, START + timedelta(minutes=5)).queued == 0
    rows = outbox_rows(database, kind="reminder")
    assert Counter(row.recipient for row in rows) == {person.email: 1 for person in people}
    for person in people:
        raw = next(row.raw for row in rows if row.recipient == person.email).decode()
        body = raw.replace("=\r\n", "")
        for measure, _scheme, _network in person.measures:
            assert measure in body
    assert all(row.respect_quiet_hours and b"Auto-Submitted: auto-generated" in row.raw for row in rows)
    assert {m.state for m in measures(database)} == {states.NOTIFIED}
    assert len([mail for mail in campaign_mails(database) if mail.kind != "digest"]) == 8


def test_nothing_goes_out_on_weekends_holidays_or_outside_office_hours(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(3))
    for moment in ["2026-12-01T07:59", "2026-12-01T16:00", "2026-12-05T10:00", "2026-12-06T10:00"]:
        assert tick(env, at(moment)).queued == 0, moment
    assert tick(env, at("2026-12-01T15:59")).queued == 3
    mark_sent(database)
    # d-14 falls on 1 January (a holiday): nothing that day, Monday 4 January at opening.
    for moment in ["2027-01-01T09:00", "2027-01-02T09:00", "2027-01-03T12:00", "2027-01-04T07:59"]:
        assert tick(env, at(moment)).queued == 0, moment
    assert tick(env, at("2027-01-04T08:00")).queued == 3
    assert {key for _to, key, _status in reminders(database)} == {"notice", "d-14"}


def test_a_scheduler_down_for_weeks_catches_up_once_with_the_latest_round(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(4))
    assert tick(env, at("2027-01-14T10:00")).queued == 4
    assert tick(env, at("2027-01-14T11:00")).queued == 0
    assert {key for _to, key, _status in reminders(database)} == {"d-2"}
    raw = outbox_rows(database, kind="reminder")[0].raw.decode().replace("=\r\n", "")
    assert "Hva skal rapporteres?" in raw  # their first mail carries what the notice would have


def test_done_by_hand_cancels_the_queued_reminder_and_stops_later_ones(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(3, measures_per=(2,))
    service = start_campaign(env, people)
    tick(env, START)
    target = people[1]
    result = service.mark_done([m for m, _s, _n in target.measures], actor="cli:test", channel="cli")
    assert len(result.done) == 2 and not result.unknown
    statuses = {to: status for to, _key, status in reminders(database)}
    assert statuses[target.email] == "cancelled" and statuses[people[0].email] == "queued"
    mark_sent(database)
    tick(env, at("2027-01-04T08:00"))
    assert sorted(to for to, key, _s in reminders(database) if key == "d-14") == [people[0].email, people[2].email]
    again = service.mark_done([target.measures[0][0], "finnes ikke"], actor="cli:test", channel="cli")
    assert len(again.already) == 1 and again.unknown == ["finnes ikke"]


def test_pause_holds_queued_mail_and_resume_sends_it_under_a_new_key(database: Database) -> None:
    env = make_env(database, Clock(START))
    service = start_campaign(env, make_contacts(3))
    tick(env, START)
    _campaign, cancelled = service.pause(actor="cli:test", channel="cli")
    assert cancelled == 3 and {status for _to, _k, status in reminders(database)} == {"cancelled"}
    assert tick(env, START + timedelta(hours=1)).queued == 0
    service.resume(actor="cli:test", channel="cli")
    assert tick(env, START + timedelta(hours=2)).queued == 3
    assert tick(env, START + timedelta(hours=2)).queued == 0
    keys = sorted(row.idempotency_key for row in outbox_rows(database, kind="reminder") if row.status == "queued")
    assert all(key.endswith(":notice:g1") for key in keys) and len(keys) == 3


def test_stop_cancels_everything_and_nothing_more_is_sent(database: Database) -> None:
    env = make_env(database, Clock(START))
    service = start_campaign(env, make_contacts(2))
    tick(env, START)
    service.stop(actor="cli:test", channel="cli")
    assert {m.state for m in measures(database)} == {states.CANCELLED}
    assert tick(env, at("2027-01-04T09:00")).queued == 0
    assert {status for _to, _k, status in reminders(database)} == {"cancelled"}


def test_a_bounced_address_stops_that_contact_and_alerts_the_secretariat_once(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(3)
    start_campaign(env, people)
    tick(env, START)
    mark_sent(database)
    assert env.outbox is not None
    with database.session() as session:
        env.outbox.mark_invalid(session, people[0].email, "5.1.1", "bounce: user unknown")
    summary = tick(env, START + timedelta(minutes=10))
    assert summary.alerts == 1
    assert tick(env, START + timedelta(minutes=20)).alerts == 0
    assert recipient(database, people[0].email).status == "bounced"
    bounced = {m.state for m in measures(database) if m.recipient_id == recipient(database, people[0].email).id}
    assert bounced == {states.BOUNCED}
    alerts = [row for row in outbox_rows(database, kind="campaign") if "virker ikke" in row.subject]
    assert [row.recipient for row in alerts] == [SECRETARIAT]
    tick(env, at("2027-01-04T08:00"))
    assert people[0].email not in [to for to, key, _s in reminders(database) if key == "d-14"]


def test_an_out_of_office_return_date_holds_the_next_reminder_until_then(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(2)
    start_campaign(env, people)
    tick(env, START)
    mark_sent(database)
    away = recipient(database, people[0].email)
    with database.session() as session:
        until = absence(session, env, away.id or 0, text="Jeg er på ferie og er tilbake 6. januar.",
                        received=at("2027-01-02T10:00"), message_id="<oof@x>")
    assert until == at("2027-01-06T08:00")
    tick(env, at("2027-01-04T08:00"))
    assert [to for to, key, _s in reminders(database) if key == "d-14"] == [people[1].email]
    tick(env, at("2027-01-05T12:00"))
    assert [to for to, key, _s in reminders(database) if key == "d-14"] == [people[1].email]
    tick(env, at("2027-01-06T08:00"))  # back: the round still due reaches them, once
    tick(env, at("2027-01-06T09:00"))
    assert sorted(to for to, key, _s in reminders(database) if key == "d-14") == sorted(p.email for p in people)


def test_digest_once_a_day_escalation_then_finished(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(2)
    service = start_campaign(env, people)
    assert tick(env, START).digests == 1  # the first tick of a working day from 08:00
    mark_sent(database)
    assert tick(env, at("2026-12-01T15:30")).digests == 0  # once a day
    assert tick(env, at("2026-12-02T07:59")).digests == 0  # before 08:00
    assert tick(env, at("2026-12-02T08:00")).digests == 1
    assert tick(env, at("2026-12-05T10:30")).digests == 0  # Saturday
    assert tick(env, at("2026-12-07T10:30")).digests == 1
    digest = [row for row in outbox_rows(database, kind="campaign") if "levert" in row.subject][-1]
    assert digest.recipient == SECRETARIAT and "0 av" in digest.subject
    escalated = tick(env, at("2027-01-25T09:00"))
    assert escalated.escalations == 1 and tick(env, at("2027-01-25T10:00")).escalations == 0
    assert {m.state for m in measures(database)} == {states.ESCALATED}
    contact_rounds = {key for _to, key, _s in reminders(database)}
    assert contact_rounds == {"notice", "overdue-5"}  # the catch-up before the escalation
    assert tick(env, at("2027-01-26T09:00")).queued == 0
    service.mark_done([m for person in people for m, _s, _n in person.measures], actor="cli:test", channel="cli")
    assert tick(env, at("2027-01-26T10:00")).finished == 1
    status = campaign_status(env)
    assert status.status == "finished" and status.done == status.total
    assert any("alle tiltak er levert" in row.subject for row in outbox_rows(database, kind="campaign"))


def test_reassign_after_a_handover_chases_the_new_contact_from_the_current_round(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(2, measures_per=(1,))
    service = start_campaign(env, people)
    tick(env, START)
    mark_sent(database)
    measure = people[0].measures[0][0]
    with database.session() as session:
        row = next(m for m in measures(database) if m.measure == measure)
        row.state = states.HANDOVER
        session.add(row)
    service.reassign(measure, email="Ny.Person@x.no", name="Ny Person", actor="cli:test", channel="cli")
    tick(env, START + timedelta(hours=1))
    assert [to for to, key, _s in reminders(database) if key == "notice"][-1] == "ny.person@x.no"


def test_contacts_imported_while_running_join_the_campaign(database: Database) -> None:
    env = make_env(database, Clock(START))
    service = start_campaign(env, make_contacts(2))
    tick(env, START)
    late = "measure;scheme;network;name;email\nSent tiltak;regional;Valdres;Sen Kontakt;sen@x.no\n"
    service.import_contacts(late.encode(), source="extra.csv", actor="cli:test", channel="cli")
    assert tick(env, START + timedelta(minutes=30)).queued == 1
    assert reminders(database)[-1][0] == "sen@x.no"


def test_mark_done_from_a_file_of_delivered_measures(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(3, measures_per=(1,))
    service = start_campaign(env, people)
    listing = "Tiltak;Nettverk\n" + "\n".join(f"{p.measures[0][0]};{p.measures[0][2]}" for p in people[:2]) + "\n"
    result = service.mark_done_file(listing.encode(), source="levert.csv", actor="cli:test", channel="cli")
    assert len(result.done) == 2
    lines = f"{people[2].measures[0][0]}\n"
    assert len(service.mark_done_file(lines.encode(), source="levert.txt", actor="cli:test", channel="cli").done) == 1
    assert {m.state for m in measures(database)} == {states.DONE}
    assert {m.done_via for m in measures(database)} == {"import"}


def test_the_lease_keeps_a_second_scheduler_out(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(3))
    holder = Lease(database, holder="other-host:1:aaaa", seconds=600)
    assert holder.acquire()
    blocked = CampaignTicker(env).tick()
    assert not blocked.ran and "lease" in blocked.reason
    holder.release()
    assert CampaignTicker(env).tick().queued == 3


def test_a_dead_holder_on_this_host_or_an_expired_lease_is_taken_over(database: Database) -> None:
    env = make_env(database, Clock(START))
    dead = Lease(database, holder=f"{socket.gethostname()[:60]}:{2**22 + 12345}:dead", seconds=600)
    assert dead.acquire()  # a worker that was killed while holding it
    assert CampaignTicker(env).tick().ran
    expired = Lease(database, holder="elsewhere:1:x", seconds=600)
    assert expired.acquire()
    with database.session() as session:
        session.execute(update(CampaignLease).values(expires_at=datetime(2000, 1, 1)))
    assert CampaignTicker(env).tick().ran
    live = Lease(database, holder=f"{socket.gethostname()[:60]}:{os.getppid()}:live", seconds=600)
    assert live.acquire()
    assert not CampaignTicker(env).tick().ran


def test_ticks_racing_without_the_lease_still_queue_each_mail_once(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(30))
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        ticker = CampaignTicker(make_env(database, Clock(START)), lease=Lease(database, name=f"racer-{number}"))
        barrier.wait()
        try:
            ticker.tick()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    rows = outbox_rows(database, kind="reminder")
    assert len(rows) == 30 and len({row.recipient for row in rows}) == 30
    with database.session() as session:
        versions = session.exec(select(CampaignRecipient.lock_version).order_by(col(CampaignRecipient.id))).all()
    assert all(version >= 1 for version in versions)


def test_mail_the_channel_gave_up_on_shows_in_status_and_the_digest(database: Database) -> None:
    from bot.mail.outbox import Outbox, SendResult
    from tests.campaign.helpers import email_config

    env = make_env(database, Clock(START))
    people = make_contacts(2)
    start_campaign(env, people)
    tick(env, START)
    sender = Outbox(database, email_config(), clock=Clock(START), timer=Clock(), worker_id="sender")
    for claimed in sender.claim(10):
        code, text = (554, "5.6.0 message refused") if claimed.recipient == people[0].email else (250, "2.0.0 OK")
        sender.record(claimed, SendResult("failed" if code == 554 else "sent", code, text))
    status = campaign_status(env)
    assert {c.email: c.failed for c in status.contacts} == {people[0].email: 1, people[1].email: 0}
    assert recipient(database, people[0].email).status == "active"  # not a bounce: nothing stopped
    tick(env, at("2026-12-02T09:00"))  # the next morning's digest
    digest = [row for row in outbox_rows(database, kind="campaign") if "tiltak levert" in row.subject][-1]
    import email
    import email.policy

    body = email.message_from_bytes(digest.raw, policy=email.policy.default).get_body(("plain",))
    assert body is not None
    text = body.get_content()  # type: ignore[attr-defined]
    assert "E-poster e-postkanalen ga opp å sende" in text and people[0].email in text
