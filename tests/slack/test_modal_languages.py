"""The needs-report modal in nynorsk and English: the person's language as the chat picked it (the
draft begun in the DM keeps it), for the labels, choices, help, the modal's chrome, the errors (from the
form catalogue) and the summary."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.app import BotApp
from bot.models import NeedsReport
from bot.needs_reports import SUBMITTED
from forms.engine import FormState
from handlers.slack.modal_view import PAGE_CALLBACK, SUMMARY_CALLBACK, Metadata
from tests.slack.conftest import SlackEndpoint
from tests.slack.fake_slack import block_text
from tests.slack.signing import dm_event
from tests.slack.test_modal import VALID, input_ids, open_modal, submission, submit


async def _begin_in_dm(endpoint: SlackEndpoint, text: str) -> None:
    await endpoint.event(dm_event(text, ts="1764300000.000900", client_msg_id="m-lang-1"), event_id="Ev-lang-1")
    await endpoint.fake.wait_for_async("chat.postMessage")


def _labels(view: dict[str, Any]) -> dict[str, str]:
    return {block["block_id"]: block["label"]["text"] for block in view["blocks"] if block["type"] == "input"}


def _options(view: dict[str, Any], block_id: str) -> list[str]:
    block = next(block for block in view["blocks"] if block.get("block_id") == block_id)
    return [option["text"]["text"] for option in block["element"]["options"]]


async def _to_summary(endpoint: SlackEndpoint, view: dict[str, Any]) -> dict[str, Any]:
    while view["callback_id"] == PAGE_CALLBACK:
        answer = await submit(endpoint, view, VALID)
        assert answer.get("response_action") == "update", answer
        view = answer["view"]
    assert view["callback_id"] == SUMMARY_CALLBACK
    return view


async def test_nynorsk_modal(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    await _begin_in_dm(endpoint, "eg vil melde behov")
    view = await open_modal(endpoint)
    assert view["title"]["text"] == "Behovsmelding" and view["submit"]["text"] == "Neste"
    assert view["close"]["text"] == "Lagre og lukk"
    assert "svar er fylte ut" in block_text({"blocks": view["blocks"]})
    assert _options(view, "scheme")[1] == "Desentralisert ordning (skule)"
    assert Metadata.load(view["private_metadata"]).lang == "nn"
    page2 = (await submit(endpoint, view, VALID))["view"]
    assert _labels(page2)["schools"] == "Tal på skular"
    assert "Kor mange skular deltek" in page2["blocks"][5]["hint"]["text"]
    answer = await submit(endpoint, page2, {**VALID, "schools": "5000", "uh_partner": None})
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {"schools": "«Tal på skular» kan vere høgst 2000.",
                                "uh_partner": "Dette feltet må fyllast ut."}
    summary = await _to_summary(endpoint, page2)
    text = block_text({"blocks": summary["blocks"]})
    assert "Sjå over svara før du sender inn" in text and "Desentralisert ordning (skule)" in text
    assert summary["submit"]["text"] == "Send inn"
    final = await endpoint.interaction(submission(summary, {}))
    assert final.json() == {"response_action": "clear"}
    receipts = await endpoint.fake.wait_for_async(
        "chat.postMessage", where=lambda call: "Referansenummer" in block_text(call.params))
    assert "er send inn" in block_text(receipts[0].params)  # the receipt in nynorsk too
    with bot_app.database.session() as session:
        [report] = list(session.exec(select(NeedsReport)))
    assert report.status == SUBMITTED


async def test_english_modal(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    await _begin_in_dm(endpoint, "I want to file a needs report")
    view = await open_modal(endpoint)
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == (
        "Needs report", "Next", "Save and close")
    assert _labels(view) == {"network": "Competence network", "scheme": "Scheme", "measure_type": "New or continuing"}
    assert "Page 1 ·" in block_text({"blocks": view["blocks"]})
    page2 = (await submit(endpoint, view, VALID))["view"]
    assert input_ids(page2)[0] == "title"
    answer = await submit(endpoint, page2, {**VALID, "title": "send"})
    assert answer["errors"]["title"].startswith("«send» looks like a command")
    closed = await endpoint.interaction(submission(page2, {"title": "Reading in every subject"}, kind="view_closed"))
    assert closed.status_code == 200
    notes = await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    assert "The draft is saved" in block_text(notes[-1].params)
    with bot_app.database.session() as session:
        [report] = list(session.exec(select(NeedsReport)))
    state = FormState.from_dict(report.state)
    assert state.lang == "en" and state.answers["title"] == "Reading in every subject"


async def test_a_new_modal_is_bokmal_and_keeps_its_language_between_pages(endpoint: SlackEndpoint) -> None:
    view = await open_modal(endpoint)
    assert view["submit"]["text"] == "Neste" and '"l":' not in view["private_metadata"]
    meta = Metadata("kari@kommune.no", None, ("title",), 4, 2, "en")
    assert Metadata.load(meta.dump()) == meta
