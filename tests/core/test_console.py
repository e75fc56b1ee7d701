from __future__ import annotations

import io
import json

import pytest

from bot.access import AccessPolicy
from bot.clock import Clock
from bot.db import Database
from bot.messages import IncomingMessage, Reply
from bot.router import Router
from bot.skills.help import HelpSkill
from handlers.console import ConsoleChannel, UnreadableInput, decode_line


class ExplodingHandler:
    def handle(self, message: IncomingMessage) -> Reply:
        raise RuntimeError("database went away")


def run_jsonl(handler: object, data: bytes) -> list[dict[str, object]]:
    out = io.StringIO()
    ConsoleChannel(handler, user_id="kari", stdin=io.BytesIO(data), stdout=out, jsonl=True).run()  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def router(database: Database, clock: Clock) -> Router:
    return Router(database=database, clock=clock, access=AccessPolicy(frozenset()), skills=[HelpSkill()])


def test_one_json_line_per_input_line(router: Router) -> None:
    lines = run_jsonl(router, b"hjelp\n\nblah blah\n")
    assert [line["intent"] for line in lines] == ["help", "empty", "unknown"]
    assert all(isinstance(line["text"], str) and line["text"] for line in lines)


def test_bad_bytes_each_get_an_answer(router: Router) -> None:
    garbage = bytes(range(256)) * 4
    data = b"hjelp\n" + garbage.replace(b"\n", b"") + b"\n" + "Når er fristen?".encode("cp1252") + b"\n" \
        + b"x" * 100_000 + b"\n" + b"\xff\xfe\x00\x01\n" + b"hjelp\n"
    lines = run_jsonl(router, data)
    assert [line["intent"] for line in lines] == ["help", "unreadable", "unknown", "too_long", "unreadable", "help"]


def test_avslutt_ends_after_its_own_line(router: Router) -> None:
    lines = run_jsonl(router, b"hjelp\navslutt\nhjelp\n")
    assert [line["intent"] for line in lines] == ["help", "exit"]


def test_an_exception_in_the_core_does_not_end_the_chat() -> None:
    lines = run_jsonl(ExplodingHandler(), b"hei\nhei igjen\n")
    assert [line["intent"] for line in lines] == ["error", "error"]


def test_interactive_mode_prompts_and_says_goodbye_on_eof(router: Router) -> None:
    out = io.StringIO()
    ConsoleChannel(router, user_id="kari", stdin=io.BytesIO(b"hjelp\n"), stdout=out).run()
    text = out.getvalue()
    assert text.count("du> ") == 2
    assert "meld behov" in text and "Ha det bra" in text


def test_decode_line_prefers_utf8_then_windows_1252() -> None:
    assert decode_line("årsrapport\r\n".encode()) == "årsrapport"
    assert decode_line("årsrapport\n".encode("cp1252")) == "årsrapport"
    with pytest.raises(UnreadableInput):
        decode_line(b"\x00\x01\x02")
