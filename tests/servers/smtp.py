"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, port 0, recording and scriptable.

`SmtpServer().start()` runs an aiosmtpd `Controller` in its own thread and event loop, so it
serves while the test's loop runs the code under test. Every DATA transaction is recorded
(envelope, raw bytes, Message-ID, the answer given). Answers can be scripted:

- `refuse_rcpt(address, "550 5.1.1 ...")`: that recipient is refused every time;
- `script_rcpt(address, "450 4.2.1 ...", ...)`, `script_mail(...)`, `script_data("451 ...", ...)`:
  the next answers at that stage, one per command, first in first out, then back to normal;
- `DROP` in any script drops the connection at that point (at DATA: after the message was
  received and recorded, before the answer: the client cannot tell whether it was delivered);
- `in_doubt = True`: every DATA is recorded, then the connection is dropped (email.md section 7);
- `fail_auth("535 5.7.8 ...")` or `auth_users={...}`: AUTH PLAIN/LOGIN is offered without TLS.

`forward_to(dovecot)` delivers each accepted message into the Dovecot user named by the
recipient's local part (SMTP -> IMAP loop), before answering 250.
"""

from __future__ import annotations

import asyncio
import email
import email.message
import email.policy
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

if TYPE_CHECKING:
    from tests.servers.dovecot import DovecotServer

DROP = "DROP"
"""In a script: drop the connection instead of answering."""

OK = "250 2.0.0 OK"
Route = Callable[[str], "str | None"]


def message_id_of(raw: bytes) -> str | None:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    value = parsed["Message-ID"]
    return str(value).strip() if value is not None else None


@dataclass(frozen=True)
class ReceivedMessage:
    """One DATA transaction as the server saw it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    """Recipients the server accepted for this transaction."""
    raw: bytes
    message_id: str | None
    response: str
    """The answer to DATA: a status line, or `DROP` when the connection was dropped."""
    auth_login: str | None
    received_at: float
    forwarded: Mapping[str, int] = field(default_factory=dict)
    """Dovecot user -> UID of the copy delivered there (when forwarding)."""

    @property
    def accepted(self) -> bool:
        """The server took responsibility for the message (2xx, or dropped after receiving it)."""
        return self.response == DROP or self.response.startswith("2")

    @property
    def in_doubt(self) -> bool:
        return self.response == DROP

    def email(self) -> email.message.EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    @property
    def subject(self) -> str | None:
        value = self.email()["Subject"]
        return str(value) if value is not None else None


