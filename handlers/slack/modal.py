"""The needs-report modal: opened by ``/behov`` or the App Home, one page per submit, inline errors,
the draft saved after every page and when the modal is closed, the receipt as a DM. In the person's
language (nb, nn, en): the draft's, else the one the chat would guess from ``/behov``'s text."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import Reply
from bot.text import guess_language
from forms.engine import FormState
from handlers.slack import texts
from handlers.slack.deps import SlackDeps
from handlers.slack.drafts import DraftStore, Incomplete, form_for, owner_key
from handlers.slack.home_view import publish_home
from handlers.slack.modal_view import (
    PAGE_CALLBACK,
    SUMMARY_CALLBACK,
    Metadata,
    first_page,
    loading_view,
    next_page,
    not_ready_view,
    page_view,
    plan_page,
    read_page,
    summary_view,
)
from handlers.slack.replies import DELIVERY_ERRORS, open_dm, post_reply

log = logging.getLogger(__name__)


def modal_language(text: str = "") -> str:
    """The language of a new modal, as the chat picks it: guessed from what the person wrote (``/behov
    needs report`` is English); bokmål when there is nothing to go by. A draft keeps its own language."""
    return guess_language(text) if text.strip() else "nb"


async def _load(drafts: DraftStore, meta: Metadata) -> tuple[int | None, FormState]:
    """The draft and its state; before the first page is saved, the language the modal was opened in."""
    draft_id, state = await asyncio.to_thread(drafts.load, meta.owner, meta.report_id)
    if draft_id is None:
        state.lang = meta.lang
    return draft_id, state


async def open_needs_report(client: AsyncWebClient, deps: SlackDeps, *, trigger_id: str, user_id: str,
                            report_id: int | None = None, respond: AsyncRespond | None = None,
                            text: str = "") -> None:
    """Open at once with a loading view (the trigger id lives ~3 s), then fill in the first page, in the
    draft's language (or, for a new one, the language of what the person wrote)."""
    lang = modal_language(text)
    try:
        opened = await client.views_open(trigger_id=trigger_id, view=loading_view(lang))
        view: dict[str, Any] = opened.get("view") or {}
        form = form_for(deps.bot_app)
        if form is None:
            await client.views_update(view_id=view["id"], hash=view.get("hash"), view=not_ready_view(lang))
            return
        user = await deps.users.lookup(client, user_id)
        owner = owner_key(user.user_id, user.email)
        draft_id, state = await asyncio.to_thread(DraftStore(deps.bot_app, form).load, owner, report_id)
        if draft_id is None:
            state.lang = lang
        page = first_page(form, state.answers)
        await client.views_update(view_id=view["id"], hash=view.get("hash"),
                                  view=page_view(form, state, page, owner, draft_id, deps.bot_app.clock.today()))
    except DELIVERY_ERRORS:
        log.exception("could not open the needs-report modal for %s", user_id)
        if respond is not None:
            await respond(text=texts.text("ERROR", lang), response_type="ephemeral", replace_original=False)


async def on_page_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                             deps: SlackDeps) -> None:
    """Validate the page; errors inline, else save the draft and show the next page or the summary."""
    meta = Metadata.load(view.get("private_metadata"))
    form = form_for(deps.bot_app)
    if form is None or not meta.owner:
        await ack(response_action="update", view=not_ready_view(meta.lang))
        return
    drafts = DraftStore(deps.bot_app, form)
    today = deps.bot_app.clock.today()
    draft_id, state = await _load(drafts, meta)
    result = read_page(form, state, meta.fields, view.get("state", {}).get("values", {}), today)
    if result.errors:
        await ack(response_action="errors", errors=result.errors)
        return
    state.answers, state.skipped = result.answers, result.skipped
    draft_id = await asyncio.to_thread(drafts.save, meta.owner, draft_id, state)
    following = next_page(form, state.answers, meta.next_start, meta.page + 1)
    if following is None:
        await ack(response_action="update", view=summary_view(form, state, meta.owner, draft_id))
    else:
        await ack(response_action="update", view=page_view(form, state, following, meta.owner, draft_id, today))


