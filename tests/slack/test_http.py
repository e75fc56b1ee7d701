"""The bot's HTTP endpoint: signature checks, health, URL verification."""

from __future__ import annotations

import json
import time

from tests.slack.conftest import SlackEndpoint
from tests.slack.signing import dm_event, event_body, signed_headers


async def test_wrong_signature_is_401_and_nothing_is_processed(endpoint: SlackEndpoint) -> None:
    body = event_body(dm_event("hjelp"))
    response = await endpoint.post(body, signed_headers(body, secret="not-the-secret"))
    assert response.status_code == 401
    assert response.json() == {"error": "invalid request"}
    await endpoint.fake.wait_for_async("chat.postMessage", wait=0.5)
    assert endpoint.fake.calls_to("chat.postMessage") == []


async def test_body_changed_after_signing_is_401(endpoint: SlackEndpoint) -> None:
    body = event_body(dm_event("hjelp"))
    headers = signed_headers(body)
    response = await endpoint.post(body.replace(b"hjelp", b"hjelP"), headers)
    assert response.status_code == 401


async def test_timestamp_older_than_five_minutes_is_rejected(endpoint: SlackEndpoint) -> None:
    body = event_body(dm_event("hjelp"))
    stale = await endpoint.post(body, signed_headers(body, timestamp=int(time.time()) - 301))
    assert stale.status_code == 401
    fresh = await endpoint.post(body, signed_headers(body, timestamp=int(time.time()) - 200))
    assert fresh.status_code == 200


async def test_missing_signature_headers_are_rejected(endpoint: SlackEndpoint) -> None:
    body = event_body(dm_event("hjelp"))
    response = await endpoint.post(body, {"content-type": "application/json"})
    assert response.status_code == 401


async def test_url_verification_echoes_the_challenge(endpoint: SlackEndpoint) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"}).encode()
    response = await endpoint.post(body, signed_headers(body))
    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}


async def test_healthz(endpoint: SlackEndpoint) -> None:
    response = await endpoint.http.get(f"{endpoint.base}/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert (await endpoint.http.get(f"{endpoint.base}/slack/events")).status_code == 405
