"""The recording aiosmtpd server of ``tests.servers.smtp`` that accepts only ``AUTH XOAUTH2``.

The SASL string (``user=<mailbox>^Aauth=Bearer <token>^A^A``, base64) is checked like Exchange
Online does: the token must be valid at the token service (introspection over HTTP, the same
endpoint Dovecot uses) and the app must have permission on that mailbox. A refusal goes the
XOAUTH2 way: a ``334`` challenge with a base64 JSON error, the client's empty line, then
``535 5.7.3 Authentication unsuccessful``. PLAIN and LOGIN are not offered; mail is refused
before AUTH. Given a TLS context it requires STARTTLS first, as smtp.office365.com:587 does.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import urllib.parse
import urllib.request
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from tests.servers.smtp import SmtpServer, _PortZeroController, _Recorder

REFUSED = "535 5.7.3 Authentication unsuccessful"


def introspect(url: str, token: str) -> dict[str, Any]:
    data = urllib.parse.urlencode({"token": token, "client_id": "", "client_secret": ""}).encode()
    with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310 - 127.0.0.1 test service
        answer: dict[str, Any] = json.loads(response.read())
        return answer


class _OAuthRecorder(_Recorder):
    def __init__(self, introspection_url: str) -> None:
        super().__init__(None)
        self.introspection_url = introspection_url
        self.xoauth2_attempts = 0
        self.xoauth2_refused = 0

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.commands.append("AUTH XOAUTH2")
            self.xoauth2_attempts += 1
        blob: Any = args[1] if len(args) > 1 else await server.challenge_auth("")
        raw = blob.encode() if isinstance(blob, str) else blob
        try:
            text = base64.b64decode(raw, validate=True).decode()
            fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
            user, bearer = fields["user"], fields["auth"]
            token = bearer.removeprefix("Bearer ")
        except (ValueError, KeyError, UnicodeDecodeError):
            return AuthResult(success=False, handled=False, message="501 5.5.2 Cannot decode the XOAUTH2 string")
        answer = await asyncio.to_thread(introspect, self.introspection_url, token)
        mailboxes = [str(m).lower() for m in answer.get("mailboxes", [])]
        if answer.get("active") is True and user.lower() in mailboxes:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        with self.lock:
            self.xoauth2_refused += 1
        error = base64.b64encode(json.dumps({"status": "401", "schemes": "bearer",
                                             "scope": "https://outlook.office.com/SMTP.Send"}).encode())
        await server.challenge_auth(error, encode_to_b64=False)
        return AuthResult(success=False, handled=False, message=REFUSED)


class OAuthSmtpServer(SmtpServer):
    """``SmtpServer`` (all its recording and scripting) with XOAUTH2 as the only way in."""

    def __init__(self, introspection_url: str, host: str = "127.0.0.1", *, server_hostname: str = "smtp.test",
                 tls_context: ssl.SSLContext | None = None) -> None:
        """With ``tls_context`` the server is like smtp.office365.com:587: STARTTLS first, then AUTH."""
        self.host = host
        self.starttls = tls_context is not None
        self._recorder = _OAuthRecorder(introspection_url)
        self._controller = _PortZeroController(
            self._recorder, hostname=host, port=0, server_hostname=server_hostname,
            tls_context=tls_context, require_starttls=self.starttls, auth_require_tls=self.starttls,
            auth_required=True, auth_exclude_mechanism=["LOGIN", "PLAIN"], ready_timeout=10.0,
        )
        self._running = False

    @property
    def xoauth2_attempts(self) -> int:
        assert isinstance(self._recorder, _OAuthRecorder)
        return self._recorder.xoauth2_attempts

    @property
    def xoauth2_refused(self) -> int:
        assert isinstance(self._recorder, _OAuthRecorder)
        return self._recorder.xoauth2_refused

    def oauth_url_for(self, mailbox: str) -> str:
        """SMTP_URL for MAIL_AUTH=oauth2: the mailbox's address, no password."""
        scheme = "smtp+starttls" if self.starttls else "smtp"
        return f"{scheme}://{mailbox.replace('@', '%40')}@{self.host}:{self.port}"
