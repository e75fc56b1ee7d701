"""Issue 16, kinds 4 and 5: the plan's goals (section 3): the national goals of the state budget and the sector goals,
one list for kindergartens and one for schools (only the school list has "alle lykkes i opplæringen").

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer


@pytest.mark.parametrize(("question", "present", "absent"), [
    ("Kva for sektormål gjeld for skulen?", ("lykkast", "læringsmiljø"), ("leike",)),
    ("Hva er sektormålene for barnehagen?", ("leke- og læringsmiljø", "tilgang"), ("lykkes",)),
    ("What are the sector goals?", ("kindergartens", "schools", "succeeds"), ()),
    ("What are the national goals in the state budget?", ("working life", "up-to-date"), ()),
])
def test_the_goals_of_section_3(qa: QuestionAnswerer, question: str, present: tuple[str, ...],
                                absent: tuple[str, ...]) -> None:
    answer = qa.answer(question, date(2026, 2, 25))
    assert answer.intent == "goals", answer.text
    for needle in present:
        assert needle in answer.text, answer.text
    for needle in absent:
        assert needle not in answer.text, answer.text
