"""Reminder campaigns in chat.

* :class:`CampaignCommandsSkill` (secretariat only): "start purring årsrapport 2026 [lenke URL]
  [frist 15.01.2027]" shows who gets what and when and asks for a yes; "purrestatus" /
  "kampanjestatus"; "pause purring", "fortsett purring", "stopp purring"; "marker levert <tiltak>".
  Slack's ``/purring start|status|pause|…`` arrives as "purring …".
* :class:`CampaignReplySkill` (anyone): a contact in a running campaign answering a reminder
  ("levert", "ikke levert ennå", "det er ikke jeg som har ansvaret…"), by email, in Slack or in Teams
  (found by the contact list's ``teams_id``, the Entra object id or UPN, when the UPN is not the address).
  Acting on it and the answer happen in the turn's transaction (the email intake's, for mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from bot.calendar import format_date
from bot.campaigns import answers
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService, Preview
from bot.campaigns.status import build_status
from bot.campaigns.store import CampaignError, find_campaign
from bot.campaigns.texts import chat
from bot.messages import Reply
from bot.models_campaign import Campaign, CampaignRecipient
from bot.models_teams import TeamsContact
from bot.router import Turn

if TYPE_CHECKING:
    from bot.app import BotApp

STATE_KEY = "campaign_start"
_URL = re.compile(r"https?://[^\s<>\"']+")
_YEAR = re.compile(r"\b(20\d\d)\b")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_START = re.compile(r"^(?:purring start|(?:start|starte|begynn|begynne)\w* (?:purring|purringer|purrekampanje|"
                    r"kampanje)\w*)\b")
_STATUS = re.compile(r"^(?:purring(?: status)?|purrestatus|kampanjestatus|status (?:for )?(?:purring|kampanje)\w*"
                     r"|hvordan gar purringen)$")
_PAUSE = re.compile(r"^(?:purring pause|pause\w* (?:purring|kampanje)\w*|sett purringen? pa pause)$")
_RESUME = re.compile(r"^(?:purring (?:fortsett|gjenoppta|resume)|(?:fortsett|gjenoppta|start igjen)\w* (?:med )?"
                     r"(?:purring|kampanje)\w*)$")
_STOP = re.compile(r"^(?:purring (?:stopp|stop|avslutt)|(?:stopp|stop|avslutt)\w* (?:purring|kampanje)\w*)$")
_MARK = re.compile(r"^(?:purring )?(?:marker|merk|registrer)\s+(?:som\s+)?levert\s*:?\s*(?P<what>.+)$",
                   re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"^importer\w* (?:kontakt|kontaktliste|kontaktpersoner)\w*")
_YES = frozenset({"ja", "jepp", "ok", "okei", "bekreft", "start", "kjor", "yes", "ja takk", "ja start"})
_NO = frozenset({"nei", "avbryt", "stopp", "cancel", "no", "nei takk", "glem det"})


def _actor(turn: Turn) -> str:
    """Who did it, as the router's own audit names them (the channel is recorded beside it)."""
    return turn.message.user_id


def _deadline(text: str) -> date | None:
    found = _DATE.search(text)
    if not found:
        return None
    try:
        if found.group(1):
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return date(int(found.group(4)), int(found.group(5)), int(found.group(6)))
    except ValueError:
        return None


def teams_contact_email(session: Session, identities: Iterable[str | None]) -> str | None:
    """The contact-list address of a Teams user, found by the list's ``teams_id`` (the Entra object id
    or the UPN, lower case): a UPN is not always the address the contact list has."""
    keys = sorted({identity.strip().lower() for identity in identities if identity and identity.strip()})
    if not keys:
        return None
    return session.exec(select(TeamsContact.email).where(col(TeamsContact.teams_id).in_(keys))
                        .order_by(col(TeamsContact.updated_at).desc())).first()


def preview_text(preview: Preview) -> str:
    return chat("preview", preview=preview, format_date=format_date)


