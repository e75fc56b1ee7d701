"""The bot's own Entra token for the Bot Connector (client credentials, scope ``api.botframework.com``).

One MSAL ``ConfidentialClientApplication`` per process, created on first use (its authority lookup is
network I/O), with ``instance_discovery=False`` for an authority that is not one of Microsoft's own
hosts (MSAL would otherwise ask the public cloud about it, which fails offline and in a test world).
MSAL caches the token and renews it shortly before it expires. ``SSL_CERT_FILE`` is honoured.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from typing import Any

import msal
import requests

from handlers.teams.config import TeamsConfig


class TokenError(RuntimeError):
    """No token (wrong app id or password, tenant, authority unreachable); the message has no secret."""


class BotTokenProvider:
    def __init__(self, config: TeamsConfig) -> None:
        self._config = config
        self._app: msal.ConfidentialClientApplication | None = None
        self._lock = threading.Lock()

    def _client(self) -> msal.ConfidentialClientApplication:
        with self._lock:
            if self._app is None:
                session = requests.Session()
                if self._config.ca_file:  # per request: REQUESTS_CA_BUNDLE would override a session default
                    session.request = functools.partial(session.request, verify=self._config.ca_file)  # type: ignore[method-assign]
                self._app = msal.ConfidentialClientApplication(
                    self._config.app_id, client_credential=self._config.app_password,
                    authority=self._config.authority, http_client=session,
                    instance_discovery=self._config.public_authority)
            return self._app

    def token_sync(self) -> str:
        try:
            result: dict[str, Any] = self._client().acquire_token_for_client(scopes=[self._config.scope]) or {}
        except (ValueError, requests.RequestException) as exc:
            raise TokenError(f"cannot reach the authority {self._config.authority}: {type(exc).__name__}") from exc
        token = result.get("access_token")
        if not isinstance(token, str):
            raise TokenError(f"no token from {self._config.authority}: {result.get('error', 'unknown error')}")
        return token

    async def token(self) -> str:
        return await asyncio.to_thread(self.token_sync)

    def close(self) -> None:
        """Close the HTTP connections MSAL keeps open (on shutdown)."""
        with self._lock:
            if self._app is not None:
                client = getattr(self._app, "http_client", None)
                closer = getattr(client, "close", None)
                if callable(closer):
                    closer()
