"""Intent and slot detection on development questions (tests/qa/dev_questions.txt)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2026, 11, 28)


def _cases() -> list[tuple[str, str, str | None]]:
    cases = []
    for line in (Path(__file__).parent / "dev_questions.txt").read_text(encoding="utf-8").splitlines():
        if " => " not in line or line.startswith("#"):
            continue
        question, expected = line.split(" => ")
        intent, _, language = expected.strip().partition(" ")
        cases.append((question.strip(), intent, language or None))
    return cases


@pytest.mark.parametrize(("question", "intent", "language"), _cases())
def test_intent(qa: QuestionAnswerer, question: str, intent: str, language: str | None) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.intent == intent, answer.text
    if language:
        assert answer.language == language
    assert answer.outside_plan == (intent == "outside_plan")


@pytest.mark.parametrize(("question", "expected"), [
    ("Når er møtene i 2027?", ["torsdag 21. januar 2027", "torsdag 11. mars 2027", "torsdag 24. juni 2027",
                               "torsdag 23. september 2027", "torsdag 18. november 2027"]),
    ("Er det møte i uke 38 i 2028?", ["torsdag 21. september 2028"]),
    ("Når er møtet i juni?", ["torsdag 24. juni 2027"]),
    ("Hva er fristene i 2028?", ["lørdag 15. januar 2028", "tirsdag 1. februar 2028", "onsdag 15. mars 2028",
                                 "lørdag 15. april 2028"]),
    ("Når må rapporten for budsjettåret 2026 leveres?", ["fredag 15. januar 2027", "budsjettåret 2026"]),
    ("Hva er egenandelen i desentralisert ordning?", ["30 %"]),
    ("Hvor mye kan brukes til regional koordinator?", ["20 %"]),
    ("Hvor mye kan gå til felles kompetansetiltak?", ["10 %", "HINN"]),
    ("Hvordan beregnes pro rata i desentralisert ordning?", ["90 %", "lærerårsverk", "yrkesfaglærere"]),
    ("Hvor stor del kan gå til nettverkene og til UH?", ["40 %", "60 %", "100 %"]),
])
def test_slots_reach_the_answer(qa: QuestionAnswerer, question: str, expected: list[str]) -> None:
    text = qa.answer(question, TODAY).text
    for fragment in expected:
        assert fragment in text, text


def test_percentage_named_in_the_question_picks_the_rule(qa: QuestionAnswerer) -> None:
    assert qa.answer("Hva gjelder de 20 prosentene?", TODAY).intent == "pct_koordinator"
    assert qa.answer("Hva er 90 % i planen?", TODAY).intent == "pct_prorata"
    assert qa.answer("Hva er de 10 % til?", TODAY).intent == "pct_felles"
    assert qa.answer("30 % i regional ordning", TODAY).intent == "pct_regional30"
    assert qa.answer("30 % i desentralisert ordning", TODAY).intent == "pct_egenandel"


def test_unknown_words_push_weak_matches_outside(qa: QuestionAnswerer) -> None:
    assert qa.answer("Når er neste møte?", TODAY).intent == "meeting"
    assert qa.answer("Når er neste møte i borettslaget?", TODAY).intent == "outside_plan"
    assert qa.answer("Hva er neste frist?", TODAY).intent == "deadline_next"
    assert qa.answer("Hva er neste frist for skattemeldingen?", TODAY).intent == "outside_plan"
    # A chatty second sentence does not spoil a clear first one.
    assert qa.answer("Hva er neste frist? Vi planlegger julebordet.", TODAY).intent == "deadline_next"


def test_is_question(qa: QuestionAnswerer) -> None:
    assert qa.is_question("Når er fristen for årsrapportering?")
    assert qa.is_question("hvor mye kan gå til koordinator")
    assert qa.is_question("frist behovsmelding?")
    assert not qa.is_question("Vi trenger kompetanse i lesing for 40 lærere")
    assert not qa.is_question("25")
    assert not qa.is_question("Ja")
    assert not qa.is_question("Hva mener du?")
    assert not qa.is_question("")
