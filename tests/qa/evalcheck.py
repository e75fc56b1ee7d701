"""Scoring of the QA evaluation set (tests/qa/eval/questions.jsonl), per the rules in its README."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL_FILE = Path(__file__).parent / "eval" / "questions.jsonl"
_SPACES = re.compile(r"\s+")
_BEFORE_PERCENT = re.compile(r"\s+%")


def normalise(text: str) -> str:
    """Casefold, collapse whitespace, drop whitespace before '%' (README, matching rule 1)."""
    return _BEFORE_PERCENT.sub("%", _SPACES.sub(" ", text.casefold()))


def load_rows(path: Path = EVAL_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Verdict:
    row: Mapping[str, Any]
    result: Mapping[str, Any]
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def check(row: Mapping[str, Any], result: Mapping[str, Any]) -> Verdict:
    """Compare one answer (the JSON fields of ``Answer.to_json``) with one evaluation row."""
    problems: list[str] = []
    text = normalise(str(result.get("answer", "")))
    for group in row.get("expect", []):
        if not any(normalise(alternative) in text for alternative in group):
            problems.append(f"missing one of {group}")
    for forbidden in row.get("expect_not", []):
        if normalise(forbidden) in text:
            problems.append(f"contains forbidden {forbidden!r}")
    wanted = row.get("sources_any", [])
    if wanted:
        cited = [str(source) for source in result.get("sources", [])]
        if not any(source == expected or source.startswith(expected + ".")
                   for source in cited for expected in wanted):
            problems.append(f"sources {cited} not in {wanted}")
    intent = result.get("intent")
    if row.get("outside_plan"):
        if intent != "outside_plan":
            problems.append(f"intent {intent!r}, expected outside_plan")
    elif intent == "outside_plan":
        problems.append("answered as outside_plan")
    return Verdict(row, result, tuple(problems))


def report(verdicts: Iterable[Verdict]) -> str:
    lines = []
    for verdict in verdicts:
        if verdict.passed:
            continue
        row, result = verdict.row, verdict.result
        lines.append(f"MISS {row['id']} [{row.get('category')}] today={row.get('today')}: {row['question']}")
        lines.append(f"     intent={result.get('intent')} sources={result.get('sources')}")
        for problem in verdict.problems:
            lines.append(f"     - {problem}")
        answer = str(result.get("answer", "")).replace("\n", " | ")
        lines.append(f"     answer: {answer[:400]}")
    return "\n".join(lines)
