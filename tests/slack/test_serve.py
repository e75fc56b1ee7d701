"""`kompetansebot serve` as a real process in HTTP mode against the fake Slack Web API, receiving
signed event callbacks and slash commands."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from tests.slack.fake_slack import FakeSlack, block_text
from tests.slack.signing import (
    FORM,
    SECRET,
    command_body,
    dm_event,
    event_body,
    mention_event,
    signed_headers,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.base = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(f"{self.base}/slack/events", content=body, headers=headers, timeout=10)

    def event(self, event: dict[str, object], event_id: str) -> httpx.Response:
        body = event_body(event, event_id=event_id)
        return self.post(body, signed_headers(body))

    def command(self, fake: FakeSlack, command: str, text: str, response_id: str, user_id: str = "UKARI"
                ) -> httpx.Response:
        body = command_body(command, text, user_id=user_id, response_url=f"{fake.base}/response/{response_id}")
        return self.post(body, signed_headers(body, content_type=FORM))


Running = TypeVar("Running", bound=ServeProcess)


@contextmanager
def started_serve(settings: dict[str, str], tmp_path: Path, *, kind: Callable[..., Running] = ServeProcess,
                  unset: tuple[str, ...] = ("SLACK_APP_TOKEN", "IMAP_URL", "SMTP_URL", "PLAN_FILE"),
                  start_seconds: float = 120, stop_seconds: float = 15) -> Iterator[Running]:
    """A real ``kompetansebot serve`` on a free port with these settings, up (``/healthz`` answers) until the
    block ends; then SIGTERM (SIGKILL after ``stop_seconds``). Its output goes to ``tmp_path/serve.log``."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), **settings}
    for name in unset:
        if name not in settings:
            env.pop(name, None)
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path, env=env,
                                   stdout=sink, stderr=subprocess.STDOUT)
    running = kind(process, port, log)
    try:
        deadline = time.monotonic() + start_seconds
        while time.monotonic() < deadline:
            assert process.poll() is None, f"serve exited early:\n{running.output()}"
            try:
                if httpx.get(f"{running.base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"serve did not come up:\n{running.output()}")
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=stop_seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def slack_settings(fake_slack: FakeSlack, database_url: str, *, log_level: str = "INFO") -> dict[str, str]:
    return {"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-valid", "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake_slack.url, "SECRETARIAT": "UADMIN", "KOMPETANSEBOT_NOW": "2026-11-28T10:00",
            "LOG_LEVEL": log_level}


@pytest.fixture
def serve(fake_slack: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[ServeProcess]:
    with started_serve(slack_settings(fake_slack, database_url), tmp_path) as running:
        yield running


def test_serve_answers_signed_events_and_commands_and_stops_cleanly(serve: ServeProcess, fake_slack: FakeSlack
                                                                    ) -> None:
    health = httpx.get(f"{serve.base}/healthz", timeout=5).json()
    assert health == {"status": "ok", "database": "ok", "slack": "http"}
    assert "Email intake is disabled: IMAP_URL is not set" in serve.output()

    body = event_body(dm_event("hjelp"), event_id="Ev-bad")
    assert serve.post(body, signed_headers(body, secret="wrong")).status_code == 401

    # A question in a DM, and the same delivery retried by Slack: one answer.
    question = dm_event("Når er fristen for årsrapport?", client_msg_id="m-serve-1")
    assert serve.event(question, "Ev-serve-1").status_code == 200
    body = event_body(question, event_id="Ev-serve-1")
    assert serve.post(body, signed_headers(body, retry_num=1)).status_code == 200
    [answer] = fake_slack.wait_for("chat.postMessage")
    assert "15. januar 2027" in block_text(answer.params)

    # A mention in a channel, answered in its thread.
    serve.event(mention_event("<@UBOT> hjelp", ts="1764300000.000777", client_msg_id="m-serve-2"), "Ev-serve-2")
    replies = fake_slack.wait_for("chat.postMessage", count=2)
    assert replies[1].params["thread_ts"] == "1764300000.000777"

    # A needs report begun in the DM: the form's first question, then the next one.
    serve.event(dm_event("meld behov", client_msg_id="m-serve-3", ts="1764300000.000800"), "Ev-serve-3")
    assert "Hvilket kompetansenettverk" in block_text(fake_slack.wait_for("chat.postMessage", count=3)[2].params)
    serve.event(dm_event("Valdres", client_msg_id="m-serve-4", ts="1764300000.000900"), "Ev-serve-4")
    assert "Hvilken ordning" in block_text(fake_slack.wait_for("chat.postMessage", count=4)[3].params)

    # Slash commands: a deadline, an allocation, a campaign status from the secretariat and from someone else.
    started = time.monotonic()
    assert serve.command(fake_slack, "/frist", "fristen for årsrapport", "frist").status_code == 200
    assert time.monotonic() - started < 3
    serve.command(fake_slack, "/fordeling", "desentralisert 31,45 mill", "fordeling")
    serve.command(fake_slack, "/purring", "status", "purring-admin", user_id="UADMIN")
    serve.command(fake_slack, "/purring", "status", "purring-kari")
    answers = {call.path.rsplit("/", 1)[-1]: block_text(call.params)
               for call in fake_slack.wait_for("response_url", count=4)}
    assert "15. januar 2027" in answers["frist"]
    assert answers["fordeling"].strip()
    assert "bare sekretariatet" not in answers["purring-admin"]
    assert "bare sekretariatet" in answers["purring-kari"]

    serve.process.send_signal(signal.SIGTERM)
    assert serve.process.wait(timeout=15) == 0


def test_serve_refuses_http_mode_without_a_signing_secret(fake_slack: FakeSlack, database_url: str,
                                                          tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-valid",
           "SLACK_API_URL": fake_slack.url, "PORT": str(free_port())}
    env.pop("SLACK_SIGNING_SECRET", None)
    env.pop("SLACK_APP_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=60)
    assert done.returncode == 2
    assert b"SLACK_SIGNING_SECRET is required" in done.stderr


def test_serve_without_any_channel_says_so_and_exits(database_url: str, tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("SLACK_", "IMAP", "SMTP"))}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path,
                          env={**env, "DATABASE_URL": database_url}, capture_output=True, timeout=60)
    assert done.returncode == 2
    stderr = done.stderr.decode()
    assert "Slack is disabled: SLACK_BOT_TOKEN is not set" in stderr
    assert "Ingen kanal er satt opp" in stderr
