"""Issue 16, kind 3, more details the plan does not give although their topic is in it: the time of day a
deadline ends, when or how often the competence networks meet (the plan dates only the forums' meetings), how
many take part in a conference. The answer says so first, then what the plan does say.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2027, 5, 5)


@pytest.mark.parametrize(("question", "opening"), [
    ("Går fristen for behovsmelding ut ved midnatt eller ved kontortid slutt?", "Planen sier ikke hvilket klokkeslett"),
    ("What time of day does the annual report deadline end?", "The plan does not say what time of day"),
    ("Kor mange møte i året har dei regionale kompetansenettverka?", "Planen seier ikkje når eller kor ofte"),
    ("How often do the competence networks meet?", "The plan does not say when or how often"),
    ("Hvor mange deltakere kan være med på Innlandskonferansen?", "Planen sier ikke hvor mange som deltar"),
])
def test_a_detail_the_plan_lacks_is_said_first(qa: QuestionAnswerer, question: str, opening: str) -> None:
    answer = qa.answer(question, today=TODAY)
    assert answer.outside_plan and answer.text.startswith(opening), answer.text
    assert answer.sources, answer.text  # then what the plan does say, with its sections


@pytest.mark.parametrize(("question", "needle"), [
    ("Når møtes samarbeidsforumene?", "torsdag"),
    ("Når er fristen for behovsmelding?", "1. februar"),
    ("Hvem sitter i samarbeidsforum skole?", "representant"),
])
def test_the_topic_itself_is_still_answered(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, today=TODAY)
    assert not answer.outside_plan and needle in answer.text, answer.text
