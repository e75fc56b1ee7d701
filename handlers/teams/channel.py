"""``POST /api/messages``: authenticate, deduplicate, translate to the core and answer.

* A request without a valid Bot Framework token (``auth``) gets 401 and nothing is done.
* Each activity id is processed once (``teams_activity``); Teams retries deliveries it thinks were lost.
* A message in the 1:1 chat is answered there; an @mention in a team channel is answered in the thread of
  that message. A ``private`` answer asked for in a channel goes to the asker's 1:1 chat, with a short note
  in the thread; files (XLSX/CSV) always go to the 1:1 chat, as signed download links (``files``).
* A slow answer shows the typing indicator; the HTTP answer waits at most ``answer_wait`` seconds (the work
  goes on after it), so the connector never times out and retries.
* ``conversationUpdate``/``installationUpdate`` store the conversation reference for proactive messages.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.campaigns.env import CampaignEnv
from bot.messages import Channel, IncomingMessage, Reply
from bot.needs_report_service import Actor
from bot.text import guess_language
from forms.intents import needs_report_intent
from handlers.teams import cards, form_card, render, texts
from handlers.teams.activities import ActivityInfo, members_added, parse
from handlers.teams.auth import AuthError, TokenValidator
from handlers.teams.bot_token import TokenError
from handlers.teams.campaign_cards import answer_card, click_key
from handlers.teams.connector import ConnectorClient, ConnectorError
from handlers.teams.files import FileLinks
from handlers.teams.form_commands import card_language, wants_form_card
from handlers.teams.form_flow import CardReply, FormCards
from handlers.teams.store import KnownUser, SeenUser, TeamsStore

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
TEAMS: Channel = "teams"
DELIVERY_ERRORS = (ConnectorError, TokenError)
OFFER_CARD_AFTER = frozenset({"needs_report", "needs_report_greeting", "needs_report_paused"})
"""Chat replies to «meld behov» / «fortsett» under which the form is offered as a card."""


async def _read_body(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def public_base_url(request: Request) -> str:
    """The bot's public address as the client reached it (behind a proxy: its forwarded headers)."""
    proto = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
    host = request.headers.get("x-forwarded-host", request.headers.get("host", request.url.netloc)).split(",")[0]
    return f"{proto}://{host.strip()}"


