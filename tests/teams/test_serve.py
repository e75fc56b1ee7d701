"""``kompetansebot serve`` as a real process: Teams at ``POST /api/messages`` on the same port as Slack's
``/slack/events`` and ``/healthz`` (one HTTP server), authentication on, answers through the local
Bot Connector; without ``TEAMS_APP_ID`` Teams is off with one log line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.slack.fake_slack import FakeSlack
from tests.slack.signing import SECRET
from tests.teams.conftest import KARI, World, teams_settings
from tests.teams.world import BOT_ID, TENANT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = cwd / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=cwd, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited early:\n{log.read_text()}"
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, log
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"serve did not come up:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()


def _environment(world: World, database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, **{key: str(value) for key, value in teams_settings(world, database_url).items()},
           "SSL_CERT_FILE": str(world.ca_file), "REQUESTS_CA_BUNDLE": str(world.ca_file), "PORT": str(free_port()),
           "KOMPETANSEBOT_NOW": "2026-11-28T10:00", "LOG_LEVEL": "INFO", **extra}
    for name in ("SLACK_APP_TOKEN", "IMAP_URL", "SMTP_URL", "PLAN_FILE", "SLACK_BOT_TOKEN"):
        if name not in extra:
            env.pop(name, None)
    return env


def test_serve_runs_teams_and_slack_on_one_port(world: World, database_url: str, tmp_path: Path,
                                                fake_slack: FakeSlack) -> None:
    env = _environment(world, database_url, SLACK_BOT_TOKEN="xoxb-valid", SLACK_SIGNING_SECRET=SECRET,
                       SLACK_API_URL=fake_slack.url)
    process, log = start(env, tmp_path)
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        service_url = world.connector.service_url
        activity = {"type": "message", "id": "serve-1", "channelId": "msteams", "serviceUrl": service_url,
                    "from": {"id": KARI.teams_id, "aadObjectId": KARI.aad, "name": KARI.name},
                    "recipient": {"id": BOT_ID, "name": "kompetansebot"},
                    "conversation": {"id": f"a:personal-{KARI.teams_id}", "conversationType": "personal",
                                     "tenantId": TENANT},
                    "channelData": {"tenant": {"id": TENANT}}, "text": "når er fristen for behovsmelding?"}
        refused = httpx.post(f"{base}/api/messages", json=activity, timeout=10,
                             headers={"Authorization": f"Bearer {world.issuer.sign(service_url, expires_in=-600)}"})
        assert refused.status_code == 401
        accepted = httpx.post(f"{base}/api/messages", json=activity, timeout=30,
                              headers={"Authorization": f"Bearer {world.issuer.sign(service_url)}"})
        assert accepted.status_code == 200
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not world.connector.messages():
            time.sleep(0.1)
        (answer,) = world.connector.messages()
        assert "frist" in answer.text.lower()
        assert httpx.post(f"{base}/slack/events", content=b"{}", timeout=10).status_code == 401  # Slack is here too
        health = httpx.get(f"{base}/healthz", timeout=10).json()
        assert health["slack"] == "http" and health["teams"] == "enabled"
    finally:
        stop(process)
    assert process.returncode == 0, log.read_text()


def test_serve_without_teams_app_id_says_so_once(world: World, database_url: str, tmp_path: Path,
                                                fake_slack: FakeSlack) -> None:
    env = _environment(world, database_url, SLACK_BOT_TOKEN="xoxb-valid", SLACK_SIGNING_SECRET=SECRET,
                       SLACK_API_URL=fake_slack.url)
    env.pop("TEAMS_APP_ID")
    process, log = start(env, tmp_path)
    try:
        base = f"http://127.0.0.1:{env['PORT']}"
        assert httpx.post(f"{base}/api/messages", json={}, timeout=10).status_code == 404
        assert "teams" not in httpx.get(f"{base}/healthz", timeout=10).json()
    finally:
        stop(process)
    assert log.read_text().count("Teams is disabled: TEAMS_APP_ID is not set") == 1


def test_serve_with_teams_only(world: World, database_url: str, tmp_path: Path) -> None:
    env = _environment(world, database_url)
    process, log = start(env, tmp_path)
    try:
        base = f"http://127.0.0.1:{env['PORT']}"
        health = httpx.get(f"{base}/healthz", timeout=10).json()
        assert health["slack"] == "disabled" and health["teams"] == "enabled"
        assert httpx.post(f"{base}/slack/events", content=b"{}", timeout=10).status_code == 404
        assert httpx.post(f"{base}/api/messages", json={"type": "message"}, timeout=10).status_code == 401
    finally:
        stop(process)
    assert process.returncode == 0, log.read_text()
