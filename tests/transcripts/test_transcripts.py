"""Whole conversations as readable files, run through `kompetansebot console --jsonl`.

Format of ``*.txt`` here:
    @now ISO-DATETIME     the clock for the following process(es)
    @user ID              who speaks (default kari@valdres.kommune.no)
    > text                one user message
    < fragment            must appear in the reply to the previous message
    <! fragment           must not appear in it
    === restart           end the process here; the next lines run in a new one (same database)
    # comment
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent / "kompetansebot"


@dataclass
class Exchange:
    line_number: int
    says: str
    expect: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)


@dataclass
class Segment:
    now: str
    user: str
    exchanges: list[Exchange] = field(default_factory=list)


def parse(path: Path) -> list[Segment]:
    now, user = "2026-11-28T10:00", "kari@valdres.kommune.no"
    segments = [Segment(now, user)]
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@now "):
            now = line[5:].strip()
            segments[-1].now = now if not segments[-1].exchanges else segments[-1].now
        elif line.startswith("@user "):
            user = line[6:].strip()
            segments[-1].user = user if not segments[-1].exchanges else segments[-1].user
        elif line.strip() == "=== restart":
            segments.append(Segment(now, user))
        elif line.startswith("> ") or line == ">":
            segments[-1].exchanges.append(Exchange(number, line[2:]))
        elif line.startswith("<! "):
            segments[-1].exchanges[-1].forbid.append(line[3:])
        elif line.startswith("< "):
            segments[-1].exchanges[-1].expect.append(line[2:])
        else:
            raise ValueError(f"{path.name}:{number}: cannot read {line!r}")
    return [segment for segment in segments if segment.exchanges]


def run_segment(segment: Segment, database_url: str, tmp_path: Path) -> list[dict[str, object]]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "IMAP", "SMTP"))}
    environment.update({"DATABASE_URL": database_url, "KOMPETANSEBOT_NOW": segment.now,
                        "SECRETARIAT": "siri@statsforvalteren.no"})
    stdin = "".join(exchange.says + "\n" for exchange in segment.exchanges).encode()
    result = subprocess.run([str(BIN), "console", "--jsonl", "--user", segment.user], input=stdin,
                            capture_output=True, env=environment, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


@pytest.mark.parametrize("path", sorted(HERE.glob("*.txt")), ids=lambda path: path.stem)
def test_transcript(path: Path, database_url: str, tmp_path: Path) -> None:
    failures = []
    for segment in parse(path):
        replies = run_segment(segment, database_url, tmp_path)
        assert len(replies) == len(segment.exchanges), "one reply per message"
        for exchange, reply in zip(segment.exchanges, replies, strict=True):
            text = str(reply["text"])
            missing = [fragment for fragment in exchange.expect if fragment not in text]
            present = [fragment for fragment in exchange.forbid if fragment in text]
            if missing or present:
                failures.append(f"{path.name}:{exchange.line_number} > {exchange.says!r}\n"
                                f"  missing {missing} forbidden {present}\n  reply: {text[:600]!r}")
    assert not failures, "\n".join(failures)
