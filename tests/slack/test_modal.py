"""The needs-report modal over real HTTP: pages from the form definition, inline errors from the
form's own parsers and rules, the draft kept on close and shared with the chat, the receipt as a DM."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import select

from bot.app import BotApp
from bot.models import NeedsReport
from bot.needs_reports import DRAFT, SUBMITTED
from forms.definition import ParseContext
from forms.engine import FormState, resume, step
from forms.parsers import ParseError
from handlers.slack.modal_view import PAGE_CALLBACK, SUMMARY_CALLBACK, Metadata
from tests.slack.conftest import SlackEndpoint
from tests.slack.fake_slack import block_text
from tests.slack.signing import dm_event

TODAY = date(2026, 11, 28)

# Answers a person would give, by field id (what they would type or pick).
VALID = {
    "network": "valdres", "scheme": "desentralisert", "measure_type": "new", "title": "Lesing i alle fag",
    "justification": "Kartleggingen viste svake leseresultater på mellomtrinnet.",
    "goals": "Alle lærere bruker lesestrategier i sine fag innen 2029.", "target_group": "Lærere 1.-10. trinn",
    "schools": "8", "participants": "150", "uh_partner": "Høgskolen i Innlandet",
    "working_methods": "Samlinger med HINN og utprøving i egen klasse.", "period": "2027-2029",
    "amount": "1 200 000", "network_share": "30 %", "coordinator": "100 000", "own_share": "360 000",
    "own_share_use": "Frikjøp av lærere", "evaluation": "Spørreundersøkelse før og etter.",
    "contact_name": "Kari Nordmann", "contact_email": "kari@kommune.no",
}


def slack_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """``view.state.values`` as Slack sends it for the given answers (missing ones left empty)."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        answer = answers.get(block["block_id"])
        options = {option["value"]: option for option in element.get("options", [])}
        if kind in ("static_select", "radio_buttons"):
            entry = {"type": kind, "selected_option": options.get(str(answer)) if answer is not None else None}
        elif kind in ("checkboxes", "multi_static_select"):
            entry = {"type": kind, "selected_options": [options[item] for item in answer or []]}
        else:
            entry = {"type": kind, "value": answer}
        values[block["block_id"]] = {"value": entry}
    return values


def submission(view: dict[str, Any], answers: dict[str, Any], *, user: str = "UKARI",
               kind: str = "view_submission") -> dict[str, Any]:
    return {"type": kind, "team": {"id": "T0001"}, "user": {"id": user, "team_id": "T0001"}, "api_app_id": "A0001",
            "trigger_id": "T-trigger-9",
            "view": {**view, "id": "V0001", "hash": "h1", "state": {"values": slack_state(view, answers)}}}


def input_ids(view: dict[str, Any]) -> list[str]:
    return [block["block_id"] for block in view["blocks"] if block["type"] == "input"]


async def open_modal(endpoint: SlackEndpoint) -> dict[str, Any]:
    response = await endpoint.command("/behov")
    assert response.status_code == 200
    [update] = await endpoint.fake.wait_for_async("views.update")
    [opened] = endpoint.fake.calls_to("views.open")
    assert opened.params["view"]["callback_id"] == "needs_report_loading"  # opened at once, filled after
    return dict(update.params["view"])


