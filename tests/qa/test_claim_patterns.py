"""The pattern syntax of claims, checks, detail types and follow-ups (bot/qa/claims.py): an alternative of
several words matches those tokens in a row, in both ways of testing (token text and token list).
And a yes/no question about whether things are separate or shared gets the plan's answer, never a "yes" read
from a reply that merely mentions its words.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.claims import all_groups_found, compile_groups, pattern_group, token_text


@pytest.mark.parametrize(("pattern", "tokens", "expected"), [
    ("hvert sitt", ["ha", "hvert", "sitt", "nettverk"], True),
    ("hvert sitt", ["sitt", "hvert"], False),
    ("hvert sitt", ["hvert", "og", "sitt"], False),
    ("their own*", ["need", "their", "owners"], True),
    ("egne|their own", ["their", "own", "networks"], True),
])
def test_an_alternative_of_several_words_matches_them_in_a_row(pattern: str, tokens: list[str],
                                                               expected: bool) -> None:
    group = pattern_group(pattern)
    assert any(alternative.matches(tokens, frozenset()) for alternative in group) is expected
    assert all_groups_found(compile_groups([group]), token_text(tokens), frozenset()) is expected


@pytest.mark.parametrize(("question", "lead"), [
    ("Må barnehage og skole ha hvert sitt kompetansenettverk?", "Nei."),
    ("Do kindergartens and schools need their own networks?", "No."),
    ("Må barnehagane ha sitt eige nettverk?", "Nei."),
])
def test_separate_networks_are_not_required(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2027, 4, 26))
    assert answer.text.startswith(lead) and "felles" in answer.text.replace("joint", "felles"), answer.text


@pytest.mark.parametrize(("question", "intent", "lead"), [
    ("Beregnes 30 %-andelen i regional ordning ut fra de tildelte midlene?", "pct_regional30", "Ja"),
    ("Is the regional scheme's 30 % taken from the allocated funds?", "pct_regional30", "Yes"),
    ("Beregnes 30 % av budsjettet i regional ordning ut fra årsverk?", "pct_prorata", "Nei, inntil 60 %"),
])
def test_a_percentage_of_the_scheme_is_read_with_its_base(qa: QuestionAnswerer, question: str, intent: str,
                                                          lead: str) -> None:
    answer = qa.answer(question, date(2028, 8, 28))
    assert answer.intent == intent and answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Må kommunen betale egenandel?", "Ja, 30 %."),
    ("Do school owners have to co-finance in the decentralised scheme?", "Yes, 30%."),
    ("Må kommunane betale eigenandel i desentralisert ordning?", "Ja, 30 %."),
    ("Må barnehageeier betale egenandel i regional ordning?", "Planen nevner egenandel bare for desentralisert"),
])
def test_whether_an_own_contribution_is_required(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2026, 4, 22))
    assert answer.intent == "pct_egenandel" and answer.text.startswith(lead), answer.text


def _linear_find(qa: QuestionAnswerer, tokens: list[str], concepts: frozenset[str]) -> object:
    """The claim ``Claims.find`` must return: the first candidate that fits, trying every one."""
    from bot.qa.claims import pattern_fits as fits
    text = token_text(tokens)
    for claim, blocked, blocking, need in qa._claims._candidates["yesno" in concepts]:
        if fits("any", (blocked, blocking), need, text, concepts):
            return claim
    return None


def test_the_claim_index_finds_what_trying_every_claim_finds(qa: QuestionAnswerer) -> None:
    from tests.qa.heldout import EVAL_DIR, load_rows
    questions = [str(row["question"]) for path in sorted(EVAL_DIR.glob("*.jsonl")) for row in load_rows(path)]
    assert len(questions) > 2000
    found = 0
    for question in questions:
        understood, _, _, tokens = qa._understand(question, date(2027, 3, 3))
        expected = _linear_find(qa, tokens, understood.concepts)
        assert qa._claims.find(tokens, understood.concepts) is expected, question
        found += expected is not None
    assert found > 300  # the comparison covers many claims, not only misses


def test_the_detail_index_finds_what_trying_every_type_finds(qa: QuestionAnswerer) -> None:
    from bot.qa.claims import pattern_fits as fits
    from tests.qa.heldout import EVAL_DIR, load_rows
    details = qa._details
    asked_somewhere = 0
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for row in load_rows(path):
            understood, _, _, tokens = qa._understand(str(row["question"]), date(2027, 3, 3))
            text = token_text(tokens)
            expected = tuple(detail for detail, blocked, blocking, need
                             in details._candidates["yesno" in understood.concepts]
                             if fits("any", (blocked, blocking), need, text, understood.concepts))
            assert details._find_asked(tokens, text, understood.concepts) == expected, row["question"]
            asked_somewhere += bool(expected)
    assert asked_somewhere > 100
