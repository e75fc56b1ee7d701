"""The round queued in bulk (chunks of contacts per transaction): the same mail as contact by contact."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import select

from bot.campaigns.tick import CampaignTicker
from bot.clock import Clock
from bot.db import Database
from bot.mail.compose import AUTO_GENERATED, Recipient, render_reply
from bot.mail.outbox import OutgoingRequest
from bot.mail.tokens import ReplyTokens
from bot.models_campaign import CampaignRecipient, CampaignRound
from tests.campaign.helpers import START, campaign_mails, make_contacts, make_env, outbox_rows, start_campaign


def test_chunks_queue_one_mail_per_contact_and_a_second_tick_adds_nothing(database: Database) -> None:
    env = make_env(database, Clock(START))
    people = make_contacts(7)
    start_campaign(env, people)
    ticker = CampaignTicker(env, round_chunk=3)

    assert ticker.tick().queued == 7
    assert ticker.tick().queued == 0 and CampaignTicker(env).tick().queued == 0

    rows = outbox_rows(database, kind="reminder")
    assert Counter(row.recipient for row in rows) == {person.email: 1 for person in people}
    mails = [mail for mail in campaign_mails(database) if mail.kind == "notice"]
    assert sorted(mail.outbox_id for mail in mails) == sorted(row.id for row in rows)
    assert all(mail.message_id == next(row.message_id for row in rows if row.id == mail.outbox_id) for mail in mails)


def test_a_later_round_supersedes_the_unsent_mail_and_threads_on_it(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(5))
    ticker = CampaignTicker(env, round_chunk=2)
    assert ticker.tick().queued == 5  # nothing sent: the notices wait in the outbox
    env.clock.set(START + timedelta(days=34))  # the d-14 reminder round

    assert ticker.tick().queued == 5

    rows = outbox_rows(database, kind="reminder")
    assert Counter(row.status for row in rows) == {"queued": 5, "cancelled": 5}
    notices = {mail.recipient_id: mail for mail in campaign_mails(database) if mail.kind == "notice"}
    assert {mail.status for mail in notices.values()} == {"cancelled"}
    for row in rows:
        if row.status == "queued":  # the reminder answers the notice it replaces (In-Reply-To)
            mail = next(m for m in campaign_mails(database) if m.outbox_id == row.id)
            assert f"In-Reply-To: {notices[mail.recipient_id].message_id}".encode() in row.raw


def test_a_key_already_in_the_outbox_is_linked_not_doubled(database: Database) -> None:
    env = make_env(database, Clock(START))
    start_campaign(env, make_contacts(4))
    assert env.outbox is not None
    with database.session() as session:
        contact = session.exec(select(CampaignRecipient).order_by(CampaignRecipient.id)).first()  # type: ignore[arg-type]
        notice = session.exec(select(CampaignRound).where(CampaignRound.kind == "notice")).first()
        assert contact is not None and notice is not None
        key = f"campaign:{contact.campaign_id}:{contact.id}:{notice.key}:g0"
        tokens = ReplyTokens.load(session, env.outbox.config.identity, START)
        early = env.outbox.enqueue(session, OutgoingRequest(
            key=key, to=Recipient(contact.email), content=render_reply("Tidlig", subject="Tidlig"), kind="reminder",
            auto_submitted=AUTO_GENERATED), tokens)

    assert CampaignTicker(env, round_chunk=10).tick().queued == 4

    rows = outbox_rows(database, kind="reminder")
    assert len(rows) == 4 and [row.id for row in rows if row.idempotency_key == key] == [early.id]
    mail = next(mail for mail in campaign_mails(database) if mail.key == key)
    assert mail.outbox_id == early.id
