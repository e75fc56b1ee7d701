"""The campaign skills behind the router: the secretariat's commands (preview + confirm, status, pause,
mark done; refused and audited for others) and contacts answering reminders by email or Slack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.access import AccessPolicy
from bot.app import BotApp, build_app
from bot.campaigns import states
from bot.campaigns.env import CampaignEnv
from bot.campaigns.store import thread_key
from bot.clock import Clock
from bot.messages import IncomingMessage, Reply
from bot.models import AuditEntry
from bot.models_campaign import Campaign
from bot.router import Router
from bot.settings import load_settings
from bot.skills.campaign import CampaignCommandsSkill, CampaignReplySkill
from bot.skills.help import HelpSkill
from tests.campaign.helpers import (
    BOT,
    LINK,
    SECRETARIAT,
    START,
    contacts_csv,
    email_config,
    make_contacts,
    mark_sent,
    measures,
    outbox_rows,
    recipient,
    tick,
)


def campaign_router(bot_app: BotApp, env: CampaignEnv) -> Router:
    """The app's skills, with the campaign skills built on the test's environment."""
    skills = [CampaignReplySkill(env) if isinstance(skill, CampaignReplySkill)
              else CampaignCommandsSkill(env) if isinstance(skill, CampaignCommandsSkill) else skill
              for skill in bot_app.skills()]
    assert [type(skill) for skill in skills[:3]] == [CampaignReplySkill, HelpSkill, CampaignCommandsSkill]
    return Router(database=bot_app.database, clock=bot_app.clock,
                  access=AccessPolicy(bot_app.settings.secretariat_ids), skills=skills)


class Chat:
    def __init__(self, bot_app: BotApp, env: CampaignEnv) -> None:
        self.app = bot_app
        self.env = env
        self.router = campaign_router(bot_app, env)

    def say(self, text: str, *, user: str = SECRETARIAT, channel: str = "slack", email: str | None = None,
            thread: str | None = None, message_id: str | None = None) -> Reply:
        # An email here is a reply to a reminder, carrying its token (the intake verified the sender);
        # unverified senders are tested in tests/email/test_verification_flows.py.
        verified_by = "reply_token" if channel == "email" else None
        return self.router.handle(IncomingMessage(user_id=user, channel=channel, text=text,  # type: ignore[arg-type]
                                                  conversation_id=thread, email=email, message_id=message_id,
                                                  verified_by=verified_by))


@pytest.fixture
def chat(database_url: str) -> Iterator[Chat]:
    settings = load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, SECRETARIAT=SECRETARIAT)
    bot_app = build_app(settings, clock=Clock(START))
    from bot.mail.outbox import Outbox

    outbox = Outbox(bot_app.database, email_config(), clock=bot_app.clock, timer=Clock(), worker_id="chat")
    env = CampaignEnv(database=bot_app.database, clock=bot_app.clock, plan=bot_app.plan, outbox=outbox,
                      secretariat_ids=settings.secretariat_ids, answerer_source=lambda: bot_app.answerer)
    try:
        yield Chat(bot_app, env)
    finally:
        bot_app.close()


def test_start_with_preview_and_confirm_then_status_pause_resume(chat: Chat) -> None:
    people = make_contacts(3)
    from bot.campaigns.service import CampaignService

    CampaignService(chat.env).import_contacts(contacts_csv(people), source="k.csv", actor="t", channel="cli")
    asked = chat.say("Start purring årsrapport 2026")
    assert asked.intent == "campaign_need_link" and "lenke" in asked.text
    preview = chat.say(f"Her: {LINK}")
    assert preview.intent == "campaign_preview"
    assert "fredag 15. januar 2027" in preview.text and "3 kontaktpersoner" in preview.text
    assert "mandag 4. januar 2027 kl. 08:00: påminnelse" in preview.text
    assert "eskalering til sekretariatet" in preview.text and people[0].email in preview.text
    with chat.app.database.session() as session:
        assert session.exec(select(Campaign)).first() is None  # nothing before the yes
    assert chat.say("tja").intent == "campaign_preview"
    started = chat.say("ja")
    assert started.intent == "campaign_started" and "er startet" in started.text
    with chat.app.database.session() as session:
        campaign = session.exec(select(Campaign)).one()
        assert (campaign.year, campaign.link, campaign.created_by) == (2026, LINK, SECRETARIAT)
    again = chat.say(f"start purring årsrapport 2026 lenke {LINK}")
    assert again.intent == "campaign_exists"
    status = chat.say("purrestatus")
    assert status.intent == "campaign_status" and "Levert: 0 av" in status.text
    assert chat.say("pause purring").intent == "campaign_paused"
    assert chat.say("fortsett purring").intent == "campaign_resumed"
    marked = chat.say(f"marker levert {people[0].measures[0][0]}")
    assert marked.intent == "campaign_marked" and "Registrert som levert" in marked.text
    assert chat.say("stopp purring").intent == "campaign_stopped"


def test_others_are_refused_and_the_refusal_audited(chat: Chat) -> None:
    reply = chat.say("start purring årsrapport 2026", user="U0NOBODY")
    assert reply.intent == "refused"
    assert chat.say("purrestatus", user="U0NOBODY").intent == "refused"
    with chat.app.database.session() as session:
        refusals = session.exec(select(AuditEntry).where(AuditEntry.action == "refused:campaign_commands")).all()
        assert [entry.actor for entry in refusals] == ["U0NOBODY", "U0NOBODY"]


def running(chat: Chat, count: int = 3, **kwargs: object) -> list:
    from bot.campaigns.service import CampaignService

    people = make_contacts(count, **kwargs)  # type: ignore[arg-type]
    service = CampaignService(chat.env)
    service.import_contacts(contacts_csv(people), source="k.csv", actor="t", channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")
    tick(chat.env, START)
    return people


def reply_as(chat: Chat, person: object, text: str, number: int = 1, **kwargs: object) -> Reply:
    email = person.email  # type: ignore[attr-defined]
    contact = recipient(chat.app.database, email)
    return chat.say(text, user=email, channel="email", email=email, thread=thread_key(contact.campaign_id,
                    contact.id or 0), message_id=f"<r{number}.{email}>", **kwargs)  # type: ignore[arg-type]


def states_of(chat: Chat, email: str) -> set[str]:
    contact = recipient(chat.app.database, email)
    return {m.state for m in measures(chat.app.database) if m.recipient_id == contact.id}


def test_levert_marks_done_thanks_once_and_cancels_the_queued_reminder(chat: Chat) -> None:
    people = running(chat, measures_per=(2,))
    done = reply_as(chat, people[0], "Hei! Rapporten er levert.")
    assert done.intent == "campaign_done"
    assert "Takk" in done.text and people[0].measures[0][0] in done.text and people[0].measures[1][0] in done.text
    assert states_of(chat, people[0].email) == {states.DONE}
    queued = {row.recipient: row.status for row in outbox_rows(chat.app.database, kind="reminder")}
    assert queued[people[0].email] == "cancelled" and queued[people[1].email] == "queued"
    again = reply_as(chat, people[0], "levert", number=2)
    assert again.intent == "campaign_done" and "allerede registrert" in again.text
    mark_sent(chat.app.database)
    tick(chat.env, START.replace(month=1, year=2027, day=4, hour=8))
    d14 = [row.recipient for row in outbox_rows(chat.app.database, kind="reminder") if ":d-14:" in row.idempotency_key]
    assert people[0].email not in d14 and len(d14) == 2


def test_not_yet_question_handover_and_other_replies(chat: Chat) -> None:
    people = running(chat, count=5, measures_per=(1,))
    not_yet = reply_as(chat, people[0], "Nei, ikke levert ennå. Vi leverer fredag.")
    assert not_yet.intent == "campaign_not_yet" and "Neste påminnelse kommer mandag 4. januar 2027" in not_yet.text
    assert states_of(chat, people[0].email) == {states.NOTIFIED}
    question = reply_as(chat, people[1], "Når er fristen for årsrapporteringen?")
    assert question.intent == "campaign_question" and "15. januar" in question.text and question.sources
    assert states_of(chat, people[1].email) == {states.NOTIFIED}
    handover = reply_as(chat, people[2], "Det er ikke jeg som har ansvaret, kontakt kollegaen min "
                                         "(kollega@granli.kommune.no).")
    assert handover.intent == "campaign_handover" and "sekretariatet" in handover.text
    assert states_of(chat, people[2].email) == {states.HANDOVER}
    alert = [row for row in outbox_rows(chat.app.database, kind="campaign") if "ikke rett kontaktperson" in row.subject]
    assert [row.recipient for row in alert] == [SECRETARIAT] and b"kollega@granli.kommune.no" in alert[0].raw
    unclear = reply_as(chat, people[3], "Takk for beskjeden.")
    assert unclear.intent == "campaign_other"
    assert recipient(chat.app.database, people[3].email).review is not None
    # A colleague answering in the contact's thread: accepted, flagged, never marks the contact done.
    contact = recipient(chat.app.database, people[4].email)
    colleague = chat.say("Levert!", user="kollega@x.no", channel="email", email="kollega@x.no",
                         thread=thread_key(contact.campaign_id, contact.id or 0), message_id="<c1@x>")
    assert colleague.intent == "campaign_other_sender"
    assert states_of(chat, people[4].email) == {states.NOTIFIED}
    assert "kollega@x.no" in (recipient(chat.app.database, people[4].email).review or "")


def test_a_contact_in_slack_and_someone_who_is_no_contact(chat: Chat) -> None:
    people = running(chat, count=1, measures_per=(1,))
    with chat.app.database.session() as session:
        contact = recipient(chat.app.database, people[0].email)
        contact.slack_id = "U0KARI"
        session.add(contact)
    slack = chat.say("Levert!", user="U0KARI", channel="slack")
    assert slack.intent == "campaign_done" and states_of(chat, people[0].email) == {states.DONE}
    stranger = chat.say("Levert!", user="U0OTHER", channel="slack")
    assert not stranger.intent.startswith("campaign")


def test_a_reply_after_the_reminder_went_out_changes_state_but_not_the_sent_mail(chat: Chat) -> None:
    people = running(chat, count=2, measures_per=(1,))
    mark_sent(chat.app.database)
    reply_as(chat, people[0], "Rapporten er sendt inn")
    rows = {row.recipient: row.status for row in outbox_rows(chat.app.database, kind="reminder")}
    assert rows == {people[0].email: "sent", people[1].email: "sent"}
    tick(chat.env, START + timedelta(days=34))  # 4 January
    d14 = [row.recipient for row in outbox_rows(chat.app.database, kind="reminder") if ":d-14:" in row.idempotency_key]
    assert d14 == [people[1].email]


def test_slash_purring_forms_and_import_help(chat: Chat) -> None:
    assert chat.say("purring").intent == "campaign_error"  # no campaign yet: a clear message
    assert "Fant ingen kampanje" in chat.say("purring status").text
    how = chat.say("importer kontakter")
    assert how.intent == "campaign_import_how" and "kompetansebot contacts import" in how.text
    from bot.campaigns.status import status_text

    assert status_text(chat.env) is None
    running(chat, count=2)
    text = status_text(chat.env)
    assert text is not None and "Levert: 0 av" in text and "Ikke levert ennå (2 kontaktpersoner)" in text
