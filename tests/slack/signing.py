"""Signed Slack requests: bodies as Slack sends them and the ``v0=`` HMAC headers."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"


def signed_headers(body: bytes, *, secret: str = SECRET, timestamp: int | None = None,
                   content_type: str = "application/json", retry_num: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    headers = {"content-type": content_type, "x-slack-request-timestamp": stamp, "x-slack-signature": str(signature)}
    if retry_num is not None:
        headers |= {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"}
    return headers


def event_body(event: dict[str, Any], *, event_id: str = "Ev0001", team_id: str = "T0001") -> bytes:
    return json.dumps({"token": "legacy", "team_id": team_id, "api_app_id": "A0001", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event,
                       "authorizations": [{"team_id": team_id, "user_id": "UBOT", "is_bot": True}]}).encode()


def dm_event(text: str, *, user: str = "UKARI", ts: str = "1764300000.000100", client_msg_id: str | None = "m-1",
             channel: str = "DKARI", **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts,
             "event_ts": ts, **extra}
    if client_msg_id:
        event["client_msg_id"] = client_msg_id
    return event


def mention_event(text: str, *, user: str = "UKARI", ts: str = "1764300000.000200", client_msg_id: str = "m-2",
                  channel: str = "CFORUM", **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
            "client_msg_id": client_msg_id, **extra}


def command_body(command: str, text: str = "", *, user_id: str = "UKARI", response_url: str,
                 channel_id: str = "CFORUM", trigger_id: str = "T-trigger-1") -> bytes:
    return urlencode({"token": "legacy", "team_id": "T0001", "team_domain": "fake", "channel_id": channel_id,
                      "channel_name": "forum", "user_id": user_id, "user_name": user_id.lower(),
                      "command": command, "text": text, "api_app_id": "A0001", "response_url": response_url,
                      "trigger_id": trigger_id}).encode()


def interaction_body(payload: dict[str, Any]) -> bytes:
    return ("payload=" + quote(json.dumps(payload))).encode()


FORM = "application/x-www-form-urlencoded"
