"""The app manifest asks for what the code listens to, and the code listens to what it asks for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.app import BotApp
from handlers.slack.app import create_slack_app

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yaml"
EVENT_TYPES = {"app_home_opened": "app_home_opened", "app_mention": "app_mention", "message.im": "message"}


def manifest_list(key: str) -> set[str]:
    """The ``- item`` lines under ``key:`` (the manifest is plain YAML; no YAML library is needed)."""
    lines = MANIFEST.read_text(encoding="utf-8").split(f"\n    {key}:\n", 1)[1].splitlines()
    items = set()
    for line in lines:
        match = re.match(r"^\s+- ([\w.:]+)", line)
        if not match:
            break
        items.add(match.group(1))
    return items


async def handled(app: AsyncApp, body: dict[str, Any]) -> bool:
    request = AsyncBoltRequest(body=body, mode="socket_mode")
    for listener in app._async_listeners:
        if await listener.async_matches(req=request, resp=BoltResponse(status=200)):
            return True
    return False


async def test_commands_events_and_scopes(bot_app: BotApp) -> None:
    app = create_slack_app(bot_app)
    text = MANIFEST.read_text(encoding="utf-8")
    commands = set(re.findall(r"- command: (/\w+)", text))
    assert commands == {"/frist", "/behov", "/fordeling", "/purring", "/kompetansebot"}
    for command in commands:
        assert await handled(app, {"command": command, "text": "", "user_id": "U1", "team_id": "T1"}), command
    assert not await handled(app, {"command": "/ukjent", "text": "", "user_id": "U1", "team_id": "T1"})
    events = manifest_list("bot_events")
    assert events == set(EVENT_TYPES)
    for name in events:
        body = {"type": "event_callback", "team_id": "T1", "event": {"type": EVENT_TYPES[name], "user": "U1"}}
        assert await handled(app, body), name
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "im:write", "users:read",
            "users:read.email", "files:write", "files:read"} == manifest_list("bot") - {"im:read"}
    assert "socket_mode_enabled: true" in text and "is_enabled: true" in text