class CampaignCommandsSkill:
    name = "campaign_commands"
    secretariat_only = True

    def __init__(self, env: CampaignEnv, kind: str = "arsrapport") -> None:
        self.env = env
        self.kind = kind
        self.service = CampaignService(env)

    @classmethod
    def from_app(cls, bot_app: BotApp) -> CampaignCommandsSkill:
        return cls(CampaignEnv.from_app(bot_app))

    def is_active(self, state: dict[str, Any]) -> bool:
        return STATE_KEY in state

    def wants(self, turn: Turn) -> bool:
        folded = turn.folded
        return bool(_START.match(folded) or _STATUS.match(folded) or _PAUSE.match(folded) or _RESUME.match(folded)
                    or _STOP.match(folded) or _IMPORT.match(folded) or _MARK.match(turn.message.text.strip()))

    def handle(self, turn: Turn) -> Reply:
        """Previews (who gets what), status and confirmations are secretariat output: private."""
        reply = self._handle(turn)
        return reply if reply.intent == "refused" else replace(reply, private=True)

    def _handle(self, turn: Turn) -> Reply:
        if not turn.is_secretariat:  # a flow left over from someone who lost access
            turn.state.pop(STATE_KEY, None)
            return Reply(chat("not_allowed"), intent="refused")
        try:
            if STATE_KEY in turn.state:
                return self._continue(turn)
            folded = turn.folded
            if _START.match(folded):
                return self._start(turn)
            if _STATUS.match(folded):
                return self._status(turn)
            if _PAUSE.match(folded):
                campaign, cancelled = self.service.pause(actor=_actor(turn), channel=turn.message.channel,
                                                         session=turn.session)
                return Reply(chat("paused", campaign=campaign, cancelled=cancelled), intent="campaign_paused")
            if _RESUME.match(folded):
                campaign = self.service.resume(actor=_actor(turn), channel=turn.message.channel, session=turn.session)
                return Reply(chat("resumed", campaign=campaign), intent="campaign_resumed")
            if _STOP.match(folded):
                campaign, cancelled = self.service.stop(actor=_actor(turn), channel=turn.message.channel,
                                                        session=turn.session)
                return Reply(chat("stopped", campaign=campaign, cancelled=cancelled), intent="campaign_stopped")
            if _IMPORT.match(folded):
                return Reply(chat("import_how"), intent="campaign_import_how")
            found = _MARK.match(turn.message.text.strip())
            if found:
                return self._mark(turn, found.group("what"))
        except CampaignError as exc:
            return Reply(str(exc), intent="campaign_error")
        return Reply(chat("unknown_command"), intent="campaign_error")

    # ------------------------------------------------------------------ start with preview and confirm

    def _start(self, turn: Turn) -> Reply:
        text = turn.message.text
        years = _YEAR.findall(_URL.sub(" ", _DATE.sub(" ", text)))
        info = self.env.info(self.kind)
        year = int(years[0]) if years else info.season_year(turn.today)
        links = _URL.findall(text)
        deadline = _deadline(_URL.sub(" ", text))
        state = {"kind": self.kind, "year": year, "deadline": deadline.isoformat() if deadline else None,
                 "link": links[0].rstrip(".,)") if links else None}
        with_existing = turn.session.exec(
            select(Campaign).where(Campaign.kind == self.kind, Campaign.year == year)).first()
        if with_existing is not None:
            return Reply(chat("exists", campaign=with_existing), intent="campaign_exists")
        if not state["link"]:
            turn.state[STATE_KEY] = {**state, "step": "link"}
            return Reply(chat("need_link", year=year), intent="campaign_need_link")
        return self._preview(turn, state)

    def _preview(self, turn: Turn, state: dict[str, Any]) -> Reply:
        blocking = [problem for problem in self.service.setup_problems() if problem.blocking]
        if blocking:  # said before any preview: nothing to confirm while nobody can be reached
            turn.state.pop(STATE_KEY, None)
            return Reply(chat("not_ready", problems=blocking), intent="campaign_not_ready")
        deadline = date.fromisoformat(state["deadline"]) if state.get("deadline") else None
        preview = self.service.preview(kind=state["kind"], year=int(state["year"]), deadline=deadline,
                                       link=str(state["link"]), session=turn.session)
        if not preview.recipients:
            turn.state.pop(STATE_KEY, None)
            return Reply(preview.warnings[0], intent="campaign_error")
        turn.state[STATE_KEY] = {**state, "deadline": preview.deadline.isoformat(), "step": "confirm"}
        turn.record("campaign.preview", year=preview.year, recipients=len(preview.recipients))
        return Reply(preview_text(preview) + "\n\n" + chat("confirm"), intent="campaign_preview")

    def _continue(self, turn: Turn) -> Reply:
        state = dict(turn.state[STATE_KEY])
        folded = turn.folded
        if folded in _NO:
            turn.state.pop(STATE_KEY, None)
            return Reply(chat("cancelled"), intent="campaign_cancelled")
        if state.get("step") == "link":
            links = _URL.findall(turn.message.text)
            if not links:
                return Reply(chat("need_link", year=state["year"]), intent="campaign_need_link")
            state["link"] = links[0].rstrip(".,)")
            try:
                return self._preview(turn, state)
            except CampaignError:
                turn.state.pop(STATE_KEY, None)
                raise
        if folded in _YES:
            turn.state.pop(STATE_KEY, None)
            result = self.service.start(kind=state["kind"], year=int(state["year"]),
                                        deadline=date.fromisoformat(state["deadline"]), link=str(state["link"]),
                                        actor=_actor(turn), channel=turn.message.channel, session=turn.session)
            return Reply(chat("started", campaign=result.campaign, created=result.created,
                              deadline=format_date(result.campaign.deadline)), intent="campaign_started")
        return Reply(chat("confirm"), intent="campaign_preview")

    # ------------------------------------------------------------------ status, mark done

    def _status(self, turn: Turn) -> Reply:
        campaign = find_campaign(turn.session)
        status = build_status(turn.session, self.env, campaign)
        return Reply(chat("status", status=status, format_date=format_date), intent="campaign_status")

    def _mark(self, turn: Turn, what: str) -> Reply:
        references = [part.strip() for part in re.split(r"[;\n]|,\s+(?=#?\d)|,(?=\s*#)", what) if part.strip()]
        result = self.service.mark_done(references, actor=_actor(turn), channel=turn.message.channel,
                                        session=turn.session)
        return Reply(chat("marked", result=result), intent="campaign_marked")