async def submit(endpoint: SlackEndpoint, view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    response = await endpoint.interaction(submission(view, answers))
    assert response.status_code == 200
    return dict(response.json()) if response.content else {}


async def test_behov_opens_the_first_page_built_from_the_form(endpoint: SlackEndpoint) -> None:
    view = await open_modal(endpoint)
    assert view["callback_id"] == PAGE_CALLBACK
    assert view["notify_on_close"] is True
    assert input_ids(view) == ["network", "scheme", "measure_type"]  # measure_type decides what follows
    network = view["blocks"][1]["element"]
    assert network["type"] == "static_select" and len(network["options"]) == 12
    meta = Metadata.load(view["private_metadata"])
    assert meta.owner == "kari@kommune.no" and meta.report_id is None
    assert len(view["private_metadata"]) <= 3000 and len(view["blocks"]) <= 100
    assert len(view["title"]["text"]) <= 24


async def test_page_with_bad_answers_gets_the_errors_map_from_the_forms_parsers(endpoint: SlackEndpoint,
                                                                               bot_app: BotApp) -> None:
    view = await open_modal(endpoint)
    page2 = (await submit(endpoint, view, VALID))["view"]
    assert input_ids(page2) == ["title", "justification", "goals", "target_group", "schools", "participants",
                                "uh_partner", "working_methods"]  # desentralisert + new: no kindergartens
    bad = {**VALID, "schools": "mange", "participants": "-3"}
    answer = await submit(endpoint, page2, bad)
    assert answer["response_action"] == "errors"
    form = bot_app.needs_report_form
    expected = {}
    for field_id in ("schools", "participants"):
        try:
            form.field(field_id).parse(bad[field_id], ParseContext(today=TODAY))
        except ParseError as error:
            expected[field_id] = error.message
    assert answer["errors"] == expected and len(expected) == 2


async def test_a_rule_across_fields_is_reported_on_its_field(endpoint: SlackEndpoint) -> None:
    view = await open_modal(endpoint)
    view = (await submit(endpoint, view, VALID))["view"]
    view = (await submit(endpoint, view, VALID))["view"]
    assert "network_share" in input_ids(view)
    answer = await submit(endpoint, view, {**VALID, "network_share": "900 000"})  # 75 % of 1.2 mill > 40 %
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["network_share"]
    assert "40" in answer["errors"]["network_share"]


async def test_whole_modal_to_receipt_in_the_dm(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    view = await open_modal(endpoint)
    pages = 0
    while view["callback_id"] == PAGE_CALLBACK:
        answer = await submit(endpoint, view, VALID)
        assert answer.get("response_action") == "update", answer
        view, pages = answer["view"], pages + 1
    assert pages >= 3
    assert view["callback_id"] == SUMMARY_CALLBACK
    summary = block_text({"blocks": view["blocks"]})
    assert "Lesing i alle fag" in summary and "1 200 000 kr" in summary
    final = await endpoint.interaction(submission(view, {}))
    assert final.json() == {"response_action": "clear"}

    receipts = await endpoint.fake.wait_for_async(
        "chat.postMessage", where=lambda call: "Referansenummer" in block_text(call.params))
    assert receipts[0].params["channel"] == "DKARI"
    assert "BM-2027-0001" in block_text(receipts[0].params)
    with bot_app.database.session() as session:
        [report] = list(session.exec(select(NeedsReport)))
    assert (report.status, report.owner_key, report.network, report.scheme, report.amount, report.year) == (
        SUBMITTED, "kari@kommune.no", "valdres", "desentralisert", 1_200_000, 2027)
    assert report.reference == "BM-2027-0001" and report.channel == "slack"
    # The App Home is refreshed with the new report.
    [home] = await endpoint.fake.wait_for_async("views.publish")
    assert "BM-2027-0001" in block_text({"blocks": home.params["view"]["blocks"]})


async def test_closing_keeps_the_draft_and_the_chat_can_resume_it(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    view = await open_modal(endpoint)
    page2 = (await submit(endpoint, view, VALID))["view"]
    # Closed with one good and one bad answer on the open page: the good one is kept.
    closed = await endpoint.interaction(submission(page2, {"title": "Språk i barnehagen", "schools": "mange"},
                                                   kind="view_closed"))
    assert closed.status_code == 200
    [note] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert "Utkastet er lagret" in block_text(note.params)
    with bot_app.database.session() as session:
        [report] = list(session.exec(select(NeedsReport)))
    assert report.status == DRAFT and report.owner_key == "kari@kommune.no"
    state = FormState.from_dict(report.state)
    assert state.answers["network"] == "valdres" and state.answers["title"] == "Språk i barnehagen"
    assert "schools" not in state.answers and state.mode == "paused"

    # The chat engine takes the same draft: the resume prompt, then the next unanswered question.
    form = bot_app.needs_report_form
    prompt = resume(form, state, today=TODAY)
    assert prompt.kinds == ["resume_prompt"]
    asked = step(form, prompt.state, "fortsett", today=TODAY)
    assert asked.state.current == "justification"


async def test_a_draft_started_in_the_dm_opens_prefilled_in_the_modal(endpoint: SlackEndpoint) -> None:
    for n, text in enumerate(("meld behov", "Valdres", "desentralisert", "nytt")):
        await endpoint.event(dm_event(text, ts=f"1764300000.00{n}", client_msg_id=f"m-dm-{n}"), event_id=f"Ev-dm-{n}")
        await endpoint.fake.wait_for_async("chat.postMessage", count=n + 1)
    view = await open_modal(endpoint)
    selected = {block["block_id"]: block["element"].get("initial_option", {}).get("value")
                for block in view["blocks"] if block["type"] == "input"}
    assert selected == {"network": "valdres", "scheme": "desentralisert", "measure_type": "new"}
    assert Metadata.load(view["private_metadata"]).report_id is not None


async def test_a_draft_left_in_the_modal_is_finished_in_the_dm(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    view = await open_modal(endpoint)
    page2 = (await submit(endpoint, view, VALID))["view"]
    await endpoint.interaction(submission(page2, {"title": "Språk i barnehagen"}, kind="view_closed"))
    await endpoint.fake.wait_for_async("chat.postMessage")
    await endpoint.event(dm_event("fortsett", client_msg_id="m-resume-1"), event_id="Ev-resume-1")
    prompt = await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    assert "Språk i barnehagen" not in block_text(prompt[-1].params)  # a resume prompt, not a summary
    await endpoint.event(dm_event("fortsett", ts="1764300000.000101", client_msg_id="m-resume-2"),
                         event_id="Ev-resume-2")
    asked = await endpoint.fake.wait_for_async("chat.postMessage", count=3)
    question = bot_app.needs_report_form.field("justification").question.nb
    assert question in block_text(asked[-1].params)


async def test_submitted_report_metadata_never_holds_answers(endpoint: SlackEndpoint) -> None:
    view = await open_modal(endpoint)
    page2 = (await submit(endpoint, view, VALID))["view"]
    metadata = json.loads(page2["private_metadata"])
    assert set(metadata) == {"o", "r", "f", "n", "p"}
    assert "valdres" not in page2["private_metadata"]
