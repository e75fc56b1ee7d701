"""The HTTP side: a starlette app with ``POST /slack/events`` (when Slack runs over HTTP) and ``/healthz``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.db import Database

StatusProvider = Callable[[], dict[str, Any]]


def _database_ok(database: Database) -> bool:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def build_http_app(database: Database, slack_app: AsyncApp | None = None,
                   status: StatusProvider | None = None) -> Starlette:
    """``/healthz`` always; ``/slack/events`` only when ``slack_app`` is given (HTTP mode)."""

    async def healthz(_request: Request) -> Response:
        database_ok = await asyncio.to_thread(_database_ok, database)
        body: dict[str, Any] = {"status": "ok" if database_ok else "degraded",
                                "database": "ok" if database_ok else "unreachable"}
        body.update(status() if status else {})
        healthy = database_ok and body.get("slack") != "disconnected"
        return JSONResponse(body, status_code=200 if healthy else 503)

    routes = [Route("/healthz", healthz, methods=["GET", "HEAD"])]
    if slack_app is not None:
        handler = AsyncSlackRequestHandler(slack_app)

        async def slack_events(request: Request) -> Response:
            return await handler.handle(request)

        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
    return Starlette(routes=routes)
