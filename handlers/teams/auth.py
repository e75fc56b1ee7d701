"""Authenticating the Bot Connector's requests to ``/api/messages``.

Every request carries ``Authorization: Bearer <JWT>`` signed by the Bot Framework. A request is accepted
only when all of these hold, else it is refused with 401 and nothing is done:

* the token is an RS256 JWT signed by a key from the JWKS that ``TEAMS_OPENID_METADATA_URL`` names
  (``jwks_uri``); a key that lists ``endorsements`` must endorse the activity's ``channelId``;
* ``iss`` is the metadata's issuer, ``aud`` the bot's app id (or ``api://<app id>``);
* ``exp`` (and ``nbf``) hold, within five minutes of clock skew (what the Bot Framework allows);
* the ``serviceurl`` claim equals the activity's ``serviceUrl`` (so a token cannot send the bot's
  replies, and its own token, to another host).

The metadata and keys are cached; an unknown key id triggers one refresh (at most every five minutes).
Authentication is never switched off, tests included.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import jwt

log = logging.getLogger(__name__)

CLOCK_SKEW_SECONDS = 300
METADATA_TTL_SECONDS = 24 * 3600
MIN_REFRESH_SECONDS = 300


class AuthError(Exception):
    """The request is not from the Bot Connector (the message says why, for the log; never the token)."""


def _same_url(left: str, right: str) -> bool:
    return left.strip().rstrip("/").lower() == right.strip().rstrip("/").lower()


class TokenValidator:
    def __init__(self, *, app_id: str, metadata_url: str, http: httpx.AsyncClient,
                 leeway: float = CLOCK_SKEW_SECONDS, now: Callable[[], float] = time.time) -> None:
        self._app_id = app_id
        self._metadata_url = metadata_url
        self._http = http
        self._leeway = leeway
        self._now = now
        self._issuer: str | None = None
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = self._now() - self._fetched_at
            if self._keys and (age < MIN_REFRESH_SECONDS or (not force and age < METADATA_TTL_SECONDS)):
                return
            metadata = await self._get_json(self._metadata_url)
            issuer, jwks_uri = metadata.get("issuer"), metadata.get("jwks_uri")
            if not isinstance(issuer, str) or not isinstance(jwks_uri, str):
                raise AuthError("the OpenID metadata names no issuer or jwks_uri")
            jwks = await self._get_json(jwks_uri)
            keys = {str(key["kid"]): key for key in jwks.get("keys", []) if isinstance(key, dict) and key.get("kid")}
            if not keys:
                raise AuthError("the JWKS has no keys")
            self._issuer, self._keys, self._fetched_at = issuer, keys, self._now()

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self._http.get(url, timeout=10)
            response.raise_for_status()
            found = response.json()
        except (httpx.HTTPError, json.JSONDecodeError) as exc:
            raise AuthError(f"cannot read {url}: {type(exc).__name__}") from exc
        if not isinstance(found, dict):
            raise AuthError(f"{url} did not return a JSON object")
        return found

    async def _key(self, kid: str) -> dict[str, Any]:
        if not self._keys or self._now() - self._fetched_at > METADATA_TTL_SECONDS:
            await self._refresh(force=False)
        if kid not in self._keys:
            await self._refresh(force=True)
        key = self._keys.get(kid)
        if key is None:
            raise AuthError("the token is signed by an unknown key")
        return key

    async def validate(self, authorization: str | None, activity: Mapping[str, Any]) -> dict[str, Any]:
        """The token's claims when the request is the Bot Connector's, else ``AuthError``."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("malformed token") from exc
        if header.get("alg") != "RS256" or not header.get("kid"):
            raise AuthError(f"unexpected token algorithm {header.get('alg')!r}")
        key = await self._key(str(header["kid"]))
        endorsements = key.get("endorsements")
        channel_id = str(activity.get("channelId") or "")
        if isinstance(endorsements, list) and channel_id and channel_id not in endorsements:
            raise AuthError(f"the signing key does not endorse channel {channel_id!r}")
        try:
            public_key = jwt.PyJWK.from_dict(key, algorithm="RS256").key
            claims: dict[str, Any] = jwt.decode(
                token, public_key, algorithms=["RS256"], audience=[self._app_id, f"api://{self._app_id}"],
                issuer=self._issuer, leeway=self._leeway, options={"require": ["exp", "iss", "aud"]})
        except jwt.PyJWTError as exc:
            raise AuthError(f"invalid token: {type(exc).__name__}") from exc
        service_url = str(activity.get("serviceUrl") or "")
        claimed = claims.get("serviceurl")
        if not isinstance(claimed, str) or not service_url or not _same_url(claimed, service_url):
            raise AuthError("the token's serviceurl does not match the activity's serviceUrl")
        return claims
