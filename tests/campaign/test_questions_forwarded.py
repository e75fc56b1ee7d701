"""A contact's question ("Når er fristen?", "Leverer mandag. Er det greit?") is answered where the plan
answers it and always sent on to the secretariat with the full text (an alert mail, the daily digest,
the status); the contact is told so. The bot never tells anyone to ask Statsforvalteren."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from bot.campaigns import states
from bot.campaigns.answers import without_referral
from bot.campaigns.status import campaign_status
from tests.campaign.helpers import SECRETARIAT, at, outbox_rows, recipient
from tests.campaign.test_chat import Chat, chat, reply_as, running, states_of

__all__ = ["chat"]  # the fixture

FORWARDED = "Jeg har sendt spørsmålet ditt videre til sekretariatet"
ROOT = Path(__file__).parents[2]


def text_of(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def question_alerts(chat: Chat) -> list[str]:
    return [text_of(row.raw) for row in outbox_rows(chat.app.database, kind="campaign")
            if row.subject.startswith("Purring: spørsmål fra") and row.recipient == SECRETARIAT]


def test_er_det_greit_is_forwarded_and_the_contact_told(chat: Chat) -> None:
    people = running(chat, count=2, measures_per=(1,))
    reply = reply_as(chat, people[0], "Leverer mandag. Er det greit?")
    assert reply.intent == "campaign_not_yet"
    assert FORWARDED in reply.text and "Neste påminnelse kommer" in reply.text
    assert states_of(chat, people[0].email) == {states.NOTIFIED}  # the reminders go on
    alerts = question_alerts(chat)
    assert len(alerts) == 1
    assert "«Er det greit?»" in alerts[0] and "Leverer mandag. Er det greit?" in alerts[0]
    assert people[0].email in alerts[0] and "Planen svarer ikke på dette" in alerts[0]
    assert "spørsmål" in (recipient(chat.app.database, people[0].email).review or "")
    # the same message again (a redelivery) forwards nothing more
    reply_as(chat, people[0], "Leverer mandag. Er det greit?")
    assert len(question_alerts(chat)) == 1


def test_a_plan_question_is_answered_and_forwarded_without_sending_anyone_to_statsforvalteren(chat: Chat) -> None:
    people = running(chat, count=1, measures_per=(1,))
    reply = reply_as(chat, people[0], "Hei! Når er fristen for årsrapporteringen?")
    assert reply.intent == "campaign_question" and reply.sources
    assert "15. januar" in reply.text and FORWARDED in reply.text
    assert "Merk: planen er ikke entydig her" in reply.text  # the plan's contradiction is still said ...
    assert "Spør Statsforvalteren" not in reply.text and "i tvil" not in reply.text  # ... without the referral
    alerts = question_alerts(chat)
    assert len(alerts) == 1 and "«Når er fristen for årsrapporteringen?»" in alerts[0]
    assert "Boten svarte fra planen" in alerts[0] and "15. januar" in alerts[0]


def test_a_delivered_reply_with_a_question_does_both(chat: Chat) -> None:
    people = running(chat, count=1, measures_per=(2,))
    reply = reply_as(chat, people[0], "Levert, men hvor ser jeg kvitteringen?")
    assert reply.intent == "campaign_done" and FORWARDED in reply.text
    assert states_of(chat, people[0].email) == {states.DONE}
    assert "hvor ser jeg kvitteringen?" in question_alerts(chat)[0]


def test_the_digest_and_the_status_carry_the_question_text(chat: Chat) -> None:
    people = running(chat, count=3, measures_per=(1,))
    chat.env.clock.set(at("2026-12-01T12:00"))
    reply_as(chat, people[0], "Leverer mandag. Er det greit?")
    reply_as(chat, people[1], "Kva skal vi rapportere på for tiltaket vårt?")
    status = campaign_status(chat.env)
    assert [item.question for item in status.questions] == ["Kva skal vi rapportere på for tiltaket vårt?",
                                                            "Er det greit?"]
    assert status.to_json()["questions"][1]["text"] == "Leverer mandag. Er det greit?"
    from tests.campaign.helpers import tick

    tick(chat.env, at("2026-12-02T09:00"))
    digests = [text_of(row.raw) for row in outbox_rows(chat.app.database, kind="campaign")
               if row.subject.startswith("Purring årsrapportering")]
    digest = digests[-1]
    assert "Spørsmål fra kontaktpersonene" in digest
    assert "«Er det greit?»\n    Hele meldingen: «Leverer mandag. Er det greit?»\n" in digest
    assert "«Kva skal vi rapportere på for tiltaket vårt?»" in digest
    assert f"{people[0].name} <{people[0].email}>: ikke levert ennå: «Leverer mandag. Er det greit?»" in digest


def test_no_text_sends_people_to_statsforvalteren() -> None:
    advice = re.compile(r"Spør(?:j)? (?:gjerne )?Statsforvalt|hvis du er i tvil", re.IGNORECASE)
    found = [str(path.relative_to(ROOT)) for folder in ("templates/campaign", "bot/campaigns")
             for path in (ROOT / folder).rglob("*") if path.is_file() and path.suffix in {".j2", ".py"}
             and path.name != "answers.py" and advice.search(path.read_text(encoding="utf-8"))]
    assert found == []
    cleaned = without_referral("Fristen er 15. januar. Merk: planen er ikke entydig her. Spør Statsforvalteren "
                               "hvis du er i tvil. Ask Statsforvalteren which date applies.")
    assert cleaned == "Fristen er 15. januar. Merk: planen er ikke entydig her."