class TeamsChannel:
    def __init__(self, bot_app: BotApp, *, validator: TokenValidator, connector: ConnectorClient, store: TeamsStore,
                 files: FileLinks, typing_delay: float = 1.5, answer_wait: float = 10.0) -> None:
        self.bot_app = bot_app
        self.validator = validator
        self.connector = connector
        self.store = store
        self.files = files
        self.typing_delay = typing_delay
        self.answer_wait = answer_wait
        self.campaigns = CampaignEnv.from_app(bot_app)
        self.forms = FormCards(bot_app)
        self._tasks: set[asyncio.Task[None]] = set()

    def routes(self) -> list[Route]:
        return [Route("/api/messages", self.endpoint, methods=["POST"]), self.files.route()]

    # ------------------------------------------------------------------ HTTP

    async def endpoint(self, request: Request) -> Response:
        client = request.client.host if request.client else "?"
        if not request.headers.get("authorization", "").lower().startswith("bearer "):
            log.info("refused a Teams request from %s: no bearer token (HTTP 401)", client)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        try:
            raw = await _read_body(request, MAX_BODY_BYTES)
        except ClientDisconnect:
            return Response(status_code=400)
        if raw is None:
            return JSONResponse({"error": "request too large"}, status_code=413, headers={"connection": "close"})
        try:
            activity = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            activity = None
        if not isinstance(activity, dict):
            return JSONResponse({"error": "malformed request"}, status_code=400)
        try:
            await self.validator.validate(request.headers.get("authorization"), activity)
        except AuthError as refused:
            log.info("refused a Teams request from %s: %s (HTTP 401)", client, refused)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        info = parse(activity)
        if info.id and not await self.store.claim_async(f"activity:{info.id}", info.type):
            log.info("duplicate Teams activity %s dropped", info.id)
            return Response(status_code=200)
        task = asyncio.create_task(self._process(activity, info, public_base_url(request)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        done, _pending = await asyncio.wait({task}, timeout=self.answer_wait)
        if not done:
            log.info("Teams activity %s still being answered; acknowledged", info.id)
        return Response(status_code=200)

    async def drain(self) -> None:
        """Wait for answers still in progress (on shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # ------------------------------------------------------------------ activities

    async def _process(self, activity: dict[str, Any], info: ActivityInfo, base_url: str) -> None:
        try:
            if info.type == "message":
                await self._on_message(info, base_url)
            elif info.type in {"conversationUpdate", "installationUpdate"}:
                await self._on_install(activity, info)
        except Exception:  # one activity's trouble must not reach the server
            log.exception("Teams activity %s (%s) failed", info.id, info.type)

    async def _remember(self, info: ActivityInfo) -> KnownUser:
        known = await self.store.remember_async(SeenUser(
            teams_user_id=info.from_id, service_url=info.service_url, aad_object_id=info.from_aad,
            name=info.from_name, tenant_id=info.tenant_id, bot_id=info.bot_id,
            personal_conversation_id=info.conversation_id if info.is_personal else None))
        if known.upn or known.email:
            return known
        try:  # the UPN (for SECRETARIAT and the contact list) is not in the activity: ask the connector once
            member = await self.connector.member(info.service_url, info.conversation_id, info.from_id)
        except DELIVERY_ERRORS as exc:
            log.warning("could not look up the Teams member %s: %s", info.from_id, exc)
            return known
        return await self.store.remember_async(SeenUser(
            teams_user_id=info.from_id, service_url=info.service_url,
            aad_object_id=str(member.get("aadObjectId") or info.from_aad or "") or None,
            upn=str(member.get("userPrincipalName") or "") or None, email=str(member.get("email") or "") or None))

    async def _on_install(self, activity: dict[str, Any], info: ActivityInfo) -> None:
        added = info.type == "installationUpdate" and str(activity.get("action") or "").startswith("add")
        if info.type == "conversationUpdate":
            added = info.bot_id in members_added(activity)
        if added and info.from_id:
            await self._remember(info)
            log.info("Teams: the bot was added to a %s conversation", info.conversation_type)

    async def _on_message(self, info: ActivityInfo, base_url: str) -> None:
        if not info.from_id:
            return
        user = await self._remember(info)
        if form_card.is_form_action(info.value):
            await self._on_form_card(info, user)
            return
        if info.value is not None and info.value.get(cards.ACTION_KEY) == cards.CAMPAIGN_REPLY:
            await self._on_card(info, user)
            return
        if not info.text:
            return
        if wants_form_card(info.text):
            await self._open_form(info, user)
            return
        message = IncomingMessage(user_id=info.user_key, channel=TEAMS, text=info.text,
                                  conversation_id=info.conversation_id, display_name=info.from_name or user.name,
                                  email=user.upn or user.email, message_id=info.id)
        reply = await self._ask(message, info)
        await self._deliver(reply, info, user, base_url)
        if info.is_personal and self._offers_card(info.text, reply):
            await self._offer_form(info, user)

    async def _ask(self, message: IncomingMessage, info: ActivityInfo) -> Reply:
        """The router's answer; the typing indicator while it takes longer than ``typing_delay``."""
        task = asyncio.create_task(asyncio.to_thread(self.bot_app.router.handle, message))
        done, _ = await asyncio.wait({task}, timeout=self.typing_delay)
        while not done:
            try:
                await self.connector.send(info.service_url, info.conversation_id, {"type": "typing"})
            except DELIVERY_ERRORS as exc:
                log.info("typing indicator not sent: %s", exc)
            done, _ = await asyncio.wait({task}, timeout=3.0)
        return task.result()

    # ------------------------------------------------------------------ delivering

    async def _send_all(self, service_url: str, conversation_id: str, activities: list[dict[str, Any]], *,
                        reply_to: str | None = None) -> None:
        for activity in activities:
            await self.connector.send(service_url, conversation_id, activity, reply_to=reply_to)

    async def _deliver(self, reply: Reply, info: ActivityInfo, user: KnownUser, base_url: str) -> None:
        if info.is_personal:
            activities = render.text_activities(reply) + render.file_activities(reply.attachments, self.files,
                                                                                base_url)
            await self._send_all(info.service_url, info.conversation_id, activities)
            return
        thread = info.id or None
        if getattr(reply, "private", False):
            delivered = await self._send_private(reply, info, user, base_url)
            note = texts.SENT_TO_CHAT if delivered else texts.PRIVATE_CHAT_FAILED
            await self._send_all(info.service_url, info.conversation_id, [render.message(note)], reply_to=thread)
            return
        shown = tuple(item for item in reply.attachments if render.is_shareable(item))
        kept = tuple(item for item in reply.attachments if not render.is_shareable(item))
        activities = render.text_activities(reply) + render.file_activities(shown, self.files, base_url)
        await self._send_all(info.service_url, info.conversation_id, activities, reply_to=thread)
        if kept:
            files = replace(reply, text=texts.FILES_ONLY_PRIVATE, attachments=kept)
            delivered = await self._send_private(files, info, user, base_url)
            if delivered:
                await self._send_all(info.service_url, info.conversation_id, [render.message(texts.SENT_TO_CHAT)],
                                     reply_to=thread)

    async def personal_conversation(self, info: ActivityInfo, user: KnownUser) -> str:
        if user.personal_conversation_id:
            return user.personal_conversation_id
        conversation_id = await self.connector.create_conversation(info.service_url, bot_id=info.bot_id,
                                                                   user_id=info.from_id, tenant_id=info.tenant_id)
        await self.store.remember_async(SeenUser(teams_user_id=info.from_id, service_url=info.service_url,
                                                 personal_conversation_id=conversation_id))
        return conversation_id

    async def _send_private(self, reply: Reply, info: ActivityInfo, user: KnownUser, base_url: str) -> bool:
        """The whole reply in the asker's 1:1 chat; False (and nothing private anywhere) when that fails."""
        try:
            conversation_id = await self.personal_conversation(info, user)
            activities = render.text_activities(reply) + render.file_activities(reply.attachments, self.files,
                                                                                base_url)
            await self._send_all(info.service_url, conversation_id, activities)
        except DELIVERY_ERRORS as exc:
            log.warning("could not deliver a private Teams answer to %s: %s", info.from_id, exc)
            return False
        return True

    # ------------------------------------------------------------------ reminder cards

    async def _on_card(self, info: ActivityInfo, user: KnownUser) -> None:
        value = dict(info.value or {})
        if not await self.store.claim_async(click_key(value, info.user_key), "card"):
            log.info("a second press of the same reminder button by %s was ignored", info.user_key)
            return
        identities = {item for item in (user.aad_object_id, user.upn, user.email, info.from_aad) if item}
        result = await asyncio.to_thread(answer_card, self.campaigns, value, identities=identities,
                                         actor=user.upn or info.user_key, message_id=info.id,
                                         now=self.bot_app.clock.now())
        if result.updated_card is not None and info.reply_to_id:
            try:
                await self.connector.update(info.service_url, info.conversation_id, info.reply_to_id,
                                            render.card_message(result.updated_card))
            except DELIVERY_ERRORS as exc:
                log.info("could not update the reminder card: %s", exc)
        await self._send_all(info.service_url, info.conversation_id,
                             [render.message(part) for part in render.split_text(result.text)])

    # ------------------------------------------------------------------ the needs report as a card form

    @staticmethod
    def actor(info: ActivityInfo, user: KnownUser) -> Actor:
        """The person as the needs-report service knows them: the same owner key as in the chat."""
        email = user.upn or user.email
        return Actor(channel=TEAMS, user_id=info.user_key, email=email, display_name=info.from_name or user.name,
                     identity={"sender": email or info.user_key})

    @staticmethod
    def _offers_card(text: str, reply: Reply) -> bool:
        intent = needs_report_intent(text)
        return intent is not None and intent.kind in ("start", "continue") and reply.intent in OFFER_CARD_AFTER

    async def _card_language(self, actor: Actor, info: ActivityInfo) -> str:
        drafted = await asyncio.to_thread(self.forms.draft_language, actor)
        return drafted or card_language(guess_language(info.text), info.locale)

    async def _offer_form(self, info: ActivityInfo, user: KnownUser) -> None:
        actor = self.actor(info, user)
        lang = await self._card_language(actor, info)
        try:
            await self.connector.send(info.service_url, info.conversation_id,
                                      render.card_message(form_card.offer_card(lang, None),
                                                          summary=form_card.text("offer", lang)))
        except DELIVERY_ERRORS as exc:
            log.info("could not offer the form card: %s", exc)

    async def _open_form(self, info: ActivityInfo, user: KnownUser) -> None:
        """«skjema»: the form as a card in the 1:1 chat (from a channel: there, with a note in the thread)."""
        actor = self.actor(info, user)
        lang = await self._card_language(actor, info)
        result = await asyncio.to_thread(self.forms.open, actor, lang=lang)
        activity = render.card_message(result.card)
        if info.is_personal:
            await self.connector.send(info.service_url, info.conversation_id, activity)
            return
        try:
            conversation_id = await self.personal_conversation(info, user)
            await self.connector.send(info.service_url, conversation_id, activity)
            note = form_card.text("card_sent", lang)
        except DELIVERY_ERRORS as exc:
            log.warning("could not post the form card to %s: %s", info.from_id, exc)
            note = texts.PRIVATE_CHAT_FAILED
        await self._send_all(info.service_url, info.conversation_id, [render.message(note)], reply_to=info.id or None)

    async def _on_form_card(self, info: ActivityInfo, user: KnownUser) -> None:
        """A button on a form card: the answer replaces that card (UpdateActivity), never a new card each time."""
        value = dict(info.value or {})
        if value.get("act") == "confirm" and not await self.store.claim_async(
                f"form:confirm:{value.get('report')}:{info.reply_to_id or info.id}", "form"):
            log.info("a second «Bekreft» on the same card by %s was ignored", info.user_key)
            return
        result: CardReply = await asyncio.to_thread(self.forms.press, self.actor(info, user), value)
        activity = render.card_message(result.card)
        if info.reply_to_id:
            try:
                await self.connector.update(info.service_url, info.conversation_id, info.reply_to_id, activity)
                return
            except DELIVERY_ERRORS as exc:
                log.info("could not update the form card in place (%s); posting it", exc)
        await self.connector.send(info.service_url, info.conversation_id, activity)