async def on_summary_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                                deps: SlackDeps) -> None:
    """Submit through the engine; a gap sends the person back to the page with the missing answer."""
    meta = Metadata.load(view.get("private_metadata"))
    form = form_for(deps.bot_app)
    if form is None or not meta.owner:
        await ack(response_action="update", view=not_ready_view(meta.lang))
        return
    drafts = DraftStore(deps.bot_app, form)
    today = deps.bot_app.clock.today()
    draft_id, state = await _load(drafts, meta)
    user_id = str(body["user"]["id"])
    outcome = await asyncio.to_thread(drafts.submit, meta.owner, draft_id, state,
                                      submitted_by=meta.owner if "@" in meta.owner else user_id, today=today,
                                      user_id=user_id)
    if isinstance(outcome, Incomplete):
        index = next((n for n, item in enumerate(form.fields) if item.id == outcome.field_id), 0)
        page = plan_page(form, state.answers, index, 1)
        await ack(response_action="update", view=page_view(form, state, page, meta.owner, draft_id, today))
        return
    await ack(response_action="clear")
    try:
        channel = await open_dm(client, user_id)
        await post_reply(client, Reply(outcome.receipt, intent="needs_report_receipt"), channel=channel)
    except DELIVERY_ERRORS:
        log.exception("could not send the receipt %s to %s", outcome.reference, user_id)
    await _refresh_home(client, deps, user_id)


async def on_view_closed(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                         deps: SlackDeps) -> None:
    """Closing keeps the draft: what was valid on the open page is saved too."""
    await ack()
    meta = Metadata.load(view.get("private_metadata"))
    form = form_for(deps.bot_app)
    if form is None or not meta.owner:
        return
    drafts = DraftStore(deps.bot_app, form)
    draft_id, state = await _load(drafts, meta)
    if meta.fields:
        result = read_page(form, state, meta.fields, view.get("state", {}).get("values", {}),
                           deps.bot_app.clock.today())
        valid = {key: value for key, value in result.answers.items() if key not in result.errors}
        if valid != state.answers or draft_id is not None:
            state.answers = valid
            state.skipped = [item for item in result.skipped if item not in result.errors]
            draft_id = await asyncio.to_thread(drafts.save, meta.owner, draft_id, state)
    if draft_id is None:
        return
    user_id = str(body["user"]["id"])
    try:
        await post_reply(client, Reply(texts.text("MODAL_DRAFT_KEPT", state.lang), intent="needs_report_paused"),
                         channel=await open_dm(client, user_id))
    except DELIVERY_ERRORS:
        log.exception("could not confirm the kept draft to %s", user_id)
    await _refresh_home(client, deps, user_id)


async def on_edit(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: SlackDeps) -> None:
    """"Endre svar" on the summary: back to the first page, answers filled in."""
    await ack()
    view = body.get("view") or {}
    meta = Metadata.load(view.get("private_metadata"))
    form = form_for(deps.bot_app)
    if form is None or not meta.owner:
        return
    draft_id, state = await _load(DraftStore(deps.bot_app, form), meta)
    page = first_page(form, state.answers)
    try:
        await client.views_update(view_id=view["id"], hash=view.get("hash"),
                                  view=page_view(form, state, page, meta.owner, draft_id, deps.bot_app.clock.today()))
    except DELIVERY_ERRORS:
        log.exception("could not go back to the first page")


async def _refresh_home(client: AsyncWebClient, deps: SlackDeps, user_id: str) -> None:
    try:
        await publish_home(client, deps, user_id)
    except DELIVERY_ERRORS:
        log.exception("could not refresh the App Home for %s", user_id)


def register(app: AsyncApp) -> None:
    app.view_submission(PAGE_CALLBACK)(on_page_submission)
    app.view_submission(SUMMARY_CALLBACK)(on_summary_submission)
    app.view_closed(PAGE_CALLBACK)(on_view_closed)
    app.view_closed(SUMMARY_CALLBACK)(on_view_closed)
    app.action("needs_report_edit")(on_edit)
