"""The outbox and policies on the database alone (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import OSLO, Clock
from bot.db import Database
from bot.mail.compose import Recipient, render_reply
from bot.mail.identity import BotIdentity
from bot.mail.intent import reply_intent
from bot.mail.outbox import Outbox, OutgoingRequest, SendResult, address_invalid, smtp_outcome
from bot.mail.policy import LoopGuard, SendWindow
from bot.mail.tokens import ReplyTokens
from bot.models_email import MailOutbox
from tests.email.conftest import BOT, TUESDAY, make_config


def _outbox(database: Database, worker: str, timer: Clock | None = None) -> Outbox:
    return Outbox(database, make_config(), clock=Clock(TUESDAY), timer=timer or Clock(TUESDAY), worker_id=worker)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _fill(database: Database, count: int) -> list[MailOutbox]:
    outbox = _outbox(database, "writer")
    rows = []
    with database.session() as session:
        tokens = ReplyTokens.load(session, outbox.config.identity, TUESDAY)
        for number in range(count):
            rows.append(outbox.enqueue(session, OutgoingRequest(
                key=f"k{number}", to=Recipient(f"p{number}@x.no"),
                content=render_reply("Hei", subject="Hei")), tokens))
    return rows


def test_message_ids_are_made_at_enqueue_on_the_bots_domain_and_unique(database: Database) -> None:
    rows = _fill(database, 20)
    ids = [row.message_id for row in rows]
    assert len(set(ids)) == 20
    assert all(mid.startswith("<kb.") and mid.endswith("@kompetansebot.test>") for mid in ids)
    assert all(f"Message-ID: {row.message_id}".encode() in row.raw for row in rows)


def test_two_senders_claiming_at_once_never_share_a_row(database: Database) -> None:
    rows = _fill(database, 60)
    claims: dict[str, list[int]] = {"a": [], "b": [], "c": []}
    barrier = threading.Barrier(3)

    def claim(worker: str) -> None:
        outbox = _outbox(database, worker)
        barrier.wait()
        for _ in range(10):
            claims[worker].extend(mail.id for mail in outbox.claim(7))

    threads = [threading.Thread(target=claim, args=(worker,)) for worker in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    claimed = [row_id for ids in claims.values() for row_id in ids]
    assert sorted(claimed) == sorted(row.id for row in rows)  # every row once, none twice


def test_a_dead_senders_claim_never_handed_to_smtp_is_simply_queued_again(database: Database) -> None:
    (row,) = _fill(database, 1)
    timer = Clock(TUESDAY)
    dead = _outbox(database, "dead", timer)
    assert [mail.id for mail in dead.claim()] == [row.id]
    alive = _outbox(database, "alive", timer)
    assert alive.claim() == []
    timer.advance(timedelta(seconds=alive.config.send_lease_seconds + 1))
    (again,) = alive.claim()
    assert again.id == row.id and again.attempt == 1


def test_a_dead_senders_claim_becomes_in_doubt_after_the_lease(database: Database) -> None:
    (row,) = _fill(database, 1)
    timer = Clock(TUESDAY)
    dead = _outbox(database, "dead", timer)
    (mail,) = dead.claim()
    assert mail.id == row.id and dead.begin_send(mail)  # handed to SMTP, then the process died
    alive = _outbox(database, "alive", timer)
    assert alive.claim() == []
    timer.advance(timedelta(seconds=alive.config.send_lease_seconds + 1))
    assert alive.claim() == []  # in doubt: reconciled, never claimed for a blind resend
    with database.session() as session:
        stored = session.get(MailOutbox, row.id)
        assert stored is not None and stored.status == "in_doubt"


def test_a_late_result_from_a_sender_that_lost_its_claim_is_ignored(database: Database) -> None:
    (row,) = _fill(database, 1)
    timer = Clock(TUESDAY)
    slow = _outbox(database, "slow", timer)
    (claimed,) = slow.claim()
    assert slow.begin_send(claimed)
    timer.advance(timedelta(seconds=slow.config.send_lease_seconds + 1))
    _outbox(database, "other", timer).reconcile()
    assert slow.record(claimed, SendResult("sent", 250, "2.0.0 OK")) == "in_doubt"


def test_backoff_grows_and_gives_up_after_max_attempts(database: Database) -> None:
    (row,) = _fill(database, 1)
    timer = Clock(TUESDAY)
    outbox = _outbox(database, "w", timer)
    waits = []
    for _ in range(outbox.config.max_send_attempts):
        (claimed,) = outbox.claim()
        status = outbox.record(claimed, SendResult("retry", 451, "4.3.0 try later"))
        with database.session() as session:
            stored = session.get(MailOutbox, row.id)
            assert stored is not None
        if status == "failed":
            break
        waits.append((_utc(stored.next_attempt_at) - timer.now().astimezone(UTC)).total_seconds() / 60)
        timer.advance(timedelta(hours=2))
    assert status == "failed" and len(waits) == outbox.config.max_send_attempts - 1
    assert 0.7 <= waits[0] <= 1.3 and 4 <= waits[1] <= 6 and 12 <= waits[2] <= 18 and 48 <= waits[3] <= 72
    assert max(waits) <= 72  # capped


def test_loop_guard_counts_per_correspondent_and_day(database: Database) -> None:
    guard = LoopGuard(3)
    day = date(2026, 12, 1)
    with database.session() as session:
        for _ in range(3):
            assert guard.allow(session, "a@x.no", day)
            guard.count(session, "a@x.no", day)
        assert not guard.allow(session, "a@x.no", day)
        assert guard.allow(session, "b@x.no", day)
        assert guard.allow(session, "a@x.no", day + timedelta(days=1))


@pytest.mark.parametrize(("code", "message", "outcome"), [
    (250, "2.0.0 OK", "sent"), (421, "4.3.2 Closing", "retry"), (450, "4.2.1 Busy", "retry"),
    (451, "4.3.0 Error", "retry"), (452, "4.3.1 Storage", "retry"), (550, "5.1.1 Unknown", "failed"),
    (553, "5.1.3 Bad", "failed"), (554, "5.6.0 Rejected", "failed"), (535, "5.7.8 Bad credentials", "auth"),
    (550, "5.7.1 Policy", "policy"), (None, "", "retry"),
])
def test_smtp_answers_map_to_outcomes(code: int | None, message: str, outcome: str) -> None:
    assert smtp_outcome(code, message) == outcome


def test_connection_lost_after_data_is_in_doubt() -> None:
    assert smtp_outcome(None, after_data=True) == "in_doubt"


@pytest.mark.parametrize(("code", "message", "invalid"), [
    (550, "5.1.1 User unknown", True), (550, "User unknown", True), (553, "5.1.3 Bad syntax", True),
    (550, "5.7.1 Policy", False), (554, "5.6.0 Content", False), (452, "4.2.2 Full", False),
])
def test_which_refusals_mean_an_invalid_address(code: int, message: str, invalid: bool) -> None:
    assert address_invalid(code, message) is invalid


def test_send_window_next_open_skips_weekends_and_holidays() -> None:
    window = SendWindow(make_config())
    friday_evening = datetime(2026, 12, 18, 17, 0, tzinfo=OSLO)
    assert window.next_open(friday_evening) == datetime(2026, 12, 21, 8, 0, tzinfo=OSLO)
    christmas_eve = datetime(2026, 12, 24, 17, 0, tzinfo=OSLO)  # 25th, 26th holidays, 27th Sunday
    assert window.next_open(christmas_eve) == datetime(2026, 12, 28, 8, 0, tzinfo=OSLO)


def test_tokens_verify_only_what_this_installation_signed() -> None:
    identity = BotIdentity(BOT)
    tokens = ReplyTokens("secret-one", identity)
    token = tokens.new()
    assert tokens.is_valid(token) and tokens.is_valid(token.upper())
    assert not ReplyTokens("secret-two", identity).is_valid(token)
    assert not ReplyTokens("secret-one", BotIdentity("other@kompetansebot.test")).is_valid(token)
    assert not tokens.is_valid(token[:-1] + ("a" if token[-1] != "a" else "b"))
    assert not tokens.is_valid("")
    valid, rejected = tokens.tokens_in([f"bot+{token}@kompetansebot.test", "bot+nope@kompetansebot.test",
                                        f"bot+{token}@elsewhere.test", "kari@x.no"])
    assert valid == [token] and rejected == ["nope"]


def test_the_signing_secret_is_generated_once_and_kept(database: Database) -> None:
    identity = BotIdentity(BOT)
    with database.session() as session:
        first = ReplyTokens.load(session, identity, TUESDAY)
        token = first.new()
    with database.session() as session:
        assert ReplyTokens.load(session, identity, TUESDAY).is_valid(token)


@pytest.mark.parametrize(("text", "intent"), [
    ("Rapporten er levert.", "done"), ("Har levert nå", "done"), ("Nå er rapporten levert.", "done"),
    ("Nei, ikke levert ennå", "not_yet"), ("Skal levere fredag", "not_yet"), ("Rapporten kommer neste uke", "not_yet"),
    ("Ikkje levert enno", "not_yet"), ("Når skal rapporten være levert?", "question"),
    ("STOPP", "stop"), ("Her er rapporten.", "other"), ("", "other"),
])
def test_reply_intents(text: str, intent: str) -> None:
    assert reply_intent(text) == intent
