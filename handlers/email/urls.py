"""IMAP_URL and SMTP_URL as connection parameters (the settings already checked their shape)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class ImapUrl:
    host: str
    port: int
    username: str
    password: str
    folder: str
    tls: bool

    @classmethod
    def parse(cls, url: str) -> ImapUrl:
        parts = urlsplit(url)
        tls = parts.scheme == "imaps"
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        return cls(host=parts.hostname or "localhost", port=parts.port or (993 if tls else 143),
                   username=unquote(parts.username or ""), password=unquote(parts.password or ""),
                   folder=folder, tls=tls)

    def __repr__(self) -> str:  # never show the password
        return f"ImapUrl({self.host}:{self.port}, user={self.username!r}, folder={self.folder!r}, tls={self.tls})"


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool

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

    def __repr__(self) -> str:
        return f"SmtpUrl({self.host}:{self.port}, user={self.username!r}, tls={self.use_tls}, starttls={self.start_tls})"
