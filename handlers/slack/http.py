"""The HTTP side: a starlette app with ``POST /slack/events`` (when Slack runs over HTTP) and ``/healthz``.

``/slack/events`` does not hand the request to bolt as it comes: ``handlers.slack.guard`` reads the body
with a size limit (413), checks the timestamp and signature on the raw bytes (401) and the body's shape
(400) first; only then does bolt see it. A refusal is logged as one line with the reason, never the body.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt.adapter.starlette.async_handler import to_starlette_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.db import Database
from handlers.slack.guard import MAX_BODY_BYTES, Rejected, check_shape, read_body, verify

log = logging.getLogger(__name__)

StatusProvider = Callable[[], dict[str, Any]]

_ERRORS = {400: "malformed request", 401: "invalid request", 413: "request too large"}


def _email_auth_status(database: Database) -> dict[str, Any] | None:
    """The email channel's OAuth2 status a running bot stored (None with password login)."""
    from handlers.email.oauth import stored_status

    try:
        return stored_status(database)
    except Exception:  # a status read must never fail the health check
        return None


def _database_ok(database: Database) -> bool:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def _refusal(request: Request, refused: Rejected) -> Response:
    client = request.client.host if request.client else "?"
    log.info("refused a Slack request from %s: %s (HTTP %d)", client, refused.reason, refused.status)
    headers = {"x-slack-no-retry": "1"}
    if refused.status == 413:
        headers["connection"] = "close"  # the rest of the body is never read
    return JSONResponse({"error": _ERRORS.get(refused.status, "invalid request")}, status_code=refused.status,
                        headers=headers)


def signing_secret_of(slack_app: AsyncApp) -> str:
    """The secret bolt was built with (``create_slack_app`` refuses HTTP mode without one)."""
    secret = getattr(slack_app, "_signing_secret", None)
    if not isinstance(secret, str) or not secret:
        raise ValueError("a Slack app served over HTTP needs a signing secret")
    return secret


def slack_events_endpoint(slack_app: AsyncApp, *, signing_secret: str, max_body_bytes: int = MAX_BODY_BYTES,
                          now: Callable[[], float] = time.time) -> Callable[[Request], Any]:
    """``POST /slack/events``: bounded read, signature, shape, then bolt.

    ``now`` is the wall clock Slack signs with (not the bot's business ``Clock``, which tests may fix).
    """

    async def slack_events(request: Request) -> Response:
        try:
            raw = await read_body(request.headers, request.stream(), limit=max_body_bytes)
            verify(request.headers, raw, secret=signing_secret, now=now())
            body = check_shape(request.headers, raw)
        except Rejected as refused:
            return _refusal(request, refused)
        except ClientDisconnect:
            return Response(status_code=400)
        bolt_request = AsyncBoltRequest(body=body, query=request.query_params,  # type: ignore[arg-type]
                                        headers=request.headers)  # type: ignore[arg-type]
        return to_starlette_response(await slack_app.async_dispatch(bolt_request))

    return slack_events


def build_http_app(database: Database, slack_app: AsyncApp | None = None,
                   status: StatusProvider | None = None, *, signing_secret: str | None = None,
                   max_body_bytes: int = MAX_BODY_BYTES, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """``/healthz`` always; ``/slack/events`` only when ``slack_app`` is given (HTTP mode); other HTTP
    channels' routes (Teams' ``/api/messages``) in ``extra_routes``: one server on one port."""

    async def healthz(_request: Request) -> Response:
        database_ok = await asyncio.to_thread(_database_ok, database)
        body: dict[str, Any] = {"status": "ok" if database_ok else "degraded",
                                "database": "ok" if database_ok else "unreachable"}
        body.update(status() if status else {})
        auth = await asyncio.to_thread(_email_auth_status, database) if database_ok else None
        if auth:  # Microsoft 365 (MAIL_AUTH=oauth2): a refused token pauses the email channel
            body["email"] = auth.get("state")
            body["email_reason"] = auth.get("reason")
            body["email_paused_until"] = auth.get("until")
            if auth.get("state") == "paused":
                body["status"] = "degraded"
        healthy = database_ok and body.get("slack") != "disconnected"
        return JSONResponse(body, status_code=200 if healthy else 503)

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET", "HEAD"])]
    if slack_app is not None:
        endpoint = slack_events_endpoint(slack_app, signing_secret=signing_secret or signing_secret_of(slack_app),
                                         max_body_bytes=max_body_bytes)
        routes.append(Route("/slack/events", endpoint, methods=["POST"]))
    routes += list(extra_routes)
    return Starlette(routes=routes)
