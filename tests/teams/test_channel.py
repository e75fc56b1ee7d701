"""Chat in Teams over real HTTP: @mentions in a channel answered in the thread (mention removed), the 1:1
chat, private answers moved to the 1:1 chat, retried deliveries answered once, the typing indicator, and
the connector's 429s ridden out without a duplicate message."""

from __future__ import annotations

from sqlmodel import select

from bot.models_teams import TeamsUser
from tests.teams.conftest import KARI, SIRI, Endpoint


async def test_two_questions_in_a_channel_thread_are_answered_in_that_thread(endpoint: Endpoint) -> None:
    first = endpoint.activity(KARI, "når er fristen for behovsmelding?", channel=True)
    assert (await endpoint.post(first)).status_code == 200
    second = endpoint.activity(KARI, "hvor mye kan gå til koordinator?", channel=True, thread=first["id"])
    assert (await endpoint.post(second)).status_code == 200
    await endpoint.settle()
    thread = f"19:general@thread.tacv2;messageid={first['id']}"
    answers = endpoint.connector.messages(thread)
    assert [item.reply_to for item in answers] == [first["id"], second["id"]]
    assert "frist" in answers[0].text.lower()
    assert answers[0].text != answers[1].text
    assert endpoint.connector.messages() == answers  # nothing went anywhere else
    assert all("kompetansebot" not in item.text.lower().split()[0] for item in answers)


async def test_the_mention_is_removed_before_the_router_sees_the_text(endpoint: Endpoint) -> None:
    """"<at>kompetansebot</at> hjelp" is the help command, not an unknown message."""
    await endpoint.post(endpoint.activity(KARI, "hjelp", channel=True))
    await endpoint.settle()
    (answer,) = endpoint.connector.messages()
    await endpoint.post(endpoint.activity(KARI, "hjelp"))
    await endpoint.settle()
    personal = endpoint.connector.messages(f"a:personal-{KARI.teams_id}")
    assert len(personal) >= 1 and personal[0].text.split("\n")[0] == answer.text.split("\n")[0]


async def test_a_private_answer_asked_for_in_a_channel_goes_to_the_personal_chat(endpoint: Endpoint) -> None:
    asked = endpoint.activity(KARI, "mine behovsmeldinger", channel=True)
    await endpoint.post(asked)
    await endpoint.settle()
    personal = f"a:personal-{KARI.teams_id}"
    thread = f"19:general@thread.tacv2;messageid={asked['id']}"
    (created,) = endpoint.connector.state.created
    assert created["members"] == [{"id": KARI.teams_id}]
    private = endpoint.connector.messages(personal)
    note = endpoint.connector.messages(thread)
    assert len(private) >= 1 and len(note) == 1
    assert "privat chat" in note[0].text
    assert all(item.text not in note[0].text for item in private)
    with endpoint.runtime.channel.bot_app.database.session() as session:
        user = session.exec(select(TeamsUser).where(TeamsUser.teams_user_id == KARI.teams_id)).one()
    assert user.personal_conversation_id == personal  # the reference is kept for proactive messages
    assert user.upn == KARI.upn and user.aad_object_id == KARI.aad


async def test_a_retried_delivery_is_answered_once(endpoint: Endpoint) -> None:
    activity = endpoint.activity(KARI, "når er fristen for behovsmelding?")
    for _ in range(3):
        assert (await endpoint.post(activity)).status_code == 200
    await endpoint.settle()
    assert len(endpoint.connector.messages()) == 1


async def test_throttling_is_ridden_out_without_a_duplicate(endpoint: Endpoint) -> None:
    endpoint.connector.answer_next(429, times=2, retry_after="0.3")
    endpoint.connector.answer_next(502, times=1, retry_after=None)
    await endpoint.post(endpoint.activity(KARI, "når er fristen for behovsmelding?"))
    await endpoint.settle()
    assert endpoint.connector.state.throttled == 2
    assert len(endpoint.connector.messages()) == 1


async def test_a_slow_answer_shows_the_typing_indicator(endpoint: Endpoint) -> None:
    endpoint.runtime.channel.typing_delay = 0.0
    await endpoint.post(endpoint.activity(KARI, "når er fristen for behovsmelding?"))
    await endpoint.settle()
    typing = endpoint.connector.typing()
    assert typing and typing[0].conversation_id == f"a:personal-{KARI.teams_id}"
    assert len(endpoint.connector.messages()) == 1


async def test_the_secretariat_is_recognised_by_upn_and_others_are_refused(endpoint: Endpoint) -> None:
    await endpoint.post(endpoint.activity(KARI, "purrestatus"))
    await endpoint.post(endpoint.activity(SIRI, "purrestatus"))
    await endpoint.settle()
    (kari,) = endpoint.connector.messages(f"a:personal-{KARI.teams_id}")
    (siri,) = endpoint.connector.messages(f"a:personal-{SIRI.teams_id}")
    assert kari.text != siri.text
    assert "kampanje" in siri.text.lower()


async def test_installation_stores_the_conversation_reference(endpoint: Endpoint) -> None:
    assert (await endpoint.post(endpoint.install(KARI))).status_code == 200
    await endpoint.settle()
    with endpoint.runtime.channel.bot_app.database.session() as session:
        user = session.exec(select(TeamsUser).where(TeamsUser.aad_object_id == KARI.aad)).one()
    assert user.personal_conversation_id == f"a:personal-{KARI.teams_id}"
    assert user.service_url == endpoint.connector.service_url
    assert endpoint.connector.messages() == []


async def test_the_chat_style_needs_report_runs_in_the_personal_chat(endpoint: Endpoint) -> None:
    await endpoint.post(endpoint.activity(KARI, "meld behov"))
    await endpoint.settle()
    await endpoint.post(endpoint.activity(KARI, "avbryt"))
    await endpoint.settle()
    posted = endpoint.connector.messages(f"a:personal-{KARI.teams_id}")
    assert [item.card is not None for item in posted] == [False, True, False]  # the form offered as a card too
    first, second = (item for item in posted if item.card is None)
    assert "behovsmeldingen" in first.text and "kari@kommune.test" in first.text  # the UPN prefilled
    assert "avbryte" in second.text  # the flow continued: the form asks before it deletes the draft
    with endpoint.runtime.channel.bot_app.database.session() as session:
        from bot.models import Conversation

        conversation = session.exec(select(Conversation).where(Conversation.channel == "teams")).one()
    assert conversation.user_id == KARI.aad  # the person is known by their Entra object id
