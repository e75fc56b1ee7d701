"""Signed reply tokens for the Reply-To plus-address (``bot+<token>@domain``).

A token is 16 random base32 characters followed by 16 characters of HMAC-SHA256 over them, keyed
with a secret generated once and stored in the database, bound to BOT_EMAIL. A guessed or
altered token fails the MAC before any lookup; a valid token is then looked up in the outbox,
which binds it to one recipient, thread and campaign.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

from sqlmodel import Session

from bot.mail.identity import BotIdentity
from bot.mail.state import signing_secret

_NONCE_BYTES = 10
_MAC_BYTES = 10
TOKEN_LENGTH = 32


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").lower().rstrip("=")


class ReplyTokens:
    def __init__(self, secret: str, identity: BotIdentity) -> None:
        self._key = hmac.new(secret.encode(), b"reply-token\x00" + identity.address.encode(), hashlib.sha256).digest()
        self._identity = identity

    @classmethod
    def load(cls, session: Session, identity: BotIdentity, now: datetime) -> ReplyTokens:
        return cls(signing_secret(session, now), identity)

    def _mac(self, nonce: str) -> str:
        return _b32(hmac.new(self._key, nonce.encode("ascii"), hashlib.sha256).digest()[:_MAC_BYTES])

    def new(self) -> str:
        nonce = _b32(secrets.token_bytes(_NONCE_BYTES))
        return nonce + self._mac(nonce)

    def is_valid(self, token: str) -> bool:
        token = token.strip().lower()
        if len(token) != TOKEN_LENGTH or not token.isalnum():
            return False
        nonce, mac = token[:16], token[16:]
        return hmac.compare_digest(self._mac(nonce), mac)

    def reply_address(self, token: str) -> str:
        return self._identity.plus_address(token)

    def tokens_in(self, addresses: list[str]) -> tuple[list[str], list[str]]:
        """(valid tokens, rejected tags) found in the bot's plus-addresses among ``addresses``."""
        valid: list[str] = []
        rejected: list[str] = []
        for address in addresses:
            tag = self._identity.plus_tag(address)
            if tag is None:
                continue
            if self.is_valid(tag):
                valid.append(tag.lower())
            else:
                rejected.append(tag)
        return list(dict.fromkeys(valid)), rejected
