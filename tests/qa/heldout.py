"""Scoring of the independent evaluation sets (tests/qa/eval/heldout*.jsonl; format in heldout2_README.md).

Each row is a conversation with the whole bot (the router with every skill), so follow-up questions
see the earlier messages of their row. A row passes when every ``must`` group has one alternative in
the answer, no ``must_not`` string is in it, the first sentence holds one of ``first_sentence_must``,
and an outside-plan row is answered as outside the plan (and an in-plan row is not).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.app import BotApp
from bot.clock import OSLO
from bot.messages import IncomingMessage, Reply

EVAL_DIR = Path(__file__).parent / "eval"
HELDOUT_FILE = EVAL_DIR / "heldout2.jsonl"
_SPACES = re.compile(r"\s+")
_BEFORE_PERCENT = re.compile(r"\s+%")
# A sentence ends at . ! ? followed by a space or the end, unless the dot closes a number ("1. februar")
# or a short abbreviation ("bl.a.", "jf.", "kr.", "nr."); a line break always ends it.
_SENTENCE_END = re.compile(r"(?<![0-9])(?<!\b[a-zæøå])(?<!\bjf)(?<!\bkr)(?<!\bnr)(?<!\bca)[.!?](?=\s|$)|\n")


def normalise(text: str) -> str:
    return _BEFORE_PERCENT.sub("%", _SPACES.sub(" ", text.casefold())).replace("\u00a0", " ")


def first_sentence(text: str) -> str:
    stripped = text.strip().lstrip("*_ ").strip()
    found = _SENTENCE_END.search(stripped)
    return stripped[: found.end()] if found else stripped


def load_rows(path: Path = HELDOUT_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Verdict:
    row: Mapping[str, Any]
    reply: Reply
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def check(row: Mapping[str, Any], reply: Reply) -> Verdict:
    problems: list[str] = []
    text = normalise(reply.text)
    for group in row.get("must", []):
        if not any(normalise(alternative) in text for alternative in group):
            problems.append(f"missing one of {group}")
    for forbidden in row.get("must_not", []):
        if normalise(forbidden) in text:
            problems.append(f"contains forbidden {forbidden!r}")
    wanted_first = row.get("first_sentence_must") or []
    if wanted_first:
        opening = normalise(first_sentence(reply.text))
        if not any(normalise(alternative) in opening for alternative in wanted_first):
            problems.append(f"first sentence {opening[:120]!r} lacks one of {wanted_first}")
    if row.get("expect_outside_plan"):
        if reply.intent != "outside_plan":
            problems.append(f"intent {reply.intent!r}, expected outside_plan")
    elif reply.intent == "outside_plan":
        problems.append("answered as outside the plan")
    return Verdict(row, reply, tuple(problems))


class MovableClock:
    """A clock source the scorer sets to each row's day (the bot's Clock takes a source callable)."""

    def __init__(self) -> None:
        self.instant = datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)

    def set_day(self, day: date) -> None:
        self.instant = datetime.combine(day, time(10, 0), tzinfo=OSLO)

    def __call__(self) -> datetime:
        return self.instant


def ask_row(app: BotApp, clock: MovableClock, row: Mapping[str, Any]) -> Reply:
    clock.set_day(date.fromisoformat(str(row["today"])))
    user = f"heldout-{row['id']}"
    for earlier in row.get("history", []) or []:
        app.router.handle(IncomingMessage(user_id=user, channel="console", text=str(earlier)))
    return app.router.handle(IncomingMessage(user_id=user, channel="console", text=str(row["question"])))


def report(verdicts: Iterable[Verdict]) -> str:
    lines = []
    for verdict in verdicts:
        if verdict.passed:
            continue
        row = verdict.row
        lines.append(f"MISS {row['id']} [{row.get('kind')}/{row.get('lang')}] today={row.get('today')}: "
                     f"{row['question']}")
        for problem in verdict.problems:
            lines.append(f"     - {problem}")
        lines.append(f"     answer ({verdict.reply.intent}): {verdict.reply.text.replace(chr(10), ' | ')[:400]}")
    return "\n".join(lines)


def by_kind(verdicts: Iterable[Verdict]) -> str:
    """Right answers per kind of question, "deadline 23/24, followup 16/18, …" (what ``-q`` scoring shows)."""
    total: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for verdict in verdicts:
        kind = str(verdict.row.get("kind"))
        total[kind] += 1
        missed[kind] += not verdict.passed
    return ", ".join(f"{kind} {count - missed[kind]}/{count}" for kind, count in sorted(total.items()))
