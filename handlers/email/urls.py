"""IMAP_URL and SMTP_URL as connection parameters (the settings already checked their shape).

With ``MAIL_AUTH=oauth2`` the URLs carry host, port and mailbox but no password
(``imaps://kompetanse%40statsforvalteren.no@outlook.office365.com:993/INBOX``); ``with_tokens``
attaches the shared ``handlers.email.oauth.TokenProvider`` and the clients log in with XOAUTH2.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from handlers.email.oauth import TokenProvider


@dataclass(frozen=True)
class ImapUrl:
    host: str
    port: int
    username: str
    password: str
    folder: str
    tls: bool
    tokens: TokenProvider | None = field(default=None, compare=False, repr=False)
    """Set for MAIL_AUTH=oauth2: log in with XOAUTH2 as ``username`` instead of a password."""

    @classmethod
    def parse(cls, url: str) -> ImapUrl:
        parts = urlsplit(url)
        tls = parts.scheme == "imaps"
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        return cls(host=parts.hostname or "localhost", port=parts.port or (993 if tls else 143),
                   username=unquote(parts.username or ""), password=unquote(parts.password or ""),
                   folder=folder, tls=tls)

    def with_tokens(self, tokens: TokenProvider | None) -> ImapUrl:
        return dataclasses.replace(self, tokens=tokens)

    def __repr__(self) -> str:  # never show the password
        return (f"ImapUrl({self.host}:{self.port}, user={self.username!r}, folder={self.folder!r}, tls={self.tls}"
                f"{', oauth2' if self.tokens is not None else ''})")


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool
    tokens: TokenProvider | None = field(default=None, compare=False, repr=False)
    """Set for MAIL_AUTH=oauth2: AUTH XOAUTH2 as ``username`` instead of a password."""

    @classmethod
    def parse(cls, url: str) -> SmtpUrl:
        parts = urlsplit(url)
        use_tls = parts.scheme == "smtps"
        start_tls = parts.scheme == "smtp+starttls"
        default = 465 if use_tls else (587 if start_tls else 25)
        return cls(host=parts.hostname or "localhost", port=parts.port or default,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None,
                   use_tls=use_tls, start_tls=start_tls)

    def with_tokens(self, tokens: TokenProvider | None) -> SmtpUrl:
        return dataclasses.replace(self, tokens=tokens)

    def __repr__(self) -> str:
        return f"SmtpUrl({self.host}:{self.port}, user={self.username!r}, tls={self.use_tls}, starttls={self.start_tls})"
