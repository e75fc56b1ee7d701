"""The needs report as an Adaptive Card form in Teams, over real HTTP against ``/api/messages`` with the
token issuer and the fake Bot Connector: a person opens the form from the chat, fills it in with
mistakes (the same card comes back, updated in place, answers kept and a message at each wrong field),
keeps the draft, resumes it from the chat, sees the summary, confirms and gets the receipt with the
reference. What is stored equals what the console stores for the same answers. Nynorsk and English too."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from bot.app import BotApp
from bot.audit import AuditLog
from bot.messages import IncomingMessage, Reply
from bot.models import NeedsReport, NeedsReportVersion
from bot.needs_report_service import Actor
from bot.needs_reports import DRAFT, SUBMITTED
from forms.definition import ParseContext
from forms.engine import FormState, Mode
from forms.parsers import ParseError
from forms.view import Page, next_page, page_of, summary_view
from handlers.teams import cards, form_card
from handlers.teams.form_flow import fitted_page_card
from tests.slack.test_modal import TODAY, VALID
from tests.teams.conftest import KARI, Endpoint
from tests.teams.world import Member, Posted

CONVERSATION = f"a:personal-{KARI.teams_id}"
ANSWERS = {**VALID, "contact_email": KARI.upn}
MAX_ACTIVITY_BYTES = 28 * 1024


# --- reading cards as Teams shows them ----------------------------------------------------------

def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every input of a card by its id (inside the field containers)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if str(item.get("type", "")).startswith("Input."):
                found[item["id"]] = item
            walk(item.get("items", []))

    walk(card["body"])
    return found


def field_ids(card: dict[str, Any]) -> list[str]:
    return [key.removeprefix(form_card.INPUT_PREFIX) for key in inputs(card)]


def errors_at(card: dict[str, Any]) -> dict[str, str]:
    """The attention-coloured text under each input, by field id."""
    found: dict[str, str] = {}
    for container in card["body"]:
        items = container.get("items") or []
        if not items or not str(items[0].get("type", "")).startswith("Input."):
            continue
        field_id = items[0]["id"].removeprefix(form_card.INPUT_PREFIX)
        for item in items[1:]:
            if item.get("type") == "TextBlock" and item.get("color") == "Attention":
                found[field_id] = item["text"]
    return found


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    titles = [action["title"] for action in card.get("actions", [])]
    assert title in titles, titles
    return next(dict(action) for action in card["actions"] if action["title"] == title)


def all_text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


class Person:
    """One person in their 1:1 chat with the bot, with the form card they see."""

    def __init__(self, endpoint: Endpoint, member: Member) -> None:
        self.endpoint = endpoint
        self.member = member
        self.card_id = ""

    @property
    def conversation(self) -> str:
        return f"a:personal-{self.member.teams_id}"

    def card_posts(self) -> list[Posted]:
        return [item for item in self.endpoint.connector.messages(self.conversation) if item.card]

    def card(self) -> dict[str, Any]:
        """The card as it stands now: its last update, else as posted."""
        updates = [item for item in self.endpoint.connector.updates() if item.activity_id == self.card_id]
        if updates:
            assert updates[-1].card is not None
            return updates[-1].card
        posted = next(item for item in self.card_posts() if item.activity_id == self.card_id)
        assert posted.card is not None
        return posted.card

    async def say(self, text: str) -> list[Posted]:
        before = len(self.endpoint.connector.messages(self.conversation))
        await self.endpoint.post(self.endpoint.activity(self.member, text))
        await self.endpoint.settle()
        return self.endpoint.connector.messages(self.conversation)[before:]

    async def open(self, text: str) -> dict[str, Any]:
        posted = [item for item in await self.say(text) if item.card]
        assert len(posted) == 1, [item.text for item in posted]
        self.card_id = posted[0].activity_id
        return self.card()

    async def press(self, title: str, answers: dict[str, Any] | None = None) -> dict[str, Any]:
        """Press a button: its data plus every input's value (empty inputs are sent as "")."""
        action = button(self.card(), title)
        value = dict(action["data"])
        if action.get("associatedInputs") != "none":
            for input_key in inputs(self.card()):
                field_id = input_key.removeprefix(form_card.INPUT_PREFIX)
                given = (answers or {}).get(field_id)
                value[input_key] = "" if given is None else str(given)
        updates_before = len(self.endpoint.connector.updates())
        posts_before = len(self.card_posts())
        await self.endpoint.post(self.endpoint.activity(self.member, "", value=value, reply_to=self.card_id))
        await self.endpoint.settle()
        updates = self.endpoint.connector.updates()[updates_before:]
        assert [item.activity_id for item in updates] == [self.card_id]  # updated in place ...
        assert len(self.card_posts()) == posts_before  # ... and never a new card
        assert updates[0].conversation_id == self.conversation
        return self.card()

    async def fill(self, answers: dict[str, Any]) -> dict[str, Any]:
        """«Neste» with the right answers until the summary."""
        for _ in range(10):
            card = self.card()
            if not inputs(card):
                return card
            card = await self.press(form_card.text("next", self.lang()), answers)
            assert not errors_at(card), errors_at(card)
        raise AssertionError("the form never reached the summary")

    def lang(self) -> str:
        for action in self.card().get("actions", []):
            if isinstance(action.get("data"), dict) and "lang" in action["data"]:
                return str(action["data"]["lang"])
        return "nb"


