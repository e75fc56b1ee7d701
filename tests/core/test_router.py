from __future__ import annotations

from typing import Any

from bot.access import AccessPolicy
from bot.app import BotApp
from bot.audit import AuditLog
from bot.clock import Clock
from bot.db import Database
from bot.messages import IncomingMessage, Reply
from bot.models import Person, PersonRole
from bot.planfacts import load_plan_data
from bot.router import Router, Turn
from bot.settings import load_settings
from bot.skills.help import HelpSkill
from bot.skills.secretariat import ReportsExportSkill


class CountingFlow:
    """A small multi-step skill: keeps a counter in the conversation state until 'ferdig'."""

    name = "counting"
    secretariat_only = False

    def is_active(self, state: dict[str, Any]) -> bool:
        return "count" in state

    def wants(self, turn: Turn) -> bool:
        return turn.folded == "tell"

    def handle(self, turn: Turn) -> Reply:
        if turn.folded == "ferdig":
            count = turn.state.pop("count")
            return Reply(f"ferdig etter {count}", intent="counting_done")
        turn.state["count"] = turn.state.get("count", 0) + 1
        return Reply(str(turn.state["count"]), intent="counting")


def make_router(database: Database, clock: Clock, secretariat: frozenset[str] = frozenset()) -> Router:
    reports = BotApp(settings=load_settings(), clock=clock, database=database, plan=load_plan_data(None)).reports
    return Router(database=database, clock=clock, access=AccessPolicy(secretariat),
                  skills=[HelpSkill(), ReportsExportSkill(reports), CountingFlow()])


def say(router: Router, text: str, user: str = "kari", channel: str = "console") -> Reply:
    return router.handle(IncomingMessage(user_id=user, channel=channel, text=text))  # type: ignore[arg-type]


def test_help_in_three_languages(database: Database, clock: Clock) -> None:
    router = make_router(database, clock)
    assert "meld behov" in say(router, "hjelp").text
    assert "Eg kan" in say(router, "Kva kan du?").text
    assert "I can" in say(router, "help").text


def test_unknown_gets_a_friendly_answer_that_says_what_the_bot_can_do(database: Database, clock: Clock) -> None:
    reply = say(make_router(database, clock), "xyzzy plugh")
    assert reply.intent == "unknown"
    assert "frister" in reply.text and "hjelp" in reply.text


def test_empty_and_huge_messages(database: Database, clock: Clock) -> None:
    router = make_router(database, clock)
    assert say(router, "   ").intent == "empty"
    reply = say(router, "a" * 100_000)
    assert reply.intent == "too_long" and "100000" in reply.text


def test_conversation_state_survives_a_new_router(database: Database, clock: Clock) -> None:
    first = make_router(database, clock)
    assert say(first, "tell").text == "1"
    assert say(first, "hva som helst").text == "2"
    restarted = make_router(Database(database.engine), clock)
    assert say(restarted, "enda en").text == "3"
    assert say(restarted, "ferdig").text == "ferdig etter 3"
    assert say(restarted, "hjelp").intent == "help"


def test_state_is_per_user_and_channel(database: Database, clock: Clock) -> None:
    router = make_router(database, clock)
    say(router, "tell", user="kari")
    assert say(router, "tell", user="ola").text == "1"
    assert say(router, "tell", user="kari", channel="slack").text == "1"
    assert say(router, "neste", user="kari").text == "2"


def test_secretariat_command_refused_for_others_and_audited(database: Database, clock: Clock) -> None:
    router = make_router(database, clock, secretariat=frozenset({"sekretariat@sf.no"}))
    reply = say(router, "eksporter behovsmeldingene", user="ola@kommune.no")
    assert reply.intent == "refused"
    assert "sekretariatet" in reply.text
    with database.session() as session:
        refusals = AuditLog.entries(session, action="refused:reports_export")
    assert [(entry.actor, entry.outcome) for entry in refusals] == [("ola@kommune.no", "refused")]


def test_secretariat_by_setting_or_by_role(database: Database, clock: Clock) -> None:
    router = make_router(database, clock, secretariat=frozenset({"sekretariat@sf.no"}))
    assert say(router, "eksporter behovsmeldinger", user="Sekretariat@SF.no").intent == "reports_export"
    with database.session() as session:
        person = Person(name="Siri", slack_id="U0SIRI", created_at=clock.now())
        session.add(person)
        session.flush()
        assert person.id is not None
        session.add(PersonRole(person_id=person.id, role="secretariat"))
    assert say(router, "/eksport", user="U0SIRI", channel="slack").intent == "reports_export"
    assert say(router, "/eksport", user="U0OTHER", channel="slack").intent == "refused"