class CampaignReplySkill:
    """A contact answering a reminder in chat (Slack, console; email replies are answered by the
    campaign's intake observer, the same code). Placed first: "Hei, levert!" must not be help."""

    name = "campaign_reply"
    secretariat_only = False

    def __init__(self, env: CampaignEnv) -> None:
        self.env = env

    @classmethod
    def from_app(cls, bot_app: BotApp) -> CampaignReplySkill:
        return cls(CampaignEnv.from_app(bot_app))

    def _recipient(self, turn: Turn) -> CampaignRecipient | None:
        message = turn.message
        email = message.email or (message.user_id if "@" in message.user_id else None)
        slack_id = message.user_id if message.channel == "slack" else None
        found = answers.contact_for(turn.session, thread=message.conversation_id, email=email, slack_id=slack_id)
        if found is None and message.channel == "teams":
            contact = teams_contact_email(turn.session, (message.user_id, message.email))
            if contact is not None:
                found = answers.contact_for(turn.session, thread=None, email=contact, slack_id=None)
        return found

    @staticmethod
    def _sender(turn: Turn, recipient: CampaignRecipient) -> str:
        """Who answered: in Teams the contact themselves when their Teams identity is the contact list's
        ``teams_id`` (their UPN may differ from the address in the list)."""
        message = turn.message
        if message.channel == "teams" and teams_contact_email(turn.session, (message.user_id, message.email)) \
                == recipient.email:
            return recipient.email
        return message.email or message.user_id

    def wants(self, turn: Turn) -> bool:
        if not answers.is_campaign_reply(turn.message.text, thread=turn.message.conversation_id):
            return False
        return self._recipient(turn) is not None

    def handle(self, turn: Turn) -> Reply:
        """About the person's own measures and reminders: private."""
        recipient = self._recipient(turn)
        if recipient is None or recipient.id is None:
            return Reply(chat("reply_other"), intent="campaign_other", private=True)
        reply = answers.handle(turn.session, self.env, recipient, text=turn.message.text,
                               sender=self._sender(turn, recipient),
                               message_id=turn.message.message_id, channel=turn.message.channel, now=turn.now,
                               verified=turn.message.verified, identity=turn.message.identity_detail())
        return replace(reply, private=True)