def page_answers(card: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    return {field_id: answers[field_id] for field_id in field_ids(card) if field_id in answers}


def stored(bot_app: BotApp) -> list[NeedsReport]:
    with bot_app.database.session() as session:
        return list(session.exec(select(NeedsReport).order_by(col(NeedsReport.id))))


def _parse_error(bot_app: BotApp, field_id: str, text: str) -> str:
    try:
        bot_app.needs_report_form.field(field_id).parse(text, ParseContext(today=TODAY))
    except ParseError as error:
        return error.message
    raise AssertionError(f"{text!r} is a valid {field_id}")


# --- the whole way in bokmål --------------------------------------------------------------------

async def test_card_form_with_mistakes_pause_resume_summary_and_receipt(endpoint: Endpoint, bot_app: BotApp) -> None:
    kari = Person(endpoint, KARI)
    card = await kari.open("behovsmelding skjema")
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
    assert field_ids(card) == ["network", "scheme", "measure_type"]  # measure_type decides what follows
    network = inputs(card)["f_network"]
    assert network["type"] == "Input.ChoiceSet" and network["label"] == "Kompetansenettverk"
    assert network["isRequired"] is True and network["errorMessage"] and len(network["choices"]) == 12
    assert button(card, "Neste")["data"] | {} == {"kb": "form", "report": None, "page": 1, "act": "next",
                                                   "lang": "nb", "start": 0,
                                                   "fields": ["network", "scheme", "measure_type"]}
    assert stored(bot_app) == []  # nothing saved before the first «Neste»

    page2 = await kari.press("Neste", ANSWERS)
    assert field_ids(page2) == ["title", "justification", "goals", "target_group", "schools", "participants",
                                "uh_partner", "working_methods"]  # desentralisert + new: no kindergartens
    title = inputs(page2)["f_title"]
    assert title["type"] == "Input.Text" and title["maxLength"] == 150 and title["placeholder"].startswith("F.eks.")
    assert inputs(page2)["f_justification"]["isMultiline"] is True
    assert inputs(page2)["f_schools"]["type"] == "Input.Number" and inputs(page2)["f_schools"]["max"] == 2000
    [draft] = stored(bot_app)
    assert draft.status == DRAFT and FormState.from_dict(draft.state).answers["network"] == "valdres"

    # Mistakes: the same page comes back with every answer as written and a message at each wrong field.
    wrong = {**ANSWERS, "title": "send", "schools": "5000", "uh_partner": ""}
    again = await kari.press("Neste", wrong)
    assert field_ids(again) == field_ids(page2)
    assert errors_at(again) == {"title": _parse_error(bot_app, "title", "send"),
                                "schools": _parse_error(bot_app, "schools", "5000"),
                                "uh_partner": "«UH-partner» må besvares."}
    kept = inputs(again)
    assert kept["f_title"]["value"] == "send" and kept["f_schools"]["value"] == 5000
    assert kept["f_goals"]["value"] == ANSWERS["goals"] and kept["f_participants"]["value"] == 150
    assert "Noen svar må rettes" in all_text(again)
    saved = FormState.from_dict(stored(bot_app)[0].state)  # the valid answers are saved with the draft
    assert saved.answers["goals"] == ANSWERS["goals"] and "title" not in saved.answers

    page3 = await kari.press("Neste", ANSWERS)
    assert "network_share" in field_ids(page3)
    ruled = await kari.press("Neste", {**ANSWERS, "network_share": "900 000"})  # 75 % of 1.2 mill > 40 %
    assert list(errors_at(ruled)) == ["network_share"] and "40" in errors_at(ruled)["network_share"]
    assert inputs(ruled)["f_network_share"]["value"] == "900 000"

    # Pause: the card says the draft is kept; the chat offers it back.
    paused = await kari.press("Lagre og fortsett senere")
    assert "Utkastet er lagret" in all_text(paused) and button(paused, "Fortsett i skjema")
    [draft] = stored(bot_app)
    state = FormState.from_dict(draft.state)
    assert draft.status == DRAFT and state.mode == Mode.PAUSED and state.answers["amount"] == 1_200_000

    # Resumed from the chat: a new card, at the page with the first missing answer, answers filled in.
    first_card = kari.card_id
    resumed = await kari.open("fortsett i skjemaet")
    assert kari.card_id != first_card and "network_share" in field_ids(resumed)
    assert inputs(resumed)["f_amount"]["value"] == "1200000"

    summary = await kari.fill(ANSWERS)
    facts = {fact["title"]: fact["value"] for block in summary["body"] if block["type"] == "FactSet"
             for fact in block["facts"]}
    assert facts["4. Tittel"] == "Lesing i alle fag" and "1 200 000 kr" in facts.values()
    assert [action["title"] for action in summary["actions"]] == ["Bekreft", "Endre", "Avbryt"]

    edited = await kari.press("Endre")  # back to the first page, answers filled in
    assert inputs(edited)["f_network"]["value"] == "valdres"
    summary = await kari.fill(ANSWERS)

    receipt = await kari.press("Bekreft")
    assert "actions" not in receipt
    facts = {fact["title"]: fact["value"] for block in receipt["body"] if block["type"] == "FactSet"
             for fact in block["facts"]}
    assert facts == {"Referansenummer": "BM-2027-0001", "Versjon": "1"}
    assert "BM-2027-0001" in all_text(receipt) and "versjon 1" in all_text(receipt)
    [report] = stored(bot_app)
    assert (report.status, report.owner_key, report.channel, report.reference, report.amount) == (
        SUBMITTED, KARI.upn, "teams", "BM-2027-0001", 1_200_000)


async def test_a_second_press_of_bekreft_changes_nothing(endpoint: Endpoint, bot_app: BotApp) -> None:
    kari = Person(endpoint, KARI)
    await kari.open("skjema")
    await kari.fill(ANSWERS)
    confirm = button(kari.card(), "Bekreft")["data"]
    await kari.press("Bekreft")
    receipt = kari.card()
    await endpoint.post(endpoint.activity(KARI, "", value=confirm, reply_to=kari.card_id))
    await endpoint.settle()
    assert kari.card() == receipt
    assert [report.version for report in stored(bot_app)] == [1]


# --- the chat offers the card; the chat-style form still works ---------------------------------

async def test_meld_behov_offers_the_card_and_the_chat_form_goes_on(endpoint: Endpoint, bot_app: BotApp) -> None:
    kari = Person(endpoint, KARI)
    answers = await kari.say("meld behov")
    assert answers[0].text and not answers[0].card  # the chat's first question
    offer = answers[-1].card
    assert offer is not None and button(offer, "Fyll ut i skjema")["data"]["act"] == "open"
    await kari.say("Valdres")  # typed: the chat-style form
    [draft] = stored(bot_app)
    assert FormState.from_dict(draft.state).answers["network"] == "valdres"

    kari.card_id = answers[-1].activity_id
    card = await kari.press("Fyll ut i skjema")  # the offer becomes the form, at the chat's draft
    assert inputs(card)["f_network"]["value"] == "valdres"
    assert "f_scheme" in inputs(card) and "value" not in inputs(card)["f_scheme"]
    await kari.fill(ANSWERS)
    await kari.press("Bekreft")
    [report] = stored(bot_app)
    assert report.id == draft.id and report.status == SUBMITTED


# --- the same report as from the console --------------------------------------------------------

def _console(bot_app: BotApp, answers: dict[str, Any]) -> Reply:
    user = KARI.upn
    actor = Actor(channel="console", user_id=user)
    reply = bot_app.router.handle(IncomingMessage(user_id=user, channel="console", text="meld behov"))
    for _ in range(60):
        with bot_app.database.session() as session:
            state = bot_app.needs_report_service.state_of(bot_app.needs_report_service.draft(session, actor))
        text = "send" if state.mode == "summary" else answers[str(state.current)]
        reply = bot_app.router.handle(IncomingMessage(user_id=user, channel="console", text=text))
        if reply.intent == "needs_report_submitted":
            return reply
    raise AssertionError("the console never reached the receipt")


def _audit(bot_app: BotApp, report: NeedsReport) -> list[tuple[str, Any]]:
    with bot_app.database.session() as session:
        rows = AuditLog.entries(session)
    return [(row.action, {key: value for key, value in row.detail.items()
                          if key not in ("report_id", "reference", "submitted_channel")})
            for row in rows if row.detail.get("report_id") == report.id
            or row.detail.get("reference") == report.reference]


def _receipt_text(card: dict[str, Any]) -> str:
    return "\n\n".join(block["text"] for block in card["body"][1:] if block["type"] == "TextBlock")


async def test_card_and_console_store_the_same_report(endpoint: Endpoint, bot_app: BotApp) -> None:
    console = _console(bot_app, ANSWERS)
    kari = Person(endpoint, KARI)
    await kari.open("behovsmelding skjema")
    await kari.fill(ANSWERS)
    receipt = await kari.press("Bekreft")
    first, second = stored(bot_app)
    assert (first.channel, second.channel) == ("console", "teams")
    with bot_app.database.session() as session:
        versions = {version.report_id: version.answers for version in session.exec(select(NeedsReportVersion))}
    assert versions[second.id] == versions[first.id]
    assert (second.year, second.version, second.amount) == (first.year, first.version, first.amount)
    assert _audit(bot_app, second) == _audit(bot_app, first) == [
        ("needs_report_started", {}), ("needs_report_submitted", {"version": 1, "year": 2027})]
    assert first.reference and second.reference
    assert _receipt_text(receipt) == console.text.replace(first.reference, second.reference)


# --- nynorsk and English -------------------------------------------------------------------------

async def test_nynorsk_card_run(endpoint: Endpoint, bot_app: BotApp) -> None:
    kari = Person(endpoint, KARI)
    card = await kari.open("eg vil fylle ut behovsmelding i skjema")
    assert kari.lang() == "nn"
    assert "Side 1 · 0 av" in all_text(card) and "svar er fylte ut" in all_text(card)
    assert inputs(card)["f_scheme"]["choices"][1]["title"] == "Desentralisert ordning (skule)"
    page2 = await kari.press("Neste", ANSWERS)
    wrong = await kari.press("Neste", {**ANSWERS, "schools": "5000"})
    assert errors_at(wrong) == {"schools": "«Tal på skular» kan vere høgst 2000."}  # the nynorsk catalogue
    assert field_ids(wrong) == field_ids(page2)
    await kari.press("Neste", ANSWERS)
    summary = await kari.fill(ANSWERS)
    assert [action["title"] for action in summary["actions"]] == ["Stadfest", "Endre", "Avbryt"]
    receipt = await kari.press("Stadfest")
    assert "Behovsmeldinga er send inn" in all_text(receipt) and "BM-2027-0001" in all_text(receipt)
    assert "Oppgi referansenummeret om du kontaktar sekretariatet" in all_text(receipt)  # the nynorsk receipt
    [report] = stored(bot_app)
    assert report.status == SUBMITTED and report.channel == "teams"


async def test_english_card_run(endpoint: Endpoint, bot_app: BotApp) -> None:
    kari = Person(endpoint, KARI)
    card = await kari.open("I want to fill in the needs report form")
    assert kari.lang() == "en"
    assert inputs(card)["f_network"]["label"] == "Competence network" and button(card, "Next")
    await kari.press("Next", ANSWERS)
    wrong = await kari.press("Next", {**ANSWERS, "title": "send"})
    assert errors_at(wrong)["title"].startswith("«send» looks like a command")
    assert inputs(wrong)["f_title"]["value"] == "send"
    paused = await kari.press("Save and continue later")
    assert "The draft is saved" in all_text(paused)
    resumed = await kari.press("Continue in the form")  # resumed from the card itself
    assert "f_title" in inputs(resumed)
    summary = await kari.fill(ANSWERS)
    assert "Check your answers" in all_text(summary)
    receipt = await kari.press("Confirm")
    assert "Reference number" in all_text(receipt) and "BM-2027-0001" in all_text(receipt)


# --- size ---------------------------------------------------------------------------------------

def test_every_card_fits_in_a_teams_message(bot_app: BotApp) -> None:
    """The longest answers the form allows, with an error at every field: still under ~28 KB."""
    form = bot_app.needs_report_form
    for lang in ("nb", "nn", "en"):
        for scheme, kind in (("desentralisert", "new"), ("regional", "continuing"), ("kompetanseloftet", "new")):
            answers = {"network": "valdres", "scheme": scheme, "measure_type": kind, "statped_involved": True,
                       "other_measures": ["fagbrev"]}
            state = FormState(form.id, form.version, lang=lang, answers=answers)
            shown: list[str] = []
            page: Page | None = next_page(form, answers, 0, 1)
            while page is not None:
                given = {item.id: "æ" * min(item.max_length, 4000) for item in page.fields}
                errors = {item.id: "Feil " * 80 for item in page.fields}
                content, view = fitted_page_card(form, state, page, TODAY, report_id=1234, given=given,
                                                 errors=errors, notes=("Merk " * 50,))
                shown += view.field_ids
                page = next_page(form, answers, page_of(form, view.field_ids, view.number, view.start).next_start,
                                 view.number + 1)
                activity = {"type": "message", "attachments": [cards.attachment(content)],
                            "id": "x" * 40, "replyToId": "y" * 40}
                assert cards.card_size(content) <= cards.MAX_CARD_BYTES, (lang, scheme, page.number)
                assert len(json.dumps(activity, ensure_ascii=False).encode()) < MAX_ACTIVITY_BYTES
            assert shown == [item.id for item in form.applicable(answers)]  # every question, on some page
            long_answers = {item.id: "ø" * 4000 for item in form.fields if item.kind.value == "long_text"}
            full = FormState(form.id, form.version, lang=lang, answers={**answers, **long_answers})
            summary = form_card.summary_card(summary_view(form, full), 1234)
            assert cards.card_size(summary) <= cards.MAX_CARD_BYTES, (lang, scheme)