class _Recorder:
    """The aiosmtpd handler (runs in the controller's thread) plus the script it follows."""

    def __init__(self, auth_users: Mapping[str, str] | None) -> None:
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.received: list[ReceivedMessage] = []
        self.refused_rcpt: dict[str, str] = {}
        self.rcpt_scripts: dict[str, deque[str]] = {}
        self.mail_script: deque[str] = deque()
        self.data_script: deque[str] = deque()
        # No attribute here may start with "auth_": aiosmtpd offers those as AUTH mechanisms.
        self.login_script: deque[str] = deque()
        self.failing_sessions: weakref.WeakKeyDictionary[Session, str] = weakref.WeakKeyDictionary()
        self.logins = dict(auth_users) if auth_users is not None else None
        self.in_doubt = False
        self.forward: tuple[DovecotServer, Route] | None = None
        self.commands: list[str] = []

    # --- aiosmtpd hooks

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, mail_options: list[str]
    ) -> str:
        with self.lock:
            self.commands.append(f"MAIL FROM:<{address}>")
            scripted = self.mail_script.popleft() if self.mail_script else None
        if scripted == DROP:
            return _drop(server)
        if scripted is not None and not scripted.startswith("2"):
            return scripted
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return scripted or OK

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        key = address.lower()
        with self.lock:
            self.commands.append(f"RCPT TO:<{address}>")
            script = self.rcpt_scripts.get(key)
            scripted = script.popleft() if script else None
            if scripted is None:
                scripted = self.refused_rcpt.get(key)
        if scripted == DROP:
            return _drop(server)
        if scripted is not None and not scripted.startswith("2"):
            return scripted
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return scripted or OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):  # only with decode_data=True, which we never set
            raw = raw.encode()
        with self.lock:
            self.commands.append("DATA")
            scripted = self.data_script.popleft() if self.data_script else None
            drop = scripted == DROP or (scripted is None and self.in_doubt)
            forward = self.forward
        response = DROP if drop else (scripted or OK)
        forwarded: dict[str, int] = {}
        if (drop or response.startswith("2")) and forward is not None:
            delivery = asyncio.ensure_future(_deliver(forward, envelope, raw))
            try:
                forwarded = await asyncio.shield(delivery)
            except asyncio.CancelledError:
                # The client went away (a killed sender) while we delivered: like a real MTA we keep the
                # message (the delivery finishes in the background) and record it as taken, in doubt for
                # the client. Not recording it would lose a mail that did reach the mailboxes.
                self._record(envelope, raw, DROP, session, {})
                raise
            except Exception as error:  # a real MTA answers a local delivery failure with 451
                response = f"451 4.3.0 local delivery failed: {type(error).__name__}: {error}"
                drop = False
        self._record(envelope, raw, response, session, forwarded)
        if drop:
            return _drop(server)
        return response

    def _record(self, envelope: Envelope, raw: bytes, response: str, session: Session,
                forwarded: dict[str, int]) -> None:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        record = ReceivedMessage(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            raw=bytes(raw),
            message_id=_safe_message_id(raw),
            response=response,
            auth_login=login.decode(errors="replace") if login is not None else None,
            received_at=time.time(),
            forwarded=forwarded,
        )
        with self.changed:
            self.received.append(record)
            self.changed.notify_all()

    # --- aiosmtpd authenticator (synchronous)

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        with self.lock:
            self.commands.append(f"AUTH {mechanism}")
            scripted = self.failing_sessions.get(session)
            if scripted is None and self.login_script:
                scripted = self.failing_sessions[session] = self.login_script.popleft()
            users = self.logins
        if scripted is not None:
            return AuthResult(success=False, handled=False, message=scripted)
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode(errors="replace")
            password = auth_data.password.decode(errors="replace")
            if users is None or users.get(login) == password:
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


def _drop(server: SMTP) -> str:
    """Abort the connection at once (nothing buffered is sent); the returned line goes nowhere."""
    if isinstance(server.transport, asyncio.Transport):
        server.transport.abort()
    return "421 4.4.2 connection dropped by test script"


def _safe_message_id(raw: bytes) -> str | None:
    try:
        return message_id_of(raw)
    except Exception:  # a broken header must not break the recording
        return None


async def _deliver(forward: tuple[DovecotServer, Route], envelope: Envelope, raw: bytes) -> dict[str, int]:
    dovecot, route = forward
    delivered: dict[str, int] = {}
    for rcpt in envelope.rcpt_tos:
        user = route(rcpt)
        if user is None or user in delivered:
            continue
        trace = f"Return-Path: <{envelope.mail_from or ''}>\r\nDelivered-To: {rcpt}\r\n".encode()
        delivered[user] = await asyncio.to_thread(dovecot.append, user, trace + raw)
    return delivered


