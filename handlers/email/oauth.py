"""Microsoft 365 (Exchange Online) app-only access tokens for IMAP and SMTP (SASL XOAUTH2).

``TokenProvider`` wraps MSAL's ``ConfidentialClientApplication`` (client-credentials flow, scope
``https://outlook.office365.com/.default``) with a client secret or a certificate:

* ``token()`` gives the cached token and renews it ``margin_seconds`` before it expires (MSAL's own
  cache sits underneath). Thread-safe: the IMAP thread and the SMTP sender share one provider.
* ``login(where, attempt)`` runs one XOAUTH2 login with the current token; when the server rejects
  it (``TokenRejected``) the token is renewed once and the login tried again; a second rejection
  *pauses* the channel: one clear log line, ``status()`` says why (for ``/healthz`` and
  ``kompetansebot config``), and every login refuses at once (``ChannelPaused``) until the pause ends.
* Tokens and the client secret never appear in a log line, an exception message or a ``repr``:
  MSAL's error descriptions are passed on with any occurrence of them replaced by ``***``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

SCOPE = "https://outlook.office365.com/.default"
PUBLIC_AUTHORITY = "https://login.microsoftonline.com"
KNOWN_AUTHORITIES = frozenset({
    "https://login.microsoftonline.com", "https://login.microsoftonline.us", "https://login.chinacloudapi.cn",
    "https://login.partner.microsoftonline.cn",
})
"""Authorities MSAL knows (instance discovery stays on for them); any other is used as given."""

OK = "ok"
PAUSED = "paused"
T = TypeVar("T")


class TokenError(Exception):
    """No token could be had (MSAL/Entra said no, or the authority is unreachable). No secrets inside.

    ``temporary``: the authority could not be reached (try again soon), rather than a refusal."""

    def __init__(self, message: str, *, temporary: bool = False) -> None:
        super().__init__(message)
        self.temporary = temporary


class ChannelPaused(TokenError):
    """The mailbox rejected the bot's tokens twice: the email channel waits (see ``status()``)."""


