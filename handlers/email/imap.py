"""The IMAP side: a thin, synchronous wrapper over imap-tools (call it from a thread).

What it guarantees (reference/email.md §4):

* Messages are fetched with ``BODY.PEEK[]``: no flag changes, so a person reading the mailbox in
  Outlook changes nothing and the bot changes nothing for them.
* Capabilities are re-read after login (Dovecot announces MOVE only then), so ``UID MOVE`` is used.
  Without MOVE: ``UID COPY`` + ``\\Deleted`` + ``UID EXPUNGE`` of exactly those UIDs (UIDPLUS);
  without UIDPLUS the originals stay flagged. **No mailbox-wide EXPUNGE on any path.**
* A dropped connection surfaces as :class:`ImapConnectionLost` (never a busy loop on a dead socket).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from imap_tools import MailBox, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError
from imap_tools.mailbox import BaseMailBox
from imap_tools.utils import encode_folder

from handlers.email.oauth import ChannelPaused, TokenError, TokenRejected
from handlers.email.urls import ImapUrl

_UID = re.compile(rb"\bUID (\d+)")
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_UIDNEXT = re.compile(rb"UIDNEXT (\d+)")
_MESSAGES = re.compile(rb"MESSAGES (\d+)")
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError, imaplib.IMAP4.abort, imaplib.IMAP4.error, ImapToolsError, EOFError, ssl.SSLError, socket.timeout,
)


class ImapConnectionLost(ConnectionError):
    """The IMAP connection dropped or answered nonsense; reconnect and rescan."""


class ImapAuthPaused(ImapConnectionLost):
    """MAIL_AUTH=oauth2: the mailbox rejected a freshly renewed token; the channel waits (one log line
    was written; ``TokenProvider.status()`` says why and until when)."""


class ImapCommandFailed(ImapConnectionLost):
    """The server answered NO or BAD (the connection itself is fine)."""

    def __init__(self, message: str, response: str) -> None:
        super().__init__(message)
        self.response = response


@dataclass(frozen=True)
class FolderStatus:
    uidvalidity: int
    uidnext: int
    messages: int


def _number(values: object) -> int:
    """The last value of an untagged response list as an int (0 when absent)."""
    if isinstance(values, list) and values:
        last = values[-1]
        if isinstance(last, bytes) and last.strip().isdigit():
            return int(last)
    return 0


def _check(result: tuple[str, list[object]], what: str) -> list[object]:
    typ, data = result
    if typ != "OK":
        raise ImapCommandFailed(f"IMAP {what} failed: {typ} {data!r}"[:500], f"{typ} {data!r}")
    return data


class ImapClient:
    def __init__(self, url: ImapUrl, *, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout
        self._mailbox: BaseMailBox | None = None
        self.capabilities: frozenset[str] = frozenset()
        self.selected: str | None = None

    # ------------------------------------------------------------------ connection

    def connect(self) -> ImapClient:
        self.close()
        try:
            if self.url.tls:
                mailbox: BaseMailBox = MailBox(self.url.host, self.url.port, timeout=self.timeout)
            else:
                mailbox = MailBoxUnencrypted(self.url.host, self.url.port, timeout=self.timeout)
            if self.url.tokens is not None:
                self._mailbox = mailbox  # close() logs it out if the login fails
                self._login_xoauth2(mailbox)
            else:
                mailbox.login(self.url.username, self.url.password, initial_folder=None)
            self._mailbox = mailbox
            self._refresh_capabilities()
        except TokenError as exc:  # no token, or the mailbox rejected a fresh one (the channel is paused)
            self.close()
            error = ImapAuthPaused if isinstance(exc, ChannelPaused) else ImapConnectionLost
            raise error(f"IMAP login to {self.url.host}:{self.url.port} failed: {exc}") from None
        except CONNECTION_ERRORS as exc:
            self.close()
            raise ImapConnectionLost(f"IMAP connect to {self.url.host}:{self.url.port} failed: {exc}") from exc
        return self

    def _login_xoauth2(self, mailbox: BaseMailBox) -> None:
        """SASL XOAUTH2 with the provider's token: renewed once when rejected, then the channel pauses."""
        tokens = self.url.tokens
        assert tokens is not None
        client = mailbox.client

        def attempt(token: str) -> None:
            sent: list[bool] = []

            def respond(_challenge: bytes) -> bytes:
                # First the SASL string; to the server's error challenge an empty line (RFC 7628).
                if sent:
                    return b""
                sent.append(True)
                return f"user={self.url.username}\x01auth=Bearer {token}\x01\x01".encode()

            try:
                typ, data = client.authenticate("XOAUTH2", respond)
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise TokenRejected(tokens.scrub(str(exc))[:300]) from None
            if typ != "OK":
                raise TokenRejected(tokens.scrub(f"{typ} {data!r}")[:300])

        tokens.login(f"IMAP {self.url.host}:{self.url.port} (user {self.url.username})", attempt)

    def _refresh_capabilities(self) -> None:
        client = self.client
        data = _check(client.capability(), "CAPABILITY")
        line = data[-1] if data else b""
        text = line.decode("ascii", "replace") if isinstance(line, bytes) else str(line)
        capabilities = tuple(text.upper().split())
        client.capabilities = capabilities  # imap-tools' move() reads this tuple
        self.capabilities = frozenset(capabilities)

    @property
    def client(self) -> imaplib.IMAP4:
        if self._mailbox is None:
            raise ImapConnectionLost("not connected")
        return self._mailbox.client

    @property
    def connected(self) -> bool:
        return self._mailbox is not None

    def close(self) -> None:
        mailbox, self._mailbox = self._mailbox, None
        self.selected = None
        if mailbox is None:
            return
        with contextlib.suppress(Exception):  # a dead connection cannot log out; just drop it
            mailbox.client.logout()
        with contextlib.suppress(Exception):
            mailbox.client.shutdown()

    def __enter__(self) -> ImapClient:
        return self.connect() if not self.connected else self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ commands

    def _run(self, what: str, command: object) -> list[object]:
        try:
            return _check(command() if callable(command) else command, what)  # type: ignore[arg-type]
        except ImapConnectionLost:
            raise
        except CONNECTION_ERRORS as exc:
            self.close()
            raise ImapConnectionLost(f"IMAP {what}: {type(exc).__name__}: {exc}") from exc

    def select(self, folder: str) -> FolderStatus:
        """SELECT (read-write: MOVE needs it) and return UIDVALIDITY/UIDNEXT/message count."""
        client = self.client
        data = self._run(f"SELECT {folder}", lambda: client.select(encode_folder(folder)))  # type: ignore[arg-type]
        self.selected = folder
        return FolderStatus(_number(client.untagged_responses.get("UIDVALIDITY")),
                            _number(client.untagged_responses.get("UIDNEXT")), _number(data))

    def status(self, folder: str) -> FolderStatus:
        client = self.client
        data = self._run(f"STATUS {folder}", lambda: client.status(
            encode_folder(folder), "(UIDVALIDITY UIDNEXT MESSAGES)"))  # type: ignore[arg-type]
        line = data[0] if data and isinstance(data[0], bytes) else b""
        found = [_UIDVALIDITY.search(line), _UIDNEXT.search(line), _MESSAGES.search(line)]
        values = [int(match.group(1)) if match else 0 for match in found]
        return FolderStatus(*values)

    def uids(self, criteria: str = "ALL") -> list[int]:
        client = self.client
        data = self._run("UID SEARCH", lambda: client.uid("SEARCH", criteria))
        first = data[0] if data else b""
        return sorted(int(uid) for uid in (first or b"").split()) if isinstance(first, bytes) else []

    def fetch(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes) for each UID, fetched with BODY.PEEK[] (flags untouched)."""
        if not uids:
            return
        client = self.client
        data = self._run("UID FETCH", lambda: client.uid("FETCH", ",".join(str(uid) for uid in uids),
                                                          "(UID BODY.PEEK[])"))
        for item in data:
            if not isinstance(item, tuple) or len(item) < 2:
                continue
            head, body = item[0], item[1]
            found = _UID.search(head) if isinstance(head, bytes) else None
            if found is None or not isinstance(body, bytes):
                continue
            yield int(found.group(1)), body

    def move(self, uids: Sequence[int], folder: str) -> None:
        if not uids:
            return
        client = self.client
        uid_set = ",".join(str(uid) for uid in uids)
        target = encode_folder(folder)
        if "MOVE" in self.capabilities:
            try:
                self._run(f"UID MOVE {folder}", lambda: client.uid("MOVE", uid_set, target))  # type: ignore[arg-type]
            except ImapCommandFailed as exc:
                if "EXPUNGEISSUED" not in exc.response:
                    raise
                # Another session (a second bot process) moved some of them meanwhile: catch up on
                # its expunges, then move what is still here (UIDs that are gone are ignored).
                self._run("NOOP", client.noop)
                self._run(f"UID MOVE {folder}", lambda: client.uid("MOVE", uid_set, target))  # type: ignore[arg-type]
            return
        self._run(f"UID COPY {folder}", lambda: client.uid("COPY", uid_set, target))  # type: ignore[arg-type]
        self._run("UID STORE", lambda: client.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)"))
        if "UIDPLUS" in self.capabilities:
            self._run("UID EXPUNGE", lambda: client.uid("EXPUNGE", uid_set))

    def ensure_folders(self, folders: Sequence[str]) -> None:
        """Create the folders the bot moves mail into when the mailbox does not have them yet."""
        client = self.client
        listed = self._run("LIST", lambda: client.list('""', "*"))
        names = {line.decode("utf-8", "replace").rsplit(" ", 1)[-1].strip('"')
                 for line in listed if isinstance(line, bytes)}
        for folder in folders:
            if folder not in names:
                self._run(f"CREATE {folder}", lambda f=folder: client.create(encode_folder(f)))  # type: ignore[misc,arg-type]

    def append(self, folder: str, raw: bytes, flags: str = r"(\Seen)") -> None:
        client = self.client
        self._run(f"APPEND {folder}", lambda: client.append(encode_folder(folder), flags, None, raw))  # type: ignore[arg-type]

    def contains_message_id(self, folders: Sequence[str], message_id: str) -> bool:
        """Whether a message with this Message-ID is in any of the folders (read-only EXAMINE)."""
        client = self.client
        quoted = '"' + message_id.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for folder in folders:
            try:
                self._run(f"EXAMINE {folder}",
                          lambda f=folder: client.select(encode_folder(f), readonly=True))  # type: ignore[misc,arg-type]
            except ImapConnectionLost:
                if not self.connected:
                    raise
                continue
            self.selected = None
            data = self._run("UID SEARCH HEADER", lambda: client.uid("SEARCH", "HEADER", "Message-ID", quoted))
            if data and isinstance(data[0], bytes) and data[0].strip():
                return True
        return False

    # ------------------------------------------------------------------ IDLE

    @property
    def has_idle(self) -> bool:
        return "IDLE" in self.capabilities

    def idle(self, seconds: float, stop: threading.Event) -> bool:
        """Wait in IDLE until the folder changes, ``seconds`` pass or ``stop`` is set.

        Returns True when the server reported new mail. A dropped connection raises
        :class:`ImapConnectionLost` at once (the dead socket is never polled in a loop).
        """
        seconds = min(seconds, 29 * 60)
        mailbox = self._mailbox
        if mailbox is None:
            raise ImapConnectionLost("not connected")
        client = mailbox.client
        try:
            mailbox.idle.start()
        except CONNECTION_ERRORS as exc:
            self.close()
            raise ImapConnectionLost(f"IDLE start: {exc}") from exc
        changed = False
        deadline = time.monotonic() + seconds
        try:
            while not stop.is_set() and time.monotonic() < deadline and not changed:
                readable, _, _ = select.select([client.sock], [], [], min(1.0, max(0.0, deadline - time.monotonic())))
                if not readable:
                    continue
                line = client._get_line()  # type: ignore[attr-defined]
                if not line:
                    raise ImapConnectionLost("IDLE: connection closed")
                if line.startswith(b"* BYE"):
                    raise ImapConnectionLost(f"IDLE: server said {line[:100]!r}")
                if b"EXISTS" in line or b"RECENT" in line:
                    changed = True
            mailbox.idle.stop()
        except ImapConnectionLost:
            self.close()
            raise
        except CONNECTION_ERRORS as exc:
            self.close()
            raise ImapConnectionLost(f"IDLE: {type(exc).__name__}: {exc}") from exc
        return changed
