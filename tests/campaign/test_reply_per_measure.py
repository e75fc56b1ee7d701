"""A reply that names several of the contact's measures is read and acted on per measure: "Realfag har
jeg levert nå. Men det er ikke jeg som har ansvaret for Inkluderende praksis" marks Realfag done and
hands over only Inkluderende praksis (before: both were handed over)."""

from __future__ import annotations

import pytest

from bot.campaigns import states
from bot.campaigns.replies import DONE, HANDOVER, MIXED, NOT_YET, OTHER, read_reply
from bot.campaigns.service import CampaignService
from tests.campaign.helpers import (
    LINK,
    SECRETARIAT,
    Contact,
    contacts_csv,
    measures,
    outbox_rows,
    recipient,
    tick,
)
from tests.campaign.test_chat import Chat, chat, reply_as

__all__ = ["chat"]  # the fixture

MEASURES = ("Realfagsløftet i Valdres", "Inkluderende praksis i barnehagen", "Lesing i Valdres")
KARI = Contact("Kari Lie", "kari.lie@valdres.test", (
    (MEASURES[0], "regional", "valdres"), (MEASURES[1], "desentralisert", "valdres"),
    (MEASURES[2], "kompetanseloftet", "valdres")))
ISSUE_REPLY = "Realfag har jeg levert nå. Men det er ikke jeg som har ansvaret for Inkluderende praksis"


def by_name(reading_pairs: tuple[tuple[int, str], ...], names: tuple[str, ...] = MEASURES) -> dict[str, str]:
    return {names[index]: intent for index, intent in reading_pairs}


@pytest.mark.parametrize(("text", "expected", "overall"), [
    (ISSUE_REPLY, {MEASURES[0]: DONE, MEASURES[1]: HANDOVER}, MIXED),
    ("Realfag og lesing er levert. Resten kommer neste uke.",
     {MEASURES[0]: DONE, MEASURES[2]: DONE, MEASURES[1]: NOT_YET}, MIXED),
    ("Når det gjelder inkluderande praksis, er det ikke jeg som har ansvaret.", {MEASURES[1]: HANDOVER}, HANDOVER),
    ("Lesing i Valdres er sendt inn, men realfagsløftet er ikke levert ennå",
     {MEASURES[2]: DONE, MEASURES[0]: NOT_YET}, MIXED),
    ("Inkluderende praksis er levert. Hvor finner jeg kvitteringen for realfag?", {MEASURES[1]: DONE}, DONE),
])
def test_each_named_measure_gets_what_its_clause_says(text: str, expected: dict[str, str], overall: str) -> None:
    reading = read_reply(text, measures=MEASURES)
    assert by_name(reading.per_measure) == expected
    assert reading.intent == overall


def test_without_names_the_whole_reply_counts_as_before() -> None:
    assert read_reply("levert", measures=MEASURES).per_measure == ()
    assert read_reply("levert", measures=MEASURES).intent == DONE
    # the old reading (no measures given) is unchanged: a mix of delivered and not yet is for a person
    assert read_reply("Regional er levert, men desentralisert kommer neste uke").intent == OTHER
    handover = read_reply("Det er ikke jeg som har ansvaret, kontakt kollega@granli.kommune.no", measures=MEASURES)
    assert handover.intent == HANDOVER and handover.per_measure == ()


def test_near_identical_names_pick_the_one_written() -> None:
    names = ("Tiltak 0-0 for valdres", "Tiltak 0-1 for valdres", "Tiltak 0-2 for valdres")
    reading = read_reply("Tiltak 0-1 for valdres er levert.", measures=names)
    assert by_name(reading.per_measure, names) == {names[1]: DONE}


def test_long_and_hostile_input_is_read_from_its_start() -> None:
    text = ("Realfag " * 2000) + "er levert. " + "a," * 5000 + ("Inkluderende praksis " * 500)
    reading = read_reply(text, measures=MEASURES * 100)
    assert reading.intent in {DONE, MIXED, NOT_YET, HANDOVER, OTHER}
    assert len(read_reply("x@" * 3000, measures=MEASURES).addresses) == 0


def start(chat: Chat) -> None:
    service = CampaignService(chat.env)
    service.import_contacts(contacts_csv([KARI]), source="k.csv", actor="t", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
    from tests.campaign.helpers import START

    tick(chat.env, START)


def states_by_measure(chat: Chat) -> dict[str, str]:
    return {m.measure: m.state for m in measures(chat.app.database)}


def test_the_issues_reply_marks_one_done_and_hands_over_only_the_other(chat: Chat) -> None:
    start(chat)
    reply = reply_as(chat, KARI, ISSUE_REPLY)
    assert reply.intent == "campaign_mixed"
    assert states_by_measure(chat) == {MEASURES[0]: states.DONE, MEASURES[1]: states.HANDOVER,
                                       MEASURES[2]: states.NOTIFIED}
    assert "levert for:\n  - Realfagsløftet i Valdres" in reply.text
    assert "noen andre har ansvaret for Inkluderende praksis i barnehagen" in reply.text
    assert "ennå ikke registrert rapport for Lesing i Valdres" in reply.text
    alerts = [row for row in outbox_rows(chat.app.database, kind="campaign") if "ikke rett kontaktperson" in row.subject]
    assert [row.recipient for row in alerts] == [SECRETARIAT]
    assert MEASURES[1].encode() in alerts[0].raw and MEASURES[0].encode() not in alerts[0].raw.split(b"Det gjelder")[1]
    contact = recipient(chat.app.database, KARI.email)
    assert contact.last_reply_intent == MIXED


def test_a_named_done_leaves_the_others_chased_and_their_reminders_coming(chat: Chat) -> None:
    start(chat)
    reply = reply_as(chat, KARI, "Hei, Lesing i Valdres er levert nå.")
    assert reply.intent == "campaign_done"
    assert states_by_measure(chat) == {MEASURES[0]: states.NOTIFIED, MEASURES[1]: states.NOTIFIED,
                                       MEASURES[2]: states.DONE}
