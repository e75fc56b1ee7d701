"""Who the bot is by email: its address, the domain of its Message-IDs, its loop header."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

LOOP_HEADER = "X-Kompetansebot"
"""Carried by every mail the bot sends; inbound mail carrying it is our own mail coming back."""

MESSAGE_ID_PREFIX = "kb."
_OWN_ID = re.compile(r"^<kb\.[A-Za-z0-9._-]+@(?P<domain>[^<>@\s]+)>$")


@dataclass(frozen=True)
class BotIdentity:
    address: str
    display_name: str = "Kompetansebot"

    def __post_init__(self) -> None:
        if "@" not in self.address:
            raise ValueError("the bot's address must be an email address (BOT_EMAIL)")
        object.__setattr__(self, "address", self.address.strip().lower())

    @property
    def local(self) -> str:
        return self.address.rsplit("@", 1)[0]

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[1]

    @property
    def instance(self) -> str:
        """The loop header's value: the bot's address (one bot per mailbox)."""
        return self.address

    def new_message_id(self) -> str:
        """A Message-ID on the bot's domain, recognisable as ours (``<kb.…@domain>``)."""
        return f"<{MESSAGE_ID_PREFIX}{secrets.token_hex(12)}@{self.domain}>"

    def is_own_message_id(self, message_id: str | None) -> bool:
        if not message_id:
            return False
        found = _OWN_ID.match(message_id.strip())
        return found is not None and found.group("domain").lower() == self.domain

    def plus_address(self, tag: str) -> str:
        return f"{self.local}+{tag}@{self.domain}"

    def plus_tag(self, address: str) -> str | None:
        """The tag of ``local+tag@domain`` when it is one of the bot's plus-addresses."""
        address = address.strip().lower()
        if "@" not in address:
            return None
        local, domain = address.rsplit("@", 1)
        if domain != self.domain or not local.startswith(self.local + "+"):
            return None
        return local[len(self.local) + 1:] or None

    def is_own_address(self, address: str) -> bool:
        address = address.strip().lower()
        return address == self.address or self.plus_tag(address) is not None