class TokenRejected(Exception):
    """Raised by a login attempt when the server refused the token (IMAP NO/AUTHENTICATIONFAILED,
    SMTP 535). ``detail`` is the server's answer (never the token)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ConfidentialClient(Protocol):
    """The part of ``msal.ConfidentialClientApplication`` used here."""

    def acquire_token_for_client(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]: ...

    def remove_tokens_for_client(self) -> None: ...


@dataclass
class AuthStatus:
    state: str = OK
    reason: str = ""
    since: str | None = None
    until: str | None = None
    tokens_acquired: int = 0
    renewals_after_rejection: int = 0
    expires_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "reason": self.reason, "since": self.since, "until": self.until,
                "tokens_acquired": self.tokens_acquired,
                "renewals_after_rejection": self.renewals_after_rejection, "expires_at": self.expires_at}


@dataclass(frozen=True)
class _Token:
    value: str = field(repr=False)
    expires_at: float


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).isoformat(timespec="seconds")


class TokenProvider:
    def __init__(self, client: ConfidentialClient, *, mailbox_hint: str = "", scope: str = SCOPE,
                 margin_seconds: float = 300.0, pause_seconds: float = 3600.0,
                 secrets: tuple[str, ...] = (), now: Callable[[], float] = time.time,
                 on_status: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.client = client
        self.mailbox_hint = mailbox_hint
        self.scope = scope
        self.margin_seconds = margin_seconds
        self.pause_seconds = pause_seconds
        self._secrets = tuple(secret for secret in secrets if secret)
        self._now = now
        self._lock = threading.RLock()
        self._token: _Token | None = None
        self._acquired_at = 0.0
        self._paused_until: float | None = None
        self._status = AuthStatus()
        self.on_status = on_status

    def __repr__(self) -> str:
        return f"TokenProvider(scope={self.scope!r}, state={self._status.state!r})"

    # ------------------------------------------------------------------ tokens

    def scrub(self, text: str) -> str:
        """``text`` with every known secret and token replaced by ``***``."""
        hidden = list(self._secrets)
        if self._token is not None:
            hidden.append(self._token.value)
        for secret in hidden:
            if secret and len(secret) >= 4:
                text = text.replace(secret, "***")
        return text

    def token(self) -> str:
        """A valid access token: the cached one, or a new one when it is within the margin of expiry."""
        with self._lock:
            self._check_paused()
            current = self._token
            if current is not None and current.expires_at - self._now() > self._margin(current):
                return current.value
            return self._acquire()

    def renew(self) -> str:
        """Drop the cached token (ours and MSAL's) and get a new one."""
        with self._lock:
            self._check_paused()
            self._token = None
            self.client.remove_tokens_for_client()
            return self._acquire()

    def _margin(self, token: _Token) -> float:
        # Short-lived tokens (tests, some clouds): never a margin of more than a fifth of the lifetime.
        return min(self.margin_seconds, max(1.0, (token.expires_at - self._acquired_at) / 5))

    def _acquire(self) -> str:
        now = self._now()
        try:
            result = self.client.acquire_token_for_client(scopes=[self.scope])
        except Exception as exc:  # network errors, bad certificate files, an unreachable authority
            raise TokenError(self.scrub(f"could not get a token from Microsoft Entra ID: "
                                        f"{type(exc).__name__}: {exc}")[:500], temporary=True) from None
        value = result.get("access_token") if isinstance(result, dict) else None
        if not value:
            error = str(result.get("error", "unknown_error")) if isinstance(result, dict) else "unknown_error"
            description = str(result.get("error_description", "")) if isinstance(result, dict) else ""
            first_line = description.strip().splitlines()[0] if description.strip() else ""
            raise TokenError(self.scrub(f"Microsoft Entra ID refused the token request: {error}: {first_line}")[:500])
        lifetime = float(result.get("expires_in") or 3600)
        self._acquired_at = now
        self._token = _Token(str(value), now + lifetime)
        if result.get("token_source") != "cache":
            self._status.tokens_acquired += 1
        self._status.expires_at = _iso(now + lifetime)
        log.debug("got a Microsoft 365 access token valid for %d s", int(lifetime))
        return self._token.value

    # ------------------------------------------------------------------ logins

    def login(self, where: str, attempt: Callable[[str], T]) -> T:
        """Run ``attempt(token)``; on ``TokenRejected`` renew the token once and try again; a second
        rejection pauses the channel and raises ``ChannelPaused``."""
        try:
            result = attempt(self.token())
        except TokenRejected as first:
            log.info("%s rejected the access token (%s); renewing it once", where, self.scrub(first.detail)[:200])
            with self._lock:
                self._status.renewals_after_rejection += 1
            try:
                result = attempt(self.renew())
            except TokenRejected as second:
                raise self.pause(where, self.scrub(second.detail)) from None
        self._mark_ok()
        return result

    def pause(self, where: str, detail: str) -> ChannelPaused:
        """Pause the channel (one log line) and return the exception to raise."""
        with self._lock:
            now = self._now()
            self._paused_until = now + self.pause_seconds
            self._token = None
            reason = (f"{where} rejected a freshly issued Microsoft 365 token ({detail[:200]}): check the app's "
                      f"IMAP.AccessAsApp/SMTP.SendAsApp permissions, admin consent and the mailbox permissions "
                      f"for the service principal (docs/microsoft365.md)")
            self._status.state = PAUSED
            self._status.reason = self.scrub(reason)
            self._status.since = _iso(now)
            self._status.until = _iso(self._paused_until)
            log.error("email channel paused until %s: %s", self._status.until, self._status.reason)
            self._publish()
            return ChannelPaused(self._status.reason)

    async def alogin(self, where: str, attempt: Callable[[str], Any]) -> Any:
        """``login`` for an async ``attempt`` (the token calls run in a thread: MSAL blocks)."""
        token = await asyncio.to_thread(self.token)
        try:
            result = await attempt(token)
        except TokenRejected as first:
            log.info("%s rejected the access token (%s); renewing it once", where, self.scrub(first.detail)[:200])
            with self._lock:
                self._status.renewals_after_rejection += 1
            token = await asyncio.to_thread(self.renew)
            try:
                result = await attempt(token)
            except TokenRejected as second:
                raise self.pause(where, self.scrub(second.detail)) from None
        self._mark_ok()
        return result

    def _check_paused(self) -> None:
        until = self._paused_until
        if until is None:
            return
        if self._now() < until:
            raise ChannelPaused(self._on_hold())
        self._paused_until = None  # the pause is over: try again (the admin may have fixed it)
        log.info("email channel pause is over; trying Microsoft 365 again")

    def _on_hold(self) -> str:
        """The short message of every refusal while paused (the reason was logged once, at the pause)."""
        return f"Microsoft 365 login on hold until {self._status.until} (the reason is in /healthz and `config`)"

    def pause_remaining(self) -> float:
        """Seconds until the pause ends (0 when not paused): how long an intake loop should wait."""
        with self._lock:
            return max(0.0, (self._paused_until or 0.0) - self._now())

    def _mark_ok(self) -> None:
        with self._lock:
            if self._status.state != OK or self._status.since is None:
                self._status.state = OK
                self._status.reason = ""
                self._status.since = _iso(self._now())
                self._status.until = None
                self._publish()

    def _publish(self) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(self.status())
        except Exception:  # status reporting must never break a login
            log.warning("could not store the email channel's status", exc_info=True)

    def status(self) -> dict[str, Any]:
        with self._lock:
            if self._paused_until is not None and self._now() >= self._paused_until:
                return {**self._status.as_dict(), "state": "retrying"}
            return self._status.as_dict()

    @property
    def paused(self) -> bool:
        with self._lock:
            return self._paused_until is not None and self._now() < self._paused_until


# ---------------------------------------------------------------------- from settings

def authority_url(authority: str, tenant_id: str) -> str:
    return f"{authority.rstrip('/')}/{tenant_id.strip('/')}"


def client_credential(settings: Any) -> str | dict[str, str]:
    """The client secret, or ``{"private_key": PEM, "thumbprint": SHA-1 hex}`` from the certificate file
    (a PEM holding the private key; its certificate too, or the thumbprint from the setting)."""
    secret = getattr(settings, "m365_client_secret", None)
    path: Path | None = getattr(settings, "m365_certificate_path", None)
    if secret is not None and secret.get_secret_value():
        return str(secret.get_secret_value())
    if path is None:
        raise ValueError("MAIL_AUTH=oauth2 needs M365_CLIENT_SECRET or M365_CERTIFICATE_PATH (+ thumbprint)")
    pem = Path(path).read_text()
    thumbprint = getattr(settings, "m365_certificate_thumbprint", None) or _thumbprint(pem)
    if not thumbprint:
        raise ValueError("M365_CERTIFICATE_PATH holds no certificate: set M365_CERTIFICATE_THUMBPRINT")
    return {"private_key": pem, "thumbprint": thumbprint.replace(":", "").strip()}


def _thumbprint(pem: str) -> str | None:
    """SHA-1 thumbprint (hex) of the first certificate in a PEM text, if there is one."""
    import hashlib
    import ssl

    start = pem.find("-----BEGIN CERTIFICATE-----")
    end = pem.find("-----END CERTIFICATE-----")
    if start < 0 or end < 0:
        return None
    der = ssl.PEM_cert_to_DER_cert(pem[start:end + len("-----END CERTIFICATE-----")])
    return hashlib.sha1(der).hexdigest().upper()  # noqa: S324 - the thumbprint Entra asks for is SHA-1


def missing_settings(settings: Any) -> list[str]:
    """Names of the settings MAIL_AUTH=oauth2 still needs (empty when complete)."""
    missing = [name for name, value in (("M365_TENANT_ID", settings.m365_tenant_id),
                                        ("M365_CLIENT_ID", settings.m365_client_id)) if not value]
    if settings.m365_client_secret is None and settings.m365_certificate_path is None:
        missing.append("M365_CLIENT_SECRET or M365_CERTIFICATE_PATH")
    return missing


def provider_from_settings(settings: Any, *, verify: bool | str | None = None,
                           on_status: Callable[[dict[str, Any]], None] | None = None,
                           **options: Any) -> TokenProvider | None:
    """The token provider when ``MAIL_AUTH=oauth2`` (None for ``password``).

    ``verify``: MSAL's TLS verification (a CA bundle path for a private authority); by default
    ``REQUESTS_CA_BUNDLE``/``SSL_CERT_FILE`` when set, else the system's trust store.
    """
    if getattr(settings, "mail_auth", "password") != "oauth2":
        return None
    missing = missing_settings(settings)
    if missing:
        raise ValueError("MAIL_AUTH=oauth2 needs " + ", ".join(missing))
    import os

    import msal  # type: ignore[import-untyped]

    credential = client_credential(settings)
    authority = str(settings.m365_authority or PUBLIC_AUTHORITY).rstrip("/")
    if verify is None:
        verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("SSL_CERT_FILE") or True
    client = msal.ConfidentialClientApplication(
        settings.m365_client_id, client_credential=credential,
        authority=authority_url(authority, settings.m365_tenant_id),
        instance_discovery=authority in KNOWN_AUTHORITIES, verify=verify,
        token_cache=msal.TokenCache(),
    )
    hidden: tuple[str, ...] = (credential,) if isinstance(credential, str) else (credential["private_key"],)
    return TokenProvider(client, secrets=hidden, on_status=on_status, **options)


def describe(settings: Any) -> str:
    """One line for ``kompetansebot config``: how the email channel logs in (no secrets)."""
    if getattr(settings, "mail_auth", "password") != "oauth2":
        return "password (user:password in IMAP_URL/SMTP_URL)"
    missing = missing_settings(settings)
    how = "client secret" if settings.m365_client_secret is not None else "certificate"
    text = (f"oauth2 (Microsoft 365 app-only, XOAUTH2; tenant {settings.m365_tenant_id}, "
            f"client {settings.m365_client_id}, {how}, authority {settings.m365_authority})")
    return text + (f"; missing: {', '.join(missing)}" if missing else "")


# ---------------------------------------------------------------------- the app's provider

AUTH_STATE = "email_auth"
"""``mail_sender_state`` key where the provider keeps its status (read by ``config`` and ``/healthz``)."""


def provider_for_app(bot_app: Any, **options: Any) -> TokenProvider | None:
    """``provider_from_settings`` for the app's settings, storing each status change in the database
    (so ``kompetansebot config`` in another process can show that the channel is paused)."""
    database = bot_app.database
    clock = bot_app.clock

    def store(status: dict[str, Any]) -> None:
        from bot.mail.state import put_state

        with database.session() as session:
            put_state(session, AUTH_STATE, status, clock.now())

    return provider_from_settings(bot_app.settings, on_status=store, **options)


def stored_status(database: Any) -> dict[str, Any] | None:
    """The last status a running bot stored (None when it never logged in with OAuth2)."""
    from bot.mail.state import get_state

    with database.session() as session:
        value = get_state(session, AUTH_STATE)
    return value or None
