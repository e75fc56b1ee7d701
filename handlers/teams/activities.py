"""Reading an incoming activity: who wrote, where, and what (mentions of the bot removed)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_AT = re.compile(r"<at(?:\s[^<>]{0,200})?>([^<>]{0,300})</at>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{1,500}>")
_BREAK = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class ActivityInfo:
    type: str
    id: str
    service_url: str
    channel_id: str
    conversation_id: str
    conversation_type: str
    """``personal`` (1:1 with the bot), ``channel`` (a team channel) or ``groupChat``."""
    tenant_id: str | None
    from_id: str
    from_aad: str | None
    from_name: str
    bot_id: str
    bot_name: str
    reply_to_id: str | None
    text: str
    value: Mapping[str, Any] | None
    locale: str | None

    @property
    def is_personal(self) -> bool:
        return self.conversation_type == "personal"

    @property
    def user_key(self) -> str:
        """The id the core knows the person by: the Entra object id (stable across chats), else the Teams id."""
        return (self.from_aad or self.from_id).lower()


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse(activity: Mapping[str, Any]) -> ActivityInfo:
    conversation = _dict(activity.get("conversation"))
    sender = _dict(activity.get("from"))
    recipient = _dict(activity.get("recipient"))
    channel_data = _dict(activity.get("channelData"))
    tenant = _str(_dict(channel_data.get("tenant")).get("id"))
    tenant = tenant or _str(conversation.get("tenantId"))
    value = activity.get("value")
    kind = _str(conversation.get("conversationType")) or ("personal" if not conversation.get("isGroup") else
                                                           "groupChat")
    return ActivityInfo(
        type=_str(activity.get("type")), id=_str(activity.get("id")), service_url=_str(activity.get("serviceUrl")),
        channel_id=_str(activity.get("channelId")), conversation_id=_str(conversation.get("id")),
        conversation_type=kind, tenant_id=tenant or None, from_id=_str(sender.get("id")),
        from_aad=_str(sender.get("aadObjectId")) or None, from_name=_str(sender.get("name")),
        bot_id=_str(recipient.get("id")), bot_name=_str(recipient.get("name")),
        reply_to_id=_str(activity.get("replyToId")) or None,
        text=clean_text(_str(activity.get("text")), activity),
        value=value if isinstance(value, dict) else None, locale=_str(activity.get("locale")) or None)


def clean_text(text: str, activity: Mapping[str, Any]) -> str:
    """Remove the ``<at>bot</at>`` mentions of the bot (others keep their name) and any markup."""
    recipient = _dict(activity.get("recipient"))
    bot_id = _str(recipient.get("id"))
    bot_names: set[str] = set()
    for entity in activity.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = _dict(entity.get("mentioned"))
        if bot_id and _str(mentioned.get("id")) == bot_id:
            found = _AT.search(_str(entity.get("text")))
            bot_names.add((found.group(1) if found else _str(mentioned.get("name"))).strip().lower())
    if _str(recipient.get("name")):
        bot_names.add(_str(recipient.get("name")).strip().lower())
    text = _AT.sub(lambda m: " " if m.group(1).strip().lower() in bot_names else m.group(1), text[:40000])
    text = _TAG.sub("", _BREAK.sub("\n", text))
    text = html.unescape(text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def mentions_bot(activity: Mapping[str, Any]) -> bool:
    bot_id = _str(_dict(activity.get("recipient")).get("id"))
    return any(isinstance(entity, dict) and entity.get("type") == "mention"
               and isinstance(entity.get("mentioned"), dict) and _str(entity["mentioned"].get("id")) == bot_id
               for entity in activity.get("entities") or [])


def members_added(activity: Mapping[str, Any]) -> list[str]:
    return [_str(member.get("id")) for member in activity.get("membersAdded") or [] if isinstance(member, dict)]
