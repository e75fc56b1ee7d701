"""The fast paths of ``Claims.find`` and ``DetailCheck.asked`` (candidates split by the kind of question, the
pattern test written out) give what the rule they implement gives, with the real plan data: the fitting claim
with the most needed groups (the earliest of equals), and every fitting detail type in the data's order."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.planfacts import load_plan_data
from bot.qa import QuestionAnswerer
from bot.qa.claims import Claim, Claims
from bot.qa.details import DetailCheck, DetailType

EVAL_DIR = Path(__file__).parent / "eval"


def _questions() -> list[tuple[str, date]]:
    found: list[tuple[str, date]] = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found.append((str(row["question"]), date.fromisoformat(str(row["today"]))))
    return found


def _best_claim(claims: tuple[Claim, ...], tokens: list[str], concepts: frozenset[str]) -> Claim | None:
    best: Claim | None = None
    for claim in claims:
        if (best is None or len(claim.need) > len(best.need)) and claim.fits(tokens, concepts):
            best = claim
    return best


@pytest.fixture(scope="module")
def answerer() -> QuestionAnswerer:
    return QuestionAnswerer(load_plan_data())


def test_claims_and_detail_types_found_as_the_rule_says(answerer: QuestionAnswerer) -> None:
    claims: Claims = answerer._claims
    details: DetailCheck = answerer._details
    all_claims: tuple[Claim, ...] = claims._claims
    all_types: tuple[DetailType, ...] = details._types
    questions = _questions()
    assert len(questions) > 1000
    found_claims = found_types = 0
    for question, today in questions:
        understood, _, _, tokens = answerer._understand(question, today)
        # With and without "yesno", so that both halves of the candidates are tried on every question.
        for concepts in (understood.concepts, understood.concepts | {"yesno"}, understood.concepts - {"yesno"}):
            expected = _best_claim(all_claims, tokens, concepts)
            assert claims.find(tokens, concepts) is expected, question
            found_claims += expected is not None
            wanted = tuple(detail for detail in all_types if detail.asked(tokens, concepts))
            assert details.asked(tokens, concepts) == wanted, question
            found_types += bool(wanted)
    # The data has claims and detail types these questions ask about: the comparison is not vacuous.
    assert found_claims > 100 and found_types > 100