class _PortZeroController(Controller):
    """aiosmtpd's Controller, bound to port 0: the real port is read back before the self-test."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """A recording, scriptable aiosmtpd server on 127.0.0.1 (see the module doc)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        *,
        auth_users: Mapping[str, str] | None = None,
        auth_required: bool = False,
        server_hostname: str = "smtp.test",
    ) -> None:
        self.host = host
        self._recorder = _Recorder(auth_users)
        self._controller = _PortZeroController(
            self._recorder,
            hostname=host,
            port=0,
            server_hostname=server_hostname,
            authenticator=self._recorder.authenticate,
            auth_require_tls=False,
            auth_required=auth_required,
            ready_timeout=10.0,
        )
        self._running = False

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> SmtpServer:
        if not self._running:
            self._controller.start()
            self._running = True
        return self

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ----------------------------------------------------------------- addresses

    @property
    def port(self) -> int:
        if not self._running:
            raise RuntimeError("SMTP server is not running")
        port: int = self._controller.port
        return port

    @property
    def url(self) -> str:
        """`smtp://127.0.0.1:PORT`, the form SMTP_URL takes."""
        return f"smtp://{self.host}:{self.port}"

    def url_for(self, user: str, password: str) -> str:
        """`smtp://user:pass@127.0.0.1:PORT`, with credentials."""
        return f"smtp://{quote(user, safe='')}:{quote(password, safe='')}@{self.host}:{self.port}"

    # ----------------------------------------------------------------- what arrived

    @property
    def received(self) -> list[ReceivedMessage]:
        """Every DATA transaction, accepted or refused, in arrival order."""
        with self._recorder.lock:
            return list(self._recorder.received)

    @property
    def messages(self) -> list[ReceivedMessage]:
        """The messages the server took (2xx, or in doubt: received, then dropped)."""
        return [message for message in self.received if message.accepted]

    @property
    def message_ids(self) -> list[str | None]:
        return [message.message_id for message in self.messages]

    @property
    def commands(self) -> list[str]:
        """MAIL/RCPT/DATA/AUTH commands seen, in order (for checking retries and RSETs)."""
        with self._recorder.lock:
            return list(self._recorder.commands)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Block until at least `count` messages were accepted (for senders in another process)."""
        deadline = time.monotonic() + timeout
        with self._recorder.changed:
            while True:
                accepted = [message for message in self._recorder.received if message.accepted]
                if len(accepted) >= count:
                    return accepted
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(accepted)} of {count} messages arrived in {timeout} s")
                self._recorder.changed.wait(remaining)

    def clear(self) -> None:
        """Forget what was received and every script (forwarding and auth users stay)."""
        with self._recorder.lock:
            self._recorder.received.clear()
            self._recorder.commands.clear()
            self._recorder.refused_rcpt.clear()
            self._recorder.rcpt_scripts.clear()
            self._recorder.mail_script.clear()
            self._recorder.data_script.clear()
            self._recorder.login_script.clear()
            self._recorder.in_doubt = False

    # ----------------------------------------------------------------- scripting

    def refuse_rcpt(self, address: str, response: str = "550 5.1.1 User unknown") -> None:
        """Refuse this recipient every time (after any `script_rcpt` answers are used up)."""
        with self._recorder.lock:
            self._recorder.refused_rcpt[address.lower()] = response

    def script_rcpt(self, address: str, *responses: str) -> None:
        """The next answers to RCPT TO this address, one per command (e.g. "450 4.2.1 ...", then normal)."""
        with self._recorder.lock:
            self._recorder.rcpt_scripts.setdefault(address.lower(), deque()).extend(responses)

    def script_mail(self, *responses: str) -> None:
        """The next answers to MAIL FROM, one per command (e.g. "421 4.3.2 ...", "452 4.3.1 ...")."""
        with self._recorder.lock:
            self._recorder.mail_script.extend(responses)

    def script_data(self, *responses: str) -> None:
        """The next answers to DATA (after the message is received), e.g. "451 4.3.0 ...", or DROP."""
        with self._recorder.lock:
            self._recorder.data_script.extend(responses)

    def fail_auth(self, *responses: str) -> None:
        """Fail AUTH on the next connections, one answer per connection (default one "535 5.7.8 ...").

        Every AUTH on such a connection fails the same way (clients try each mechanism in turn).
        """
        with self._recorder.lock:
            self._recorder.login_script.extend(responses or ("535 5.7.8 Authentication credentials invalid",))

    @property
    def in_doubt(self) -> bool:
        """When set, every DATA (without a scripted answer) is recorded, then the connection dropped."""
        with self._recorder.lock:
            return self._recorder.in_doubt

    @in_doubt.setter
    def in_doubt(self, value: bool) -> None:
        with self._recorder.lock:
            self._recorder.in_doubt = value

    def forward_to(self, dovecot: DovecotServer | None, route: Route | Mapping[str, str] | None = None) -> None:
        """Deliver accepted mail into Dovecot: each recipient -> user given by `route`.

        `route` may be a function (address -> user or None to skip) or a mapping of addresses;
        by default the recipient's local part, when it is one of Dovecot's users. Each copy gets
        `Return-Path` and `Delivered-To` lines on top, as a real delivery does. `None` stops it.
        """
        chosen = None if dovecot is None else (dovecot, _route(dovecot, route))
        with self._recorder.lock:
            self._recorder.forward = chosen


def _route(dovecot: DovecotServer, route: Route | Mapping[str, str] | None) -> Route:
    if callable(route):
        return route
    if route is not None:
        table = {address.lower(): user for address, user in route.items()}
        return lambda address: table.get(address.lower())
    users = set(dovecot.users)

    def by_local_part(address: str) -> str | None:
        local = address.rsplit("@", 1)[0]
        return local if local in users else None

    return by_local_part

